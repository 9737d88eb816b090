"""Seal type codes and the seal identifier ``esID``.

GB/T 38540 only says ``esID`` is a unique IA5String and that ``SES_ESPropertyInfo.type`` is
"defined by business needs". Our decisions (documented in docs/ses.md):

* ``type`` carries the public-security (公安) seal-type code as an integer:
  1 法定名称章, 2 财务专用章, 3 发票专用章, 4 合同专用章, 5 法定代表人名章, 99 其他类型印章.
  **Personal seals** (个人名章 of a natural person) have no code of their own in that scheme;
  they are written as 99 (other). The platform keeps the finer "kind" (``personal``) in its
  manifest/database. Beware when *reading* GM/T 0031-2014 (v1/v2) seals: there ``type`` means
  1 = unit seal, 2 = personal seal, so the same integer must be interpreted per version
  (:func:`type_label`).

* ``esID`` = 6-digit administrative area code (GB/T 2260) + 2-digit type code + 8-digit serial
  + 1 check digit (ISO/IEC 7064 MOD 11,10, a hybrid system whose check character is always a
  digit, so the whole code stays numeric and IA5-safe). 17 characters in total. The 14-digit
  "area + 8-digit serial" form seen in seal-management systems is a prefix-compatible subset.
"""

from __future__ import annotations

import enum
import re

from eseal.engine.ses.errors import EsIdError


class SealType(enum.IntEnum):
    LEGAL_NAME = 1  # 法定名称章 (the unit's official seal, 公章)
    FINANCE = 2  # 财务专用章
    INVOICE = 3  # 发票专用章
    CONTRACT = 4  # 合同专用章
    LEGAL_REP = 5  # 法定代表人名章
    OTHER = 99  # 其他类型印章 (also used for personal seals, see module docstring)

    @property
    def code(self) -> str:
        """The 2-digit business code ("01" … "05", "99")."""
        return f"{int(self):02d}"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    SealType.LEGAL_NAME: "法定名称章",
    SealType.FINANCE: "财务专用章",
    SealType.INVOICE: "发票专用章",
    SealType.CONTRACT: "合同专用章",
    SealType.LEGAL_REP: "法定代表人名章",
    SealType.OTHER: "其他类型印章",
}

# CLI / platform "kind" names → seal type code written into the seal.
KIND_TO_TYPE: dict[str, SealType] = {
    "legal-name": SealType.LEGAL_NAME,
    "finance": SealType.FINANCE,
    "invoice": SealType.INVOICE,
    "contract": SealType.CONTRACT,
    "legal-rep": SealType.LEGAL_REP,
    "personal": SealType.OTHER,
}

_V1_LABELS = {1: "单位印章", 2: "个人印章"}


def type_label(seal_type: int, header_version: int) -> str:
    """Human label for ``SES_ESPropertyInfo.type``, interpreted per seal version."""
    if header_version < 3:
        return _V1_LABELS.get(seal_type, f"未定义类型({seal_type})")
    try:
        return SealType(seal_type).label
    except ValueError:
        return f"自定义类型({seal_type})"


_AREA_RE = re.compile(r"^[1-9]\d{5}$")
_ESID_RE = re.compile(r"^(\d{6})(\d{2})(\d{8})(\d)$")


def mod11_10_check(digits: str) -> str:
    """ISO/IEC 7064 MOD 11,10 check digit for a string of decimal digits."""
    if not digits or not digits.isdigit() or not digits.isascii():
        raise EsIdError("check digit input must be decimal digits")
    p = 10
    for ch in digits:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return str((11 - p) % 10)


def make_es_id(area_code: str, seal_type: int | SealType, serial: int) -> str:
    """Compose an esID: area(6) + type(2) + serial(8) + check(1)."""
    if not _AREA_RE.match(area_code or ""):
        raise EsIdError(f"area code must be 6 digits (GB/T 2260), got {area_code!r}")
    t = int(seal_type)
    if not 0 < t < 100:
        raise EsIdError(f"seal type code must be 1..99, got {t}")
    if not 0 <= serial < 10**8:
        raise EsIdError(f"serial must be 0..99999999, got {serial}")
    body = f"{area_code}{t:02d}{serial:08d}"
    return body + mod11_10_check(body)


def parse_es_id(es_id: str) -> tuple[str, int, int]:
    """Split and validate a platform esID → (area code, type code, serial). Raises EsIdError."""
    m = _ESID_RE.match(es_id or "")
    if not m or not _AREA_RE.match(m.group(1)):
        raise EsIdError(f"esID must be 17 digits (area 6 + type 2 + serial 8 + check 1), got {es_id!r}")
    body = es_id[:-1]
    if mod11_10_check(body) != es_id[-1]:
        raise EsIdError(f"esID check digit mismatch in {es_id!r}")
    return m.group(1), int(m.group(2)), int(m.group(3))


def is_platform_es_id(es_id: str) -> bool:
    try:
        parse_es_id(es_id)
    except EsIdError:
        return False
    return True
