"""Chinese identifier checks: GB 32100 unified social credit codes (统一社会信用代码), GB 11643
citizen ID numbers (公民身份号码), and the format of HK/Macao and Taiwan travel permits and the
foreign permanent residence ID card.

Pure functions, no I/O. Validation raises :class:`IdFormatError` (a ``ValueError``) whose English
message names the problem; ``.zh`` carries a short Chinese message for the UI.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# GB 32100 registration authority (pos 1) → (name, {category (pos 2): name})
CREDIT_AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": ("机构编制", {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"}),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": ("司法行政", {"1": "律师执业机构", "2": "公证处", "3": "基层法律服务所", "4": "司法鉴定机构",
                    "5": "仲裁委员会", "9": "其他"}),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": ("旅游", {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"}),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": ("农业", {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"}),
    "Y": ("其他", {"1": "其他"}),
}

# 法人类型 offered at enterprise registration → accepted (authority + category) pairs.
LEGAL_TYPE_LABELS = {
    "enterprise": "企业法人",
    "government": "机关法人",
    "institution": "事业单位法人",
    "social_organization": "社会组织法人",
    "individual_business": "个体工商户",
    "other": "其他组织",
}
LEGAL_TYPE_CODES: dict[str, frozenset[str]] = {
    "enterprise": frozenset({"91", "93"}),
    "government": frozenset({"11", "A9"}),
    "institution": frozenset({"12", "A1"}),
    "social_organization": frozenset({"13", "51", "52", "53", "81", "71", "72"}),
    "individual_business": frozenset({"92"}),
}

ID_TYPE_LABELS = {
    "resident_id": "居民身份证",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "foreign_permanent_resident": "外国人永久居留身份证",
}

# GB/T 2260 province-level prefixes (first two digits of area codes); "10" = central level (credit codes).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


class IdFormatError(ValueError):
    """An identifier failed a format or check-digit rule. ``zh`` is the UI message (Chinese).

    ``code`` is stable ("ids.format"): the one error of this module.
    """

    code: ClassVar[str] = "ids.format"

    def __init__(self, message: str, zh: str = "证件号码格式错误") -> None:
        super().__init__(message)
        self.zh = zh


def _normalize(value: str) -> str:
    return "".join(str(value).split()).upper()


# ---------------------------------------------------------------- GB 32100 unified social credit code

def credit_check_char(first17: str) -> str:
    """The 18th character for the 17 given characters (GB 32100 §5)."""
    first17 = _normalize(first17)
    if len(first17) != 17:
        raise IdFormatError(f"need 17 characters to compute a credit-code check character, got {len(first17)}")
    total = 0
    for ch, weight in zip(first17, CREDIT_WEIGHTS, strict=True):
        idx = CREDIT_CHARSET.find(ch)
        if idx < 0:
            raise IdFormatError(f"character {ch!r} is not allowed in a unified social credit code",
                                "统一社会信用代码含有非法字符")
        total += idx * weight
    value = 31 - total % 31
    return CREDIT_CHARSET[0 if value == 31 else value]


@dataclass(frozen=True)
class CreditCode:
    code: str
    authority: str
    authority_name: str
    category: str
    category_name: str
    area_code: str
    org_code: str

    @property
    def type_code(self) -> str:
        return self.authority + self.category


def validate_credit_code(value: str) -> CreditCode:
    """Parse and check an 18-character unified social credit code; raises IdFormatError."""
    code = _normalize(value)
    if len(code) != 18:
        raise IdFormatError(f"a unified social credit code has 18 characters, got {len(code)}",
                            "统一社会信用代码应为18位")
    bad = [ch for ch in code if ch not in CREDIT_CHARSET]
    if bad:
        raise IdFormatError(f"character {bad[0]!r} is not allowed in a unified social credit code",
                            "统一社会信用代码含有非法字符")
    authority, category = code[0], code[1]
    if authority not in CREDIT_AUTHORITIES:
        raise IdFormatError(f"unknown registration authority code {authority!r} (position 1)",
                            "统一社会信用代码登记管理部门代码错误")
    authority_name, categories = CREDIT_AUTHORITIES[authority]
    if category not in categories:
        raise IdFormatError(f"category {category!r} is not defined for registration authority {authority!r}",
                            "统一社会信用代码机构类别代码错误")
    area = code[2:8]
    if not area.isdigit() or (area[:2] not in PROVINCE_PREFIXES and area[:2] != "10"):
        raise IdFormatError(f"administrative area code {area!r} (positions 3-8) is not valid",
                            "统一社会信用代码行政区划码错误")
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise IdFormatError(f"check character is {code[17]!r} but should be {expected!r}",
                            "统一社会信用代码校验错误")
    return CreditCode(code=code, authority=authority, authority_name=authority_name, category=category,
                      category_name=categories[category], area_code=area, org_code=code[8:17])


def legal_type_matches(legal_type: str, credit: CreditCode) -> bool:
    """Is 法人类型 consistent with the code's authority + category characters? ("other": any not claimed)."""
    if legal_type == "other":
        return not any(credit.type_code in codes for codes in LEGAL_TYPE_CODES.values())
    codes = LEGAL_TYPE_CODES.get(legal_type)
    if codes is None:
        raise IdFormatError(f"unknown legal type {legal_type!r}", "法人类型错误")
    return credit.type_code in codes


