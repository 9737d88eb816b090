/* 申领印章 (seal_apply.html): kinds → [enterprise: forms → materials → method | person: method → materials]
 * → 领章意愿认证 → 等待数字证书认证短信 → 申领成功. Every step is one call of /api/v1/seal-applications
 * (docs/api.md §4.10); the application's `state` says which step is shown, so 认证记录's 立即认证 can resume here
 * with ?application=<id>. */
(function () {
  "use strict";
  var E = window.Eseal;
  var S = E.seal;
  var root = document.getElementById("apply");
  var mode = root.dataset.mode;
  var API = "/api/v1/seal-applications";
  var app = null;         // the application object
  var options = null;     // GET /options
  var pad = null;         // SignaturePad of the 手绘 sheet
  var strokes = null;     // confirmed hand-drawn strokes
  var challenge = null;   // seal.apply willingness challenge
  var pollTimer = null;

  var STEP_OF_STATE = mode === "enterprise"
    ? { draft: "forms", materials: "materials", method: "method", willingness: "willingness",
        auth_legal_rep: "wait", auth_handler: "wait", issuing: "wait", done: "done" }
    : { draft: "method", method: "method", materials: "materials", willingness: "willingness",
        auth_self: "wait", issuing: "wait", done: "done" };
  var ORDER = mode === "enterprise" ? ["kinds", "forms", "materials", "method", "willingness", "wait", "done"]
                                    : ["kinds", "method", "materials", "willingness", "wait", "done"];
  var AUTH_STATE = { waiting: "待发送", sent: "短信已发送，待认证", opened: "认证中", face_passed: "已完成人脸认证",
                     signed: "已完成签名" };

  function show(step) {
    root.querySelectorAll("[data-step]").forEach(function (s) { s.hidden = s.dataset.step !== step; });
    var at = ORDER.indexOf(step);
    root.querySelectorAll("[data-step-dot]").forEach(function (d) {
      var i = ORDER.indexOf(d.dataset.stepDot);
      d.classList.toggle("is-done", i < at);
      d.classList.toggle("is-current", i === at || (step === "done" && d.dataset.stepDot === "wait"));
    });
    root.dataset.current = step;
    window.scrollTo(0, 0);
    if (step === "materials") renderMaterials();
    if (step === "willingness") prepareWillingness();
    if (step === "wait") renderWait();
    if (step === "done") renderDone();
  }

  function showApp(a) {
    app = a;
    if (a.state === "cancelled") { E.toast("该申请已撤销"); location.href = "/me/records"; return; }
    if (a.state === "failed") { E.toast("申领失败：" + (a.failure_reason || "")); show("wait"); return; }
    show(STEP_OF_STATE[a.state] || "kinds");
  }

  function banner(id, message) {
    var el = document.getElementById(id);
    el.textContent = message || "";
    el.classList.toggle("is-shown", !!message);
  }

  /* ------------------------------------------------------------------ kinds */
  function kindRow(k) {
    var label = document.createElement("label");
    label.className = "kind" + (k.held || k.pending ? " is-held" : "");
    label.dataset.kind = k.kind;
    var input = document.createElement("input");
    input.type = mode === "enterprise" ? "checkbox" : "radio";
    input.name = "kind";
    input.value = k.kind;
    input.disabled = !!(k.held || k.pending);
    var face = document.createElement("span");
    face.className = "kind__icon kind__icon--" + k.kind;
    face.setAttribute("aria-hidden", "true");
    var name = document.createElement("span");
    name.className = "kind__name";
    name.textContent = k.label;
    label.appendChild(input);
    label.appendChild(face);
    label.appendChild(name);
    if (k.held || k.pending) {
      var pill = document.createElement("span");
      pill.className = "pill " + (k.held ? "pill--green" : "pill--orange");
      pill.textContent = k.held ? "已持有" : "申领中";
      label.appendChild(pill);
    } else {
      var box = document.createElement("span");
      box.className = "kind__check";
      box.setAttribute("aria-hidden", "true");
      label.appendChild(box);
    }
    return label;
  }

  function selectedKinds() {
    return Array.prototype.map.call(root.querySelectorAll('#kinds input[name="kind"]:checked'),
                                    function (i) { return i.value; });
  }

  function renderKinds() {
    var box = document.getElementById("kinds");
    box.innerHTML = "";
    options.kinds.forEach(function (k) { box.appendChild(kindRow(k)); });
    var all = document.getElementById("select-all");
    if (all) {
      var free = box.querySelectorAll("input:not(:disabled)");
      all.disabled = !free.length;
      all.addEventListener("change", function () { free.forEach(function (i) { i.checked = all.checked; }); });
      box.addEventListener("change", function () {
        all.checked = free.length > 0 && Array.prototype.every.call(free, function (i) { return i.checked; });
      });
    } else {
      box.addEventListener("change", personKindChanged);
      renderFonts();
    }
  }

  function renderFonts() {
    var box = document.getElementById("fonts");
    options.fonts.forEach(function (f, i) {
      var o = S.fontOption(f, f.label + (f.installed ? "" : "（未安装）"));
      if (i === 0) o.input.checked = true;
      o.img.loading = "lazy";
      o.img.dataset.src = f.preview_url;
      box.appendChild(o.label);
    });
  }

  function personKindChanged() {
    var kind = selectedKinds()[0];
    var fontCard = document.getElementById("font-card");
    fontCard.hidden = kind !== "personal_square";
    document.getElementById("draw-card").hidden = kind !== "personal_handdrawn";
    if (kind === "personal_square") {
      // live previews of the person's name in each font (server PNGs), fetched when first shown
      fontCard.querySelectorAll("img[data-src]").forEach(function (img) {
        img.src = img.dataset.src;
        img.removeAttribute("data-src");
        img.addEventListener("error", function () { img.alt = "预览不可用"; img.classList.add("is-broken"); });
      });
    }
  }

  function createApplication() {
    banner("kinds-error", "");
    var kinds = selectedKinds();
    if (!kinds.length) { banner("kinds-error", "请选择要申领的印章"); return; }
    var body = { seal_kinds: kinds };
    if (mode === "person") {
      if (kinds[0] === "personal_square") {
        var font = root.querySelector('input[name="font"]:checked');
        if (!font) { banner("kinds-error", "请选择字体"); return; }
        body.font = font.value;
      } else {
        if (!strokes) { banner("kinds-error", "请先手绘印章并点击“确定”"); return; }
        body.strokes = strokes;
      }
    }
    var btn = document.getElementById("kinds-next");
    btn.classList.add("is-busy");
    E.api("POST", API, body).then(function (res) {
      btn.classList.remove("is-busy");
      if (res.ok) showApp(res.data.application);
      else banner("kinds-error", res.error.message);
    });
  }

  /* ------------------------------------------------------------------ 手绘 (signature_pad) */
  function strokesOf(data) {
    return data.map(function (group) {
      return group.points.map(function (p) {
        var pt = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, time: p.time };
        if (typeof p.pressure === "number" && p.pressure > 0 && p.pressure <= 1) pt.pressure = p.pressure;
        return pt;
      });
    });
  }

  function fitCanvas(canvas) {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var data = pad && !pad.isEmpty() ? pad.toData() : null;
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    if (pad) { pad.clear(); if (data) pad.fromData(data); }
  }

  function setupPad() {
    var open = document.getElementById("open-pad");
    if (!open) return;
    var canvas = document.getElementById("drawn-canvas");
    open.addEventListener("click", function () {
      E.openLayer("pad-sheet");
      if (!pad) {
        if (typeof window.SignaturePad !== "function") { E.toast("手写组件未加载，请刷新后重试"); return; }
        pad = new window.SignaturePad(canvas, { penColor: "#c00000", minWidth: 1.5, maxWidth: 4.5 });
      }
      fitCanvas(canvas);
    });
    document.getElementById("pad-clear").addEventListener("click", function () { if (pad) pad.clear(); });
    document.getElementById("pad-ok").addEventListener("click", function () {
      if (!pad || pad.isEmpty()) { E.toast("请先手绘印章"); return; }
      var data = strokesOf(pad.toData());
      var ok = document.getElementById("pad-ok");
      ok.classList.add("is-busy");
      fetch(API + "/handdrawn-preview", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": E.csrfCookie() },
        body: JSON.stringify({ strokes: data })
      }).then(function (res) {
        if (!res.ok) return res.json().then(function (j) { throw new Error((j.error && j.error.message) || "手绘印章内容无效，请重新绘制"); });
        return res.blob();
      }).then(function (blob) {
        var reader = new FileReader();
        reader.onload = function () {
          var img = document.getElementById("drawn-preview");
          img.src = reader.result; // data: URL (CSP img-src 'self' data:)
          img.hidden = false;
          document.getElementById("drawn-empty").hidden = true;
          strokes = data;
          banner("kinds-error", "");
          ok.classList.remove("is-busy");
          E.closeLayer("pad-sheet");
          document.getElementById("open-pad").lastChild.textContent = "重新手绘";
        };
        reader.readAsDataURL(blob);
      }).catch(function (err) {
        ok.classList.remove("is-busy");
        E.toast(err.message || "手绘印章内容无效，请重新绘制");
      });
    });
  }

  /* ------------------------------------------------------------------ forms (enterprise) */
  function blockValues(prefix) {
    var out = {};
    root.querySelectorAll('[data-block="' + prefix + '"] [data-k]').forEach(function (el) {
      var v = el.value.trim();
      out[el.dataset.k] = el.dataset.k === "id_number" || el.dataset.k === "credit_code" ? v.toUpperCase() : v;
    });
    return out;
  }

  function checkPerson(prefix, v, errors) {
    if (!v.name) errors[prefix + ".name"] = "请输入姓名";
    if (!v.id_number) errors[prefix + ".id_number"] = "请输入证件号码";
    else {
      var m = E.ids.idNumber(v.id_type, v.id_number);
      if (m) errors[prefix + ".id_number"] = m;
    }
    if ("phone" in v && !/^1\d{10}$/.test(v.phone)) errors[prefix + ".phone"] = v.phone ? "请输入正确的手机号" : "请输入手机号";
  }

  function setupForms() {
    var form = document.getElementById("forms-form");
    if (!form) return;
    form.querySelectorAll('[data-k="id_number"], [data-k="credit_code"]').forEach(function (input) {
      input.addEventListener("input", function () { input.value = input.value.toUpperCase().replace(/\s/g, ""); });
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      E.clearErrors(form);
      var body = { handler: blockValues("handler"), legal_rep: blockValues("legal_rep"), unit: blockValues("unit") };
      var errors = {};
      checkPerson("handler", body.handler, errors);
      checkPerson("legal_rep", body.legal_rep, errors);
      if (!body.unit.name) errors["unit.name"] = "请输入单位名称";
      var cm = E.ids.creditCode(body.unit.credit_code);
      if (cm) errors["unit.credit_code"] = cm;
      if (Object.keys(errors).length) {
        E.showError(form, { message: errors[Object.keys(errors)[0]], fields: errors });
        return;
      }
      var btn = document.getElementById("forms-next");
      btn.classList.add("is-busy");
      E.api("PUT", API + "/" + app.id + "/forms", body).then(function (res) {
        btn.classList.remove("is-busy");
        if (res.ok) showApp(res.data.application);
        else E.showError(form, res.error);
      });
    });
  }

  /* ------------------------------------------------------------------ materials */
  function renderMaterials() {
    var box = document.getElementById("uploads");
    var tpl = document.getElementById("material-tpl");
    box.innerHTML = "";
    banner("materials-error", "");
    app.materials.forEach(function (m) {
      var node = tpl.content.firstElementChild.cloneNode(true);
      node.dataset.slot = m.slot;
      node.querySelector("[data-label]").textContent = m.label;
      node.querySelector("[data-req]").hidden = !m.required;
      var input = node.querySelector("[data-file]");
      input.id = "file-" + m.slot;
      input.setAttribute("aria-label", "上传" + m.label);
      if (m.uploaded) setThumb(node, m.uploaded.thumbnail_url);
      input.addEventListener("change", function () { uploadOne(node, m, input.files[0]); input.value = ""; });
      box.appendChild(node);
    });
  }

  function setThumb(node, url) {
    var img = node.querySelector("[data-thumb]");
    img.src = url + (url.indexOf("?") < 0 ? "?t=" : "&t=") + Date.now();
    img.hidden = false;
    node.querySelector("[data-plus]").hidden = true;
    node.classList.add("is-uploaded");
  }

  function uploadOne(node, m, file) {
    S.uploadSlot(node, API + "/" + app.id + "/materials/" + m.slot, file)
      .then(function (res) {
        if (!res || !res.ok) return;
        app = res.data.application;
        banner("materials-error", "");
        setThumb(node, res.data.material.thumbnail_url);
      });
  }

  function materialsNext() {
    var missing = app.materials.filter(function (m) { return m.required && !m.uploaded; });
    if (missing.length) { banner("materials-error", "请上传" + missing.map(function (m) { return m.label; }).join("、")); return; }
    E.api("GET", API + "/" + app.id).then(function (res) {
      if (!res.ok) { banner("materials-error", res.error.message); return; }
      if (res.data.application.state === "materials") { banner("materials-error", "请上传全部必需材料"); return; }
      showApp(res.data.application);
    });
  }

  /* ------------------------------------------------------------------ method */
  function setupMethod() {
    var form = document.getElementById("method-form");
    var pwBox = document.getElementById("method-password");
    form.addEventListener("change", function () {
      var m = form.querySelector('input[name="method"]:checked').value;
      pwBox.hidden = m !== "password";
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      E.clearErrors(form);
      var method = form.querySelector('input[name="method"]:checked').value;
      var body = { method: method };
      if (method === "password") {
        body.password = document.getElementById("f-password").value;
        body.password_confirm = document.getElementById("f-password_confirm").value;
        var errors = {};
        if (!/^\d{6,32}$/.test(body.password)) errors.password = "核验密码须为6位以上数字";
        else if (body.password !== body.password_confirm) errors.password_confirm = "核验密码不一致！";
        if (Object.keys(errors).length) { E.showError(form, { message: "", fields: errors }); return; }
      }
      var btn = document.getElementById("method-next");
      btn.classList.add("is-busy");
      E.api("PUT", API + "/" + app.id + "/method", body).then(function (res) {
        btn.classList.remove("is-busy");
        if (res.ok) showApp(res.data.application);
        else E.showError(form, res.error);
      });
    });
  }

  /* ------------------------------------------------------------------ 领章意愿认证 */
  function ensureChallenge() {
    if (challenge) return Promise.resolve(challenge);
    return E.api("POST", "/api/v1/willingness/challenges",
                 { action: "seal.apply", target_type: "seal_application", target_id: String(app.id) })
      .then(function (res) {
        if (!res.ok) throw res.error;
        challenge = res.data;
        if (challenge.phone_masked) document.getElementById("willing-phone").textContent = challenge.phone_masked;
        return challenge;
      });
  }

  function prepareWillingness() {
    document.getElementById("willing-summary").textContent =
      "申领：" + (app.seal_kind_labels || []).join("、") + "。请获取验证码填写提交。";
    ensureChallenge().catch(function (err) { E.toast(err.message); });
  }

  function setupWillingness() {
    var form = document.getElementById("willing-form");
    var send = document.getElementById("willing-send");
    send.addEventListener("click", function () {
      send.disabled = true;
      ensureChallenge().then(function (ch) {
        return E.api("POST", "/api/v1/willingness/challenges/" + ch.challenge_id + "/sms", {});
      }).then(function (res) {
        if (res.ok) { E.startCountdown(send, res.data.resend_after || 60); E.toast("验证码已发送"); }
        else if (!E.smsFailed(send, res.error)) E.showError(form, res.error);
      }, function (err) { send.disabled = false; E.toast(err.message); });
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      E.clearErrors(form);
      var code = document.getElementById("f-sms_code").value.trim();
      if (!/^\d{6}$/.test(code)) { E.setFieldError(form, "sms_code", "请输入6位短信验证码"); return; }
      if (!challenge) { E.setFieldError(form, "sms_code", "请先获取验证码"); return; }
      var btn = document.getElementById("willing-submit");
      btn.classList.add("is-busy");
      E.api("POST", "/api/v1/willingness/challenges/" + challenge.challenge_id + "/satisfy",
            { method: "sms", sms_code: code }).then(function (res) {
        if (!res.ok) { btn.classList.remove("is-busy"); E.showError(form, res.error, { code: "sms_code" }); return null; }
        return E.api("POST", API + "/" + app.id + "/submit", { willingness_challenge_id: challenge.challenge_id });
      }).then(function (res) {
        if (!res) return;
        btn.classList.remove("is-busy");
        if (res.ok) { challenge = null; showApp(res.data.application); }
        else {
          if (res.error.code === "willingness_required" || res.error.code === "challenge_used") challenge = null;
          E.showError(form, res.error);
        }
      });
    });
  }

  /* ------------------------------------------------------------------ waiting for the certificate SMS */
  function renderWait() {
    var list = document.getElementById("auth-steps");
    list.innerHTML = "";
    (app.auth_steps || []).forEach(function (s) {
      var li = document.createElement("li");
      li.className = "auth-steps__item is-" + s.state;
      var who = document.createElement("span");
      who.className = "auth-steps__who";
      who.textContent = "第" + s.seq + "次认证：" + s.role_label + (s.phone_masked ? "（" + s.phone_masked + "）" : "");
      var st = document.createElement("span");
      st.className = "pill " + (s.state === "signed" ? "pill--green" : s.state === "waiting" ? "" : "pill--blue");
      st.textContent = AUTH_STATE[s.state] || s.state;
      li.appendChild(who);
      li.appendChild(st);
      list.appendChild(li);
    });
    if (app.state === "failed") {
      var li = document.createElement("li");
      li.className = "auth-steps__item";
      li.textContent = "申领失败，请撤销后重新申领（" + (app.failure_reason || "") + "）";
      list.appendChild(li);
      return;
    }
    clearTimeout(pollTimer);
    pollTimer = setTimeout(refresh, 4000);
  }

  function refresh() {
    if (!app || document.hidden) { pollTimer = setTimeout(refresh, 4000); return; }
    E.api("GET", API + "/" + app.id).then(function (res) {
      if (!res.ok) return;
      var before = root.dataset.current;
      app = res.data.application;
      var step = STEP_OF_STATE[app.state];
      if (step === "wait" && before === "wait") renderWait();
      else showApp(app);
    });
  }

  function renderDone() {
    clearTimeout(pollTimer);
    document.getElementById("done-text").textContent =
      (app.seal_kind_labels || []).join("、") + " 已制作完成，可在首页“我的印章”中查看。";
  }

  /* ------------------------------------------------------------------ start */
  document.getElementById("kinds-next").addEventListener("click", createApplication);
  document.getElementById("materials-next").addEventListener("click", materialsNext);
  document.getElementById("wait-refresh").addEventListener("click", refresh);
  setupPad();
  setupForms();
  setupMethod();
  setupWillingness();

  E.api("GET", API + "/options").then(function (res) {
    if (!res.ok) {
      document.getElementById("kinds").innerHTML = "";
      banner("kinds-error", res.error.message);
      if (res.error.code === "realname_required") {
        var a = document.createElement("a");
        a.href = "/me/realname";
        a.className = "btn btn--ghost mt-10";
        a.textContent = "去实名认证";
        document.getElementById("kinds-error").after(a);
      }
      return;
    }
    options = res.data;
    renderKinds();
  });

  var resume = root.dataset.resume;
  if (resume) {
    E.api("GET", API + "/" + resume).then(function (res) {
      if (res.ok) showApp(res.data.application);
      else { E.toast(res.error.message); show("kinds"); }
    });
  } else {
    show("kinds");
  }
})();
