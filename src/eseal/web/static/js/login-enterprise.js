/* login enterprise page (login_enterprise.html). */
(function () {
  var E = window.Eseal;
  var input = document.getElementById("f-credit_code");
  input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
  E.bindForm(document.getElementById("enterprise-login-form"), {
    url: "/api/v1/auth/enterprise/login",
    validate: function (v) {
      var e = {};
      if (!v.credit_code) e.credit_code = "请输入统一社会信用代码";
      else if (v.credit_code.length !== 18) e.credit_code = "请输入18位统一社会信用代码";
      if (!v.password) e.password = "请输入密码";
      if (!v.agree) e.agree = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
      return e;
    },
    onSuccess: function () { location.href = E.nextUrl("/home"); }
  });
})();
