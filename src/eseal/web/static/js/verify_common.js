/* Shared by the verification pages: Eseal.verify.verdict(indication) -> {key, label, cls, mark} and
 * Eseal.verify.showVerdict(prefix, indication, message). 验证通过 (green) / 验证不通过 (red) / 无法确定 (amber). */
(function () {
  "use strict";
  var E = window.Eseal;
  var VERDICTS = {
    TOTAL_PASSED: { key: "pass", label: "验证通过", mark: "✓" },
    TOTAL_FAILED: { key: "fail", label: "验证不通过", mark: "✗" },
    INDETERMINATE: { key: "unknown", label: "无法确定", mark: "?" }
  };
  var STATUS = {
    pass: { label: "通过", mark: "✓" }, fail: { label: "不通过", mark: "✗" },
    unknown: { label: "无法确定", mark: "?" }, not_applicable: { label: "不适用", mark: "—" }
  };

  function verdict(indication) {
    return VERDICTS[indication] || VERDICTS.INDETERMINATE;
  }

  function showVerdict(prefix, indication, message) {
    var v = verdict(indication);
    var box = document.getElementById(prefix + "-verdict");
    box.className = "verdict verdict--" + v.key;
    box.dataset.verdict = v.key;
    document.getElementById(prefix + "-mark").textContent = v.mark;
    document.getElementById(prefix + "-label").textContent = v.label;
    document.getElementById(prefix + "-message").textContent = message || "";
  }

  function row(list, label, value, cls) {
    var item = E.doc.el("div", "list__item vr-row");
    item.appendChild(E.doc.el("span", "list__label", label));
    var v = E.doc.el("span", "list__value vr-row__value" + (cls ? " " + cls : ""), value == null || value === "" ? "—" : value);
    item.appendChild(v);
    list.appendChild(item);
    return item;
  }

  E.verify = { verdict: verdict, showVerdict: showVerdict, status: STATUS, row: row };
})();
