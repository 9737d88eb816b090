/* 认证记录: this account's authentication events (GET /api/v1/me/auth-records), newest first. */
(function () {
  "use strict";
  var E = window.Eseal;
  var box = document.getElementById("records");
  var tpl = document.getElementById("record-tpl");

  var METHOD = { password: "密码", sms: "短信验证码", face: "人脸识别", wechat: "微信", alipay: "支付宝", oauth: "快捷登录" };
  var PURPOSE = { login: "登录", reset_password: "找回密码", enterprise_entry: "法定代表人人脸验证",
                  willingness: "意愿认证", register: "注册" };
  var ACTION = { "account.change_password": "修改登录密码",
                 "account.change_verification_password": "修改核验密码" };
  var MODE = { realname: "实名注册", phone: "手机号注册" };
  var KIND = { enterprise: "法人用户", person: "个人用户" };
  var FAILED_EVENTS = { "login.failure": 1, "login.locked": 1, "willingness.failed": 1 };

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function fmt(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return iso || "";
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  /** A one-line Chinese summary of the event's detail object (unknown keys are left out). */
  function describe(detail) {
    if (!detail || typeof detail !== "object") return detail ? String(detail) : "";
    var parts = [];
    if (detail.kind && KIND[detail.kind]) parts.push(KIND[detail.kind]);
    if (detail.mode && MODE[detail.mode]) parts.push(MODE[detail.mode]);
    if (detail.method) parts.push("方式：" + (METHOD[detail.method] || detail.method));
    if (detail.provider) parts.push("平台：" + (METHOD[detail.provider] || detail.provider));
    if (detail.purpose) parts.push("用途：" + (PURPOSE[detail.purpose] || detail.purpose));
    if (detail.action) parts.push("事项：" + (ACTION[detail.action] || detail.action));
    if (detail.simulated) parts.push("开发环境模拟");
    if (detail.failures) parts.push("连续失败" + detail.failures + "次");
    return parts.join("，");
  }

  function failed(r) {
    var d = r.detail || {};
    return !!FAILED_EVENTS[r.event] || d.passed === false;
  }

  E.api("GET", "/api/v1/me/auth-records").then(function (res) {
    box.innerHTML = "";
    if (!res.ok) {
      var err = document.createElement("div");
      err.className = "card empty";
      err.textContent = res.error.message;
      box.appendChild(err);
      return;
    }
    var records = res.data.records || [];
    if (!records.length) {
      box.innerHTML = '<div class="card empty"><div class="empty__title">暂无认证记录</div></div>';
      return;
    }
    records.forEach(function (r) {
      var node = tpl.content.cloneNode(true);
      node.querySelector('[data-r="event"]').textContent = r.event_label || r.event;
      var label = node.querySelector('[data-r="label"]');
      if (failed(r)) { label.textContent = "未通过"; label.className = "pill pill--orange"; }
      else { label.textContent = "成功"; label.className = "pill pill--green"; }
      var detail = describe(r.detail);
      var detailEl = node.querySelector('[data-r="detail"]');
      if (detail) detailEl.textContent = detail; else detailEl.remove();
      var t = node.querySelector('[data-r="at"]');
      t.textContent = fmt(r.at);
      t.setAttribute("datetime", r.at || "");
      box.appendChild(node);
    });
  });
})();
