/* 扫码: the camera (getUserMedia; each frame decoded in the browser by the vendored jsQR) or a photo (相册 / 拍照)
 * decoded by the server (POST /api/v1/scan/photo). What a QR code may open:
 *   our report QR (<public_url>/r/<serial>)        → /r/<serial> (the public report page)
 *   a signing task (/sign/<id>, /docs/<id>)       → that page (the API answers 404 for another account's)
 *   anything else                                 → 「无法识别…」 with the decoded text (never opened).
 * Without a camera, or without permission, the page says why and the photo buttons still work. */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc;
  var $ = function (id) { return document.getElementById(id); };
  var video = $("scan-video"), canvas = $("scan-canvas"), status = $("scan-status");
  var stream = null, running = false, done = false;
  var REPORT = /^\/r\/([A-Za-z0-9_-]{8,80})$/;
  var TASK = /^\/(sign|docs)\/(\d{1,12})$/;

  /** Where a decoded text leads: {url} for our codes, else {message}. Only same-site paths are ever opened. */
  function classify(text) {
    var t = (text || "").trim();
    var legacy = /^ESEAL-VR:([A-Za-z0-9_-]{8,80});/.exec(t); // report QR of the CLI: ESEAL-VR:<serial>;…
    if (legacy) return { kind: "report", url: "/r/" + legacy[1] };
    var u = null;
    try { u = new URL(t, location.origin); } catch (e) { u = null; }
    if (u && /^https?:$/.test(u.protocol) && /^(https?:\/\/|\/)/i.test(t)) {
      var ours = u.origin === location.origin || t.charAt(0) === "/";
      var path = u.pathname.replace(/\/+$/, "");
      if (REPORT.test(path)) return { kind: "report", url: path, external: !ours };
      if (ours && TASK.test(path)) return { kind: "task", url: path };
    }
    return { kind: "other", message: "该二维码不是本平台的验证报告或签署任务二维码" };
  }

  function result(title, text) {
    $("scan-result").hidden = false;
    $("scan-result-title").textContent = title;
    $("scan-result-text").textContent = text || "";
  }

  function open(found, text) {
    if (found.url) {
      done = true;
      stop();
      status.textContent = found.kind === "report" ? "已识别验证报告二维码，正在打开…" : "已识别签署任务二维码，正在打开…";
      location.href = found.url;
      return;
    }
    result("无法识别的二维码", found.message + (text ? "。内容：" + text.slice(0, 200) : ""));
  }

  /* ---------- camera ---------- */
  function cameraOff(message, retry) {
    $("scan-off").hidden = false;
    $("scan-off-text").textContent = message;
    $("scan-retry").hidden = !retry;
    status.textContent = "可点击下方“相册”或“拍照”识别二维码图片";
  }

  function stop() {
    running = false;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
  }

  var lastText = "";
  function tick() {
    if (!running) return;
    if (video.readyState >= 2 && video.videoWidth) {
      var w = video.videoWidth, h = video.videoHeight, scale = Math.min(1, 640 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR ? window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" }) : null;
      if (code && code.data && code.data !== lastText) {
        lastText = code.data;
        open(classify(code.data), code.data);
        if (done) return;
      }
    }
    requestAnimationFrame(tick);
  }

  function start() {
    $("scan-off").hidden = true;
    $("scan-result").hidden = true;
    if (!window.isSecureContext && location.hostname !== "localhost" && location.hostname !== "127.0.0.1") {
      cameraOff("当前页面不是安全连接（HTTPS），浏览器不允许使用摄像头", false);
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraOff("当前浏览器不支持摄像头扫码", false);
      return;
    }
    if (!window.jsQR) {
      cameraOff("二维码识别组件未安装（make setup），请使用相册识别", false);
      return;
    }
    status.textContent = "正在打开摄像头…";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      return video.play().then(function () {
        running = true;
        status.textContent = "将二维码放入框内，即可自动识别";
        requestAnimationFrame(tick);
      });
    }).catch(function (err) {
      stop();
      var name = err && err.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        cameraOff("未获得摄像头权限。请在浏览器设置中允许使用摄像头，或使用相册识别", true);
      } else if (name === "NotFoundError" || name === "OverconstrainedError") {
        cameraOff("未检测到可用的摄像头，请使用相册识别", false);
      } else if (name === "NotReadableError") {
        cameraOff("摄像头被其他应用占用，请关闭后重试", true);
      } else {
        cameraOff("无法打开摄像头，请使用相册识别", true);
      }
    });
  }

  /* ---------- photo, decoded by the server ---------- */
  function photo(input) {
    var file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (!/^image\//.test(file.type) && !/\.(jpe?g|png|gif|bmp|webp)$/i.test(file.name || "")) {
      result("无法识别", "请选择二维码图片（JPG、PNG）");
      return;
    }
    if (file.size > 10 * 1024 * 1024) { result("无法识别", "图片大小不能超过10MB"); return; }
    $("scan-result").hidden = true;
    status.textContent = "正在识别图片…";
    D.upload(D.paths.scanPhoto, file, null).then(function (res) {
      status.textContent = running ? "将二维码放入框内，即可自动识别" : "可点击下方“相册”或“拍照”识别二维码图片";
      if (!res.ok) { result("无法识别", res.error.message); return; }
      var d = res.data || {};
      var to = d.path || d.url || "";
      if (to.charAt(0) === "/" && to.charAt(1) !== "/") { open({ kind: d.kind, url: to }); return; }
      if (d.text) { open(classify(d.text), d.text); return; }
      result("无法识别的二维码", d.message || "该二维码不是本平台的验证报告或签署任务二维码");
    });
  }

  $("scan-album").addEventListener("change", function () { photo(this); });
  $("scan-camera").addEventListener("change", function () { photo(this); });
  $("scan-retry").addEventListener("click", start);
  window.addEventListener("pagehide", stop);
  E.scan = { classify: classify };
  start();
})();
