/* 验签 · 上传文件 → 立即验证: the chosen PDF is checked here (PDF, ≤ 20 MB), sent with upload progress, and the
 * report opens at /verify/<serial>. The answer is kept in sessionStorage for the report page (a visitor without
 * login reads their own report from it). */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc;
  var box = document.getElementById("vup");
  var input = box.querySelector("[data-file]");
  var btn = document.getElementById("verify-start");
  var err = box.querySelector("[data-error]");
  var bar = box.querySelector("[data-bar]");
  var fill = box.querySelector("[data-fill]");
  var pct = box.querySelector("[data-pct]");
  var file = null;

  input.addEventListener("change", function () {
    file = input.files && input.files[0];
    err.textContent = "";
    box.classList.remove("has-error", "is-uploaded");
    bar.hidden = true;
    pct.textContent = "";
    if (!file) { btn.disabled = true; return; }
    box.querySelector("[data-name]").textContent = file.name;
    box.querySelector("[data-size]").textContent = D.size(file.size);
    box.querySelector("[data-chosen]").hidden = false;
    var problem = D.checkPdf(file);
    if (problem) { err.textContent = problem; box.classList.add("has-error"); file = null; }
    btn.disabled = !file;
  });

  btn.addEventListener("click", function () {
    if (!file) return;
    btn.disabled = true;
    btn.classList.add("is-busy");
    bar.hidden = false;
    D.upload(D.paths.verify, file, function (p) {
      fill.style.width = p + "%";
      bar.setAttribute("aria-valuenow", String(p));
      pct.textContent = p < 100 ? "正在上传 " + p + "%" : "上传完成，正在验证…";
    }).then(function (res) {
      btn.classList.remove("is-busy");
      if (!res.ok) {
        btn.disabled = false;
        bar.hidden = true;
        pct.textContent = "";
        err.textContent = res.error.message;
        box.classList.add("has-error");
        return;
      }
      var data = res.data || {};
      var serial = data.serial || (data.report && data.report.serial);
      try { sessionStorage.setItem("eseal.verify." + serial, JSON.stringify(data)); } catch (e) { /* not kept */ }
      location.href = "/verify/" + encodeURIComponent(serial);
    });
  });
})();
