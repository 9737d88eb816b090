/* 新增管理员 / 新增被授权人 (manual §4.6.1 / §4.6.2): every field checked at once (证件号码 with ids.js, GB 11643),
 * 授权范围 / 时间 / 次数 (Eseal.grant.scope) → 提交 → POST /api/v1/grants/check (the server's rules, before any
 * willingness) → 意愿认证 (grant.create on the enterprise) → POST /api/v1/grants
 * → 待接收, back to the list. The server's refusals (never logged in, mismatch, duplicate…) land at their field. */
(function () {
  "use strict";
  var E = window.Eseal;
  var form = document.getElementById("grant-form");
  var role = form.dataset.role;
  var scope = E.grant.scope(form, role, null);
  var submit = document.getElementById("grant-submit");
  var aliases = { all_seals: "seal_ids" };

  function val(name) { return form.querySelector("[name=" + name + "]").value.trim(); }

  function validate() {
    var ok = true;
    var name = val("name");
    if (!name) { E.setFieldError(form, "name", "请输入姓名"); ok = false; }
    else if (name.length > 50) { E.setFieldError(form, "name", "姓名不能超过50个字符"); ok = false; }
    var idMsg = val("id_number") ? E.ids.idNumber(val("id_type"), val("id_number")) : "请输入证件号码";
    if (idMsg) { E.setFieldError(form, "id_number", idMsg); ok = false; }
    if (!/^1\d{10}$/.test(val("phone"))) { E.setFieldError(form, "phone", val("phone") ? "手机号码格式错误" : "请输入手机号码"); ok = false; }
    return scope.validate() && ok;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    E.clearErrors(form);
    if (!validate()) return;
    var body = Object.assign({ role: role, name: val("name"), id_type: val("id_type"),
                               id_number: val("id_number").toUpperCase(), phone: val("phone"),
                               department: val("department") || null }, scope.body());
    submit.disabled = true;
    // the server's rules first (never logged in, check digit, duplicate…): no willingness for a refused addition
    E.api("POST", "/api/v1/grants/check", body).then(function (res) {
      if (!res.ok) { submit.disabled = false; E.showError(form, res.error, aliases); return null; }
      return E.seal.willing({ action: "grant.create", targetType: "enterprise", targetId: form.dataset.enterpriseId,
                              title: "新增授权 · 意愿认证" });
    }).then(function (cid) {
      if (!cid) { submit.disabled = false; return null; }
      body.willingness_challenge_id = cid;
      return E.api("POST", "/api/v1/grants", body).then(function (res) {
        submit.disabled = false;
        if (!res.ok) { E.showError(form, res.error, aliases); return; }
        E.toast("已提交，等待对方接收授权");
        setTimeout(function () { location.href = "/grants?role=" + role; }, 600);
      });
    });
  });
})();
