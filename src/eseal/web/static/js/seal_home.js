/* 首页 · 我的印章: the acting account's seals (GET /api/v1/seals) as cards — face, name, state, validity; a tap on
 * 印章信息 opens 印章详情. */
(function () {
  "use strict";
  var E = window.Eseal;
  var box = document.getElementById("seal-cards");
  var empty = document.getElementById("seals-empty");
  if (!box) return;
  var STATE_PILL = { enabled: "pill--green", suspended: "pill--orange", cancelled: "pill--red" };

  function card(s) {
    var a = document.createElement("a");
    a.className = "seal-card";
    a.href = "/seals/" + s.id;
    a.dataset.sealId = s.id;
    a.dataset.kind = s.kind;
    var face = document.createElement("div");
    face.className = "seal-card__face";
    var img = document.createElement("img");
    img.src = s.image_url;
    img.alt = s.kind_label + "印模";
    face.appendChild(img);
    var name = document.createElement("div");
    name.className = "seal-card__name";
    name.textContent = s.kind_label;
    var state = document.createElement("span");
    state.className = "pill " + (STATE_PILL[s.state] || "");
    state.dataset.state = s.state;
    state.textContent = s.state === "enabled" && !s.usable ? "不在有效期" : s.state_label;
    var meta = document.createElement("div");
    meta.className = "seal-card__meta";
    meta.textContent = "有效期至 " + E.time.date(s.valid_to);
    var info = document.createElement("div");
    info.className = "seal-card__info";
    info.textContent = "印章信息";
    [face, name, state, meta, info].forEach(function (el) { a.appendChild(el); });
    return a;
  }

  E.api("GET", "/api/v1/seals").then(function (res) {
    if (!res.ok) {
      if (res.status !== 404) document.getElementById("seals-empty-text").textContent = res.error.message;
      return;
    }
    var seals = (res.data.seals || []).filter(function (s) { return s.state !== "cancelled"; });
    if (!seals.length) return;
    seals.forEach(function (s) { box.appendChild(card(s)); });
    box.hidden = false;
    empty.hidden = true;
  });
})();
