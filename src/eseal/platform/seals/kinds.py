"""The seal kinds of the platform (codes go down, Chinese goes up) and how each maps onto the engine: the art
template of its face, the GB/T 38540 seal type written into the SESeal, and whose certificate it carries."""

from __future__ import annotations

from dataclasses import dataclass

from eseal.engine.ses import SealType
from eseal.platform.core import PlatformError


@dataclass(frozen=True)
class SealKind:
    code: str
    label: str  # Chinese, as the manual names it
    owner: str  # "enterprise" | "person": which account kind may hold it
    art_kind: str  # eseal.engine.art template
    seal_type: SealType
    cert: str  # "enterprise" (credit code) | "legal_rep" (the legal representative's person cert) | "person"
    type_suffix: str = ""  # appended to the holder name in the SES seal name


KINDS: dict[str, SealKind] = {k.code: k for k in (
    SealKind("legal_name", "企业法定名称章", "enterprise", "legal-name", SealType.LEGAL_NAME, "enterprise"),
    SealKind("contract", "合同专用章", "enterprise", "contract", SealType.CONTRACT, "enterprise", "合同专用章"),
    SealKind("finance", "财务专用章", "enterprise", "finance", SealType.FINANCE, "enterprise", "财务专用章"),
    SealKind("invoice", "发票专用章", "enterprise", "invoice", SealType.INVOICE, "enterprise", "发票专用章"),
    SealKind("legal_rep", "企业法定代表人章", "enterprise", "legal-rep", SealType.LEGAL_REP, "legal_rep"),
    SealKind("personal_square", "个人方章", "person", "personal", SealType.OTHER, "person"),
    SealKind("personal_handdrawn", "个人手绘章", "person", "handdrawn", SealType.OTHER, "person"),
)}
ENTERPRISE_KINDS: tuple[str, ...] = tuple(k for k, v in KINDS.items() if v.owner == "enterprise")
PERSON_KINDS: tuple[str, ...] = tuple(k for k, v in KINDS.items() if v.owner == "person")
# the font ids of 个人方章 (eseal.engine.art personal_fonts); "gukai" is the contract's name for "ukai" (古典楷体)
FONTS: tuple[str, ...] = ("song", "kai", "fangsong", "hei", "ukai")
FONT_ALIASES = {"gukai": "ukai"}
DEFAULT_FONT = "song"
METHODS: tuple[str, ...] = ("password", "sms", "face")


def kind_of(code: str) -> SealKind:
    kind = KINDS.get(code)
    if kind is None:
        raise PlatformError("seal.invalid_kind", "印章类型不正确", "kinds")
    return kind


def normalize_font(font: str | None) -> str:
    value = FONT_ALIASES.get(font or DEFAULT_FONT, font or DEFAULT_FONT)
    if value not in FONTS:
        raise PlatformError("seal.invalid_font", "请选择正确的字体", "font")
    return value
