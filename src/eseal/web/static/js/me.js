/* 我的: quick-login bindings (bind = browser navigation through the provider; unbind = DELETE). */
(function () {
  "use strict";
  var E = window.Eseal;
  var q = new URLSearchParams(location.search);
  var outcome = q.get("oauth");
  if (outcome === "bound") E.toast("绑定成功");
  else if (outcome === "conflict") E.toast("该账号已绑定其他用户，请先在原账号解绑");
  else if (outcome === "failed") E.toast("授权失败，请重试");

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
