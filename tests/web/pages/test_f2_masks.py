"""[F2 #8, #12] Masks have a fixed shape: a name shows its first character and two stars whatever its length
(the length is not leaked and a long name cannot break a line); an ID number shows a few characters at each
end with at least as many stars as shown characters (a 9-character HK/Macao permit is not left with one star)."""

from __future__ import annotations

import pytest

from eseal.platform.core import mask_id, mask_name


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张**"), ("欧阳娜娜", "欧**"), ("张" * 50, "张**"), ("A" * 50, "A**"),
    ("Mary·Jane Watson", "M**"), ("王", "王**"), (None, None), ("", None),
])
def test_names_are_masked_to_a_fixed_shape(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(("number", "masked"), [
    ("450103198506151238", "4501**********1238"),   # resident ID: unchanged
    ("H12345678", "H******78"),                      # HK permit (was H123*5678: one star)
    ("M1234567890", "M********90"),                  # older Macao card, 11 characters
    ("12345678", "1*****78"),                        # Taiwan permit, 8 digits
    ("E1234567", "E*****67"),
])
def test_id_numbers_keep_more_hidden_than_shown(number, masked):
    out = mask_id(number)
    assert out == masked
    assert len(out) == len(number) and out.count("*") >= len(number) - out.count("*")
