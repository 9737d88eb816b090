/* 浏览文档: one <img> per page from the server's previews, each loaded when it scrolls near the screen. */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc;
  var id = document.getElementById("viewer").dataset.documentId;
  E.api("GET", D.paths.document(id)).then(function (res) {
    document.getElementById("v-loading").hidden = true;
    if (!res.ok) {
      var e = document.getElementById("v-error");
      e.textContent = res.status === 404 ? "文档不存在或无权访问" : res.error.message;
      e.hidden = false;
      return;
    }
    var doc = res.data.document || res.data;
    document.getElementById("v-head").hidden = false;
    document.getElementById("v-name").textContent = doc.name;
    var pages = D.pagesOf(doc);
    document.getElementById("v-meta").textContent = "共 " + pages.length + " 页";
    var box = document.getElementById("v-pages");
    pages.forEach(function (p) {
      var fig = D.el("figure", "sign-page");
      var sheet = D.el("div", "sign-page__sheet");
      if (p.width_mm && p.height_mm) sheet.style.aspectRatio = p.width_mm + " / " + p.height_mm;
      var img = D.el("img", "sign-page__img");
      img.alt = "第 " + p.number + " 页";
      img.dataset.src = D.pageUrl(doc, p.number);
      sheet.appendChild(img);
      fig.appendChild(sheet);
      fig.appendChild(D.el("figcaption", "sign-page__no", "第 " + p.number + " / " + pages.length + " 页"));
      box.appendChild(fig);
    });
    D.lazyImages(box);
  });
})();
