"""Shared steps for the H5 end-to-end tests (imported by the test modules of this folder)."""

from __future__ import annotations

import random
import re
from datetime import date

from playwright.sync_api import expect

from eseal.engine.ids import generate_citizen_id, generate_credit_code

PASSWORD = "Gx2026seal"


def new_phone() -> str:
    return "139" + "".join(random.choice("0123456789") for _ in range(8))


def new_enterprise() -> dict[str, str]:
    return {
        "legal_type": "enterprise",
        "name": "广西测试科技有限公司",
        "credit_code": generate_credit_code("9", "1", "450100"),
        "legal_rep_name": "张三",
        "legal_rep_id_number": generate_citizen_id("450103", date(1985, 6, 15), random.randint(1, 900)),
        "phone": new_phone(),
    }


def field_error(page, name: str):
    """The inline error slot next to the input `name` (filled from the API's `field`)."""
    return page.locator(f'[data-field="{name}"] [data-error-for="{name}"]')


def fill_enterprise_form(page, ent: dict[str, str], *, password: str = PASSWORD, confirm: str = PASSWORD) -> None:
    page.select_option("#f-legal_type", ent["legal_type"])
    page.fill("#f-name", ent["name"])
    page.fill("#f-credit_code", ent["credit_code"])
    page.fill("#f-legal_rep_name", ent["legal_rep_name"])
    page.fill("#f-legal_rep_id_number", ent["legal_rep_id_number"])
    page.fill("#f-phone", ent["phone"])
    page.fill("#f-password", password)
    page.fill("#f-password_confirm", confirm)


def request_sms(page, sms_code, phone: str, button="[data-sms-send]") -> str:
    page.click(button)
    # 60 s countdown starts once the API accepted the request
    # (locator waits, not wait_for_function: the pages' CSP forbids the eval it needs)
    expect(page.locator(button)).to_have_text(re.compile(r"\d+s后重新获取"))
    assert page.locator(button).is_disabled()
    return sms_code(phone)


def register_enterprise(page, sms_code, ent: dict[str, str]) -> None:
    """Register ``ent`` on /register/enterprise; registration logs in, so this ends on /home."""
    page.goto("/register/enterprise")
    fill_enterprise_form(page, ent)
    page.fill("#f-sms_code", request_sms(page, sms_code, ent["phone"]))
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r"/home"))


def register_person_by_phone(page, sms_code, phone: str) -> None:
    """Register a person with just a phone number (手机号注册); registration logs in, so this ends on /home."""
    page.goto(f"/register?mode=phone&phone={phone}")
    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r"/home"))


def pass_simulated_face_check(page, shot=None) -> None:
    """On the development face simulator (clearly labelled as simulated), press 通过."""
    page.wait_for_url(re.compile(r"/dev/face/"))
    assert "模拟" in page.locator(".dev-banner").inner_text()
    if shot:
        shot(page, "face_simulator")
    page.click("#face-pass")
