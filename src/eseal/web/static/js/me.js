/* 我的: quick-login bindings (bind = browser navigation through the provider; unbind = DELETE). */
(function () {
  "use strict";
  var E = window.Eseal;
  var q = new URLSearchParams(location.search);
  var outcome = q.get("oauth");
  var item = document.querySelector("[data-label][id='oauth-" + (q.get("provider") || "").replace(/[^a-z]/g, "") + "']");
  var label = item ? item.dataset.label : "第三方";
  if (outcome === "bound") E.toast(label + "绑定成功");
  // say which account is bound to what: the provider's account to another user, or this account to another one
  else if (outcome === "conflict") E.toast("该" + label + "账号已绑定其他用户，请先用该" + label + "登录原账号并解除绑定", 4000);
  else if (outcome === "already_bound") E.toast("本账号已绑定其他" + label + "账号，请先解除绑定", 4000);
  else if (outcome === "failed") E.toast("授权失败，请重试");

  // Binding adds a persistent way in: an SMS willingness check first, then the provider round trip.
  var bindDialog = document.getElementById("bind-dialog");
  var binding = null, bindChallenge = null;
  var bindErr = document.getElementById("bind-error");
  function bindError(msg) {
    bindErr.textContent = msg || "";
    document.getElementById("bind-field").classList.toggle("has-error", !!msg);
  }
  document.querySelectorAll("[data-bind]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      binding = a;
      bindChallenge = null;
      bindError("");
      document.querySelector("[data-bind-label]").textContent = a.dataset.label;
      E.openLayer("bind-dialog");
    });
  });
  var bindSms = document.getElementById("bind-sms-send");
  if (bindSms) {
    bindSms.addEventListener("click", function () {
      bindSms.disabled = true;
      bindError("");
      E.api("POST", "/api/v1/willingness/challenges", {
        action: "account.bind_oauth", target_type: "account", target_id: bindDialog.dataset.accountId
      }).then(function (res) {
        if (!res.ok) { bindSms.disabled = false; bindError(res.error.message); return null; }
        bindChallenge = res.data.challenge_id;
        return E.api("POST", "/api/v1/willingness/challenges/" + encodeURIComponent(bindChallenge) + "/sms", {});
      }).then(function (res) {
        if (!res) return;
        if (res.ok) { E.startCountdown(bindSms, res.data.resend_after || 60); E.toast("验证码已发送"); }
        else { bindSms.disabled = false; bindError(res.error.message); }
      });
    });
  }
  var bindOk = document.getElementById("bind-confirm");
  if (bindOk) {
    bindOk.addEventListener("click", function () {
      var code = document.getElementById("f-bind-sms_code").value.trim();
      if (!bindChallenge) { bindError("请先获取验证码"); return; }
      if (!code) { bindError("请输入短信验证码"); return; }
      E.api("POST", "/api/v1/willingness/challenges/" + encodeURIComponent(bindChallenge) + "/satisfy",
            { method: "sms", sms_code: code }).then(function (res) {
        if (!res.ok) { bindError(res.error.message); return; }
        location.href = binding.getAttribute("href") + "&challenge=" + encodeURIComponent(bindChallenge);
      });
    });
  }

  var pending = null;
  document.querySelectorAll("[data-unbind]").forEach(function (b) {
    b.addEventListener("click", function () {
      pending = b.dataset.unbind;
      document.querySelector("[data-unbind-label]").textContent = b.dataset.label;
      E.openLayer("unbind-dialog");
    });
  });
  var confirm = document.getElementById("unbind-confirm");
  if (confirm) {
    confirm.addEventListener("click", function () {
      if (!pending) return;
      E.api("DELETE", "/api/v1/me/oauth-bindings/" + encodeURIComponent(pending)).then(function (res) {
        if (res.ok) location.replace("/me");
        else { E.closeLayer("unbind-dialog"); E.toast(res.error.message); }
      });
    });
  }
})();
