"""GB 32100 credit codes, GB 11643 ID numbers, permits (eseal.engine.ids)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from eseal.engine.ids import (
    CREDIT_AUTHORITIES,
    IdFormatError,
    credit_check_char,
    generate_citizen_id,
    generate_credit_code,
    id_check_char,
    legal_type_matches,
    validate_citizen_id,
    validate_credit_code,
    validate_foreign_permanent_resident,
    validate_hk_macao_permit,
    validate_id,
    validate_taiwan_permit,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91440300708461136T"])
def test_published_credit_codes_are_valid(code):
    parsed = validate_credit_code(code)
    assert parsed.authority == "9" and parsed.category == "1"
    assert parsed.authority_name == "工商" and parsed.category_name == "企业"


def test_credit_code_check_character_is_recomputed():
    assert credit_check_char("91350100M000100Y4") == "3"
    assert credit_check_char("91440300708461136") == "T"


@pytest.mark.parametrize(("code", "zh"), [
    ("92141100XYWDG8M3BB", "统一社会信用代码校验错误"),       # published counter-example (bad check char)
    ("91350100M000100Y44", "统一社会信用代码校验错误"),
    ("91350100M000100Y4", "统一社会信用代码应为18位"),
    ("91350100M000100I43", "统一社会信用代码含有非法字符"),   # I is not in the character set
    ("B1350100M000100Y43", "统一社会信用代码登记管理部门代码错误"),
    ("94350100M000100Y43", "统一社会信用代码机构类别代码错误"),  # authority 9 has no category 4
    ("9199A100M000100Y43", "统一社会信用代码行政区划码错误"),
])
def test_bad_credit_codes_name_the_problem(code, zh):
    with pytest.raises(IdFormatError) as info:
        validate_credit_code(code)
    assert info.value.zh == zh
    assert isinstance(info.value, ValueError) and str(info.value)


def test_every_single_character_change_is_caught():
    code = "91440300708461136T"
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for pos in range(18):
        for ch in charset:
            if ch == code[pos]:
                continue
            mutated = code[:pos] + ch + code[pos + 1:]
            try:
                validate_credit_code(mutated)
            except IdFormatError:
                continue
            pytest.fail(f"{mutated} accepted")


def test_generated_credit_codes_validate_for_every_authority_and_category():
    rng = random.Random(7)
    for authority, (_name, categories) in CREDIT_AUTHORITIES.items():
        for category in categories:
            code = generate_credit_code(authority, category, "450100", rng)
            assert validate_credit_code(code).type_code == authority + category


@pytest.mark.parametrize(("legal_type", "code_prefix", "ok"), [
    ("enterprise", "91", True), ("enterprise", "93", True), ("enterprise", "92", False),
    ("individual_business", "92", True), ("individual_business", "91", False),
    ("government", "11", True), ("institution", "12", True), ("government", "12", False),
    ("social_organization", "51", True), ("social_organization", "53", True),
    ("other", "31", True), ("other", "Y1", True), ("other", "91", False),
])
def test_legal_type_consistency_with_authority_and_category(legal_type, code_prefix, ok):
    code = validate_credit_code(generate_credit_code(code_prefix[0], code_prefix[1], "450100", random.Random(1)))
    assert legal_type_matches(legal_type, code) is ok


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_standard_id_examples(number):
    parsed = validate_citizen_id(number)
    assert parsed.number == number


def test_id_details_and_generation():
    number = generate_citizen_id("450103", date(1990, 1, 1), 123, "M")
    parsed = validate_citizen_id(number)
    assert parsed.birth_date == date(1990, 1, 1) and parsed.sex == "M" and parsed.area_code == "450103"
    assert validate_citizen_id(generate_citizen_id(sex="F")).sex == "F"
    assert id_check_char("11010519491231002") == "X"
    assert validate_citizen_id("11010519491231002x").number == "11010519491231002X"  # lower-case x accepted


@pytest.mark.parametrize(("number", "zh"), [
    ("110105194912310021", "身份证号码校验错误"),
    ("11010519491231002", "身份证号码应为18位"),
    ("11010519491331002X", "证件号码出生日期错误"),
    ("110105209912310025", "证件号码出生日期错误"),   # in the future
    ("99010519491231002X", "身份证号码地区码错误"),
    ("1101051949123100AX", "身份证号码格式错误"),
])
def test_bad_id_numbers(number, zh):
    with pytest.raises(IdFormatError) as info:
        validate_citizen_id(number, today=date(2026, 1, 1))
    assert info.value.zh == zh


def test_permits_and_foreign_permanent_residence():
    assert validate_hk_macao_permit("h12345678") == "H12345678"
    assert validate_hk_macao_permit("M1234567801") == "M1234567801"
    assert validate_taiwan_permit("12345678") == "12345678"
    assert validate_taiwan_permit("1234567890B") == "1234567890B"
    new_format = "9" + "45" + "840" + "19800101" + "012"  # 17 chars → 9 + province + country + birth + seq
    new_format = new_format[:17]
    new_format += id_check_char(new_format)
    assert validate_foreign_permanent_resident(new_format) == new_format
    assert validate_foreign_permanent_resident("USA450501011234") == "USA450501011234"
    for bad, fn in [("X12345678", validate_hk_macao_permit), ("H1234567", validate_hk_macao_permit),
                    ("1234567", validate_taiwan_permit), ("A2345678", validate_taiwan_permit),
                    (new_format[:17] + ("0" if new_format[17] != "0" else "1"), validate_foreign_permanent_resident),
                    ("USA4505019912", validate_foreign_permanent_resident)]:
        with pytest.raises(IdFormatError):
            fn(bad)


def test_validate_id_dispatch():
    assert validate_id("resident_id", " 11010519491231002X ") == "11010519491231002X"
    with pytest.raises(IdFormatError):
        validate_id("passport", "E12345678")


# ---------------------------------------------------------------- one validator for the whole package

@pytest.mark.parametrize("value", ["00990000MA0000000L", "91990000MA0000000L"])
def test_pki_identity_rejects_what_ids_rejects_credit(value):
    from eseal.engine.pki.errors import IdentifierError
    from eseal.engine.pki.identity import normalize_credit_code

    body = value[:17]
    code = body + credit_check_char(body)  # a correct check character: only the structure is wrong
    with pytest.raises(IdFormatError):
        validate_credit_code(code)
    with pytest.raises(IdentifierError):
        normalize_credit_code(code)


@pytest.mark.parametrize("area", ["990101", "000101"])
def test_pki_identity_rejects_what_ids_rejects_citizen_id(area):
    from eseal.engine.pki.errors import IdentifierError
    from eseal.engine.pki.identity import normalize_id_number

    number = generate_citizen_id(area_code=area)
    with pytest.raises(IdFormatError):
        validate_citizen_id(number)
    with pytest.raises(IdentifierError):
        normalize_id_number(number)


def test_pki_identity_accepts_and_normalizes_like_ids():
    from eseal.engine.pki.identity import normalize_credit_code, normalize_id_number

    code = generate_credit_code(rng=random.Random(7))
    assert normalize_credit_code(" " + code.lower() + " ") == validate_credit_code(code).code == code
    number = generate_citizen_id(sex="F")
    assert normalize_id_number(number.lower()) == validate_citizen_id(number).number == number


@pytest.mark.parametrize(("flag", "value"), [("--code", "00990000MA0000000L"), ("--id-number", None)])
def test_seal_make_uses_the_ids_validator(flag, value, tmp_path, capsys):
    from eseal.cli import main

    if value is None:
        value = generate_citizen_id(area_code="990101")
    kind = "personal" if flag == "--id-number" else "contract"
    argv = ["seal", "make", "--ca", str(tmp_path / "no-ca"), "--kind", kind, "--name", "福州测试有限公司",
            flag, value, "--out", str(tmp_path / "o")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "证件号码无效" in err and "\n" not in err.strip()
