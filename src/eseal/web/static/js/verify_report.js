/* 验签详情 (manual §4.4 / §5.4) from GET /api/v1/verify/<serial> (the engine's report JSON, docs/verification-
 * report.md §6, plus the platform's additions): the overall verdict first, the document, then per signature its
 * verdict, the seal (name, picture, esID, validity), signer, claimed and proven times, the seal's lifecycle state
 * at signing time (platform records), the grant when present, and the manual's 8 items with their reasons.
 * A visitor without login reads the answer of their own upload kept by verify_upload.js in sessionStorage. */
(function () {
  "use strict";
  var E = window.Eseal, D = E.doc, V = E.verify;
  var root = document.getElementById("report");
  var serial = root.dataset.serial;
  var $ = function (id) { return document.getElementById(id); };
  var el = D.el;
  var LIFECYCLE = { active: "正常（已启用）", suspended: "已停用", revoked: "已注销", expired: "已过期",
                    unknown: "平台无此印章记录", error: "查询失败" };
  var PROFILES = { "gm-ses": "国密签章（GB/T 38540）", pades: "PAdES", pkcs7: "PKCS#7", "doc-timestamp": "文档时间戳",
                   unknown: "未知格式", removed: "签名域已被删除" };

  function fail(msg) {
    $("r-loading").hidden = true;
    $("r-error").textContent = msg;
    $("r-error").hidden = false;
  }

  function kept() {
    try {
      var raw = sessionStorage.getItem("eseal.verify." + serial);
      return raw ? JSON.parse(raw) : null;
    } catch (e) { return null; }
  }

  function load() {
    return E.api("GET", D.paths.report(serial)).then(function (res) {
      if (res.ok) return res.data;
      var data = kept();
      if (data) return data;
      throw new Error(res.status === 404 ? "未找到该验证结果" : res.error.message);
    });
  }

  function itemRow(list, item) {
    var st = V.status[item.status] || V.status.unknown;
    var li = el("li", "vitem vitem--" + item.status);
    li.dataset.item = item.code;
    li.dataset.status = item.status;
    var head = el("div", "vitem__head");
    head.appendChild(el("span", "vitem__mark", st.mark));
    head.appendChild(el("span", "vitem__label", item.label));
    head.appendChild(el("span", "vitem__status", st.label));
    li.appendChild(head);
    if (item.reason) li.appendChild(el("div", "vitem__reason", item.reason));
    list.appendChild(li);
  }

  function section(card, title) {
    card.appendChild(el("div", "vsig__sub", title));
    var list = el("div", "list list--inset vr-info");
    card.appendChild(list);
    return list;
  }

  /** The platform's records for a signature (data.platform.signatures[], by index): lifecycle, signing row, grant. */
  function platformOf(sig, data) {
    var list = (data && data.platform && data.platform.signatures) || [];
    for (var i = 0; i < list.length; i++) if (list[i].index === sig.index) return list[i];
    return null;
  }

  /** [G1] a signature made under a grant: 授权 (label, grantor → masked grantee), 授权时间 (the window in force at
   * that use, Beijing time), 授权使用 (第 N 次使用, 共 M 次 / 不限次数). */
  function grantRows(info, ps) {
    var gr = ps.grant;
    var g = V.row(info, "授权", gr ? gr.label + "（" + gr.grantor + " 授权 " + (gr.grantee_masked || "—") + "）"
                                   : "授权编号 " + ps.grant_id);
    g.dataset.grant = ps.grant_id;
    if (gr) {
      var w = V.row(info, "授权时间", gr.starts_at || gr.ends_at ?
        D.datetime(gr.starts_at) + " 至 " + D.datetime(gr.ends_at) + "（北京时间）" : "不限");
      w.dataset.grantWindow = "1";
    }
    var total = !gr ? "" : (gr.uses_total == null ? "不限次数" : "共 " + gr.uses_total + " 次");
    var u = V.row(info, "授权使用", ps.use_number ? "第 " + ps.use_number + " 次使用" + (total ? "（" + total + "）" : "") : total);
    u.dataset.grantUse = ps.use_number || "";
  }

  function signatureCard(sig, data, n, total) {
    var v = V.verdict(sig.indication);
    var card = el("section", "card vsig vsig--" + v.key);
    card.dataset.signature = sig.index;
    card.dataset.verdict = v.key;
    var head = el("div", "vsig__head");
    head.appendChild(el("span", "vsig__title", "签章 " + n + " / " + total + (sig.page ? "（第 " + sig.page + " 页）" : "")));
    head.appendChild(el("span", "pill vsig__pill pill--" + ({ pass: "green", fail: "red", unknown: "orange" })[v.key], v.label));
    card.appendChild(head);
    if (sig.message) card.appendChild(el("p", "vsig__msg", sig.message));

    var seal = sig.seal || {};
    var sealBox = el("div", "vsig__seal");
    var url = sig.picture_url || (platformOf(sig, data) || {}).picture_url;
    if (url) {
      var img = el("img", "vsig__face");
      img.src = url;
      img.alt = "印章图像：" + (seal.name || "");
      sealBox.appendChild(img);
    } else {
      sealBox.appendChild(el("div", "vsig__noface", sig.profile === "gm-ses" || sig.seal ? "印章图像见验证报告" : "无印章图像"));
    }
    var sealInfo = el("div", "vsig__sealinfo");
    sealInfo.appendChild(el("div", "vsig__sealname", seal.name || "（无电子印章信息）"));
    if (seal.type_label) sealInfo.appendChild(el("div", "small muted", seal.type_label));
    if (seal.es_id) sealInfo.appendChild(el("div", "small muted vr-code", "印章编码 " + seal.es_id));
    sealBox.appendChild(sealInfo);
    card.appendChild(sealBox);

    var info = section(card, "签章信息");
    var signer = sig.signer || {};
    V.row(info, "签章者", signer.organization ? signer.organization + (signer.common_name && signer.common_name !== signer.organization ? "（" + signer.common_name + "）" : "") : signer.common_name);
    V.row(info, "签章格式", PROFILES[sig.profile] || sig.profile);
    if (seal.valid_start || seal.valid_end) V.row(info, "印章有效期", D.date(seal.valid_start) + " 至 " + D.date(seal.valid_end));
    var t = sig.times || {};
    V.row(info, "声明签章时间", t.claimed ? D.datetime(t.claimed) : "未声明");
    V.row(info, "可信签章时间", t.proven ? D.datetime(t.proven) + "（时间戳）" : "无可信时间戳");
    if (t.timestamp_authority) V.row(info, "时间戳服务", t.timestamp_authority);
    var extra = platformOf(sig, data) || {};
    var lc = sig.lifecycle;
    var state = extra.seal_state_at_signing || (lc ? lc.state : null);
    var lcLabel = extra.seal_state_label || (lc ? (LIFECYCLE[lc.state] || lc.state) : null);
    var lcRow = V.row(info, "签章时印章状态", lcLabel || "未查询", state ? "vr-lc vr-lc--" + state : "");
    lcRow.dataset.lifecycle = state || "none";
    var reason = extra.seal_state_reason || (lc && lc.reason);
    if (reason) info.appendChild(el("div", "vr-note", reason));
    var ps = extra.platform_signing;
    if (ps) {
      var rec = V.row(info, "平台签章记录", D.datetime(ps.at) + " · " + (ps.mode_label || ps.mode));
      rec.dataset.platformCopy = ps.matches_platform_copy === false ? "differs" : "same";
      if (ps.matches_platform_copy === false) {
        info.appendChild(el("div", "vr-note vr-note--warn", "本平台签署过此签章，但文件内容与平台签章时留存的版本不一致（签章后已被修改）"));
      }
      if (ps.grant_id) grantRows(info, ps);
    } else if (extra.signed_on_platform === false) {
      V.row(info, "平台签章记录", "非本平台签章");
    }

    card.appendChild(el("div", "vsig__sub", "校验结果"));
    var items = el("ol", "vitems");
    (sig.items || []).forEach(function (it) { itemRow(items, it); });
    card.appendChild(items);
    return card;
  }

  function render(data) {
    var r = data.report || data;
    $("r-loading").hidden = true;
    $("r-body").hidden = false;
    V.showVerdict("r", r.indication, r.message);
    var d = r.document || {};
    var docList = $("r-doc");
    V.row(docList, "文件名称", d.name || data.document_name);
    V.row(docList, "文件大小", D.size(d.size));
    if (d.pages != null) V.row(docList, "页数", String(d.pages));
    V.row(docList, "签章数量", String(r.signature_count != null ? r.signature_count : (r.signatures || []).length));
    V.row(docList, "验证时间", D.datetime(r.validation_time));
    V.row(docList, "报告编号", r.serial || serial, "list__value--code");
    if (d.sm3) V.row(docList, "SM3", d.sm3, "vr-hash");
    if (d.sha256) V.row(docList, "SHA-256", d.sha256, "vr-hash");
    var box = $("r-sigs");
    var sigs = r.signatures || [];
    if (!sigs.length) box.appendChild(el("div", "card empty mt-16", "文件中没有电子签章"));
    sigs.forEach(function (sig, i) { box.appendChild(signatureCard(sig, data, i + 1, sigs.length)); });
    var pdf = data.report_pdf_url || D.paths.reportPdf(r.serial || serial);
    $("r-pdf").href = pdf;
  }

  load().then(render, function (e) { fail(e.message || "加载失败，请稍后重试"); });
})();
