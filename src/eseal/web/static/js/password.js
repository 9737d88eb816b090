/* 我的 → 设置/修改 核验密码 or 登录密码 (with an SMS willingness check when one is already set). */
(function () {
  "use strict";
  var E = window.Eseal;
  var form = document.getElementById("password-form");
  var verify = form.dataset.kind === "verify";
  var change = form.dataset.change === "true";
  var challenge = null;
  var satisfied = false; // a satisfied challenge stays usable if the password itself is then refused
  var pw = verify ? "password" : "new_password";
  var pw2 = verify ? "password_confirm" : "new_password_confirm";
  var url = verify ? "/api/v1/me/verification-password" : "/api/v1/me/password";

  var smsBtn = document.getElementById("pw-sms-send");
  if (smsBtn) {
    smsBtn.addEventListener("click", function () {
      smsBtn.disabled = true;
      E.clearErrors(form);
      E.api("POST", "/api/v1/willingness/challenges", {
        action: form.dataset.action, target_type: "account", target_id: form.dataset.accountId
      }).then(function (res) {
        if (!res.ok) { smsBtn.disabled = false; E.showError(form, res.error); return null; }
        challenge = res.data.challenge_id;
        satisfied = false;
        return E.api("POST", "/api/v1/willingness/challenges/" + encodeURIComponent(challenge) + "/sms", {});
      }).then(function (res) {
        if (!res) return;
        if (res.ok) { E.startCountdown(smsBtn, res.data.resend_after || 60); E.toast("验证码已发送"); }
        else { smsBtn.disabled = false; E.showError(form, res.error); }
      });
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    E.clearErrors(form);
    var a = form.elements[pw].value.trim();
    var b = form.elements[pw2].value.trim();
    var code = form.elements.sms_code ? form.elements.sms_code.value.trim() : "";
    var errs = {};
    if (verify && !/^\d{6,}$/.test(a)) errs[pw] = "核验密码须为6位以上数字";
    else if (!verify && !a) errs[pw] = "请输入登录密码";
    else if (a !== b) errs[pw2] = verify ? "核验密码不一致！" : "两次输入的密码不一致";
    if (change && !code) errs.sms_code = "请输入短信验证码";
    else if (change && !challenge) errs.sms_code = "请先获取验证码";
    if (Object.keys(errs).length) { E.showError(form, { message: "", fields: errs }); return; }

    var body = { willingness_challenge_id: challenge };
    body[pw] = a;
    body[pw2] = b;
    var step = change && !satisfied
      ? E.api("POST", "/api/v1/willingness/challenges/" + encodeURIComponent(challenge) + "/satisfy",
              { method: "sms", sms_code: code })
      : Promise.resolve({ ok: true });
    step.then(function (res) {
      if (!res.ok) { E.showError(form, res.error, { password: "sms_code", method: "sms_code" }); return null; }
      if (change) satisfied = true;
      return E.api("POST", url, body);
    }).then(function (res) {
      if (!res) return;
      if (!res.ok) { E.showError(form, res.error); return; }
      var ok = document.getElementById("password-ok");
      ok.textContent = (verify ? "核验密码" : "登录密码") + "设置成功";
      ok.classList.add("is-shown");
      setTimeout(function () { location.href = "/me"; }, 900);
    });
  });
})();
