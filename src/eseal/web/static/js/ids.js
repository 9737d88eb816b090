/* Check characters and formats of Chinese identifiers, ported from eseal.engine.ids (Python) so the
 * registration forms can check every field before submitting. Each check returns null when the value is
 * valid, else the same Chinese message the server would give (tests/web/e2e/test_f2_forms.py compares the two
 * on generated codes).
 *
 * Eseal.ids.creditCode(value)          GB 32100 unified social credit code (18 characters, MOD 31 check)
 * Eseal.ids.idNumber(idType, value)    resident_id (GB 11643, MOD 11-2), hk_macao_permit, taiwan_permit,
 *                                      foreign_permanent_resident
 */
(function () {
  "use strict";

  var CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK_CHARS = "10X98765432";
  // registration authority (position 1) → categories (position 2)
  var CREDIT_AUTHORITIES = {
    "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129", "8": "19",
    "9": "123", "A": "19", "N": "1239", "Y": "1"
  };
  var PROVINCES = ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 " +
                   "71 81 82").split(" ");

  function normalize(value) { return String(value || "").replace(/\s+/g, "").toUpperCase(); }
  function isDigits(s) { return /^\d+$/.test(s); }

  function creditCheckChar(first17) {
    var total = 0;
    for (var i = 0; i < 17; i++) total += CREDIT_CHARSET.indexOf(first17.charAt(i)) * CREDIT_WEIGHTS[i];
    var value = 31 - (total % 31);
    return CREDIT_CHARSET.charAt(value === 31 ? 0 : value);
  }

  function creditCode(value) {
    var code = normalize(value);
    if (code.length !== 18) return "统一社会信用代码应为18位";
    for (var i = 0; i < 18; i++) {
      if (CREDIT_CHARSET.indexOf(code.charAt(i)) < 0) return "统一社会信用代码含有非法字符";
    }
    var categories = CREDIT_AUTHORITIES[code.charAt(0)];
    if (!categories) return "统一社会信用代码登记管理部门代码错误";
    if (categories.indexOf(code.charAt(1)) < 0) return "统一社会信用代码机构类别代码错误";
    var area = code.slice(2, 8);
    if (!isDigits(area) || (PROVINCES.indexOf(area.slice(0, 2)) < 0 && area.slice(0, 2) !== "10")) {
      return "统一社会信用代码行政区划码错误";
    }
    if (code.charAt(17) !== creditCheckChar(code.slice(0, 17))) return "统一社会信用代码校验错误";
    return null;
  }

  function idCheckChar(first17) {
    var total = 0;
    for (var i = 0; i < 17; i++) total += Number(first17.charAt(i)) * ID_WEIGHTS[i];
    return ID_CHECK_CHARS.charAt(total % 11);
  }

  /** true when yyyy-mm-dd is a real calendar date */
  function realDate(y, m, d) {
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    var t = new Date(Date.UTC(2000, m - 1, d));
    t.setUTCFullYear(y);
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }

  function birthDateOk(digits) {
    var y = Number(digits.slice(0, 4)), m = Number(digits.slice(4, 6)), d = Number(digits.slice(6, 8));
    if (!realDate(y, m, d)) return false;
    var now = new Date();
    var today = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
    return y * 10000 + m * 100 + d <= today && y >= 1850;
  }

  function citizenId(value) {
    var n = normalize(value);
    if (n.length !== 18) return "身份证号码应为18位";
    if (!isDigits(n.slice(0, 17)) || "0123456789X".indexOf(n.charAt(17)) < 0) return "身份证号码格式错误";
    if (PROVINCES.indexOf(n.slice(0, 2)) < 0) return "身份证号码地区码错误";
    if (!birthDateOk(n.slice(6, 14))) return "证件号码出生日期错误";
    if (n.charAt(17) !== idCheckChar(n.slice(0, 17))) return "身份证号码校验错误";
    return null;
  }

  function hkMacaoPermit(value) {
    var n = normalize(value);
    if ((n.length === 9 || n.length === 11) && "HM".indexOf(n.charAt(0)) >= 0 && isDigits(n.slice(1))) return null;
    return "港澳居民来往内地通行证号码格式错误";
  }

  function taiwanPermit(value) {
    var n = normalize(value);
    if (n.length === 8 && isDigits(n)) return null;
    if ((n.length === 10 || n.length === 11) && isDigits(n.slice(0, 10)) &&
        (n.length === 10 || /\p{L}/u.test(n.charAt(10)))) return null;
    return "台湾居民来往大陆通行证号码格式错误";
  }

  function foreignPermanentResident(value) {
    var n = normalize(value);
    if (n.length === 18) {
      if (n.charAt(0) !== "9" || !isDigits(n.slice(0, 17)) || "0123456789X".indexOf(n.charAt(17)) < 0) {
        return "外国人永久居留身份证号码格式错误";
      }
      if (!birthDateOk(n.slice(6, 14))) return "证件号码出生日期错误";
      if (n.charAt(17) !== idCheckChar(n.slice(0, 17))) return "外国人永久居留身份证号码校验错误";
      return null;
    }
    if (n.length === 15 && /^\p{L}{3}$/u.test(n.slice(0, 3)) && isDigits(n.slice(3))) {
      var yymmdd = n.slice(5, 11);
      if (realDate(2000 + Number(yymmdd.slice(0, 2)), Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)))) {
        return null;
      }
    }
    return "外国人永久居留身份证号码格式错误";
  }

  var BY_TYPE = {
    resident_id: citizenId, hk_macao_permit: hkMacaoPermit, taiwan_permit: taiwanPermit,
    foreign_permanent_resident: foreignPermanentResident
  };

  function idNumber(idType, value) {
    var check = BY_TYPE[idType];
    return check ? check(value) : "证件类型错误";
  }

  window.Eseal = window.Eseal || {};
  window.Eseal.ids = { creditCode: creditCode, idNumber: idNumber, creditCheckChar: creditCheckChar,
                       idCheckChar: idCheckChar };
})();

