/* Shared parts of the seal pages (申领印章, 印章详情, 注销, 变更):
 *
 * Eseal.seal.willing(opts) -> Promise<challenge_id|null>  意愿认证 dialog (#willing-dialog in _seal_macros.html):
 *     opts {action, targetType, targetId, title, methods: ["sms", "password"]} — creates the challenge
 *     (POST /api/v1/willingness/challenges), sends the SMS code or takes the 核验密码, satisfies it.
 * Eseal.seal.upload(url, file, onProgress) -> Promise<{ok, status, data, error}>  multipart POST with progress.
 * Eseal.seal.checkPicture(file) -> null | Chinese message   JPG/PNG ≤ 5 MB before uploading (the server checks
 *     the content again).
 * Eseal.seal.date(iso) / datetime(iso) / dateCn(iso)   Beijing date / time to the minute (Eseal.time's).
 * Eseal.seal.sizeFace(img, widthMm, heightMm)   true proportions (1 mm = 96/25.4 CSS px).
 * Eseal.seal.uploadSlot(node, url, file) -> Promise<answer|null>   a material slot's picture, errors on the slot.
 * Eseal.seal.fontOption(font, name) -> {label, input, img}   one font choice of a 个人方章.
 */
(function () {
  "use strict";
  var E = window.Eseal;
  var MAX_PICTURE = 5 * 1024 * 1024;
  var PX_PER_MM = 96 / 25.4;


  function checkPicture(file) {
    if (!file) return "请选择图片";
    var okType = /^image\/(jpeg|png)$/.test(file.type) || /\.(jpe?g|png)$/i.test(file.name || "");
    if (!okType) return "仅支持JPG、PNG格式的图片";
    if (file.size > MAX_PICTURE) return "图片大小不能超过5MB";
    return null;
  }

  /** multipart upload of one file as `file`, progress 0..100 reported to onProgress. */
  function upload(url, file, onProgress, filename) {
    return E.upload(url, file, onProgress, { filename: filename, messages: { 413: "图片大小不能超过5MB" } });
  }

  function sizeFace(img, widthMm, heightMm) {
    if (!widthMm || !heightMm) return;
    img.width = Math.round(widthMm * PX_PER_MM);
    img.height = Math.round(heightMm * PX_PER_MM);
  }

  /* ---------- 意愿认证 dialog ---------- */
  function willing(opts) {
    var dlg = document.getElementById("willing-dialog");
    var title = dlg.querySelector("[data-w-title]");
    var phone = dlg.querySelector("[data-w-phone]");
    var tabs = dlg.querySelectorAll("[data-w-method]");
    var smsBox = dlg.querySelector("[data-w-box=sms]");
    var pwBox = dlg.querySelector("[data-w-box=password]");
    var code = dlg.querySelector("#f-w-sms_code");
    var pw = dlg.querySelector("#f-w-password");
    var err = dlg.querySelector("[data-w-error]");
    var send = dlg.querySelector("#w-sms-send");
    var ok = dlg.querySelector("#w-confirm");
    var cancel = dlg.querySelector("#w-cancel");
    // a fresh 获取验证码 button each time: the countdown of an earlier challenge must not block this one
    var fresh = send.cloneNode(true);
    fresh.disabled = false;
    fresh.textContent = "获取验证码";
    delete fresh.dataset.counting;
    send.replaceWith(fresh);
    send = fresh;
    title.textContent = opts.title || "意愿认证";
    err.textContent = "";
    code.value = "";
    pw.value = "";
    var allowed = opts.methods || ["sms", "password"];

    return E.api("POST", "/api/v1/willingness/challenges", {
      action: opts.action, target_type: opts.targetType, target_id: String(opts.targetId)
    }).then(function (res) {
      if (!res.ok) { E.toast(res.error.message); return null; }
      var ch = res.data;
      var methods = (ch.methods || []).filter(function (m) { return allowed.indexOf(m) >= 0; });
      if (!methods.length) { E.toast(allowed.indexOf("password") >= 0 ? "请先设置核验密码或绑定手机号" : "请先绑定手机号"); return null; }
      phone.textContent = ch.phone_masked || "";
      var method = methods[0];
      function select(m) {
        method = m;
        tabs.forEach(function (t) {
          var on = t.dataset.wMethod === m;
          t.hidden = methods.indexOf(t.dataset.wMethod) < 0;
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.classList.toggle("is-active", on);
        });
        smsBox.hidden = m !== "sms";
        pwBox.hidden = m !== "password";
        err.textContent = "";
      }
      select(method);
      E.openLayer("willing-dialog");
      (method === "sms" ? code : pw).focus();

      return new Promise(function (resolve) {
        function cleanup(value) {
          tabs.forEach(function (t) { t.onclick = null; });
          send.onclick = ok.onclick = cancel.onclick = null;
          E.closeLayer("willing-dialog");
          resolve(value);
        }
        tabs.forEach(function (t) { t.onclick = function () { select(t.dataset.wMethod); }; });
        send.onclick = function () {
          send.disabled = true;
          E.api("POST", "/api/v1/willingness/challenges/" + ch.challenge_id + "/sms", {}).then(function (r) {
            if (r.ok) { E.startCountdown(send, r.data.resend_after || 60); E.toast("验证码已发送"); }
            else if (!E.smsFailed(send, r.error)) err.textContent = r.error.message;
          });
        };
        cancel.onclick = function () { cleanup(null); };
        ok.onclick = function () {
          var body = method === "sms" ? { method: "sms", sms_code: code.value.trim() }
                                      : { method: "password", password: pw.value };
          if (method === "sms" && !/^\d{6}$/.test(body.sms_code)) { err.textContent = "请输入6位短信验证码"; return; }
          if (method === "password" && !body.password) { err.textContent = "请输入核验密码"; return; }
          ok.disabled = true;
          E.api("POST", "/api/v1/willingness/challenges/" + ch.challenge_id + "/satisfy", body).then(function (r) {
            ok.disabled = false;
            if (r.ok) cleanup(ch.challenge_id);
            else err.textContent = r.error.message;
          });
        };
      });
    });
  }

  /** A confirmation dialog (#confirm-dialog): resolves true on the primary button. */
  function confirm(title, body, primary) {
    var dlg = document.getElementById("confirm-dialog");
    dlg.querySelector("[data-c-title]").textContent = title;
    dlg.querySelector("[data-c-body]").textContent = body || "";
    var yes = dlg.querySelector("#c-yes");
    var no = dlg.querySelector("#c-no");
    yes.textContent = primary || "确认";
    E.openLayer("confirm-dialog");
    return new Promise(function (resolve) {
      yes.onclick = function () { E.closeLayer("confirm-dialog"); resolve(true); };
      no.onclick = function () { E.closeLayer("confirm-dialog"); resolve(false); };
    });
  }

  /** One material slot's picture: checked, uploaded with the slot's progress bar, a refusal shown on the slot.
   *  Resolves the API answer, or null when the picture was refused before uploading. */
  function uploadSlot(node, url, file) {
    var error = node.querySelector("[data-error]");
    error.textContent = "";
    node.classList.remove("has-error");
    var problem = checkPicture(file);
    if (problem) { error.textContent = problem; node.classList.add("has-error"); return Promise.resolve(null); }
    var bar = node.querySelector(".upload__bar");
    var fill = node.querySelector("[data-fill]");
    bar.hidden = false;
    fill.style.width = "0%";
    return upload(url, file, function (pct) { fill.style.width = pct + "%"; }).then(function (res) {
      bar.hidden = true;
      if (!res.ok) { error.textContent = res.error.message; node.classList.add("has-error"); }
      return res;
    });
  }

  /** One font choice of a 个人方章 (GET /api/v1/seal-applications/options): a <label class="font"> holding its
   *  radio, its preview <img> (the caller sets src or data-src) and ``name``. */
  function fontOption(f, name) {
    var label = document.createElement("label");
    label.className = "font" + (f.installed ? "" : " is-off");
    var input = document.createElement("input");
    input.type = "radio";
    input.name = "font";
    input.value = f.font;
    input.disabled = !f.installed;
    var img = document.createElement("img");
    img.className = "font__img";
    img.alt = f.label + "预览";
    var span = document.createElement("span");
    span.className = "font__name";
    span.textContent = name;
    label.appendChild(input);
    label.appendChild(img);
    label.appendChild(span);
    return { label: label, input: input, img: img };
  }

  E.seal = { willing: willing, confirm: confirm, upload: upload, checkPicture: checkPicture, date: E.time.date,
             datetime: E.time.datetime, dateCn: E.time.dateCn, sizeFace: sizeFace, uploadSlot: uploadSlot,
             fontOption: fontOption };
})();
