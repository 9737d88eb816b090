/* Shared parts of the 授权管理 pages (grant_list / grant_new / grant_detail, docs/api.md §4.15):
 *
 * Eseal.grant.maskName(name)        张三 → 张** (as the server's mask)
 * Eseal.grant.pill(state)            pill class of a grant state (待接收 / 生效中 / 未到授权时间 / 已过期 / 次数已用完 / 已撤销)
 * Eseal.grant.windowText(g), countText(g), scopeText(g)   list / details wording
 * Eseal.grant.scope(form, role, g)   fills the 授权范围 box (all seals of the enterprise with their faces, GET
 *     /api/v1/seals) and, for grantees, 授权时间 (Beijing time) and 授权次数 / 不限次数; returns
 *     {ready: Promise, validate() -> bool, body() -> scope fields of POST /grants and /grants/{id}/change}.
 */
(function () {
  "use strict";
  var E = window.Eseal;
  var PILLS = { pending: "pill--orange", active: "pill--green", not_started: "pill--blue", expired: "pill--red",
                exhausted: "pill--red", revoked: "pill--red" };
  var DAY = 24 * 3600 * 1000;

  /** The platform's name mask (platform/core/security.py): the first character and two stars, whatever the length. */
  function maskName(name) {
    var chars = Array.from(name || "");
    return chars.length ? chars[0] + "**" : "";
  }

  function pill(state) { return "pill " + (PILLS[state] || ""); }

  function windowText(g) {
    if (g.role !== "grantee") return "长期有效";
    if (!g.starts_at && !g.ends_at) return "不限";
    return E.seal.datetime(g.starts_at) + " 至 " + E.seal.datetime(g.ends_at);
  }
  function countText(g) {
    if (g.uses_total === null || g.uses_total === undefined) return "不限次数（已使用" + (g.uses_used || 0) + "次）";
    return "共" + g.uses_total + "次，剩余" + g.uses_left + "次";
  }
  function scopeText(g) {
    if (g.all_seals) return "全部印章";
    return (g.seals || []).map(function (s) { return s.name; }).join("、") || "无";
  }

  /** ISO instant → the value of a datetime-local input in Beijing time, and back. */
  function toInput(iso) {
    return E.time.beijing(iso).toISOString().slice(0, 16);
  }
  function fromInput(v) { return v ? v + ":00+08:00" : null; }

  function scope(form, role, g) {
    var all = form.querySelector("#f-all_seals");
    var box = form.querySelector("#grant-seals");
    var starts = form.querySelector("#f-starts_at");
    var ends = form.querySelector("#f-ends_at");
    var uses = form.querySelector("#f-uses_total");
    var unlimited = form.querySelector("#f-unlimited");
    var chosen = {};
    if (g && !g.all_seals) (g.seals || []).forEach(function (s) { chosen[s.id] = true; });
    all.checked = !!(g && g.all_seals);

    function sync() {
      box.querySelectorAll("input[data-seal]").forEach(function (c) { c.disabled = all.checked; });
      box.classList.toggle("is-all", all.checked);
      if (uses) uses.disabled = unlimited.checked;
    }
    all.addEventListener("change", sync);
    if (role === "grantee") {
      var now = Date.now();
      starts.value = toInput(g && g.starts_at ? g.starts_at : new Date(now).toISOString());
      ends.value = toInput(g && g.ends_at ? g.ends_at : new Date(now + 30 * DAY).toISOString());
      unlimited.checked = !!(g && (g.uses_total === null || g.uses_total === undefined));
      uses.value = g && g.uses_total ? String(g.uses_total) : "";
      unlimited.addEventListener("change", sync);
    }

    var ready = E.api("GET", "/api/v1/seals").then(function (res) {
      box.textContent = "";
      if (!res.ok) { box.textContent = res.error.message; return; }
      var seals = (res.data.seals || []).filter(function (s) { return s.state !== "cancelled"; });
      if (!seals.length) { box.textContent = "本单位暂无印章"; return; }
      seals.forEach(function (s) {
        var label = document.createElement("label");
        label.className = "grant-seal";
        var c = document.createElement("input");
        c.type = "checkbox";
        c.value = s.id;
        c.dataset.seal = s.id;
        c.checked = !!chosen[s.id];
        var img = document.createElement("img");
        img.src = s.image_url;
        img.alt = (s.kind_label || s.name) + "印模";
        var name = document.createElement("span");
        name.className = "grant-seal__name";
        name.textContent = s.kind_label || s.name;
        label.appendChild(c);
        label.appendChild(img);
        label.appendChild(name);
        if (s.state !== "enabled") {
          var st = document.createElement("span");
          st.className = "pill pill--orange";
          st.textContent = s.state_label;
          label.appendChild(st);
        }
        box.appendChild(label);
      });
      sync();
    });
    sync();

    function ids() {
      return Array.prototype.map.call(box.querySelectorAll("input[data-seal]:checked"), function (c) {
        return Number(c.value);
      });
    }
    function validate() {
      var ok = true;
      if (!all.checked && !ids().length) { E.setFieldError(form, "seal_ids", "请选择授权印章"); ok = false; }
      if (role === "grantee") {
        if (!starts.value) { E.setFieldError(form, "starts_at", "请选择开始时间"); ok = false; }
        if (!ends.value) { E.setFieldError(form, "ends_at", "请选择结束时间"); ok = false; }
        if (starts.value && ends.value && ends.value <= starts.value) {
          E.setFieldError(form, "ends_at", "结束时间应晚于开始时间"); ok = false;
        }
        if (!unlimited.checked && !/^[1-9]\d{0,6}$/.test(uses.value.trim())) {
          E.setFieldError(form, "uses_total", "请输入授权次数（正整数），或选择不限次数"); ok = false;
        }
      }
      return ok;
    }
    function body() {
      var b = { all_seals: all.checked, seal_ids: all.checked ? [] : ids() };
      if (role === "grantee") {
        b.starts_at = fromInput(starts.value);
        b.ends_at = fromInput(ends.value);
        b.uses_total = unlimited.checked ? null : Number(uses.value.trim());
      }
      return b;
    }
    return { ready: ready, validate: validate, body: body };
  }

  E.grant = { maskName: maskName, pill: pill, windowText: windowText, countText: countText, scopeText: scopeText, scope: scope };
})();
