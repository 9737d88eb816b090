"""Validation of the text printed on a seal, and the traditional wording of square name seals."""

from __future__ import annotations

import re
import unicodedata

from eseal.engine.ids import IdFormatError, validate_credit_code

from .errors import SealArtError

# Two-character (复姓) surnames that a 3-character name may start with; they stay in one column.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 独孤 端木 "
    "西门 南宫 百里 呼延 万俟 闻人 东郭 赫连 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 "
    "第五 梁丘 左丘 拓跋 段干 司空 亓官 司寇 子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良".split()
)


def clean_text(text: object, what: str = "name") -> str:
    """NFC-normalised, stripped text; SealArtError for empty text or control/format characters."""
    if not isinstance(text, str):
        raise SealArtError(f"{what} must be a string, got {type(text).__name__}")
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise SealArtError(f"{what} is empty")
    for pos, ch in enumerate(text, start=1):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            raise SealArtError(f"{what} contains a control character U+{ord(ch):04X} at position {pos}")
        if cat == "Cn":
            raise SealArtError(f"{what} contains an unassigned code point U+{ord(ch):04X} at position {pos}")
        if ch.isspace():
            raise SealArtError(f"{what} contains whitespace at position {pos}; seal text has no spaces")
    return text


def validate_code13(code: object) -> str:
    """The 13-digit 印章编码 from the PSB filing: printed as given, never generated."""
    if not isinstance(code, str) or not re.fullmatch(r"[0-9]{13}", code.strip()):
        raise SealArtError(f"anti-counterfeit code must be exactly 13 digits, got {code!r}")
    return code.strip()


def validate_uscc(code: object) -> str:
    """统一社会信用代码 (GB 32100) for the invoice seal, checked by the shared validator
    (:func:`eseal.engine.ids.validate_credit_code`); SealArtError naming what is wrong."""
    if not isinstance(code, str):
        raise SealArtError(f"credit code must be a string, got {type(code).__name__}")
    try:
        return validate_credit_code(code).code
    except IdFormatError as exc:
        raise SealArtError(f"invalid credit code {code.strip()!r}: {exc}") from exc


def square_seal_text(name: str, *, max_chars: int) -> str:
    """Wording of a square name seal, read right column first, top to bottom.

    2 characters: 张三 -> 张三之印; 3 characters: 欧阳明 -> 欧阳明印 (the compound surname fills the
    right column) and 王建国 -> 王建国印; 4 or more: as is (a 4-character name fills the 2×2 grid).
    """
    n = len(name)
    if n < 2:
        raise SealArtError(f"name {name!r} is too short for a square seal: at least 2 characters")
    if n > max_chars:
        raise SealArtError(f"name {name!r} is too long for a square seal: at most {max_chars} characters")
    if n == 2:
        return name + "之印"
    if n == 3:
        return name + "印"
    return name
