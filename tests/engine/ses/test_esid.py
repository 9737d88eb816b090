from __future__ import annotations

import pytest

from eseal.engine.ses import esid
from eseal.engine.ses.esid import EsIdError, SealType, make_es_id, mod11_10_check, parse_es_id, type_label


def test_mod11_10_reference_values() -> None:
    # ISO/IEC 7064 MOD 11,10 worked by hand: "0" -> p=10: s=10, p=20%11=9 -> check (11-9)%10=2
    assert mod11_10_check("0") == "2"



def _iso7064_residue(full: str) -> int:
    """The defining property of MOD 11,10: running the recurrence over body+check ends with S == 1."""
    p = 10
    s = 0
    for ch in full:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return s % 10


@pytest.mark.parametrize("body", ["0", "794", "3501000400012345", "9999999999999999", "1100000100000000"])
def test_mod11_10_defining_property(body: str) -> None:
    assert _iso7064_residue(body + mod11_10_check(body)) == 1


def test_make_and_parse_round_trip() -> None:
    code = make_es_id("350100", SealType.CONTRACT, 12345)
    assert code.startswith("3501000400012345") and len(code) == 17 and code.isdigit()
    assert parse_es_id(code) == ("350100", 4, 12345)
    assert esid.is_platform_es_id(code)


def test_every_single_digit_error_is_detected() -> None:
    code = make_es_id("110105", SealType.LEGAL_NAME, 7)
    for i in range(len(code)):
        for d in "0123456789":
            if d == code[i]:
                continue
            mutated = code[:i] + d + code[i + 1 :]
            assert not esid.is_platform_es_id(mutated), mutated


def test_adjacent_transpositions_detected() -> None:
    code = make_es_id("440300", SealType.FINANCE, 98765432)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not esid.is_platform_es_id(swapped)


@pytest.mark.parametrize(
    ("area", "t", "serial"),
    [("35010", 1, 1), ("035010", 1, 1), ("35010A", 1, 1), ("350100", 0, 1), ("350100", 100, 1), ("350100", 1, 10**8)],
)
def test_make_rejects_bad_parts(area: str, t: int, serial: int) -> None:
    with pytest.raises(EsIdError):
        make_es_id(area, t, serial)


def test_parse_rejects_garbage() -> None:
    for bad in ["", "abc", "3501000400012345", "350100040001234567", "３５０１００04000123452"]:
        with pytest.raises(EsIdError):
            parse_es_id(bad)


def test_type_codes_and_labels_per_version() -> None:
    assert [t.code for t in SealType] == ["01", "02", "03", "04", "05", "99"]
    assert type_label(2, 4) == "财务专用章"
    assert type_label(2, 2) == "个人印章"  # GM/T 0031-2014 meaning of type 2
    assert type_label(77, 4) == "自定义类型(77)"
    assert esid.KIND_TO_TYPE["personal"] is SealType.OTHER
