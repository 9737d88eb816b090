/* 个人用户注册 (register_person.html): 实名注册 / 手机号注册; every field is checked at once before submitting,
 * the ID number with its check character (Eseal.ids, the port of eseal.engine.ids). */
(function () {
  var E = window.Eseal;
  var V = E.validators;
  var form = document.getElementById("register-person-form");
  var modeInput = document.getElementById("f-mode");
  var realname = form.querySelector("[data-realname]");
  document.querySelectorAll("[data-mode]").forEach(function (b) {
    b.addEventListener("click", function () {
      modeInput.value = b.dataset.mode;
      realname.hidden = b.dataset.mode !== "realname";
      document.querySelectorAll("[data-mode]").forEach(function (o) {
        o.setAttribute("aria-selected", o === b ? "true" : "false");
      });
      E.clearErrors(form);
    });
  });
  var idInput = document.getElementById("f-id_number");
  idInput.addEventListener("input", function () { idInput.value = idInput.value.toUpperCase().replace(/\s/g, ""); });
  E.bindForm(form, {
    url: "/api/v1/register/person",
    validate: function (v) {
      var e = {};
      if (v.mode === "realname") {
        V.put(e, "name", V.personName(v.name, "请输入真实姓名"));
        V.put(e, "id_number", v.id_number
          ? V.wrap("请输入正确的证件号码", E.ids.idNumber(v.id_type, v.id_number)) : "请输入证件号码");
      }
      V.put(e, "phone", V.phone(v.phone));
      V.put(e, "sms_code", V.smsCode(v.sms_code));
      if (!v.agree) e.agree = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
      return e;
    },
    onSuccess: function () { location.href = "/home?welcome=1"; }
  });
})();
