/* 变更印模 (seal_change.html): the font previews of GET /api/v1/seal-applications/options, the chosen one shown as
 * the new face, willingness (seal.change), POST /api/v1/seals/{id}/change {font}. */
(function () {
  "use strict";
  var E = window.Eseal;
  var S = E.seal;
  var root = document.getElementById("change");
  var id = root.dataset.sealId;
  var API = "/api/v1/seals/" + id;
  var current = null;
  var chosen = null;

  function norm(font) { return font === "ukai" ? "gukai" : font; }

  function banner(message) {
    var el = document.getElementById("change-error");
    el.textContent = message || "";
    el.classList.toggle("is-shown", !!message);
  }

  function pick(f, img) {
    chosen = f.font;
    var out = document.getElementById("c-new");
    out.src = img.src;
    out.hidden = false;
    document.getElementById("c-new-empty").hidden = true;
    banner("");
  }

  Promise.all([E.api("GET", API), E.api("GET", "/api/v1/seal-applications/options")]).then(function (r) {
    var seal = r[0], opts = r[1];
    if (!seal.ok) { banner(seal.status === 404 ? "印章不存在" : seal.error.message); return; }
    var d = seal.data.seal;
    current = norm(d.font);
    var cur = document.getElementById("c-current");
    cur.src = d.seal.image_url;
    S.sizeFace(cur, d.seal.width_mm, d.seal.height_mm);
    if (d.seal.kind !== "personal_square") { banner("仅个人方章可变更字体"); return; }
    if (!opts.ok) { banner(opts.error.message); return; }
    var box = document.getElementById("fonts");
    opts.data.fonts.forEach(function (f) {
      var o = S.fontOption(f, f.label + (norm(f.font) === current ? "（当前）" : ""));
      o.img.src = f.preview_url;
      if (norm(f.font) === current) o.input.checked = true;
      o.input.addEventListener("change", function () { pick(f, o.img); });
      box.appendChild(o.label);
    });
  });

  document.getElementById("change-submit").addEventListener("click", function () {
    if (!chosen || norm(chosen) === current) { banner("请选择与当前不同的字体"); return; }
    S.willing({ action: "seal.change", targetType: "seal", targetId: id, title: "变更意愿认证" }).then(function (ch) {
      if (!ch) return;
      E.api("POST", API + "/change", { challenge_id: ch, font: chosen }).then(function (res) {
        if (res.ok) { E.toast("印模变更成功"); setTimeout(function () { location.href = "/seals/" + id; }, 900); }
        else banner(res.error.message);
      });
    });
  });
})();
