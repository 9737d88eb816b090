/* 忘记密码 (manual §2.1 4): 手机验证码 / 人脸认证（仅身份证登录时可用） → 新密码. */
(function () {
  "use strict";
  var E = window.Eseal;
  var form = document.getElementById("forgot-form");
  var typeInput = document.getElementById("f-account_type");
  var methodInput = document.getElementById("f-method");
  var accountInput = document.getElementById("f-account");
  var accountLabel = form.querySelector('label[for="f-account"]');
  var faceIdInput = document.getElementById("f-face_check_id");
  var faceBtn = document.getElementById("face-start");
  var STORE = "eseal.faceReset";

  function isPhone(v) { return /^1\d{10}$/.test(v); }

  function setType(type) {
    typeInput.value = type;
    document.querySelectorAll("[data-type]").forEach(function (b) {
      b.setAttribute("aria-selected", b.dataset.type === type ? "true" : "false");
    });
    var enterprise = type === "enterprise";
    accountLabel.innerHTML = '<span class="req">*</span>' + (enterprise ? "统一社会信用代码" : "手机号/身份证号");
    accountInput.placeholder = enterprise ? "请输入统一社会信用代码" : "请输入手机号/身份证号";
    document.getElementById("face-hint").textContent = enterprise
      ? "人脸认证将核验法定代表人本人" : "人脸认证仅身份证登录时可用";
    E.clearErrors(form);
  }

  function setMethod(m) {
    methodInput.value = m;
    document.querySelectorAll("[data-method]").forEach(function (b) {
      var on = b.dataset.method === m;
      b.setAttribute("aria-selected", on ? "true" : "false");
      b.setAttribute("aria-checked", on ? "true" : "false");
    });
    document.getElementById("sms-box").hidden = m !== "sms";
    document.getElementById("face-box").hidden = m !== "face";
  }

  document.querySelectorAll("[data-type]").forEach(function (b) {
    b.addEventListener("click", function () { setType(b.dataset.type); });
  });
  document.querySelectorAll("[data-method]").forEach(function (b) {
    b.addEventListener("click", function () {
      E.clearErrors(form);
      if (b.dataset.method === "face" && typeInput.value === "person" && isPhone(accountInput.value.trim())) {
        E.setFieldError(form, "method", "人脸认证仅身份证登录时可用，请输入身份证号");
        return;
      }
      setMethod(b.dataset.method);
    });
  });
  accountInput.addEventListener("input", function () {
    accountInput.value = accountInput.value.toUpperCase().replace(/\s/g, "");
  });

  function accountBody() {
    var account = accountInput.value.trim();
    var body = { account_type: typeInput.value, account: account };
    if (typeInput.value === "person" && !isPhone(account)) body.id_type = "resident_id";
    return body;
  }

  function checkAccount() {
    E.clearErrors(form);
    var v = accountInput.value.trim();
    if (!v) {
      E.setFieldError(form, "account", typeInput.value === "enterprise" ? "请输入统一社会信用代码" : "请输入手机号/身份证号");
      return false;
    }
    return true;
  }

  var smsBtn = document.getElementById("reset-sms-send");
  smsBtn.addEventListener("click", function () {
    if (!checkAccount()) return;
    var body = accountBody();
    body.purpose = "reset_password";
    E.sendAccountSms(smsBtn, body, form, { phone: "account" });
  });

  faceBtn.addEventListener("click", function () {
    if (!checkAccount()) return;
    var body = accountBody();
    body.purpose = "reset_password";
    body.return_to = "/password/forgot/face-done";
    E.api("POST", "/api/v1/face/checks", body).then(function (res) {
      if (!res.ok) { E.showError(form, res.error, { face_check_id: "face_check" }); return; }
      sessionStorage.setItem(STORE, JSON.stringify(body));
      location.href = res.data.verify_url;
    });
  });

  // Back from the face check page: restore the form.
  var q = new URLSearchParams(location.search);
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
  if (q.get("face_check_id") && saved) {
    setType(saved.account_type);
    accountInput.value = saved.account;
    setMethod("face");
    if (q.get("status") === "passed") {
      faceIdInput.value = q.get("face_check_id");
      faceBtn.disabled = true;
      faceBtn.className = "btn btn--success";
      faceBtn.textContent = "✓ 人脸认证已通过，请设置新密码";
    } else {
      E.setFieldError(form, "face_check", "人脸识别未通过，请重试");
    }
  } else {
    setType(typeInput.value);
    setMethod("sms");
  }

  E.bindForm(form, {
    url: "/api/v1/auth/password/reset",
    validate: function (v) {
      var e = {};
      if (!v.account) e.account = "请输入账号";
      if (v.method === "sms" && !v.sms_code) e.sms_code = "请输入短信验证码";
      if (v.method === "face" && !v.face_check_id) e.face_check = "请先完成人脸认证";
      if (!v.new_password) e.new_password = "请输入新密码";
      else if (v.new_password !== v.new_password_confirm) e.new_password_confirm = "两次输入的密码不一致";
      return e;
    },
    body: function (v) {
      var b = accountBody();
      b.method = v.method;
      if (v.method === "sms") b.sms_code = v.sms_code; else b.face_check_id = v.face_check_id;
      b.new_password = v.new_password;
      b.new_password_confirm = v.new_password_confirm;
      return b;
    },
    aliases: { face_check_id: "face_check" },
    onSuccess: function () {
      sessionStorage.removeItem(STORE);
      var ok = document.getElementById("forgot-ok");
      ok.textContent = "密码修改成功，请使用新密码登录";
      ok.classList.add("is-shown");
      setTimeout(function () {
        location.href = typeInput.value === "enterprise" ? "/login/enterprise" : "/login";
      }, 1200);
    }
  });
})();
