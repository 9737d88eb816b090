/* 我的 · 认证记录 entry: how many seal applications are unfinished (GET /api/v1/seal-applications), e.g. 「2项待认证」. */
(function () {
  "use strict";
  var el = document.getElementById("records-pending");
  if (!el) return;
  window.Eseal.api("GET", "/api/v1/seal-applications").then(function (res) {
    if (!res.ok) return;
    var list = res.data.records || [];
    if (!list.length) return;
    var waiting = list.filter(function (r) { return r.can_authenticate; }).length;
    el.textContent = waiting ? waiting + "项待认证" : list.length + "项申领未完成";
    el.className = "list__value pill pill--orange";
    el.hidden = false;
  });
})();
