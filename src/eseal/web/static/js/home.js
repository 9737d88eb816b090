/* 首页: §3.2 enterprise face gate, role switcher, logout. */
(function () {
  "use strict";
  var E = window.Eseal;

  var q = new URLSearchParams(location.search);
  if (q.get("welcome")) E.toast("注册成功");

  var faceBtn = document.getElementById("face-start");
  if (faceBtn) {
    faceBtn.addEventListener("click", function () {
      faceBtn.disabled = true;
      E.api("POST", "/api/v1/face/checks", { purpose: "enterprise_entry", return_to: "/face/done" }).then(function (res) {
        faceBtn.disabled = false;
        if (!res.ok) { E.toast(res.error.message); return; }
        location.href = res.data.verify_url;
      });
    });
  }

  document.querySelectorAll("[data-logout]").forEach(function (b) {
    b.addEventListener("click", function () {
      // back to the login page of the account's kind (data-logout="/login/enterprise" for enterprises)
      var target = b.dataset.logout || "/login";
      E.api("POST", "/api/v1/auth/logout", {}).then(function () { location.href = target; });
    });
  });

  // Role switch: persons may act for enterprises they represent or that granted them something (grant_home.js:
  // a pending grant is accepted first — 接收授权 → 意愿认证 — then the switch goes on as for an active one).
  var sw = document.getElementById("role-switch");
  var sheet = document.getElementById("role-sheet");
  if (sw && sheet) {
    E.api("GET", "/api/v1/me/roles").then(function (res) {
      if (!res.ok) return;
      var roles = (res.data.roles || []).filter(function (r) { return r.type === "enterprise"; });
      if (!roles.length) return;
      var list = sheet.querySelector("[data-role-list]");
      var current = res.data.current;
      var all = [{ type: "self", label: "个人身份", enterprise_id: null }].concat(roles);
      all.forEach(function (r) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "sheet__item";
        b.textContent = r.type === "self" ? "个人身份" : (E.grantHome ? E.grantHome.label(r) : r.name);
        if (r.grant_status) b.dataset.grantStatus = r.grant_status;
        var id = r.type === "self" ? null : r.enterprise_id;
        var active = current ? current.id === id || current.enterprise_id === id : id === null;
        b.setAttribute("aria-checked", active ? "true" : "false");
        b.addEventListener("click", function () {
          if (id === null) {
            E.api("POST", "/api/v1/session/acting-as", { enterprise_id: null }).then(function (r2) {
              if (r2.ok) location.reload(); else E.toast(r2.error.message);
            });
            return;
          }
          if (r.grant_status === "pending" && E.grantHome) {
            E.closeLayer("role-sheet");
            E.grantHome.accept(r).then(function (done) { if (done) switchTo(id); });
            return;
          }
          switchTo(id);
        });
        list.appendChild(b);
      });
      sw.disabled = false;
      sw.title = "切换角色";
      sw.addEventListener("click", function () { E.openLayer("role-sheet"); });
    });
  }

  function switchTo(id) {
    // acting for an enterprise (legal representative or grant): face check of this person first (§3.2)
    E.api("POST", "/api/v1/face/checks", { purpose: "role_switch", enterprise_id: id,
                                           return_to: "/role/face-done" }).then(function (r2) {
      if (!r2.ok) { E.toast(r2.error.message); return; }
      try { sessionStorage.setItem("eseal.roleSwitch", JSON.stringify({ enterprise_id: id })); } catch (e) { /* private mode */ }
      location.href = r2.data.verify_url;
    });
  }
})();
