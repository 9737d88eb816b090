/* 我的文档 / 业务文档 (manual §4.5 / §4.6, §5.5 / §5.6) over the document-list API (docs/api.md "Document lists"):
 * 我的文档 | 业务文档 segments (?tab=business), search by name or keyword (放大镜), 筛选 (开始时间 / 结束时间; business:
 * 来源, 签署状态, 事项类型), 20 per page with 加载更多, the checkbox at each item's end → 下载文档 (one PDF, several as
 * one zip) and 删除 (confirmation stating the retention period). A pending business document opens 签署 directly. */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc;
  var $ = function (id) { return document.getElementById(id); };
  var root = $("docs");
  var tab = root.dataset.tab === "business" ? "business" : "mine";
  var retention = Number(root.dataset.retentionDays) || null;
  var state = { q: "", signed_from: "", signed_to: "", source: "", status: "", matter_type: "", page: 1 };
  var selected = {};
  var shown = [];
  var STATUS_PILL = { signed: "pill--green", pending: "pill--orange", unsigned: "pill--blue" };

  function query() {
    var q = new URLSearchParams();
    q.set("origin", tab === "business" ? "business" : "upload");
    var names = { signed_from: "from", signed_to: "to" }; // the API's query names
    Object.keys(state).forEach(function (k) { if (state[k]) q.set(names[k] || k, state[k]); });
    if (tab !== "business") { q.delete("source"); q.delete("status"); q.delete("matter_type"); }
    if (state.page === 1) q.delete("page");
    return q.toString();
  }

  function setTab(t) {
    tab = t;
    document.querySelectorAll("[data-doc-tab]").forEach(function (b) {
      var on = b.dataset.docTab === t;
      b.classList.toggle("is-active", on);
      b.setAttribute("aria-selected", on ? "true" : "false");
    });
    document.querySelectorAll("#filter-form [data-business]").forEach(function (f) { f.hidden = t !== "business"; });
    history.replaceState(null, "", t === "business" ? "/docs?tab=business" : "/docs");
  }

  function item(d) {
    var li = D.el("li", "doclist__item");
    li.dataset.id = d.id;
    li.dataset.status = d.status;
    var main = D.el("a", "doclist__main");
    var pendingBusiness = d.origin === "business" && d.status === "pending";
    main.href = pendingBusiness ? "/sign/" + d.id : "/docs/" + d.id;
    main.appendChild(D.el("span", "doclist__icon", "PDF"));
    var body = D.el("span", "doclist__body");
    body.appendChild(D.el("span", "doclist__name", d.name));
    var meta = D.el("span", "doclist__meta");
    meta.appendChild(D.el("span", "pill " + (STATUS_PILL[d.status] || ""), d.status_label || d.status));
    meta.appendChild(D.el("span", null, d.signed_date ? "签署日期 " + d.signed_date : "上传于 " + D.date(d.created_at)));
    body.appendChild(meta);
    if (d.origin === "business") {
      body.appendChild(D.el("span", "doclist__src", [d.source_name, d.matter_type].filter(Boolean).join(" · ")));
    }
    main.appendChild(body);
    li.appendChild(main);
    var label = D.el("label", "doclist__check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.value = d.id;
    box.checked = !!selected[d.id];
    box.setAttribute("aria-label", "选择 " + d.name);
    box.addEventListener("change", function () {
      if (box.checked) selected[d.id] = d; else delete selected[d.id];
      updateBar();
    });
    label.appendChild(box);
    li.appendChild(label);
    return li;
  }

  function updateBar() {
    var ids = Object.keys(selected);
    $("selbar").hidden = !ids.length;
    root.classList.toggle("has-selection", ids.length > 0);
    $("sel-count").textContent = "已选 " + ids.length + " 个";
    $("sel-all").checked = shown.length > 0 && shown.every(function (d) { return selected[d.id]; });
  }

  function load(append) {
    if (!append) state.page = 1;
    var url = (tab === "business" ? D.paths.business : D.paths.list);
    var qs = query();
    root.dataset.loaded = "";
    return E.api("GET", url + "?" + qs).then(function (res) {
      root.dataset.loaded = qs; // what the list shows now (tests and screen readers wait for it)
      if (!res.ok) { E.toast(res.error.message); return; }
      var data = res.data || {};
      var docs = data.documents || [];
      if (!append) { $("list").textContent = ""; shown = []; }
      docs.forEach(function (d) { shown.push(d); $("list").appendChild(item(d)); });
      var total = data.total != null ? data.total : shown.length;
      $("summary").textContent = filtered() ? "共找到 " + total + " 个文档" : "共 " + total + " 个文档";
      $("more").hidden = shown.length >= total;
      $("empty").hidden = shown.length > 0;
      $("empty-title").textContent = filtered() ? "未找到符合条件的文档" : "暂无文档";
      $("empty-text").textContent = filtered() ? "请修改搜索或筛选条件" :
        (tab === "business" ? "其他政务平台发送给您的待签署文档将显示在这里" : "在首页点击“签署”上传文件并签章");
      updateBar();
    });
  }

  function filtered() {
    return !!(state.q || state.signed_from || state.signed_to || (tab === "business" && (state.source || state.status || state.matter_type)));
  }
  function filterActive() {
    return !!(state.signed_from || state.signed_to || (tab === "business" && (state.source || state.status || state.matter_type)));
  }

  function loadFilters() {
    E.api("GET", D.paths.filters).then(function (res) {
      if (!res.ok) return;
      var o = res.data || {};
      if (o.retention_days) retention = o.retention_days;
      fill($("f-source"), (o.sources || []).map(function (s) { return [s.code, s.name]; }), "全部来源");
      fill($("f-status"), (o.statuses || []).map(function (s) {
        return Array.isArray(s) ? s : [s.code || s.value, s.label || s.name];
      }), "全部状态");
      fill($("f-matter"), (o.matter_types || []).map(function (m) { return [m, m]; }), "全部事项");
    });
  }
  function fill(select, pairs, all) {
    var keep = select.value;
    select.textContent = "";
    var first = D.el("option", null, all);
    first.value = "";
    select.appendChild(first);
    pairs.forEach(function (p) {
      var o = D.el("option", null, p[1]);
      o.value = p[0];
      select.appendChild(o);
    });
    select.value = keep;
  }

  function selectedIds() { return Object.keys(selected).map(Number); }

  function download() {
    var ids = selectedIds();
    if (!ids.length) return;
    var body = ids.length === 1 ? "将下载所选的 1 个文档（PDF）。" : "将下载所选的 " + ids.length + " 个文档，打包为一个 zip 文件。";
    E.seal.confirm("下载文档", body, "加载").then(function (yes) {
      if (!yes) return;
      D.postDownload(D.paths.zip, ids);
    });
  }

  function remove() {
    var ids = selectedIds();
    if (!ids.length) return;
    var keep = retention ? "删除后文档将从列表中移除，平台保留 " + retention + " 天，期满后彻底清除。" : "删除后文档将从列表中移除。";
    E.seal.confirm("删除文档", "确定删除所选的 " + ids.length + " 个文档吗？" + keep, "删除").then(function (yes) {
      if (!yes) return;
      E.api("POST", D.paths.remove, { ids: ids }).then(function (res) {
        if (!res.ok) { E.toast(res.error.message); return; }
        selected = {};
        E.toast((res.data && res.data.notice) || "已删除");
        load(false);
      });
    });
  }

  /* ---------- wiring ---------- */
  document.querySelectorAll("[data-doc-tab]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.docTab === tab) return;
      selected = {};
      setTab(b.dataset.docTab);
      loadFilters();
      load(false);
    });
  });
  $("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    state.q = $("q").value.trim();
    load(false);
  });
  $("filter-open").addEventListener("click", function () { E.openLayer("filter-sheet"); });
  $("filter-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var from = $("f-from").value, to = $("f-to").value;
    if (from && to && from > to) { $("fs-error").textContent = "开始时间不能晚于结束时间"; return; }
    $("fs-error").textContent = "";
    state.signed_from = from;
    state.signed_to = to;
    state.source = $("f-source").value;
    state.status = $("f-status").value;
    state.matter_type = $("f-matter").value;
    $("filter-dot").hidden = !filterActive();
    E.closeLayer("filter-sheet");
    load(false);
  });
  $("fs-reset").addEventListener("click", function () {
    $("filter-form").reset();
    $("fs-error").textContent = "";
  });
  $("more").addEventListener("click", function () { state.page += 1; load(true); });
  $("sel-all").addEventListener("change", function () {
    var on = $("sel-all").checked;
    shown.forEach(function (d) { if (on) selected[d.id] = d; else delete selected[d.id]; });
    $("list").querySelectorAll("input[type=checkbox]").forEach(function (b) { b.checked = on; });
    updateBar();
  });
  $("sel-download").addEventListener("click", download);
  $("sel-delete").addEventListener("click", remove);

  setTab(tab);
  loadFilters();
  load(false);
})();
