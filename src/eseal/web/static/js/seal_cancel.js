/* 注销 of an enterprise seal (seal_cancel.html): pictures (POST /api/v1/seals/{id}/cancel/materials → sha256),
 * 经办人 / 单位法人 / 单位信息 checked on the page (check digits), confirmation, SMS willingness (seal.revoke),
 * POST /api/v1/seals/{id}/cancel. */
(function () {
  "use strict";
  var E = window.Eseal;
  var S = E.seal;
  var form = document.getElementById("cancel-form");
  var id = form.dataset.sealId;
  var API = "/api/v1/seals/" + id;
  var SLOTS = [["license", "营业执照"], ["legal_rep_id", "法定代表人身份证"], ["request", "注销申请书"]];
  var uploaded = {};

  E.api("GET", API).then(function (res) {
    var box = document.getElementById("cancel-seal");
    if (!res.ok) { box.textContent = res.status === 404 ? "印章不存在" : res.error.message; return; }
    var s = res.data.seal.seal;
    box.innerHTML = "";
    var row = document.createElement("div");
    row.className = "kind";
    var img = document.createElement("img");
    img.src = s.image_url;
    img.alt = s.kind_label + "印模";
    img.width = 56;
    img.height = 56;
    var name = document.createElement("span");
    name.className = "kind__name";
    name.textContent = s.name;
    var pill = document.createElement("span");
    pill.className = "pill";
    pill.textContent = s.state_label;
    row.appendChild(img); row.appendChild(name); row.appendChild(pill);
    box.appendChild(row);
  });

  var box = document.getElementById("uploads");
  var tpl = document.getElementById("material-tpl");
  SLOTS.forEach(function (slot) {
    var node = tpl.content.firstElementChild.cloneNode(true);
    node.dataset.slot = slot[0];
    node.querySelector("[data-label]").textContent = slot[1];
    node.querySelector("[data-req]").hidden = true;
    var input = node.querySelector("[data-file]");
    input.id = "file-" + slot[0];
    input.setAttribute("aria-label", "上传" + slot[1]);
    input.addEventListener("change", function () {
      var file = input.files[0];
      input.value = "";
      S.uploadSlot(node, API + "/cancel/materials", file).then(function (res) {
        if (!res) return;
        if (!res.ok) { delete uploaded[slot[0]]; return; }
        uploaded[slot[0]] = res.data.sha256;
        var reader = new FileReader(); // local thumbnail (data: URL; the stored copy is re-encoded)
        reader.onload = function () {
          var thumb = node.querySelector("[data-thumb]");
          thumb.src = reader.result;
          thumb.hidden = false;
          node.querySelector("[data-plus]").hidden = true;
          node.classList.add("is-uploaded");
        };
        reader.readAsDataURL(file);
      });
    });
    box.appendChild(node);
  });

  ["handler_id_number", "legal_rep_id_number", "credit_code"].forEach(function (n) {
    var input = document.getElementById("f-" + n);
    input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
  });

  function validate(v) {
    var e = {};
    if (!Object.keys(uploaded).length) e.materials = "请上传注销材料";
    if (!v.handler_name) e.handler_name = "请输入姓名";
    var m = v.handler_id_number ? E.ids.idNumber(v.handler_id_type, v.handler_id_number) : "请输入证件号码";
    if (m) e.handler_id_number = m;
    if (!/^1\d{10}$/.test(v.handler_phone)) e.handler_phone = v.handler_phone ? "请输入正确的手机号" : "请输入手机号";
    if (!v.legal_rep_name) e.legal_rep_name = "请输入姓名";
    m = v.legal_rep_id_number ? E.ids.idNumber(v.legal_rep_id_type, v.legal_rep_id_number) : "请输入证件号码";
    if (m) e.legal_rep_id_number = m;
    if (!v.unit_name) e.unit_name = "请输入单位名称";
    m = E.ids.creditCode(v.credit_code);
    if (m) e.credit_code = m;
    return e;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    E.clearErrors(form);
    box.classList.remove("has-error");
    var v = {};
    ["handler_name", "handler_id_type", "handler_id_number", "handler_phone", "legal_rep_name", "legal_rep_id_type",
     "legal_rep_id_number", "unit_name", "credit_code"].forEach(function (n) {
      v[n] = document.getElementById("f-" + n).value.trim();
    });
    var errors = validate(v);
    if (Object.keys(errors).length) {
      E.showError(form, { message: errors[Object.keys(errors)[0]], fields: errors });
      if (errors.materials) document.querySelector('[data-error-for="materials"]').textContent = errors.materials;
      return;
    }
    S.confirm("注销印章", "确认注销该印章？注销后不可恢复。", "确认注销").then(function (yes) {
      if (!yes) return null;
      return S.willing({ action: "seal.revoke", targetType: "seal", targetId: id, title: "注销短信验证", methods: ["sms"] });
    }).then(function (challenge) {
      if (!challenge) return;
      var btn = document.getElementById("cancel-submit");
      btn.classList.add("is-busy");
      var materials = Object.keys(uploaded).map(function (k) { return uploaded[k]; });
      E.api("POST", API + "/cancel", { challenge_id: challenge, materials: materials, forms: v }).then(function (res) {
        btn.classList.remove("is-busy");
        if (res.ok) { E.toast("印章注销成功"); setTimeout(function () { location.href = "/seals/" + id; }, 900); }
        else E.showError(form, res.error);
      });
    });
  });
})();