/* Field checks shared by the registration forms (same rules and messages as eseal.platform.accounts.validation;
 * the server checks again). Each returns null or the message. */
(function () {
  "use strict";
  var PERSON_NAME = /^[\u4e00-\u9fa5A-Za-z·.\s]{2,50}$/;
  var ORG_NAME = /^[\u3400-\u4dbf\u4e00-\u9fff\u{20000}-\u{3134f}A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f0-9（）()、·\- ]+$/u;

  window.Eseal.validators = {
    put: function (errors, field, message) { if (message) errors[field] = message; },
    wrap: function (prefix, message) { return message ? prefix + "（" + message + "）" : null; },
    creditCode: function (v) {
      if (!v) return "请输入统一社会信用代码";
      var m = window.Eseal.ids.creditCode(v);
      return !m || m === "统一社会信用代码校验错误" ? m : "统一社会信用代码校验错误：" + m;
    },
    phone: function (v) { return /^1\d{10}$/.test(v || "") ? null : (v ? "请输入正确的手机号" : "请输入手机号"); },
    smsCode: function (v) { return /^\d{6}$/.test(v || "") ? null : (v ? "请输入6位数字验证码" : "请输入短信验证码"); },
    password: function (v) {
      if (!v) return "请设置密码";
      return v.length >= 8 && v.length <= 64 && /[A-Za-z]/.test(v) && /\d/.test(v)
        ? null : "密码为8-64位，且须同时包含字母和数字";
    },
    personName: function (v, empty) {
      if (!v) return empty;
      return PERSON_NAME.test(v) && "·. ".indexOf(v.charAt(v.length - 1)) < 0 && "·.".indexOf(v.charAt(0)) < 0
        ? null : "请输入正确的姓名";
    },
    orgName: function (v) {
      if (!v) return "请输入公司或单位名称";
      var chars = Array.from(v);
      if (chars.length < 2 || chars.length > 100) return "请输入正确的公司或单位名称（长度须为2-100个字符）";
      if (!ORG_NAME.test(v)) return "请输入正确的公司或单位名称（只能包含汉字、字母、数字、括号及“、·-”）";
      return null;
    }
  };
})();
