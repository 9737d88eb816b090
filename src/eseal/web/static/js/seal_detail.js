/* 印章详情 (seal_detail.html): GET /api/v1/seals/{id}; 变更 (persons: /seals/{id}/change; enterprises: 该功能暂未开放),
 * 续期 (within 10 days of expiry, else the date it becomes possible), 停用 / 启用 (dialog 立即停用 / 立即启用, then
 * willingness), 注销 (persons: confirmation + willingness; enterprises: /seals/{id}/cancel). */
(function () {
  "use strict";
  var E = window.Eseal;
  var S = E.seal;
  var root = document.getElementById("detail");
  var id = root.dataset.sealId;
  var mode = root.dataset.mode;
  var API = "/api/v1/seals/" + id;
  var METHOD = { password: "密码核验", sms: "短信核验", face: "人脸核验" };
  var PILL = { enabled: "pill pill--green", suspended: "pill pill--orange", cancelled: "pill pill--red" };
  var seal = null;

  function text(elId, value) { document.getElementById(elId).textContent = value == null ? "" : String(value); }

  function render(d) {
    seal = d;
    var s = d.seal;
    var img = document.getElementById("d-face");
    img.src = s.image_url + (s.image_url.indexOf("?") < 0 ? "?v=" : "&v=") + d.version;
    img.alt = s.kind_label + "印模";
    S.sizeFace(img, s.width_mm, s.height_mm);
    text("d-size", "印模实际尺寸 " + s.width_mm + " × " + s.height_mm + " mm");
    text("d-name", s.name);
    text("d-type", d.seal_type && d.seal_type !== s.kind_label ? s.kind_label + "（" + d.seal_type + "）" : s.kind_label);
    text("d-esid", d.es_id);
    var state = document.getElementById("d-state");
    state.className = PILL[s.state] || "pill";
    state.dataset.state = s.state;
    state.textContent = s.state === "enabled" && !s.usable ? "已启用（不在有效期）" : s.state_label;
    text("d-valid", S.date(s.valid_from) + " 至 " + S.date(s.valid_to));
    text("d-method", METHOD[d.method] || d.method);
    text("d-version", "第" + d.version + "版");
    text("d-uses", d.use_count + " 次");
    text("d-cert-subject", d.certificate.subject);
    text("d-cert-issuer", d.certificate.issuer);
    text("d-cert-serial", d.certificate.serial + (d.certificate.revoked ? "（已吊销）" : ""));
    text("d-cert-valid", S.date(d.certificate.valid_from) + " 至 " + S.date(d.certificate.valid_to));
    var list = document.getElementById("d-history");
    list.innerHTML = "";
    (d.history || []).forEach(function (h) {
      var li = document.createElement("li");
      li.className = "history__item";
      var what = document.createElement("span");
      what.textContent = h.action_label + (h.version ? " · 第" + h.version + "版" : "") + (h.actor_name ? " · " + h.actor_name : "");
      var when = document.createElement("time");
      when.className = "history__when";
      when.dateTime = h.at;
      when.textContent = S.datetime(h.at);
      li.appendChild(what);
      li.appendChild(when);
      list.appendChild(li);
    });
    var cancelled = s.state === "cancelled";
    var toggle = document.getElementById("act-toggle");
    toggle.textContent = s.state === "suspended" ? "启用" : "停用";
    ["act-change", "act-renew", "act-toggle", "act-cancel"].forEach(function (b) {
      document.getElementById(b).disabled = cancelled;
    });
    document.getElementById("d-loading").hidden = true;
    document.getElementById("d-body").hidden = false;
  }

  function load() {
    return E.api("GET", API).then(function (res) {
      if (res.ok) { render(res.data.seal); return; }
      var box = document.getElementById("d-loading");
      box.textContent = res.status === 404 ? "印章不存在" : res.error.message;
    });
  }

  function act(move, action, title, body) {
    return S.willing({ action: action, targetType: "seal", targetId: id, title: title }).then(function (challenge) {
      if (!challenge) return null;
      return E.api("POST", API + "/" + move, Object.assign({ challenge_id: challenge }, body || {})).then(function (res) {
        if (res.ok) { render(res.data.seal); return res; }
        E.toast(res.error.message);
        return null;
      });
    });
  }

  document.getElementById("act-change").addEventListener("click", function () {
    if (mode === "enterprise") { E.toast("该功能暂未开放"); return; }
    if (seal && seal.seal.kind === "personal_handdrawn") { E.toast("个人手绘章不支持变更字体，请注销后重新申领"); return; }
    location.href = "/seals/" + id + "/change";
  });

  document.getElementById("act-renew").addEventListener("click", function () {
    if (!seal) return;
    if (new Date(seal.renewable_from) > new Date()) {
      E.toast("印章到期前10天内方可续期，请于" + S.dateCn(seal.renewable_from) + "起办理", 3500);
      return;
    }
    act("renew", "seal.renew", "续期意愿认证").then(function (res) { if (res) E.toast("印章续期成功"); });
  });

  document.getElementById("act-toggle").addEventListener("click", function () {
    if (!seal) return;
    var resume = seal.seal.state === "suspended";
    var title = resume ? "启用印章" : "停用印章";
    var body = resume ? "启用后该印章可重新用于签署。" : "停用后该印章将不能用于签署，可随时重新启用。";
    S.confirm(title, body, resume ? "立即启用" : "立即停用").then(function (yes) {
      if (!yes) return;
      act(resume ? "resume" : "suspend", resume ? "seal.resume" : "seal.suspend",
          resume ? "启用意愿认证" : "停用意愿认证").then(function (res) {
        if (res) E.toast(resume ? "印章启用成功" : "印章停用成功");
      });
    });
  });

  document.getElementById("act-cancel").addEventListener("click", function () {
    if (mode === "enterprise") { location.href = "/seals/" + id + "/cancel"; return; }
    S.confirm("注销印章", "注销后印章将永久失效，不能再用于签署，也不能重新启用。", "确认注销").then(function (yes) {
      if (!yes) return;
      act("cancel", "seal.revoke", "注销意愿认证").then(function (res) { if (res) E.toast("印章注销成功"); });
    });
  });

  load();
})();
