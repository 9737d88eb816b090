/* register enterprise page (register_enterprise.html). */
(function () {
  var E = window.Eseal;
  ["credit_code", "legal_rep_id_number"].forEach(function (n) {
    var input = document.getElementById("f-" + n);
    input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
  });
  E.bindForm(document.getElementById("register-enterprise-form"), {
    url: "/api/v1/register/enterprise",
    validate: function (v) {
      var e = {};
      if (!v.name) e.name = "请输入公司或单位名称";
      if (!v.credit_code) e.credit_code = "请输入统一社会信用代码";
      if (!v.legal_rep_name) e.legal_rep_name = "请输入法人代表姓名";
      if (!v.legal_rep_id_number) e.legal_rep_id_number = "请输入法人代表证件号";
      if (!/^1\d{10}$/.test(v.phone)) e.phone = v.phone ? "请输入正确的手机号" : "请输入手机号";
      if (!v.sms_code) e.sms_code = "请输入短信验证码";
      if (!v.password) e.password = "请设置密码";
      if (v.password && v.password_confirm !== v.password) e.password_confirm = "两次输入的密码不一致";
      if (!v.agree) e.agree = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
      return e;
    },
    aliases: { id_number: "legal_rep_id_number" },
    onSuccess: function () { location.href = "/home?welcome=1"; }
  });
})();
