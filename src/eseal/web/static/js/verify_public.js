/* The public page of a report's QR code: GET /api/v1/public/reports/<serial> → the verdict only (and, for a
 * signature made under a grant, 在授权下签署 without the grant, the person or its terms). */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc, V = E.verify;
  var root = document.getElementById("public");
  var serial = root.dataset.serial;
  function fail(msg) {
    document.getElementById("p-loading").hidden = true;
    var e = document.getElementById("p-error");
    e.textContent = msg;
    e.hidden = false;
  }
  if (!serial) { fail("验证报告编号无效"); return; }
  E.api("GET", D.paths.publicReport(serial)).then(function (res) {
    if (!res.ok) { fail(res.status === 404 ? "未找到该验证报告，请核对报告编号" : res.error.message); return; }
    var r = res.data.report || res.data;
    document.getElementById("p-loading").hidden = true;
    document.getElementById("p-body").hidden = false;
    V.showVerdict("p", r.verdict || r.indication, r.document_name ? "《" + r.document_name + "》" : "");
    var list = document.getElementById("p-info");
    V.row(list, "报告编号", r.serial || serial, "list__value--code");
    V.row(list, "验证时间", D.datetime(r.validation_time || r.created_at));
    if (r.signature_count != null) V.row(list, "签章数量", String(r.signature_count));
    if (r.document_sm3) V.row(list, "文件SM3", r.document_sm3, "vr-hash");
    if (r.document_sha256) V.row(list, "文件SHA-256", r.document_sha256, "vr-hash");
    (r.signatures || []).forEach(function (s, i) {
      var v = V.verdict(s.verdict);
      var item = V.row(list, "签章 " + (i + 1), v.label + (s.failed_items && s.failed_items.length ?
        "（" + s.failed_items.join("、") + "未通过）" : ""), "vr-v--" + v.key);
      item.dataset.signature = s.index;
      item.dataset.verdict = v.key;
      if (s.seal_name) V.row(list, "印章名称", s.seal_name);
      if (s.signing_time) V.row(list, "签章时间", D.datetime(s.signing_time) + (s.signing_time_source === "timestamp" ? "（时间戳）" : ""));
      if (s.seal_state_at_signing) V.row(list, "签章时印章状态", s.seal_state_at_signing);
      if (s.authorised) V.row(list, "签署方式", "在授权下签署（经印章所有者授权的人员签署）").dataset.authorised = "1";
    });
  });
})();
