/* 个人用户登录 (manual §2.2): account → 注册/登录 → 人脸验证 | 短信验证码 | 账号密码. */
(function () {
  "use strict";
  var E = window.Eseal;
  var lookupForm = document.getElementById("lookup-form");
  var smsForm = document.getElementById("sms-form");
  var passwordForm = document.getElementById("password-form");
  var accountInput = document.getElementById("f-account");
  var idTypeInput = document.getElementById("f-id_type");
  var idTypeBox = document.getElementById("id-type-box");
  var AGREE_MSG = "请阅读并勾选《用户注册协议》和《用户隐私政策》";
  var state = { kind: "phone", account: "", id_type: null, methods: [] };

  // ✕ closes the login page back to the page the visitor came from (app.js [data-back]); a visitor who opened
  // /login directly has nowhere to go back to, so there is no dead ✕ (the app pages all need a login).
  var closeBtn = document.getElementById("login-close");
  var ref = document.referrer;
  if (closeBtn && ref.indexOf(location.origin + "/") === 0 && history.length > 1 &&
      new URL(ref).pathname !== location.pathname) {
    closeBtn.hidden = false;
  }

  function setKind(kind) {
    state.kind = kind;
    lookupForm.querySelectorAll("[data-kind]").forEach(function (b) {
      b.setAttribute("aria-selected", b.dataset.kind === kind ? "true" : "false");
    });
    idTypeBox.hidden = kind !== "id";
    accountInput.placeholder = kind === "id" ? "请输入证件号码" : "请输入手机号";
    accountInput.inputMode = kind === "id" ? "text" : "numeric";
    accountInput.maxLength = kind === "id" ? 18 : 11;
    E.clearErrors(lookupForm);
  }
  lookupForm.querySelectorAll("[data-kind]").forEach(function (b) {
    b.addEventListener("click", function () { setKind(b.dataset.kind); accountInput.focus(); });
  });
  setKind(lookupForm.querySelector('[data-kind][aria-selected="true"]').dataset.kind);

  document.querySelectorAll("[data-id-type]").forEach(function (item) {
    item.addEventListener("click", function () {
      idTypeInput.value = item.dataset.idType;
      document.getElementById("id-type-label").textContent = item.textContent.trim();
      document.querySelectorAll("[data-id-type]").forEach(function (o) {
        o.setAttribute("aria-checked", o === item ? "true" : "false");
      });
      E.closeLayer("id-type-sheet");
    });
  });

  function accountBody() {
    var body = { account: state.account };
    if (state.kind === "id") body.id_type = state.id_type;
    return body;
  }

  function done(data) {
    location.href = E.nextUrl("/home");
  }

  function showStep(form) {
    [lookupForm, smsForm, passwordForm].forEach(function (f) { f.hidden = f !== form; });
  }
  document.querySelectorAll("[data-step-back]").forEach(function (b) {
    b.addEventListener("click", function () { showStep(lookupForm); E.openLayer("method-sheet"); });
  });

  E.bindForm(lookupForm, {
    url: "/api/v1/auth/person/lookup",
    validate: function (v) {
      var errs = {};
      if (!v.account) errs.account = state.kind === "id" ? "请输入证件号码" : "请输入手机号";
      else if (state.kind === "phone" && !/^1\d{10}$/.test(v.account)) errs.account = "请输入正确的手机号/身份证";
      if (!v.agree) errs.agree = AGREE_MSG;
      return errs;
    },
    body: function (v) {
      state.account = v.account;
      state.id_type = state.kind === "id" ? v.id_type : null;
      return accountBody();
    },
    onSuccess: function (data) {
      if (!data.registered) {
        var q = state.kind === "id"
          ? "mode=realname&id_type=" + encodeURIComponent(state.id_type) + "&id_number=" + encodeURIComponent(state.account)
          : "mode=phone&phone=" + encodeURIComponent(state.account);
        E.toast("该账号未注册，请先注册");
        setTimeout(function () { location.href = "/register?" + q; }, 600);
        return;
      }
      state.methods = data.methods || [];
      state.phone_masked = data.phone_masked || "";
      document.querySelectorAll("[data-method]").forEach(function (b) {
        b.disabled = state.methods.indexOf(b.dataset.method) < 0;
      });
      E.openLayer("method-sheet");
    }
  });

  document.querySelectorAll("[data-method]").forEach(function (b) {
    b.addEventListener("click", function () {
      E.closeLayer("method-sheet");
      var m = b.dataset.method;
      if (m === "sms") {
        document.getElementById("sms-tip").textContent = state.phone_masked
          ? "验证码将发送至 " + state.phone_masked : "验证码将发送至账号绑定的手机号";
        showStep(smsForm);
        document.getElementById("f-login-sms").focus();
      } else if (m === "password") {
        document.getElementById("password-tip").textContent = "账号：" + state.account;
        showStep(passwordForm);
        document.getElementById("f-password").focus();
      } else if (m === "face") {
        startFace();
      }
    });
  });

  function startFace() {
    var body = accountBody();
    body.purpose = "login";
    body.account_type = "person";
    body.return_to = "/login/face-done";
    E.api("POST", "/api/v1/face/checks", body).then(function (res) {
      if (!res.ok) { E.showError(lookupForm, res.error); showStep(lookupForm); return; }
      sessionStorage.setItem("eseal.faceLogin", JSON.stringify({
        account: state.account, id_type: state.id_type, next: E.nextUrl("/home")
      }));
      location.href = res.data.verify_url;
    });
  }

  var smsBtn = document.getElementById("login-sms-send");
  smsBtn.addEventListener("click", function () {
    var body = accountBody();
    body.purpose = "login";
    body.account_type = "person";
    E.clearErrors(smsForm);
    E.sendAccountSms(smsBtn, body, smsForm, { account: "sms_code", phone: "sms_code" });
  });

  E.bindForm(smsForm, {
    url: "/api/v1/auth/person/login",
    validate: function (v) { return v.sms_code ? {} : { sms_code: "请输入短信验证码" }; },
    body: function (v) {
      var b = accountBody();
      b.method = "sms"; b.sms_code = v.sms_code; b.agree = true;
      return b;
    },
    aliases: { account: "sms_code", method: "sms_code" },
    onSuccess: done
  });

  E.bindForm(passwordForm, {
    url: "/api/v1/auth/person/login",
    validate: function (v) { return v.password ? {} : { password: "请输入密码" }; },
    body: function (v) {
      var b = accountBody();
      b.method = "password"; b.password = v.password; b.agree = true;
      return b;
    },
    aliases: { account: "password", method: "password" },
    onSuccess: done
  });
})();
