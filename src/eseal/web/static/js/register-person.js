/* register person page (register_person.html). */
(function () {
  var E = window.Eseal;
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
        if (!v.name) e.name = "请输入真实姓名";
        if (!v.id_number) e.id_number = "请输入证件号码";
      }
      if (!/^1\d{10}$/.test(v.phone)) e.phone = v.phone ? "请输入正确的手机号" : "请输入手机号";
      if (!v.sms_code) e.sms_code = "请输入短信验证码";
      if (!v.agree) e.agree = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
      return e;
    },
    onSuccess: function () { location.href = "/home?welcome=1"; }
  });
})();
