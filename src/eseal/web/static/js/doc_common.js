/* Shared parts of the document pages (签署, 验签, 我的文档, 业务文档, 扫码):
 *
 * Eseal.doc.paths                    the API routes these pages call (docs/api.md "Documents and signing",
 *                                    "Document lists", "Verification", "扫码"), in one place.
 * Eseal.doc.checkPdf(file)           null | Chinese message: a .pdf ≤ 20 MB (the server checks the content again).
 * Eseal.doc.upload(url, file, onProgress) -> Promise<{ok, status, data, error}>  multipart POST (`file`) with
 *                                    XMLHttpRequest upload progress 0..100; Chinese messages for 413 / network.
 * Eseal.doc.lazyImages(root)         <img data-src> loads when it scrolls near the viewport.
 * Eseal.doc.date / datetime / size   display helpers (Beijing time to the second: Eseal.time's).
 * Eseal.doc.el(tag, cls, text)       createElement shortcut (textContent only: nothing from the API is HTML).
 */
(function () {
  "use strict";
  var E = window.Eseal;
  var MAX_PDF = 20 * 1024 * 1024;

  var paths = {
    upload: "/api/v1/documents",
    document: function (id) { return "/api/v1/documents/" + id; },
    page: function (id, n) { return "/api/v1/documents/" + id + "/pages/" + n + ".png"; },
    download: function (id) { return "/api/v1/documents/" + id + "/download"; },
    sign: function (id) { return "/api/v1/documents/" + id + "/signing"; },
    prepare: function (id) { return "/api/v1/documents/" + id + "/signing/prepare"; },
    signSeals: "/api/v1/signing/seals",
    seals: "/api/v1/seals",
    seal: function (id) { return "/api/v1/seals/" + id; },
    list: "/api/v1/documents",
    business: "/api/v1/documents",
    filters: "/api/v1/business-sources",
    zip: "/api/v1/documents/download",
    remove: "/api/v1/documents/delete",
    details: function (id) { return "/api/v1/documents/" + id + "/details"; },
    verify: "/api/v1/verify",
    report: function (serial) { return "/api/v1/verify/" + encodeURIComponent(serial); },
    reportPdf: function (serial) { return "/api/v1/verify/" + encodeURIComponent(serial) + "/report.pdf"; },
    publicReport: function (serial) { return "/api/v1/public/reports/" + encodeURIComponent(serial); },
    scanPhoto: "/api/v1/scan/photo",
    scanText: "/api/v1/scan/text"
  };

  function size(bytes) {
    if (bytes == null) return "";
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
    return (bytes / 1024 / 1024).toFixed(2) + " MB";
  }

  function checkPdf(file) {
    if (!file) return "请选择文件";
    var okType = file.type === "application/pdf" || /\.pdf$/i.test(file.name || "");
    if (!okType) return "仅支持PDF格式的文件";
    if (file.size > MAX_PDF) return "文件大小不能超过20M";
    if (file.size === 0) return "文件为空，请重新选择";
    return null;
  }

  /** POST `file`: multipart (`file` field), or with opts.raw the PDF itself as the body (?name=<file name>). */
  function upload(url, file, onProgress, opts) {
    return E.upload(url, file, onProgress, { raw: opts && opts.raw, defaultName: "document.pdf",
                                             messages: { 413: "文件大小不能超过20M", 429: "操作过于频繁，请稍后再试" } });
  }

  function lazyImages(root) {
    var imgs = (root || document).querySelectorAll("img[data-src]");
    function load(img) {
      if (!img.dataset.src) return;
      img.src = img.dataset.src;
      img.removeAttribute("data-src");
    }
    if (!("IntersectionObserver" in window)) { imgs.forEach(load); return; }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        if (en.isIntersecting) { load(en.target); io.unobserve(en.target); }
      });
    }, { rootMargin: "300px 0px" });
    imgs.forEach(function (img) { io.observe(img); });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /** Click a same-origin download link (the browser saves the file; errors come back as a JSON page). */
  function download(url) {
    var a = document.createElement("a");
    a.href = url;
    a.setAttribute("download", "");
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /** The pages of a document view: its `pages` [{number, width_mm, height_mm}] or, without sizes, 1..page_count. */
  function pagesOf(doc) {
    if (doc.pages && doc.pages.length && typeof doc.pages[0] === "object") return doc.pages.map(function (p, i) {
      return { number: p.number || i + 1, width_mm: p.width_mm, height_mm: p.height_mm };
    });
    var out = [];
    for (var i = 1; i <= (doc.page_count || 0); i++) out.push({ number: i, width_mm: null, height_mm: null });
    return out;
  }

  /** The server's preview of page n, as wide as the screen shows it (CSS width × device pixel ratio). */
  function pageUrl(doc, n) {
    var width = Math.min(1500, Math.round(Math.min(window.innerWidth, 480) * (window.devicePixelRatio || 1)));
    var base = doc.preview_url || ("/api/v1/documents/" + doc.id + "/pages");
    return base + "/" + n + ".png?width=" + width + (doc.current_revision != null ? "&revision=" + doc.current_revision : "");
  }

  /** POST a form (ids repeated + csrf_token) so the browser saves the streamed PDF / zip itself. */
  function postDownload(url, ids) {
    var form = document.createElement("form");
    form.method = "POST";
    form.action = url;
    form.hidden = true;
    ids.concat(["csrf"]).forEach(function (v, i) {
      var input = document.createElement("input");
      input.type = "hidden";
      if (i === ids.length) { input.name = "csrf_token"; input.value = E.csrfCookie(); } else { input.name = "ids"; input.value = v; }
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }

  E.doc = { postDownload: postDownload, pagesOf: pagesOf, pageUrl: pageUrl, paths: paths, checkPdf: checkPdf, upload: upload, lazyImages: lazyImages, date: E.time.date,
            datetime: E.time.datetimeSeconds, size: size, el: el, download: download, MAX_PDF: MAX_PDF };
})();
