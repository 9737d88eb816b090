/* 文档详情 (manual §4.5.1 / §4.6.1): basic information, the signatures, the signing history from the audit,
 * 下载文档 and 浏览文档; a business document waiting for the seal offers 去签署. Reads the document-list API's
 * details (D1c) and falls back to the document view (D1a) for what it lacks. */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc, V = E.verify;
  var $ = function (id) { return document.getElementById(id); };
  var id = $("detail").dataset.documentId;
  var PILL = { signed: "pill--green", pending: "pill--orange", unsigned: "pill--blue" };

  function fail(msg) {
    $("d-loading").hidden = true;
    $("d-error").textContent = msg;
    $("d-error").hidden = false;
  }

  function render(det, view) {
    var d = det.document || view || {};
    $("d-loading").hidden = true;
    $("d-body").hidden = false;
    $("d-name").textContent = d.name;
    $("d-status").textContent = d.status_label || d.status;
    $("d-status").className = "pill " + (PILL[d.status] || "");
    $("d-download").href = det.download_url || (view && view.download_url) || D.paths.download(id);
    $("d-view").href = "/docs/" + id + "/view";
    if (d.status === "pending" || d.status === "unsigned") {
      $("d-sign").hidden = false;
      $("d-sign").href = "/sign/" + id;
      $("d-sign").textContent = d.status === "pending" ? "去签署" : "发起签署";
    }
    var info = $("d-info");
    V.row(info, "文档名称", d.name);
    if (d.origin === "business") {
      V.row(info, "来源", d.source_name);
      V.row(info, "事项类型", d.matter_type);
    }
    V.row(info, "签署状态", d.status_label || d.status);
    V.row(info, "签署日期", d.signed_date || (d.signed_at ? D.date(d.signed_at) : "—"));
    V.row(info, "上传时间", D.datetime(d.created_at));
    if (det.owner_name) V.row(info, "所属账号", det.owner_name);
    if (det.created_by_name) V.row(info, "上传人", det.created_by_name);
    V.row(info, "页数", String(d.page_count || (view && view.page_count) || ""));
    V.row(info, "文件大小", D.size(d.size != null ? d.size : view && view.size));
    if (det.revisions != null) V.row(info, "版本数", String(det.revisions));
    if (view && view.sm3) V.row(info, "SM3", view.sm3, "vr-hash");

    var sigs = det.signatures || (view && view.signings) || [];
    var box = $("d-sigs");
    if (!sigs.length) box.appendChild(D.el("div", "card empty", "尚未签章"));
    sigs.forEach(function (s, i) {
      var card = D.el("div", "card docsig");
      card.dataset.signature = s.id;
      card.appendChild(D.el("div", "docsig__title", (i + 1) + ". " + (s.seal_name || "印章")));
      var l = D.el("div", "list list--inset vr-info");
      V.row(l, "签章方式", s.mode_label || E.stamps_label(s.mode));
      V.row(l, "签章页面", (s.pages || []).length ? "第 " + s.pages.join("、") + " 页" : "—");
      if (s.signer_name) V.row(l, "签章人", s.signer_name);
      if (s.owner_name) V.row(l, "印章所属", s.owner_name);
      V.row(l, "签章时间", D.datetime(s.at));
      V.row(l, "意愿认证", s.willingness_label || s.willingness_method);
      V.row(l, "签章格式", s.profile_label || s.profile);
      card.appendChild(l);
      box.appendChild(card);
    });

    var hist = $("d-history");
    var rows = det.history || [];
    if (!rows.length) hist.appendChild(D.el("li", "history__item muted", "暂无记录"));
    rows.forEach(function (h) {
      var li = D.el("li", "history__item");
      li.appendChild(D.el("div", "history__when", D.datetime(h.at)));
      li.appendChild(D.el("div", null, h.label + (h.detail ? "：" + h.detail : "") + (h.actor_name ? "（" + h.actor_name + "）" : "")));
      hist.appendChild(li);
    });
  }

  E.stamps_label = function (m) { return { single: "单页签章", multi: "多页签章", seam: "骑缝签章" }[m] || m || ""; };

  Promise.all([E.api("GET", D.paths.details(id)), E.api("GET", D.paths.document(id))]).then(function (r) {
    var det = r[0], view = r[1];
    if (!det.ok && !view.ok) { fail(view.status === 404 ? "文档不存在或无权访问" : view.error.message); return; }
    render(det.ok ? (det.data.details || det.data) : {}, view.ok ? (view.data.document || view.data) : null);
  });
})();
