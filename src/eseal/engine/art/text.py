"""Validation of the text printed on a seal, and the traditional wording of square name seals."""

from __future__ import annotations

import re
import unicodedata

from .errors import SealArtError

# GB 32100-2015 统一社会信用代码 character set (no I, O, Z, S, V).
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

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


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(code: object) -> str:
    """统一社会信用代码 (GB 32100) for the invoice seal; SealArtError naming what is wrong.

    Uses the shared validator ``eseal.engine.ids.validate_uscc`` when it exists, and a local check of
    the character set and check character otherwise (same algorithm, GB 32100-2015 §5).
    """
    if not isinstance(code, str):
        raise SealArtError(f"credit code must be a string, got {type(code).__name__}")
    value = code.strip().upper()
    try:
        from eseal.engine.ids import validate_uscc as shared_validate  # type: ignore[import-not-found]
    except ImportError:
        shared_validate = None
    if shared_validate is not None:
        try:
            shared_validate(value)
        except ValueError as exc:
            raise SealArtError(f"invalid credit code {value!r}: {exc}") from exc
        return value
    if len(value) != 18:
        raise SealArtError(f"credit code must have 18 characters, got {len(value)}: {value!r}")
    bad = [c for c in value if c not in _USCC_CHARS]
    if bad:
        raise SealArtError(f"credit code {value!r} contains characters not allowed by GB 32100: {''.join(bad)}")
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        raise SealArtError(f"credit code {value!r} has a wrong check character {value[17]!r} "
                           f"(expected {expected!r})")
    return value


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
