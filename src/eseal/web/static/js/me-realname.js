/* 实名认证 (me_realname.html): POST /api/v1/me/realname/face-check → face page → back here with
   ?face_check_id=&status= → POST /api/v1/me/realname with the same name and ID → 已实名. */
(function () {
  "use strict";
  var E = window.Eseal;
  var form = document.getElementById("realname-form");
  var submit = document.getElementById("realname-submit");
  var STORE = "eseal.realname";
  var FIELDS = ["name", "id_type", "id_number"];
  var idInput = document.getElementById("f-id_number");
  idInput.addEventListener("input", function () { idInput.value = idInput.value.toUpperCase().replace(/\s/g, ""); });

  function values() {
    var v = {};
    FIELDS.forEach(function (n) { v[n] = document.getElementById("f-" + n).value.trim(); });
    return v;
  }

  function done() {
    try { sessionStorage.removeItem(STORE); } catch (e) { /* private mode */ }
    var ok = document.getElementById("realname-ok");
    ok.textContent = "实名认证成功";
    ok.classList.add("is-shown");
    setTimeout(function () { location.href = "/me"; }, 1200);
  }

  function finish(faceCheckId) {
    submit.classList.add("is-busy");
    E.api("POST", "/api/v1/me/realname", Object.assign({ face_check_id: faceCheckId }, values())).then(function (res) {
      submit.classList.remove("is-busy");
      if (res.ok) done(); else E.showError(form, res.error);
    });
  }

  // Back from the face check page: restore the form and finish (or say the face check failed).
  var q = new URLSearchParams(location.search);
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
  if (q.get("face_check_id") && saved) {
    FIELDS.forEach(function (n) { document.getElementById("f-" + n).value = saved[n] || ""; });
    if (q.get("status") === "passed") finish(q.get("face_check_id"));
    else E.showError(form, { message: "人脸识别未通过，请重试", fields: {} });
  }

  E.bindForm(form, {
    url: "/api/v1/me/realname/face-check",
    validate: function (v) {
      var e = {};
      if (!v.name) e.name = "请输入姓名";
      if (!v.id_number) e.id_number = "请输入证件号码";
      return e;
    },
    body: function () { return Object.assign({ return_to: "/me/realname" }, values()); },
    onSuccess: function (data) {
      try { sessionStorage.setItem(STORE, JSON.stringify(values())); } catch (e) { /* private mode */ }
      location.href = data.verify_url;
    }
  });
})();
