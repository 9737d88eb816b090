"""[F2 #12] The registration forms check every field at once before submitting, check characters included
(GB 32100 credit codes, GB 11643 ID numbers): static/js/ids.js is a port of eseal.engine.ids, compared here with
the Python functions on generated codes and their one-character mutations."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from h5_flows import field_error

from eseal.engine.ids import (
    CREDIT_AUTHORITIES,
    CREDIT_CHARSET,
    IdFormatError,
    generate_citizen_id,
    generate_credit_code,
    validate_credit_code,
    validate_id,
)

pytestmark = [pytest.mark.browser, pytest.mark.db]


def _python_message(check, value: str) -> str | None:
    try:
        check(value)
    except IdFormatError as exc:
        return exc.zh
    return None


def _mutations(rng: random.Random, code: str, alphabet: str, n: int) -> list[str]:
    out = []
    for _ in range(n):
        i = rng.randrange(len(code))
        out.append(code[:i] + rng.choice(alphabet.replace(code[i], "")) + code[i + 1:])
    return out


def _credit_samples(rng: random.Random) -> list[str]:
    samples = []
    for authority, (_, categories) in CREDIT_AUTHORITIES.items():
        for category in categories:
            for area in ("450100", "110000", "100000", "990000"):
                samples.append(generate_credit_code(authority, category, area, rng))
    samples += [generate_credit_code("9", "1", "450100", rng) for _ in range(150)]
    mutated = [m for code in samples[:120] for m in _mutations(rng, code, CREDIT_CHARSET + "IOSV", 2)]
    return samples + mutated + ["", "91450100", "91450100MA5K" + "0" * 7, "9145 0100 MA5K XXXX 0X".lower()]


def _id_samples(rng: random.Random) -> list[tuple[str, str]]:
    ids = []
    for _ in range(150):
        born = date(1900, 1, 1) + timedelta(days=rng.randrange(45000))
        ids.append(generate_citizen_id(rng.choice(["450103", "110101", "820000", "330106"]), born,
                                       rng.randint(1, 999), rng.choice("MF")))
    mutated = [m for n in ids[:100] for m in _mutations(rng, n, "0123456789X", 2)]
    future = generate_citizen_id("450103", date.today() + timedelta(days=3))
    resident = ids + mutated + [future, "45010319900230123X", "990103199001011234", "4501031990010112"]
    other = [("hk_macao_permit", v) for v in ("H12345678", "M1234567890", "H1234567", "X12345678", "h12345678")]
    other += [("taiwan_permit", v) for v in ("12345678", "1234567890", "1234567890A", "1234567", "12345678901")]
    fpr = "9" + "45010" + "19900101" + "123"
    from eseal.engine.ids import id_check_char

    other += [("foreign_permanent_resident", v) for v in (
        fpr + id_check_char(fpr), fpr + "0" if id_check_char(fpr) != "0" else fpr + "1", "USA450101234567",
        "USA451399234567", "US1450101234567", "845010199001011234")]
    return [("resident_id", v) for v in resident] + other


def test_js_check_characters_agree_with_python(page):
    page.goto("/register/enterprise")
    rng = random.Random(20261201)
    credits = _credit_samples(rng)
    js = page.evaluate("codes => codes.map(c => window.Eseal.ids.creditCode(c))", credits)
    py = [_python_message(validate_credit_code, c) for c in credits]
    diffs = [(c, p, j) for c, p, j in zip(credits, py, js, strict=True) if p != j]
    assert not diffs, diffs[:10]
    assert py.count(None) > 150 and len(py) - py.count(None) > 150  # both outcomes well represented

    ids = _id_samples(rng)
    js = page.evaluate("items => items.map(([t, v]) => window.Eseal.ids.idNumber(t, v))", [list(i) for i in ids])
    py = [_python_message(lambda v, t=t: validate_id(t, v), v) for t, v in ids]
    diffs = [(i, p, j) for i, p, j in zip(ids, py, js, strict=True) if p != j]
    assert not diffs, diffs[:10]
    assert py.count(None) > 150 and len(py) - py.count(None) > 150


def test_enterprise_registration_checks_every_field_at_once(page, shot):
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/register/" in r.url else None)
    page.goto("/register/enterprise")
    good = generate_credit_code("9", "1", "450100")
    bad_check = good[:17] + CREDIT_CHARSET[(CREDIT_CHARSET.index(good[17]) + 1) % 31]
    rep_id = generate_citizen_id("450103", date(1985, 6, 15), 7)
    page.fill("#f-name", "<img src=x>有限公司")
    page.fill("#f-credit_code", bad_check)
    page.fill("#f-legal_rep_name", "张3")
    page.fill("#f-legal_rep_id_number", rep_id[:17] + ("0" if rep_id[17] != "0" else "1"))
    page.fill("#f-phone", "1390000")
    page.fill("#f-sms_code", "12")
    page.fill("#f-password", "abcdefgh")
    page.fill("#f-password_confirm", "abcdefgh")
    page.get_by_role("button", name="完成注册").click()
    expected = {
        "name": "只能包含汉字、字母、数字、括号",
        "credit_code": "统一社会信用代码校验错误",
        "legal_rep_name": "请输入正确的姓名",
        "legal_rep_id_number": "身份证号码校验错误",
        "phone": "请输入正确的手机号",
        "sms_code": "请输入6位数字验证码",
        "password": "密码为8-64位，且须同时包含字母和数字",
        "agree": "请阅读并勾选",
    }
    for name, text in expected.items():
        assert text in field_error(page, name).inner_text(), name
    assert page.locator(".has-error").count() == len(expected)
    assert not posts  # nothing was sent: all of it was found before submitting
    shot(page, "all_errors")


def test_person_registration_checks_every_field_at_once(page):
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/register/" in r.url else None)
    page.goto("/register")
    page.fill("#f-name", "李")
    page.fill("#f-id_number", "450103199002301234")
    page.fill("#f-phone", "23900000000")
    page.get_by_role("button", name="完成注册").click()
    assert "请输入正确的姓名" in field_error(page, "name").inner_text()
    assert "证件号码出生日期错误" in field_error(page, "id_number").inner_text()
    assert "请输入正确的手机号" in field_error(page, "phone").inner_text()
    assert "请输入短信验证码" in field_error(page, "sms_code").inner_text()
    assert "请阅读并勾选" in field_error(page, "agree").inner_text()
    page.select_option("#f-id_type", "hk_macao_permit")
    page.fill("#f-id_number", "H1234")
    page.get_by_role("button", name="完成注册").click()
    assert "港澳居民来往内地通行证号码格式错误" in field_error(page, "id_number").inner_text()
    assert not posts