def generate_credit_code(authority: str = "9", category: str = "1", area_code: str = "450100",
                         rng: random.Random | None = None) -> str:
    """A random, valid credit code (tests and demo data)."""
    rng = rng or random.Random()  # noqa: S311 - not security relevant
    body = "".join(rng.choice(CREDIT_CHARSET) for _ in range(9))
    first17 = f"{authority}{category}{area_code}{body}"
    return first17 + credit_check_char(first17)


# ---------------------------------------------------------------- GB 11643 citizen ID number

def id_check_char(first17: str) -> str:
    if len(first17) != 17 or not first17.isdigit():
        raise IdFormatError("need 17 digits to compute an ID check character")
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def _birth_date(digits: str, what: str, today: date | None) -> date:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError as exc:
        raise IdFormatError(f"{what}: birth date {digits!r} is not a real date", "证件号码出生日期错误") from exc
    if born > (today or date.today()) or born.year < 1850:
        raise IdFormatError(f"{what}: birth date {born.isoformat()} is out of range", "证件号码出生日期错误")
    return born


@dataclass(frozen=True)
class CitizenId:
    number: str
    area_code: str
    birth_date: date
    sex: str  # "M" | "F"


def validate_citizen_id(value: str, today: date | None = None) -> CitizenId:
    """Check an 18-character GB 11643 citizen ID (area prefix, birth date, MOD 11-2 check)."""
    number = _normalize(value)
    if len(number) != 18:
        raise IdFormatError(f"a citizen ID number has 18 characters, got {len(number)}", "身份证号码应为18位")
    if not number[:17].isdigit() or number[17] not in "0123456789X":
        raise IdFormatError("a citizen ID number is 17 digits followed by a digit or X", "身份证号码格式错误")
    if number[:2] not in PROVINCE_PREFIXES:
        raise IdFormatError(f"area code {number[:6]!r} has an unknown province prefix", "身份证号码地区码错误")
    born = _birth_date(number[6:14], "citizen ID", today)
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise IdFormatError(f"check character is {number[17]!r} but should be {expected!r}", "身份证号码校验错误")
    return CitizenId(number=number, area_code=number[:6], birth_date=born, sex="M" if int(number[16]) % 2 else "F")


def generate_citizen_id(area_code: str = "450103", birth: date = date(1990, 1, 1), sequence: int = 1,
                        sex: str = "M") -> str:
    """A valid citizen ID with the given parts (sequence 1..999; its parity follows ``sex``)."""
    seq = sequence % 1000
    if (seq % 2 == 1) != (sex == "M"):
        seq = (seq + 1) % 1000
    first17 = f"{area_code}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


# ---------------------------------------------------------------- other ID types (format checks)

def validate_hk_macao_permit(value: str) -> str:
    """港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits, or + 10 digits (older cards)."""
    number = _normalize(value)
    if len(number) in (9, 11) and number[0] in "HM" and number[1:].isdigit():
        return number
    raise IdFormatError("a HK/Macao permit number is H or M followed by 8 (or 10) digits",
                        "港澳居民来往内地通行证号码格式错误")


def validate_taiwan_permit(value: str) -> str:
    """台湾居民来往大陆通行证: 8 digits (cards since 2015); older booklets 10 digits + optional letter."""
    number = _normalize(value)
    if (len(number) == 8 and number.isdigit()) or (
        len(number) in (10, 11) and number[:10].isdigit() and (len(number) == 10 or number[10].isalpha())
    ):
        return number
    raise IdFormatError("a Taiwan permit number is 8 digits (or 10 digits + optional letter for old permits)",
                        "台湾居民来往大陆通行证号码格式错误")


def validate_foreign_permanent_resident(value: str, today: date | None = None) -> str:
    """外国人永久居留身份证: 2023 format = 18 characters starting with 9, a birth date at positions 7-14
    and a GB 11643 check character; 2004 format = 3-letter country code + 12 digits (YYMMDD at 6-11)."""
    number = _normalize(value)
    if len(number) == 18:
        if number[0] != "9" or not number[:17].isdigit() or number[17] not in "0123456789X":
            raise IdFormatError("a 2023 permanent residence ID is 18 characters starting with 9",
                                "外国人永久居留身份证号码格式错误")
        _birth_date(number[6:14], "permanent residence ID", today)
        if number[17] != id_check_char(number[:17]):
            raise IdFormatError("permanent residence ID check character mismatch", "外国人永久居留身份证号码校验错误")
        return number
    if len(number) == 15 and number[:3].isalpha() and number[3:].isdigit():
        yymmdd = number[5:11]
        try:
            date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
        except ValueError as exc:
            raise IdFormatError("permanent residence ID (2004 format): bad birth date",
                                "外国人永久居留身份证号码格式错误") from exc
        return number
    raise IdFormatError("a permanent residence ID has 18 characters (2023) or 3 letters + 12 digits (2004)",
                        "外国人永久居留身份证号码格式错误")


def validate_id(id_type: str, value: str, today: date | None = None) -> str:
    """Validate an ID of one of the four person ID types; return the normalized number."""
    if id_type == "resident_id":
        return validate_citizen_id(value, today).number
    if id_type == "hk_macao_permit":
        return validate_hk_macao_permit(value)
    if id_type == "taiwan_permit":
        return validate_taiwan_permit(value)
    if id_type == "foreign_permanent_resident":
        return validate_foreign_permanent_resident(value, today)
    raise IdFormatError(f"unknown ID type {id_type!r}", "证件类型错误")
