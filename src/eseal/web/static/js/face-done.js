/* Return page of a face check (dev simulator or real liveness service): finish what the check was for. */
(function () {
  "use strict";
  var E = window.Eseal;
  var root = document.getElementById("face-done");
  var action = root.dataset.faceAction;
  var title = document.getElementById("face-title");
  var result = document.getElementById("face-result");
  var q = new URLSearchParams(location.search);
  var id = q.get("face_check_id");
  var status = q.get("status");

  function fail(message) {
    title.textContent = "人脸验证未通过";
    result.textContent = message;
    result.className = "face__result is-fail";
    document.getElementById("face-retry").hidden = false;
  }
  function ok(message, url) {
    title.textContent = "人脸验证通过";
    result.textContent = message;
    result.className = "face__result is-ok";
    setTimeout(function () { location.href = url; }, 500);
  }

  if (!id) { fail("未获取到人脸验证结果，请重新验证"); return; }
  if (status && status !== "passed") { fail("人脸识别未通过，请确保本人操作、光线充足后重试"); return; }

  if (action === "enterprise_entry") {
    E.api("POST", "/api/v1/session/enterprise-entry", { face_check_id: id }).then(function (res) {
      if (res.ok) ok("正在进入统一电子印章…", "/home");
      else fail(res.error.message);
    });
  } else if (action === "role_switch") {
    var role = null;
    try { role = JSON.parse(sessionStorage.getItem("eseal.roleSwitch") || "null"); } catch (e) { role = null; }
    if (!role) { fail("切换信息已失效，请重新切换角色"); return; }
    E.api("POST", "/api/v1/session/acting-as", { enterprise_id: role.enterprise_id, face_check_id: id }).then(function (res) {
      sessionStorage.removeItem("eseal.roleSwitch");
      if (res.ok) ok("正在切换到企业身份…", "/home");
      else fail(res.error.message);
    });
  } else if (action === "login") {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem("eseal.faceLogin") || "null"); } catch (e) { saved = null; }
    if (!saved) { fail("登录信息已失效，请重新登录"); return; }
    var body = { account: saved.account, method: "face", face_check_id: id, agree: true };
    if (saved.id_type) body.id_type = saved.id_type;
    E.api("POST", "/api/v1/auth/person/login", body).then(function (res) {
      sessionStorage.removeItem("eseal.faceLogin");
      if (res.ok) ok("登录成功", saved.next || "/home");
      else fail(res.error.message);
    });
  }
})();
