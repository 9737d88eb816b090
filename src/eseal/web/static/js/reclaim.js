/* 认领单位账号 (reclaim.html): claim → face check of the legal representative (the face page returns here with
   ?face_check_id=&status=) → phone + SMS code + new password → POST /api/v1/enterprise/reclaim. */
(function () {
  "use strict";
  var E = window.Eseal;
  var form = document.getElementById("reclaim-form");
  var faceBtn = document.getElementById("face-start");
  var faceIdInput = document.getElementById("f-face_check_id");
  var step2 = document.getElementById("reclaim-step2");
  var STORE = "eseal.reclaim";
  var CLAIM = ["credit_code", "name", "legal_rep_name", "legal_rep_id_number"];

  ["credit_code", "legal_rep_id_number"].forEach(function (n) {
    var input = document.getElementById("f-" + n);
    input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
  });

  function claim() {
    var body = {};
    CLAIM.forEach(function (n) { body[n] = document.getElementById("f-" + n).value.trim(); });
    return body;
  }

  function checkClaim(c) {
    var e = {};
    if (!c.credit_code) e.credit_code = "请输入统一社会信用代码";
    if (!c.name) e.name = "请输入公司或单位名称";
    if (!c.legal_rep_name) e.legal_rep_name = "请输入法定代表人姓名";
    if (!c.legal_rep_id_number) e.legal_rep_id_number = "请输入法定代表人身份证号";
    return e;
  }

  faceBtn.addEventListener("click", function () {
    E.clearErrors(form);
    var c = claim();
    var local = checkClaim(c);
    if (Object.keys(local).length) {
      E.showError(form, { message: local[Object.keys(local)[0]], fields: local });
      return;
    }
    faceBtn.disabled = true;
    var body = Object.assign({ return_to: "/enterprise/reclaim" }, c);
    E.api("POST", "/api/v1/enterprise/reclaim/face-check", body).then(function (res) {
      faceBtn.disabled = false;
      if (!res.ok) { E.showError(form, res.error, { face_check_id: "face_check" }); return; }
      try { sessionStorage.setItem(STORE, JSON.stringify(c)); } catch (e) { /* private mode */ }
      location.href = res.data.verify_url;
    });
  });

  // Back from the face check page: restore the claim, then ask for phone and new password.
  var q = new URLSearchParams(location.search);
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
  if (q.get("face_check_id") && saved) {
    CLAIM.forEach(function (n) {
      var input = document.getElementById("f-" + n);
      input.value = saved[n] || "";
      input.readOnly = true;
    });
    if (q.get("status") === "passed") {
      faceIdInput.value = q.get("face_check_id");
      faceBtn.disabled = true;
      faceBtn.className = "btn btn--success";
      faceBtn.textContent = "✓ 法定代表人人脸识别已通过";
      step2.hidden = false;
    } else {
      CLAIM.forEach(function (n) { document.getElementById("f-" + n).readOnly = false; });
      E.setFieldError(form, "face_check", "人脸识别未通过，请重试");
    }
  }

  E.bindForm(form, {
    url: "/api/v1/enterprise/reclaim",
    validate: function (v) {
      var e = checkClaim(claim());
      if (!v.face_check_id) e.face_check = "请先完成法定代表人人脸识别";
      if (!/^1\d{10}$/.test(v.phone)) e.phone = v.phone ? "请输入正确的手机号" : "请输入手机号";
      if (!v.sms_code) e.sms_code = "请输入短信验证码";
      if (!v.password) e.password = "请设置新密码";
      else if (v.password !== v.password_confirm) e.password_confirm = "两次输入的密码不一致";
      if (!v.agree) e.agree = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
      return e;
    },
    body: function (v) {
      return Object.assign(claim(), { face_check_id: v.face_check_id, phone: v.phone, sms_code: v.sms_code,
                                      password: v.password, password_confirm: v.password_confirm, agree: !!v.agree });
    },
    aliases: { face_check_id: "face_check" },
    onSuccess: function () {
      try { sessionStorage.removeItem(STORE); } catch (e) { /* private mode */ }
      var ok = document.getElementById("reclaim-ok");
      ok.textContent = "认领成功，原账号的登录已全部失效。请使用新密码登录";
      ok.classList.add("is-shown");
      var code = claim().credit_code;
      setTimeout(function () { location.href = "/login/enterprise?credit_code=" + encodeURIComponent(code); }, 1500);
    }
  });
})();
