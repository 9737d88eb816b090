/* eseal mobile H5 — shared helpers (vanilla JS, no build step).
 *
 * Eseal.api(method, path, body)   JSON fetch with the session cookie and the CSRF header.
 * Eseal.bindForm(form, options)   submit a form as JSON, show the API's field errors next to the field.
 * [data-sms-send]                 "获取验证码" button: sends the code, then a 60 s countdown.
 * [data-open=id] / [data-close]   open / close sheets and dialogs.
 * [data-toggle-password]          show / hide a password input.
 * Eseal.time.date(iso) / datetime(iso) / datetimeSeconds(iso) / dateCn(iso)   Beijing time for display.
 * Eseal.sendAccountSms(btn, body, form, aliases)   获取验证码 for an account (the API knows its phone).
 * Eseal.upload(url, file, onProgress, opts)   POST one file with upload progress (see the function).
 */
(function () {
  "use strict";

  var CSRF_COOKIE = "eseal_csrf";
  var CSRF_HEADER = "X-CSRF-Token";
  var SMS_SECONDS = 60;

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return "";
  }

  /** The CSRF cookie alone (what uploads and form POSTs of files send). */
  function csrfCookie() { return readCookie(CSRF_COOKIE); }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return readCookie(CSRF_COOKIE) || (meta ? meta.getAttribute("content") : "");
  }

  /** Normalise the API's error JSON into {message, field, code, fields:{name:message}}. */
  function parseError(status, data) {
    var err = (data && (data.error || data.detail)) || data || {};
    if (typeof err === "string") err = { message: err };
    var out = {
      status: status,
      code: err.code || "",
      message: err.message || err.msg || "",
      field: err.field || "",
      retryAfter: err.retry_after || 0,
      fields: {}
    };
    if (err.fields && typeof err.fields === "object" && !Array.isArray(err.fields)) {
      out.fields = err.fields;
    }
    if (Array.isArray(data && data.detail)) {
      // FastAPI request-validation error list: [{loc:[..., name], msg}]
      data.detail.forEach(function (d) {
        var loc = d.loc || [];
        var name = loc[loc.length - 1];
        if (name && !out.fields[name]) out.fields[name] = "请检查此项";
      });
      out.message = out.message || "请检查填写的信息";
    }
    if (out.field && out.message && !out.fields[out.field]) out.fields[out.field] = out.message;
    if (!out.message) {
      out.message = status === 401 ? "请先登录" : status === 429 ? "操作过于频繁，请稍后再试" : "操作失败，请稍后重试";
    }
    return out;
  }

  function api(method, path, body) {
    var headers = { Accept: "application/json" };
    if (method !== "GET" && method !== "HEAD") {
      headers["Content-Type"] = "application/json";
      var token = csrfToken();
      if (token) headers[CSRF_HEADER] = token;
    }
    return fetch(path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(
      function (res) {
        return res.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          if (res.ok) return { ok: true, status: res.status, data: data };
          return { ok: false, status: res.status, data: data, error: parseError(res.status, data) };
        });
      },
      function () {
        return { ok: false, status: 0, data: null, error: { message: "网络异常，请检查网络后重试", fields: {} } };
      }
    );
  }

  /* ---------- toast ---------- */
  var toastTimer = null;
  function toast(message, ms) {
    var el = document.getElementById("toast");
    if (!el) return;
    el.textContent = message;
    // over a centred dialog the toast goes to the top, never over the dialog's title
    el.classList.toggle("toast--top", !!document.querySelector(".mask--center.is-open"));
    el.classList.add("is-shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove("is-shown"); }, ms || 2200);
  }

  /* ---------- field errors ---------- */
  function fieldBox(form, name) {
    return form.querySelector('[data-field="' + name + '"]');
  }

  function clearErrors(form) {
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    form.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var banner = form.querySelector("[data-form-error]");
    if (banner) { banner.textContent = ""; banner.classList.remove("is-shown"); }
  }

  function setFieldError(form, name, message) {
    var box = fieldBox(form, name);
    if (!box) return false;
    box.classList.add("has-error");
    var slot = box.querySelector("[data-error-for]");
    if (slot) slot.textContent = message;
    var input = box.querySelector("input, select");
    if (input) input.setAttribute("aria-invalid", "true");
    return true;
  }

  /** Show an API error: next to its field when the field is on this form, else in the form banner. */
  function showError(form, err, aliases) {
    var shown = false;
    var first = null;
    Object.keys(err.fields || {}).forEach(function (name) {
      var target = (aliases && aliases[name]) || name;
      if (setFieldError(form, target, err.fields[name])) {
        shown = true;
        if (!first) first = target;
      }
    });
    if (!shown) {
      var banner = form.querySelector("[data-form-error]");
      if (banner) {
        banner.textContent = err.message;
        banner.classList.add("is-shown");
      } else {
        toast(err.message);
      }
    } else {
      var box = fieldBox(form, first);
      var input = box && box.querySelector("input, select");
      if (input && input.type !== "checkbox") input.focus();
    }
  }

  function formValues(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      if (el.closest("[hidden]")) return;
      if (el.type === "checkbox") out[el.name] = el.checked;
      else if (el.type === "radio") { if (el.checked) out[el.name] = el.value; }
      else out[el.name] = el.value.trim();
    });
    return out;
  }

  /**
   * Bind a form: options.url (string or function(values)), options.method ("POST"),
   * options.validate(values) -> {field: message} for client-side checks that need no server,
   * options.body(values) -> JSON body, options.aliases {apiField: formField}, options.onSuccess(data, values).
   */
  function bindForm(form, options) {
    if (!form) return;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var submit = form.querySelector('[type="submit"]');
      if (submit && submit.classList.contains("is-busy")) return;
      clearErrors(form);
      var values = formValues(form);
      var local = options.validate ? options.validate(values, form) : null;
      if (local && Object.keys(local).length) {
        showError(form, { message: local[Object.keys(local)[0]], fields: local }, options.aliases);
        return;
      }
      var url = typeof options.url === "function" ? options.url(values) : options.url;
      var body = options.body ? options.body(values) : values;
      if (submit) submit.classList.add("is-busy");
      api(options.method || "POST", url, body).then(function (res) {
        if (submit) submit.classList.remove("is-busy");
        if (res.ok) {
          if (options.onSuccess) options.onSuccess(res.data, values);
        } else if (options.onError && options.onError(res, values) === true) {
          /* handled by the page */
        } else {
          showError(form, res.error, options.aliases);
        }
      });
    });
  }

  /* ---------- SMS countdown ---------- */
  function startCountdown(btn, seconds) {
    var left = seconds;
    btn.disabled = true;
    btn.dataset.counting = "1";
    btn.textContent = left + "s后重新获取";
    var timer = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(timer);
        btn.disabled = false;
        delete btn.dataset.counting;
        btn.textContent = "重新获取";
      } else {
        btn.textContent = left + "s后重新获取";
      }
    }, 1000);
  }

  /** Hook for pages: how to ask the API for an SMS code. Overridable via Eseal.smsRequest. */
  /** After a failed "获取验证码": wait out a cooldown, otherwise re-enable the button. True if handled. */
  function smsFailed(btn, error) {
    if (error.code === "sms_cooldown" && error.retryAfter) {
      startCountdown(btn, error.retryAfter);
      toast(error.message);
      return true;
    }
    btn.disabled = false;
    return false;
  }

  function defaultSmsRequest(phone, purpose) {
    return api("POST", Eseal.paths.smsSend, { phone: phone, purpose: purpose });
  }

  function bindSms(root) {
    (root || document).querySelectorAll("[data-sms-send]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var form = btn.closest("form");
        var phoneName = btn.dataset.phoneField || "phone";
        var phoneInput = form && form.querySelector('[name="' + phoneName + '"]');
        var phone = phoneInput ? phoneInput.value.trim() : (btn.dataset.phone || "");
        if (form) {
          var slotBox = fieldBox(form, phoneName);
          if (slotBox) { slotBox.classList.remove("has-error"); }
        }
        if (phoneInput && !/^1\d{10}$/.test(phone)) {
          setFieldError(form, phoneName, phone ? "请输入正确的手机号" : "请输入手机号");
          return;
        }
        btn.disabled = true;
        var request = Eseal.smsRequest || defaultSmsRequest;
        request(phone, btn.dataset.purpose || "login", btn).then(function (res) {
          if (res.ok) {
            var seconds = (res.data && (res.data.resend_after || res.data.cooldown)) || SMS_SECONDS;
            startCountdown(btn, seconds);
            toast("验证码已发送");
          } else if (res.error.code === "sms_cooldown" && res.error.retryAfter) {
            startCountdown(btn, res.error.retryAfter); // a code was sent recently: wait it out
            toast(res.error.message);
          } else {
            btn.disabled = false;
            var shown = false;
            if (form) {
              var fields = res.error.fields || {};
              Object.keys(fields).forEach(function (k) {
                var name = k === "phone" ? phoneName : k;
                if (setFieldError(form, name, fields[k])) shown = true;
              });
            }
            if (!shown) toast(res.error.message);
          }
        });
      });
    });
  }

  /** 获取验证码 for an account whose phone the API knows (body: account, purpose, …): count down and say where
   *  the code went; a failure is shown on ``form`` (``aliases``: API field → form field). */
  function sendAccountSms(btn, body, form, aliases) {
    btn.disabled = true;
    return api("POST", Eseal.paths.smsSend, body).then(function (res) {
      if (res.ok) {
        startCountdown(btn, res.data.resend_after || SMS_SECONDS);
        toast("验证码已发送至 " + (res.data.phone_masked || "绑定手机"));
      } else if (!smsFailed(btn, res.error)) {
        showError(form, res.error, aliases);
      }
      return res;
    });
  }

  /** POST one file, upload progress 0..100 to ``onProgress`` → Promise<{ok, status, data, error}> (never rejects).
   *  Multipart (``file``, named opts.filename, else the file's name, else opts.defaultName), or with opts.raw the
   *  file itself as the body (?name=<file name>). opts.messages: Chinese by HTTP status when the API says none. */
  function upload(url, file, onProgress, opts) {
    opts = opts || {};
    var messages = opts.messages || {};
    var name = opts.filename || file.name || opts.defaultName || "file";
    if (opts.raw) url += (url.indexOf("?") < 0 ? "?" : "&") + "name=" + encodeURIComponent(name);
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader(CSRF_HEADER, csrfCookie());
      xhr.setRequestHeader("Accept", "application/json");
      xhr.withCredentials = true;
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (ev) {
          if (ev.lengthComputable) onProgress(Math.round(ev.loaded * 100 / ev.total));
        };
      }
      xhr.onload = function () {
        var data = null;
        try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { data = null; }
        if (xhr.status >= 200 && xhr.status < 300) { resolve({ ok: true, status: xhr.status, data: data }); return; }
        var err = (data && data.error) || {};
        var message = err.message || messages[xhr.status] || "上传失败，请稍后重试";
        resolve({ ok: false, status: xhr.status, data: data,
                  error: { code: err.code || "", message: message, field: err.field || "", fields: {} } });
      };
      xhr.onerror = function () {
        resolve({ ok: false, status: 0, data: null, error: { message: "网络异常，请检查网络后重试", fields: {} } });
      };
      if (opts.raw) {
        xhr.setRequestHeader("Content-Type", "application/pdf");
        xhr.send(file);
        return;
      }
      var form = new FormData();
      form.append("file", file, name);
      xhr.send(form);
    });
  }

  /* ---------- Beijing time (every time a person reads; the API speaks ISO 8601 with an offset) ---------- */
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function beijing(iso) {
    var d = new Date(iso);
    if (!iso || isNaN(d)) return null;
    return new Date(d.getTime() + 8 * 3600 * 1000); // read with getUTC*: Beijing time on any device
  }
  function date(iso) {
    var d = beijing(iso);
    if (!d) return iso || "";
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }
  function datetime(iso) {
    var d = beijing(iso);
    if (!d) return iso || "";
    return date(iso) + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  function datetimeSeconds(iso) {
    var d = beijing(iso);
    if (!d) return iso || "";
    return datetime(iso) + ":" + pad(d.getUTCSeconds());
  }
  function dateCn(iso) {
    var d = beijing(iso);
    if (!d) return iso || "";
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日";
  }

  /* ---------- sheets / dialogs ---------- */
  function openLayer(id) {
    var el = document.getElementById(id);
    if (!el) return;
    el.classList.add("is-open");
    el.setAttribute("aria-hidden", "false");
    var focusable = el.querySelector("button, a, input");
    if (focusable) focusable.focus();
  }
  function closeLayer(el) {
    if (typeof el === "string") el = document.getElementById(el);
    if (!el) return;
    el.classList.remove("is-open");
    el.setAttribute("aria-hidden", "true");
  }

  document.addEventListener("click", function (ev) {
    var opener = ev.target.closest("[data-open]");
    if (opener) { ev.preventDefault(); openLayer(opener.dataset.open); return; }
    var closer = ev.target.closest("[data-close]");
    if (closer) { ev.preventDefault(); closeLayer(closer.closest(".mask")); return; }
    if (ev.target.classList && ev.target.classList.contains("mask") && !ev.target.hasAttribute("data-modal")) {
      closeLayer(ev.target);
      return;
    }
    var eye = ev.target.closest("[data-toggle-password]");
    if (eye) {
      var input = eye.parentNode.querySelector("input");
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      eye.setAttribute("aria-label", show ? "隐藏密码" : "显示密码");
      return;
    }
    var doc = ev.target.closest("a[data-agreement]");
    if (doc) { ev.preventDefault(); showAgreement(doc); return; }
    var back = ev.target.closest("a[data-back]");
    if (back && document.referrer.indexOf(location.origin + "/") === 0 && history.length > 1) {
      ev.preventDefault();
      history.back();
      return;
    }
    var soon = ev.target.closest('[aria-disabled="true"]');
    if (soon) { ev.preventDefault(); toast(soon.dataset.soon || "该功能即将开放"); }
  });

  /* Agreement texts open in a sheet over the form, so nothing typed so far is lost. */
  function showAgreement(link) {
    var mask = document.getElementById("agreement-sheet");
    if (!mask) {
      mask = document.createElement("div");
      mask.className = "mask";
      mask.id = "agreement-sheet";
      mask.innerHTML = '<div class="sheet sheet--doc" role="dialog" aria-modal="true">' +
        '<div class="sheet__bar"><span class="sheet__bar-title"></span>' +
        '<button type="button" class="navbar__btn" data-close aria-label="关闭">关闭</button></div>' +
        '<iframe class="sheet__frame" title=""></iframe></div>';
      document.body.appendChild(mask);
    }
    var title = link.textContent.replace(/[《》]/g, "");
    mask.querySelector(".sheet__bar-title").textContent = title;
    mask.querySelector("[role=dialog]").setAttribute("aria-label", title);
    var frame = mask.querySelector("iframe");
    frame.title = title;
    frame.src = link.getAttribute("href") + "?embed=1";
    openLayer("agreement-sheet");
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      document.querySelectorAll(".mask.is-open:not([data-modal])").forEach(closeLayer);
    }
  });

  /* ---------- misc ---------- */
  function nextUrl(fallback) {
    var next = new URLSearchParams(location.search).get("next");
    // only same-site relative paths: never an open redirect
    if (next && next.charAt(0) === "/" && next.charAt(1) !== "/" && next.indexOf("\\") < 0) return next;
    return fallback || "/home";
  }

  var Eseal = {
    api: api,
    bindForm: bindForm,
    bindSms: bindSms,
    clearErrors: clearErrors,
    setFieldError: setFieldError,
    showError: showError,
    startCountdown: startCountdown,
    smsFailed: smsFailed,
    sendAccountSms: sendAccountSms,
    upload: upload,
    csrfCookie: csrfCookie,
    time: { pad: pad, beijing: beijing, date: date, datetime: datetime, datetimeSeconds: datetimeSeconds,
            dateCn: dateCn },
    toast: toast,
    openLayer: openLayer,
    closeLayer: closeLayer,
    nextUrl: nextUrl,
    smsRequest: null,
    paths: {
      smsSend: "/api/v1/sms/send"
    }
  };
  window.Eseal = Eseal;

  document.addEventListener("DOMContentLoaded", function () { bindSms(document); });
})();
