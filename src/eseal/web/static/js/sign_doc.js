/* 发起签署 (manual §4.3 / §5.3) over the documents + signing API (docs/api.md "Documents and signing").
 * Steps (data-step on #sign): edit (previews, 选章, drag, 清除所有签章, 下一步) → preview (the stamps fixed,
 * 上一步 / 提交) → willingness with the seal's own method (核验密码 / 短信验证码 in the dialog of seal_common.js;
 * 人脸 leaves for the face check and comes back with ?face_check_id=…, the stamps kept in sessionStorage) →
 * done (签章成功 · 下载). */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc;
  var root = document.getElementById("sign");
  var docId = root.dataset.documentId;
  var $ = function (id) { return document.getElementById(id); };
  var pagesBox = $("s-pages");
  var doc = null, pages = [], layer = null, seals = [], mode = "single";
  var METHOD_LABELS = { password: "核验密码", sms: "短信验证码", face: "人脸识别" };
  var DRAFT_KEY = "eseal.sign.draft." + docId;

  function fail(message) {
    $("s-loading").hidden = true;
    $("s-error").textContent = message;
    $("s-error").hidden = false;
  }

  function setStep(step) {
    root.dataset.step = step;
    $("bar-edit").hidden = step !== "edit";
    $("bar-preview").hidden = step !== "preview";
    $("s-body").hidden = step === "done";
    $("s-done").hidden = step !== "done";
    if (layer) layer.setLocked(step !== "edit");
    var hint = root.querySelector("[data-hint-text]");
    hint.textContent = step === "preview" ? "请确认签章位置无误后点击“提交”，提交后需进行核验认证。"
      : "点击下方“选章”选择印章和盖印方式，然后拖动印章到需要盖章的位置。";
  }

  function buildPages() {
    pagesBox.textContent = "";
    var all = D.pagesOf(doc);
    pages = all.map(function (p) {
      var number = p.number;
      var fig = D.el("figure", "sign-page");
      fig.dataset.page = number;
      var sheet = D.el("div", "sign-page__sheet");
      // the sheet keeps the page's proportions before its picture arrives (true scale needs its width only)
      sheet.style.aspectRatio = p.width_mm + " / " + p.height_mm;
      var img = D.el("img", "sign-page__img");
      img.alt = "第 " + number + " 页";
      img.dataset.src = D.pageUrl(doc, number);
      img.draggable = false;
      sheet.appendChild(img);
      fig.appendChild(sheet);
      fig.appendChild(D.el("figcaption", "sign-page__no", "第 " + number + " / " + all.length + " 页"));
      pagesBox.appendChild(fig);
      return { number: number, width_mm: p.width_mm, height_mm: p.height_mm, sheet: sheet, fig: fig };
    });
    D.lazyImages(pagesBox);
    layer = E.stamps.create(pages, function (list) {
      $("b-next").disabled = !list.length;
      $("b-clear").disabled = !list.length;
      saveDraft(list);
    });
  }

  /* ---------- the seals the acting account may use ---------- */
  function loadSeals() {
    return E.api("GET", D.paths.signSeals).then(function (res) {
      if (res.ok) return (res.data && res.data.seals) || [];
      // fallback: the account's seals (docs/api.md §4.11); only `usable` ones can sign
      return E.api("GET", D.paths.seals).then(function (r) {
        if (!r.ok) return [];
        return (r.data.seals || []).map(function (s) {
          return { id: s.id, name: s.name, kind_label: s.kind_label, image_url: s.image_url,
                   width_mm: s.width_mm, height_mm: s.height_mm, usable: s.usable, method: s.method || null,
                   reason: s.usable ? "" : unusableReason(s) };
        });
      });
    });
  }

  function unusableReason(s) {
    if (s.reason) return s.reason;
    if (s.state && s.state !== "enabled") return "印章" + (s.state_label || "不可用") + "，不可签章";
    var now = Date.now();
    if (s.valid_to && new Date(s.valid_to).getTime() <= now) return "印章已过有效期，不可签章";
    if (s.valid_from && new Date(s.valid_from).getTime() > now) return "印章尚未生效，不可签章";
    return "印章不可用";
  }

  function renderSeals() {
    var box = $("ss-seals");
    box.textContent = "";
    if (!seals.length) {
      var empty = D.el("div", "empty");
      empty.appendChild(D.el("div", "empty__title", "暂无可用印章"));
      var link = D.el("a", null, "去申领印章");
      link.href = "/seals/apply";
      empty.appendChild(link);
      box.appendChild(empty);
      return;
    }
    seals.forEach(function (s) {
      var b = D.el("button", "sealpick__item");
      b.type = "button";
      b.setAttribute("role", "listitem");
      b.dataset.sealId = s.id;
      b.disabled = !s.usable;
      if (!s.usable) b.setAttribute("aria-disabled", "true");
      var img = D.el("img", "sealpick__face");
      img.src = s.image_url;
      img.alt = "";
      b.appendChild(img);
      var info = D.el("span", "sealpick__info");
      info.appendChild(D.el("span", "sealpick__name", s.name));
      info.appendChild(D.el("span", "sealpick__meta", (s.kind_label || "") +
        (s.width_mm ? " · " + s.width_mm + "×" + s.height_mm + "mm" : "")));
      if (!s.usable) info.appendChild(D.el("span", "sealpick__why", s.reason || "印章不可用"));
      b.appendChild(info);
      b.addEventListener("click", function () { choose(s); });
      box.appendChild(b);
    });
  }

  /* ---------- 选章 sheet: mode, pages, seal ---------- */
  var MODE_TEXT = {
    single: "在当前浏览的页面盖一个印章，可拖动调整位置。",
    multi: "在选定的多个页面相同位置各盖一个印章。",
    seam: "骑缝章盖在选定的连续页面右侧边缘，每页显示印章的一部分（至少2页），可上下拖动。"
  };

  function selectMode(m) {
    mode = m;
    document.querySelectorAll("#seal-sheet [data-mode]").forEach(function (t) {
      var on = t.dataset.mode === m;
      t.classList.toggle("is-active", on);
      t.setAttribute("aria-selected", on ? "true" : "false");
    });
    $("ss-mode-text").textContent = MODE_TEXT[m];
    $("ss-pages").hidden = m === "single";
    $("ss-error").textContent = "";
  }

  function buildPagePicker() {
    var grid = $("ss-page-grid");
    grid.textContent = "";
    pages.forEach(function (p) {
      var l = D.el("label", "pagepick__item");
      var c = document.createElement("input");
      c.type = "checkbox";
      c.value = p.number;
      c.checked = true;
      c.disabled = true;
      l.appendChild(c);
      l.appendChild(D.el("span", null, String(p.number)));
      grid.appendChild(l);
    });
    $("ss-all").addEventListener("change", function () {
      grid.querySelectorAll("input").forEach(function (c) { c.checked = true; c.disabled = $("ss-all").checked; });
    });
  }

  function chosenPages() {
    if ($("ss-all").checked) return pages.map(function (p) { return p.number; });
    return Array.prototype.map.call($("ss-page-grid").querySelectorAll("input:checked"), function (c) {
      return Number(c.value);
    });
  }

  function currentPage() {
    var mid = window.innerHeight / 2, best = pages[0], dist = Infinity;
    pages.forEach(function (p) {
      var r = p.fig.getBoundingClientRect();
      var d = r.top <= mid && r.bottom >= mid ? 0 : Math.min(Math.abs(r.top - mid), Math.abs(r.bottom - mid));
      if (d < dist) { dist = d; best = p; }
    });
    return best.number;
  }

  function choose(seal) {
    var err = $("ss-error");
    err.textContent = "";
    var spec = { seal: seal, mode: mode };
    if (mode === "single") {
      spec.page = currentPage();
    } else {
      var list = chosenPages();
      if (mode === "multi" && !list.length) { err.textContent = "请选择需要盖章的页面"; return; }
      if (mode === "seam") {
        if (pages.length < 2) { err.textContent = "骑缝签章需要至少2页的文件"; return; }
        if (list.length < 2) { err.textContent = "骑缝签章至少选择2页"; return; }
        if (list[list.length - 1] - list[0] !== list.length - 1) { err.textContent = "骑缝签章需选择连续的页面"; return; }
      }
      spec.pages = list;
    }
    var st = layer.add(spec);
    E.closeLayer("seal-sheet");
    if (st.nodes[0]) st.nodes[0].scrollIntoView({ block: "center" });
    E.toast("已添加" + E.stamps.label(mode) + "，可拖动调整位置");
  }

  /* ---------- draft (kept across the face-check round trip) ---------- */
  function saveDraft(list) {
    try {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify(list.map(function (st) {
        return { seal: st.seal, mode: st.mode, page: st.page, pages: st.pages, x_mm: st.x_mm, y_mm: st.y_mm };
      })));
    } catch (e) { /* private mode: the draft is just not kept */ }
  }
  function restoreDraft() {
    var raw = null;
    try { raw = sessionStorage.getItem(DRAFT_KEY); } catch (e) { raw = null; }
    if (!raw) return;
    try { JSON.parse(raw).forEach(function (spec) { layer.add(spec); }); } catch (e) { /* ignore a bad draft */ }
  }
  function dropDraft() { try { sessionStorage.removeItem(DRAFT_KEY); } catch (e) { /* nothing kept */ } }

  /* ---------- submit ---------- */
  function requestBody(challengeId) {
    return {
      willingness_challenge_id: challengeId,
      stamps: layer.list().map(function (st) {
        var s = { seal_id: st.seal.id, mode: st.mode, y_mm: round(st.y_mm) };
        if (st.mode === "single") s.page = st.page; else s.pages = st.pages;
        if (st.mode !== "seam") s.x_mm = round(st.x_mm);
        return s;
      })
    };
  }
  function round(v) { return Math.round(v * 100) / 100; }

  /* 提交: one willingness challenge (sign.submit, this document) with the seals' own method — the strongest when
   * the stamps use seals of different methods (face > sms > password), as the server asks. 核验密码 is the SEAL's
   * password, checked by the server with the submission; SMS and face satisfy the challenge first. */
  function submit() {
    var list = layer.list();
    if (!list.length) { E.toast("请先选章"); return; }
    var btn = $("b-submit");
    btn.disabled = true;
    // the server checks the stamps and opens the challenge; it names the method the seals need
    E.api("POST", D.paths.prepare(docId), { stamps: requestBody(null).stamps }).then(function (res) {
      if (!res.ok) { btn.disabled = false; E.toast(res.error.message); return; }
      var ch = res.data.challenge, method = res.data.method;
      if (method === "face") faceWillingness(ch);
      else willingDialog(ch, method);
    });
  }

  /** The 意愿认证 dialog of seal_macros.html (willing_dialog) for 核验密码 / 短信验证码. */
  function willingDialog(ch, method) {
    var dlg = $("willing-dialog");
    var err = dlg.querySelector("[data-w-error]");
    var code = $("f-w-sms_code"), pw = $("f-w-password");
    var send0 = $("w-sms-send");
    var sendBtn = send0.cloneNode(true); // a fresh button: an earlier countdown must not block this challenge
    sendBtn.disabled = false;
    sendBtn.textContent = "获取验证码";
    send0.replaceWith(sendBtn);
    var ok = $("w-confirm"), cancel = $("w-cancel");
    dlg.querySelector("[data-w-title]").textContent = "核验认证";
    dlg.querySelectorAll("[data-w-method]").forEach(function (t) {
      var on = t.dataset.wMethod === method;
      t.hidden = !on;
      t.classList.toggle("is-active", on);
      t.setAttribute("aria-selected", on ? "true" : "false");
      if (t.dataset.wMethod === "password") t.textContent = "印章核验密码";
    });
    dlg.querySelector("[data-w-box=sms]").hidden = method !== "sms";
    dlg.querySelector("[data-w-box=password]").hidden = method !== "password";
    pw.placeholder = "请输入印章核验密码";
    dlg.querySelector("[data-w-phone]").textContent = ch.phone_masked || "";
    err.textContent = "";
    code.value = "";
    pw.value = "";
    E.openLayer("willing-dialog");
    (method === "sms" ? code : pw).focus();
    function close() {
      ok.onclick = cancel.onclick = sendBtn.onclick = null;
      E.closeLayer("willing-dialog");
      $("b-submit").disabled = false;
    }
    cancel.onclick = close;
    sendBtn.onclick = function () {
      sendBtn.disabled = true;
      E.api("POST", "/api/v1/willingness/challenges/" + ch.challenge_id + "/sms", {}).then(function (r) {
        if (r.ok) { E.startCountdown(sendBtn, r.data.resend_after || 60); E.toast("验证码已发送"); }
        else if (!E.smsFailed(sendBtn, r.error)) err.textContent = r.error.message;
      });
    };
    ok.onclick = function () {
      err.textContent = "";
      if (method === "password") {
        if (!pw.value) { err.textContent = "请输入印章核验密码"; return; }
        ok.disabled = true;
        send(ch.challenge_id, pw.value).then(function (r) {
          ok.disabled = false;
          if (r.ok) close(); else err.textContent = r.error.message;
        });
        return;
      }
      var sms = code.value.trim();
      if (!/^\d{6}$/.test(sms)) { err.textContent = "请输入6位短信验证码"; return; }
      ok.disabled = true;
      E.api("POST", "/api/v1/willingness/challenges/" + ch.challenge_id + "/satisfy", { method: "sms", sms_code: sms })
        .then(function (r) {
          if (!r.ok) { ok.disabled = false; err.textContent = r.error.message; return null; }
          return send(ch.challenge_id).then(function (s) {
            ok.disabled = false;
            if (s.ok) close(); else err.textContent = s.error.message;
          });
        });
    };
  }

  /** POST the stamps; on success the 签章成功 screen. Resolves the API answer (errors stay with the caller). */
  function send(challengeId, sealPassword) {
    var btn = $("b-submit");
    btn.classList.add("is-busy");
    var body = requestBody(challengeId);
    if (sealPassword) body.seal_password = sealPassword;
    var count = layer.list().length;
    return E.api("POST", D.paths.sign(docId), body).then(function (res) {
      btn.classList.remove("is-busy");
      btn.disabled = false;
      if (!res.ok) return res;
      dropDraft();
      var d = (res.data && (res.data.document || res.data)) || {};
      $("s-done-text").textContent = "《" + (d.name || doc.name) + "》已完成签章，共盖印 " + count + " 次。";
      $("s-download").href = d.download_url || D.paths.download(docId);
      $("s-detail").href = "/docs/" + docId;
      setStep("done");
      window.scrollTo(0, 0);
      return res;
    });
  }

  function faceWillingness(ch) {
    E.api("POST", "/api/v1/face/checks", { purpose: "willingness", challenge_id: ch.challenge_id,
                                           return_to: "/sign/" + docId + "?wc=" + encodeURIComponent(ch.challenge_id) })
      .then(function (r) {
        if (!r.ok) { $("b-submit").disabled = false; E.toast(r.error.message); return; }
        saveDraft(layer.list());
        location.href = r.data.verify_url;
      });
  }

  function resumeFace() {
    var q = new URLSearchParams(location.search);
    var check = q.get("face_check_id"), wc = q.get("wc");
    if (!check || !wc) return;
    history.replaceState(null, "", "/sign/" + docId);
    if (!layer.list().length) return;
    setStep("preview");
    if (q.get("status") !== "passed") { E.toast("人脸识别未通过，请重试"); return; }
    E.api("POST", "/api/v1/willingness/challenges/" + wc + "/satisfy", { method: "face", face_check_id: check })
      .then(function (r) {
        if (!r.ok) { E.toast(r.error.message); return; }
        send(wc).then(function (s) { if (!s.ok) E.toast(s.error.message); });
      });
  }

  /* ---------- wiring ---------- */
  $("b-choose").addEventListener("click", function () { E.openLayer("seal-sheet"); });
  document.querySelectorAll("#seal-sheet [data-mode]").forEach(function (t) {
    t.addEventListener("click", function () { selectMode(t.dataset.mode); });
  });
  $("b-clear").addEventListener("click", function () {
    E.seal.confirm("清除所有签章", "确定清除文件上已放置的全部印章吗？", "清除").then(function (yes) {
      if (yes) layer.clear();
    });
  });
  $("b-next").addEventListener("click", function () {
    if (!layer.list().length) { E.toast("请先选章"); return; }
    setStep("preview");
    window.scrollTo(0, 0);
  });
  $("b-back").addEventListener("click", function () { setStep("edit"); });
  $("b-submit").addEventListener("click", submit);

  E.api("GET", D.paths.document(docId)).then(function (res) {
    if (!res.ok) { fail(res.status === 404 ? "文件不存在或无权访问" : res.error.message); return; }
    doc = res.data.document || res.data;
    var all = D.pagesOf(doc);
    if (!all.length) { fail("无法读取文件页面"); return; }
    if (!all[0].width_mm) { fail("无法读取页面尺寸，暂不能按实际大小放置印章"); return; }
    $("s-loading").hidden = true;
    $("s-body").hidden = false;
    $("s-name").textContent = doc.name;
    $("s-meta").textContent = "共 " + all.length + " 页" + (doc.size ? " · " + D.size(doc.size) : "");
    buildPages();
    buildPagePicker();
    selectMode("single");
    $("b-next").disabled = true;
    $("b-clear").disabled = true;
    setStep("edit");
    loadSeals().then(function (list) {
      seals = list;
      renderSeals();
      restoreDraft();
      resumeFace();
    });
  });
})();
