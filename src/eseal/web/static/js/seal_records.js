/* 认证记录 · 申领记录 (manual §6): the unfinished seal applications (GET /api/v1/seal-applications) with their
 * current step; 撤销申请 (dialog 是否确认撤销申请 → POST .../cancel); 立即认证: while a certificate authentication is
 * pending, a new SMS link is sent (POST .../authenticate) and the application page shows the wait screen; before
 * that, the application page resumes at its step. The tabs switch between 申领记录 and the 认证日志 of records.js. */
(function () {
  "use strict";
  var E = window.Eseal;
  var box = document.getElementById("applications");
  var tpl = document.getElementById("application-tpl");
  if (!box || !tpl) return;
  var API = "/api/v1/seal-applications";
  var pending = null;

  var tabs = [["tab-apps", "applications"], ["tab-auth", "records"]];
  tabs.forEach(function (t) {
    document.getElementById(t[0]).addEventListener("click", function () {
      tabs.forEach(function (u) {
        var on = u[0] === t[0];
        document.getElementById(u[0]).setAttribute("aria-selected", on ? "true" : "false");
        document.getElementById(u[1]).hidden = !on;
      });
    });
  });
  // 申领记录 is shown first when there are unfinished applications (or ?tab=apps), else the 认证日志
  var wanted = new URLSearchParams(location.search).get("tab");
  if (wanted === "apps") document.getElementById("tab-apps").click();

  function empty(text) {
    box.innerHTML = "";
    var div = document.createElement("div");
    div.className = "card empty";
    var title = document.createElement("div");
    title.className = "empty__title";
    title.textContent = text;
    div.appendChild(title);
    box.appendChild(div);
  }

  function row(r) {
    var node = tpl.content.firstElementChild.cloneNode(true);
    node.dataset.application = r.id;
    node.querySelector('[data-a="kinds"]').textContent = (r.seal_kind_labels || []).join("、");
    node.querySelector('[data-a="step"]').textContent = r.step_label;
    var t = node.querySelector('[data-a="at"]');
    t.textContent = E.time.datetime(r.created_at);
    t.dateTime = r.created_at;
    node.querySelector('[data-a="revoke"]').addEventListener("click", function () {
      pending = r.id;
      E.openLayer("revoke-dialog");
    });
    var resume = node.querySelector('[data-a="resume"]');
    if (!r.can_authenticate) resume.textContent = "继续申领";
    resume.addEventListener("click", function () {
      if (!r.can_authenticate) { location.href = "/seals/apply?application=" + r.id; return; }
      resume.classList.add("is-busy");
      E.api("POST", API + "/" + r.id + "/authenticate", {}).then(function (res) {
        resume.classList.remove("is-busy");
        if (!res.ok) { E.toast(res.error.message); return; }
        E.toast("认证短信已重新发送");
        setTimeout(function () { location.href = "/seals/apply?application=" + r.id; }, 800);
      });
    });
    return node;
  }

  function load() {
    E.api("GET", API).then(function (res) {
      if (!res.ok) { empty(res.error.message); return; }
      var list = res.data.records || [];
      if (!list.length) { empty("暂无未完成的申领"); return; }
      if (!wanted) { wanted = "apps"; document.getElementById("tab-apps").click(); }
      box.innerHTML = "";
      list.forEach(function (r) { box.appendChild(row(r)); });
    });
  }

  document.getElementById("revoke-confirm").addEventListener("click", function () {
    var target = pending;
    E.closeLayer("revoke-dialog");
    if (!target) return;
    E.api("POST", API + "/" + target + "/cancel", {}).then(function (res) {
      if (res.ok) { E.toast("已撤销申请"); load(); }
      else E.toast(res.error.message);
    });
  });

  load();
})();
