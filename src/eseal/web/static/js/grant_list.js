/* 授权管理 list (manual §4.6): the enterprise's 管理员 / 被授权人 (GET /api/v1/grants?role=), a card per grant → 授权详情;
 * a person in its own identity: the grants it received (GET /api/v1/me/grants) with 接收授权 (意愿认证, §5.7). */
(function () {
  "use strict";
  var E = window.Eseal;
  var root = document.getElementById("grants");
  var box = document.getElementById("grant-items");
  var tpl = document.getElementById("grant-tpl");
  var person = root.dataset.mode === "person";
  var role = root.dataset.role;

  function set(el, key, text) { el.querySelector("[data-g=" + key + "]").textContent = text; }

  function card(g) {
    var el = tpl.content.firstElementChild.cloneNode(true);
    el.dataset.grant = g.id;
    el.dataset.state = g.state;
    set(el, "name", person ? g.enterprise_name : E.grant.maskName(g.person_name));
    var st = el.querySelector("[data-g=state]");
    st.className = E.grant.pill(g.state);
    st.textContent = g.state_label;
    set(el, "who", person ? g.role_label + (g.department ? " · " + g.department : "")
                          : (g.department || "未填写部门") + " · " + (g.id_number_masked || ""));
    set(el, "scope", "授权范围：" + E.grant.scopeText(g));
    var win = el.querySelector("[data-g=window]");
    var count = el.querySelector("[data-g=count]");
    if (g.role === "grantee") {
      win.textContent = "授权时间：" + E.grant.windowText(g);
      count.textContent = "授权次数：" + E.grant.countText(g);
    } else { win.remove(); count.remove(); }
    var actions = el.querySelector("[data-g=actions]");
    if (person) {
      if (g.state === "pending") {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "btn btn--primary";
        b.dataset.accept = g.id;
        b.textContent = "接收授权";
        b.addEventListener("click", function () { accept(g, b); });
        actions.appendChild(b);
      } else actions.remove();
    } else {
      var a = document.createElement("a");
      a.className = "btn btn--ghost";
      a.href = "/grants/" + g.id;
      a.textContent = "查看详情";
      actions.appendChild(a);
    }
    return el;
  }

  function accept(g, button) {
    button.disabled = true;
    E.seal.willing({ action: "grant.accept", targetType: "grant", targetId: g.id, title: "接收授权 · 意愿认证" })
      .then(function (cid) {
        if (!cid) { button.disabled = false; return null; }
        return E.api("POST", "/api/v1/me/grants/" + g.id + "/accept", { willingness_challenge_id: cid }).then(function (r) {
          button.disabled = false;
          if (!r.ok) { E.toast(r.error.message); return; }
          E.toast("已接收授权");
          load();
        });
      });
  }

  function load() {
    var url = person ? "/api/v1/me/grants" : "/api/v1/grants?role=" + encodeURIComponent(role);
    E.api("GET", url).then(function (res) {
      box.textContent = "";
      if (!res.ok) {
        var err = document.createElement("div");
        err.className = "card empty";
        err.id = "grants-error";
        err.textContent = res.error.message;
        box.appendChild(err);
        var bar = root.querySelector(".grants__bar");
        if (bar && res.status === 403) bar.hidden = true; // this role may not manage these grants: no 新增 / 导出
        root.dataset.loaded = role + ":error";
        return;
      }
      var items = res.data.grants || [];
      if (!items.length) {
        var empty = document.createElement("div");
        empty.className = "card empty";
        empty.id = "grants-empty";
        empty.textContent = person ? "暂无企业授权" : (role === "admin" ? "暂无管理员，点击“新增管理员”添加" : "暂无被授权人，点击“新增被授权人”添加");
        box.appendChild(empty);
      }
      items.forEach(function (g) { box.appendChild(card(g)); });
      root.dataset.loaded = role + ":" + items.length;
    });
  }
  load();
})();
