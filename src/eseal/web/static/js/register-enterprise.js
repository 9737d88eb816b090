/* 法人用户注册 (register_enterprise.html): every field is checked at once before submitting, credit code and
 * legal-representative ID number with their check characters (Eseal.ids, the port of eseal.engine.ids). */
(function () {
  var E = window.Eseal;
  var V = E.validators;
  ["credit_code", "legal_rep_id_number"].forEach(function (n) {
    var input = document.getElementById("f-" + n);
    input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
  });
  E.bindForm(document.getElementById("register-enterprise-form"), {
    url: "/api/v1/register/enterprise",
    validate: function (v) {
      var e = {};
      V.put(e, "name", V.orgName(v.name));
      V.put(e, "credit_code", V.creditCode(v.credit_code));
      V.put(e, "legal_rep_name", V.personName(v.legal_rep_name, "请输入法人代表姓名"));
      V.put(e, "legal_rep_id_number", v.legal_rep_id_number
        ? V.wrap("法人代表证件号校验错误", E.ids.idNumber("resident_id", v.legal_rep_id_number))
        : "请输入法人代表证件号");
      V.put(e, "phone", V.phone(v.phone));
      V.put(e, "sms_code", V.smsCode(v.sms_code));
      V.put(e, "password", V.password(v.password));
      if (!e.password && v.password_confirm !== v.password) e.password_confirm = "两次输入的密码不一致";
      if (!v.agree) e.agree = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
      return e;
    },
    aliases: { id_number: "legal_rep_id_number" },
    onSuccess: function () { location.href = "/home?welcome=1"; }
  });
})();
