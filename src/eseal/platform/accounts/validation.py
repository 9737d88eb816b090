"""Validation of what people type into the account forms (names, phones, passwords, credit codes, ID numbers).

Each check returns the normalised value or raises ``PlatformError`` naming the field; UI messages are Chinese
(as in the manual).
"""

from __future__ import annotations

import re
import unicodedata

from eseal.engine.ids import ID_TYPE_LABELS, CreditCode, IdFormatError, validate_credit_code, validate_id
from eseal.platform.core import PlatformError, is_phone

NAME_RE = re.compile(r"^[\u4e00-\u9fa5A-Za-z·\.\s]{2,50}$")
VERIFICATION_PASSWORD_RE = re.compile(r"^\d{6,20}$")
# Mismatched confirmation. The manual says 「核验密码不一致！」 only for the 核验密码 (the ≥ 6-digit willingness
# password, §5.1 密码核验); every LOGIN password form (registration, reset, change) says the same other thing.
PASSWORD_MISMATCH = "两次输入的密码不一致"  # noqa: S105 - a UI message, not a secret
VERIFICATION_PASSWORD_MISMATCH = "核验密码不一致！"  # noqa: S105 - a UI message


def require_agreement(agree: bool | None) -> None:
    if agree is not True:
        raise PlatformError("agreement_required", "请阅读并勾选《用户注册协议》和《用户隐私政策》", "agree")


def check_phone(phone: str | None, field: str = "phone") -> str:
    phone = (phone or "").strip()
    if not is_phone(phone):
        raise PlatformError("invalid_phone", "请输入正确的手机号", field)
    return phone


# Unicode categories never valid in a displayed name: controls (incl. NUL, newlines), format characters
# (RLO U+202E, ZWSP U+200B, BOM …), private use, surrogates, line/paragraph separators.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
_SEPARATORS = "·. "
_BAD_SEPARATORS = re.compile(r"[·.]\s*[·.]|\s{2}")  # "··", ". .", double spaces


def _clean_name(value: str | None, field: str, code: str, message: str, *, min_len: int, max_len: int) -> str:
    """NFC-normalised, trimmed name, or a PlatformError naming the field.

    Names are shown on seals, certificates and audit records: invisible or direction-changing characters would let
    two different names look the same (or one look like another), and NUL is refused by PostgreSQL (a 500)."""
    name = unicodedata.normalize("NFC", value or "").strip()
    if not name:
        raise PlatformError(code, message, field)
    for ch in name:
        if unicodedata.category(ch) in _FORBIDDEN_CATEGORIES:
            raise PlatformError(code, f"{message}（不能包含控制字符、换行或不可见字符）", field)
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise PlatformError(code, f"{message}（须包含文字）", field)
    if _BAD_SEPARATORS.search(name) or name[0] in "·.":
        raise PlatformError(code, f"{message}（分隔符“·”使用不正确）", field)
    if not min_len <= len(name) <= max_len:
        raise PlatformError(code, f"{message}（长度须为{min_len}-{max_len}个字符）", field)
    return name


def check_person_name(name: str | None, field: str) -> str:
    name = _clean_name(name, field, "invalid_person_name", "请输入正确的姓名", min_len=2, max_len=50)
    if not NAME_RE.match(name) or name[-1] in _SEPARATORS:
        raise PlatformError("invalid_person_name", "请输入正确的姓名", field)
    return name


# What registered organisation names contain (企业名称登记管理规定): Chinese (CJK unified ideographs, extensions A–F),
# Latin letters (with diacritics: Latin-1 and Latin Extended-A/B, not × ÷), digits, brackets (full- and half-width), 、·- as separators and single spaces between words.
# No markup or SQL punctuation (< > " ' ; & % / \\ …), no emoji, no other scripts.
_ORG_NAME_RE = re.compile(
    r"^[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134fA-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f0-9（）()、·\- ]+$")
_ORG_SEPARATORS = "、·-"
_ORG_BAD_SEPARATORS = re.compile(r"[、·\-]\s*[、·\-]|\s{2}")
_BRACKETS = {"（": "）", "(": ")"}


def _brackets_balanced(name: str) -> bool:
    stack: list[str] = []
    for ch in name:
        if ch in _BRACKETS:
            stack.append(_BRACKETS[ch])
        elif ch in "）)":
            if not stack or stack.pop() != ch:
                return False
    return not stack


def check_enterprise_name(name: str | None, field: str = "name") -> str:
    message = "请输入正确的公司或单位名称"
    name = _clean_name(name, field, "invalid_name", message, min_len=2, max_len=100)
    if not _ORG_NAME_RE.match(name):
        raise PlatformError("invalid_name", f"{message}（只能包含汉字、字母、数字、括号及“、·-”）", field)
    if name[0] in _ORG_SEPARATORS or name[-1] in _ORG_SEPARATORS or _ORG_BAD_SEPARATORS.search(name):
        raise PlatformError("invalid_name", f"{message}（分隔符使用不正确）", field)
    if not _brackets_balanced(name):
        raise PlatformError("invalid_name", f"{message}（括号不配对）", field)
    return name


def check_new_password(password: str | None, confirm: str | None, field: str = "password",
                       confirm_field: str = "password_confirm") -> str:
    password = password or ""
    if len(password) < 8 or len(password) > 64 or not re.search(r"[A-Za-z]", password) \
            or not re.search(r"\d", password):
        raise PlatformError("weak_password", "密码为8-64位，且须同时包含字母和数字", field)
    if password != (confirm or ""):
        raise PlatformError("password_mismatch", PASSWORD_MISMATCH, confirm_field)
    return password


def check_verification_password(password: str | None, confirm: str | None) -> str:
    password = password or ""
    if not VERIFICATION_PASSWORD_RE.match(password):
        raise PlatformError("invalid_verification_password", "核验密码须为6位以上数字", "password")
    if password != (confirm or ""):
        raise PlatformError("verification_password_mismatch", VERIFICATION_PASSWORD_MISMATCH, "password_confirm")
    return password


def parse_credit_code(value: str | None, field: str = "credit_code") -> CreditCode:
    try:
        return validate_credit_code(value or "")
    except IdFormatError as exc:
        message = "统一社会信用代码校验错误" if exc.zh == "统一社会信用代码校验错误" else f"统一社会信用代码校验错误：{exc.zh}"
        raise PlatformError("invalid_credit_code", message, field) from exc


def parse_person_id(id_type: str | None, value: str | None, field: str = "id_number",
                    message: str = "请输入正确的证件号码") -> tuple[str, str]:
    id_type = id_type or "resident_id"
    if id_type not in ID_TYPE_LABELS:
        raise PlatformError("invalid_id_type", "请选择正确的证件类型", "id_type")
    try:
        return id_type, validate_id(id_type, value or "")
    except IdFormatError as exc:
        raise PlatformError("invalid_id_number", f"{message}（{exc.zh}）", field) from exc
