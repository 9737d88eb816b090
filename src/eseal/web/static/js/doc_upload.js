/* The PDF upload box of doc_macros.html (pdf_upload): Eseal.doc.bindUpload(box, url, onDone).
 * Choosing a file checks it (PDF, ≤ 20 MB), uploads it at once with a progress bar, shows the server's Chinese
 * message on refusal (not a PDF by content, encrypted, damaged, too large), and calls onDone(data, file). */
(function () {
  "use strict";
  var E = window.Eseal;

  function bindUpload(box, url, onDone, onStart, opts) {
    var input = box.querySelector("[data-file]");
    var chosen = box.querySelector("[data-chosen]");
    var name = box.querySelector("[data-name]");
    var sizeEl = box.querySelector("[data-size]");
    var bar = box.querySelector("[data-bar]");
    var fill = box.querySelector("[data-fill]");
    var pct = box.querySelector("[data-pct]");
    var err = box.querySelector("[data-error]");
    var pick = box.querySelector("[data-pick]");

    function progress(p) {
      fill.style.width = p + "%";
      bar.setAttribute("aria-valuenow", String(p));
      pct.textContent = p < 100 ? "正在上传 " + p + "%" : "上传完成，正在检查文件…";
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      err.textContent = "";
      box.classList.remove("has-error", "is-uploaded");
      name.textContent = file.name;
      sizeEl.textContent = E.doc.size(file.size);
      chosen.hidden = false;
      var problem = E.doc.checkPdf(file);
      if (problem) {
        err.textContent = problem;
        box.classList.add("has-error");
        bar.hidden = true;
        pct.textContent = "";
        input.value = "";
        return;
      }
      if (onStart) onStart(file);
      bar.hidden = false;
      progress(0);
      box.classList.add("is-busy");
      input.disabled = true;
      E.doc.upload(url, file, progress, opts).then(function (res) {
        box.classList.remove("is-busy");
        input.disabled = false;
        input.value = "";
        if (!res.ok) {
          bar.hidden = true;
          pct.textContent = "";
          err.textContent = res.error.message;
          box.classList.add("has-error");
          return;
        }
        box.classList.add("is-uploaded");
        pct.textContent = "上传成功";
        pick.textContent = "重新选择";
        onDone(res.data, file);
      });
    });
  }

  E.doc.bindUpload = bindUpload;
})();
