/* 授权详情 (manual §4.6): GET /api/v1/grants/{id}/history → the grant and its events (新增 / 接收 / 变更 / 撤销 and every
 * use: document, instant, acting person, use number, remaining count); 变更授权 (scope / window / count →
 * POST /grants/{id}/change/check, the server's rules before any willingness → 意愿认证 grant.change), 撤销授权 (确认 → 意愿认证 grant.revoke, immediate), 导出CSV (a plain link). */
(function () {
  "use strict";
  var E = window.Eseal;
  var root = document.getElementById("grant-detail");
  var id = root.dataset.grantId;
  var form = document.getElementById("change-form");
  var fields = document.getElementById("change-fields");
  var grant = null;
  var scope = null;

  function text(elId, value) { document.getElementById(elId).textContent = value || "—"; }

  function render(data) {
    var g = data.grant;
    grant = g;
    document.getElementById("g-loading").hidden = true;
    document.getElementById("g-body").hidden = false;
    root.dataset.state = g.state;
    text("g-role", g.role_label);
    text("g-name", E.grant.maskName(g.person_name));
    text("g-id", g.id_number_masked);
    text("g-phone", g.phone);
    text("g-dept", g.department);
    var st = document.getElementById("g-state");
    st.className = E.grant.pill(g.state);
    st.textContent = g.state_label;
    text("g-scope", E.grant.scopeText(g));
    document.querySelectorAll("[data-grantee-only]").forEach(function (el) { el.hidden = g.role !== "grantee"; });
    text("g-window", E.grant.windowText(g));
    text("g-count", E.grant.countText(g));
    text("g-created", E.seal.datetime(g.created_at));
    text("g-accepted", g.accepted_at ? E.seal.datetime(g.accepted_at) : "未接收");
    var closed = g.status === "revoked";
    document.getElementById("act-change").hidden = closed;
    document.getElementById("act-revoke").hidden = closed;
    var list = document.getElementById("g-history");
    list.textContent = "";
    (data.events || []).forEach(function (ev) {
      var li = document.createElement("li");
      li.className = "history__item";
      li.dataset.action = ev.action;
      var what = document.createElement("span");
      var parts = [ev.action_label];
      if (ev.actor_name) parts.push(ev.actor_name);
      if (ev.document_id) parts.push("文档 " + ev.document_id);
      if (ev.use_number) parts.push("第" + ev.use_number + "次");
      if (ev.remaining !== null && ev.remaining !== undefined) parts.push("剩余" + ev.remaining + "次");
      what.textContent = parts.join(" · ");
      var when = document.createElement("time");
      when.className = "history__when";
      when.textContent = E.seal.datetime(ev.at);
      li.appendChild(what);
      li.appendChild(when);
      list.appendChild(li);
    });
    root.dataset.loaded = String((data.events || []).length);
  }

  function load() {
    return E.api("GET", "/api/v1/grants/" + id + "/history").then(function (res) {
      if (!res.ok) { document.getElementById("g-loading").textContent = res.error.message; return; }
      render(res.data);
    });
  }

  document.getElementById("act-change").addEventListener("click", function () {
    fields.textContent = "";
    var tpl = document.getElementById(grant.role === "grantee" ? "scope-grantee" : "scope-admin");
    fields.appendChild(tpl.content.cloneNode(true));
    form.dataset.role = grant.role;
    scope = E.grant.scope(form, grant.role, grant);
    form.hidden = false;
    form.scrollIntoView({ block: "start" });
  });
  document.getElementById("change-cancel").addEventListener("click", function () { form.hidden = true; });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    E.clearErrors(form);
    if (!scope || !scope.validate()) return;
    var body = scope.body();
    var btn = document.getElementById("change-submit");
    btn.disabled = true;
    // the server's rules first (window, count below the uses made, scope…): no willingness for a refused change
    E.api("POST", "/api/v1/grants/" + id + "/change/check", body)
      .then(function (res) {
        if (!res.ok) { btn.disabled = false; E.showError(form, res.error, { all_seals: "seal_ids" }); return null; }
        return E.seal.willing({ action: "grant.change", targetType: "grant", targetId: id, title: "变更授权 · 意愿认证" });
      })
      .then(function (cid) {
        if (!cid) { btn.disabled = false; return null; }
        body.willingness_challenge_id = cid;
        return E.api("POST", "/api/v1/grants/" + id + "/change", body).then(function (res) {
          btn.disabled = false;
          if (!res.ok) { E.showError(form, res.error, { all_seals: "seal_ids" }); return; }
          form.hidden = true;
          E.toast("授权已变更");
          load();
        });
      });
  });

  document.getElementById("act-revoke").addEventListener("click", function () {
    E.seal.confirm("撤销授权", "撤销后" + (E.grant.maskName(grant.person_name) || "对方") + "将立即无法使用授权印章，是否确认撤销？", "确认撤销")
      .then(function (yes) {
        if (!yes) return null;
        return E.seal.willing({ action: "grant.revoke", targetType: "grant", targetId: id, title: "撤销授权 · 意愿认证" });
      })
      .then(function (cid) {
        if (!cid) return null;
        return E.api("POST", "/api/v1/grants/" + id + "/revoke", { willingness_challenge_id: cid }).then(function (res) {
          if (!res.ok) { E.toast(res.error.message); return; }
          E.toast("授权已撤销");
          load();
        });
      });
  });

  load();
})();
