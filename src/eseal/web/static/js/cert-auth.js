/* 数字证书申请 (cert_auth.html, /cert-auth/<token>): landing → 前往签署 (consumes the link) → the application form →
 * 下一步 → face check (dev simulator or the liveness service, back here with ?face_check_id=&status=) → 完成身份认证 →
 * 签名区 (signature_pad) → 确认 → done. API: /api/v1/cert-auth/{token}... (docs/api.md §4.10). */
(function () {
  "use strict";
  var E = window.Eseal;
  var root = document.getElementById("cert-auth");
  var token = root.dataset.token;
  var base = "/api/v1/cert-auth/" + encodeURIComponent(token);
  var here = "/cert-auth/" + encodeURIComponent(token);
  var q = new URLSearchParams(location.search);
  var view = null;
  var pad = null;

  var CLOSED = {
    used: "该认证链接已使用。如未完成认证，请在“认证记录”中点击“立即认证”重新获取认证短信。",
    expired: "该认证链接已过期（24小时内有效）。请在“认证记录”中点击“立即认证”重新获取认证短信。",
    cancelled: "该申请已撤销，无需继续认证。",
    missing: "认证链接不存在或已被新的认证短信替代，请使用最新的认证短信，或在“认证记录”中重新发起认证。"
  };
  var CODE_STATE = { "cert_auth.link_used": "used", "cert_auth.link_expired": "expired", "cert_auth.cancelled": "cancelled",
                     not_found: "missing" };

  function show(name) {
    root.querySelectorAll("[data-view]").forEach(function (s) { s.hidden = s.dataset.view !== name; });
    window.scrollTo(0, 0);
  }

  function fill(v) {
    view = v;
    root.querySelectorAll("[data-f]").forEach(function (el) {
      var value = v[el.dataset.f];
      if (el.dataset.f === "seal_kind_labels") value = (value || []).join("、");
      if (el.dataset.f === "expires_at") value = value ? E.seal.datetime(value) : "";
      el.textContent = value || "";
    });
  }

  function closed(state) {
    document.getElementById("closed-text").textContent = CLOSED[state] || CLOSED.missing;
    show("closed");
  }

  function route(v) {
    fill(v);
    if (v.state === "open") { show("open"); return; }
    if (v.state !== "in_progress") { closed(v.state); return; }
    if (v.step === "form") {
      var back = q.get("face_check_id");
      if (back) { faceReturned(back, q.get("status")); return; }
      showForm();
    } else if (v.step === "signature") {
      showSignature();
    } else {
      show("done");
    }
  }

  function failed(res) {
    var state = CODE_STATE[res.error.code];
    if (state) closed(state);
    else E.toast(res.error.message);
  }

  /* ---------- the form */
  function showForm() {
    var img = document.getElementById("form-img");
    if (!img.getAttribute("src")) img.src = base + "/form.png";
    document.getElementById("form-pdf").href = base + "/form.pdf";
    show("form");
  }

  /* ---------- face */
  function startFace(buttonId) {
    var btn = document.getElementById(buttonId);
    btn.classList.add("is-busy");
    E.api("POST", base + "/face", { return_to: here }).then(function (res) {
      btn.classList.remove("is-busy");
      if (!res.ok) { failed(res); return; }
      var url = res.data.verify_url;
      // the development simulator takes return_to from its URL when the check was created without one
      if (url.indexOf("/dev/face/") === 0 && url.indexOf("return_to=") < 0) {
        url += (url.indexOf("?") < 0 ? "?" : "&") + "return_to=" + encodeURIComponent(here);
      }
      location.href = url;
    });
  }

  function faceReturned(checkId, status) {
    show("face");
    var text = document.getElementById("face-text");
    if (status !== "passed") {
      text.textContent = "人脸识别未通过，请确保本人操作、光线充足后重试。";
      document.getElementById("face-start").textContent = "重新认证";
      return;
    }
    text.textContent = "人脸认证通过，请点击“完成身份认证”。";
    document.getElementById("face-start").hidden = true;
    var done = document.getElementById("face-complete");
    done.hidden = false;
    done.onclick = function () {
      done.classList.add("is-busy");
      E.api("POST", base + "/face/complete", { face_check_id: checkId }).then(function (res) {
        done.classList.remove("is-busy");
        if (!res.ok) { failed(res); return; }
        history.replaceState(null, "", here);
        route(res.data.cert_auth);
      });
    };
  }

  /* ---------- signature */
  function fitCanvas(canvas) {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    if (pad) pad.clear();
  }

  function showSignature() {
    show("signature");
    var canvas = document.getElementById("sign-canvas");
    if (!pad) {
      if (typeof window.SignaturePad !== "function") { E.toast("手写组件未加载，请刷新后重试"); return; }
      pad = new window.SignaturePad(canvas, { penColor: "#111111", minWidth: 1.2, maxWidth: 3.2 });
    }
    fitCanvas(canvas);
  }

  function dataUrlToBlob(url) {
    var bin = atob(url.split(",")[1]);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: "image/png" });
  }

  function submitSignature() {
    if (!pad || pad.isEmpty()) { E.toast("请先在签名区签名"); return; }
    var btn = document.getElementById("sign-ok");
    btn.classList.add("is-busy");
    E.seal.upload(base + "/signature", dataUrlToBlob(pad.toDataURL("image/png")), null, "signature.png").then(function (res) {
      btn.classList.remove("is-busy");
      if (!res.ok) { failed(res); return; }
      var v = res.data.cert_auth;
      fill(v);
      document.getElementById("done-text").textContent = v.role === "legal_rep"
        ? "单位法人认证已完成。已向经办人发送数字证书认证短信，请经办人点击短信链接完成第二次认证（如法人与经办人为同一人，请再次认证）。"
        : "数字证书申请已完成，请返回等待印章申领成功提示，可在首页“我的印章”中查看。";
      show("done");
    });
  }

  /* ---------- start */
  document.getElementById("go-sign").addEventListener("click", function () {
    var btn = document.getElementById("go-sign");
    btn.classList.add("is-busy");
    E.api("POST", base + "/open", {}).then(function (res) {
      btn.classList.remove("is-busy");
      if (res.ok) route(res.data.cert_auth);
      else failed(res);
    });
  });
  document.getElementById("form-next").addEventListener("click", function () { startFace("form-next"); });
  document.getElementById("face-start").addEventListener("click", function () { startFace("face-start"); });
  document.getElementById("sign-clear").addEventListener("click", function () { if (pad) pad.clear(); });
  document.getElementById("sign-ok").addEventListener("click", submitSignature);

  if (!token) { closed("missing"); return; }
  E.api("GET", base).then(function (res) {
    if (res.ok) route(res.data.cert_auth);
    else failed(res);
  });
})();
