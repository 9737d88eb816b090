/* 我的 → 签章设置 → 签名格式: the account's signing profile (GM 国密 by default, or PAdES), read from and saved to
 * /api/v1/signing/profile. Someone acting for an enterprise by a grant sees it but cannot change it. */
(function () {
  "use strict";
  var E = window.Eseal;
  var $ = function (id) { return document.getElementById(id); };
  var row = $("to-signing-profile"), value = $("signing-profile-value"), box = $("profile-options");
  var err = $("profile-error"), save = $("profile-save");
  if (!row || !box) return;
  var current = null;

  function show(view) {
    current = view;
    value.textContent = view.profile_label + (view.can_change ? "" : "（由企业设置）");
    row.disabled = !view.can_change;
    var chevron = row.querySelector("svg:last-child");
    if (chevron) chevron.style.display = view.can_change ? "" : "none";
    box.textContent = "";
    view.options.forEach(function (o) {
      var label = document.createElement("label");
      label.className = "method";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "signing_profile";
      input.value = o.code;
      input.checked = o.code === view.profile;
      var name = document.createElement("span");
      name.textContent = o.label;
      var hint = document.createElement("span");
      hint.className = "method__hint";
      hint.textContent = o.hint;
      label.appendChild(input);
      label.appendChild(name);
      label.appendChild(hint);
      box.appendChild(label);
    });
  }

  E.api("GET", "/api/v1/signing/profile").then(function (res) {
    if (res.ok) show(res.data);
    else value.textContent = "暂不可用";
  });

  row.addEventListener("click", function () {
    if (!current || !current.can_change) return;
    err.textContent = "";
    show(current);
    E.openLayer("profile-dialog");
  });

  save.addEventListener("click", function () {
    var chosen = box.querySelector("input:checked");
    if (!chosen) { err.textContent = "请选择签名格式"; return; }
    save.disabled = true;
    E.api("PUT", "/api/v1/signing/profile", { profile: chosen.value }).then(function (res) {
      save.disabled = false;
      if (!res.ok) { err.textContent = res.error.message; return; }
      show(res.data);
      E.closeLayer($("profile-dialog"));
      E.toast("签名格式已设置为" + res.data.profile_label);
    });
  });
})();
