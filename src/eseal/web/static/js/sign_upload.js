/* 签署 · 上传文件: upload the PDF (doc_upload.js), then 发起签署 opens /sign/<document id>. */
(function () {
  "use strict";
  var E = window.Eseal;
  var start = document.getElementById("sign-start");
  var docId = null;
  E.doc.bindUpload(document.getElementById("up"), E.doc.paths.upload, function (data) {
    var doc = (data && (data.document || data)) || {};
    docId = doc.id;
    start.disabled = !docId;
  }, function () { start.disabled = true; docId = null; }, { raw: true });
  start.addEventListener("click", function () {
    if (docId) location.href = "/sign/" + docId;
  });
})();
