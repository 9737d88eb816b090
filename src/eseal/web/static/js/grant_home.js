/* 首页, person side of grants (manual §5.7 接受授权, docs/api.md §4.15):
 *
 * Eseal.grantHome.label(role)   the role-switch entry text of an enterprise (管理员 / 被授权人, 待接收授权)
 * Eseal.grantHome.accept(role) -> Promise<bool>   a role with grant_status "pending": 接收授权 dialog → 意愿认证
 *     (grant.accept) → POST /api/v1/me/grants/{id}/accept; true when the grant is now active.
 * The reminders: GET /api/v1/me/grants → a notice for each pending grant, each active grant ending within 3 days
 * (expiring_soon) and each with one use left (last_use), in #grant-notices.
 */
(function () {
  "use strict";
  var E = window.Eseal;
  var ROLE_LABELS = { legal_rep: "法定代表人", admin: "管理员", grantee: "被授权人", "admin+grantee": "管理员、被授权人" };

  function label(r) {
    var who = ROLE_LABELS[r.role] || "";
    var text = r.name + (who ? "（" + who + "）" : "");
    return r.grant_status === "pending" ? text + " · 待接收授权" : text;
  }

  function accept(r) {
    var body = "“" + r.name + "”授权您为" + (ROLE_LABELS[r.role] || "被授权人") +
               "。接收后，切换到该企业身份即可在授权范围内使用印章。";
    return E.seal.confirm("接收授权", body, "接收授权").then(function (yes) {
      if (!yes) return null;
      return E.seal.willing({ action: "grant.accept", targetType: "grant", targetId: r.grant_id,
                              title: "接收授权 · 意愿认证" });
    }).then(function (cid) {
      if (!cid) return false;
      return E.api("POST", "/api/v1/me/grants/" + r.grant_id + "/accept", { willingness_challenge_id: cid })
        .then(function (res) {
          if (!res.ok) { E.toast(res.error.message); return false; }
          E.toast("已接收授权");
          return true;
        });
    });
  }

  function notice(text, warn, id) {
    var div = document.createElement("div");
    div.className = "notice grant-notice" + (warn ? " notice--warn" : "");
    div.dataset.grantNotice = id;
    var span = document.createElement("span");
    span.textContent = text;
    div.appendChild(span);
    return div;
  }

  var box = document.getElementById("grant-notices");
  if (box) {
    E.api("GET", "/api/v1/me/grants").then(function (res) {
      if (!res.ok) return;
      (res.data.grants || []).forEach(function (g) {
        var who = g.enterprise_name + "（" + g.role_label + "）";
        if (g.state === "pending") {
          box.appendChild(notice(who + "向您发起授权，请在“切换角色”中选择该企业接收授权。", false, g.id));
        }
        if (g.last_use) {
          box.appendChild(notice(who + "的授权仅剩1次使用次数。", true, g.id));
        }
        if (g.expiring_soon) {
          box.appendChild(notice(who + "的授权将于" + E.seal.datetime(g.ends_at) + "到期。", true, g.id));
        }
      });
      box.hidden = !box.children.length;
    });
  }

  E.grantHome = { label: label, accept: accept };
})();
