"""Bad input gets a SealArtError (a ValueError) whose message names the problem."""

from __future__ import annotations

import pytest

from eseal.engine.art import SealArtError, render_seal
from eseal.engine.art.text import validate_uscc

NAME = "北京星河数智科技有限公司"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "legal-name", "name": ""}, "name is empty"),
        ({"kind": "legal-name", "name": "   "}, "name is empty"),
        ({"kind": "legal-name", "name": "北京\x07科技有限公司"}, "control character U\\+0007 at position 3"),
        ({"kind": "contract", "name": "北京\u200b科技"}, "control character U\\+200B"),
        ({"kind": "legal-name", "name": "北京 科技"}, "whitespace"),
        ({"kind": "legal-name", "name": "北" * 26}, "too long"),
        ({"kind": "personal", "name": "欧阳欧阳欧阳明"}, "too long"),
        ({"kind": "personal", "name": "张"}, "too short"),
        ({"kind": "invoice", "name": NAME, "code": "91350100M000100Y44"}, "check character is '4' but should be '3'"),
        ({"kind": "invoice", "name": NAME, "code": "91350100M000100Y4"}, "18 characters, got 17"),
        ({"kind": "invoice", "name": NAME, "code": "91350100I000100Y43"}, "not allowed"),
        ({"kind": "invoice", "name": NAME}, "needs the 18-character credit code"),
        ({"kind": "contract", "name": NAME, "code": "91350100M000100Y43"}, "only for the invoice seal"),
        ({"kind": "contract", "name": NAME, "anti_counterfeit": "12345"}, "exactly 13 digits"),
        ({"kind": "personal", "name": "张三", "anti_counterfeit": "1101080123456"}, "no place"),
        ({"kind": "seal", "name": NAME}, "unknown seal kind 'seal'"),
        ({"kind": "finance", "name": NAME, "shape": "hexagon"}, "no shape 'hexagon'"),
        ({"kind": "legal-name", "name": NAME, "color": "red"}, "invalid colour"),
        ({"kind": "legal-name", "name": NAME, "dpi": 10}, "dpi must be"),
        ({"kind": "legal-name", "name": NAME, "dpi": 300.0}, "dpi must be"),
        ({"kind": "handdrawn", "name": NAME}, "render_handdrawn"),
        ({"kind": "legal-name", "name": None}, "must be a string"),
    ],
)
def test_bad_input_is_a_clear_error(kwargs: dict, message: str) -> None:
    kind = kwargs.pop("kind")
    name = kwargs.pop("name")
    with pytest.raises(SealArtError, match=message):
        render_seal(kind, name, **kwargs)


def test_seal_art_error_is_a_value_error() -> None:
    assert issubclass(SealArtError, ValueError)


def test_credit_code_check_character_published_examples() -> None:
    for code in ("91350100M000100Y43", "91440300708461136T"):
        assert validate_uscc(code) == code
    with pytest.raises(SealArtError, match="check character"):
        validate_uscc("92141100XYWDG8M3BB")


def test_lowercase_credit_code_is_normalised() -> None:
    seal = render_seal("invoice", NAME, code="91350100m000100y43")
    assert seal.kind == "invoice"
