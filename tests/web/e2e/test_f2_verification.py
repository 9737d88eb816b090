"""F2 #3 / #11 in a real browser at 375×812: a phone-registered person completes 实名认证 from 我的 (form → simulated
face check → 已实名), and the legal representative reclaims a squatted credit code (认领单位账号)."""

from __future__ import annotations

import random
import re
from datetime import date

import httpx
import pytest
from h5_flows import PASSWORD, new_phone, pass_simulated_face_check, register_person_by_phone, request_sms
from playwright.sync_api import expect

from eseal.engine.ids import generate_citizen_id
from eseal.platform.identity.providers import DEV_REGISTRY

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_phone_person_completes_realname_from_me(page, shot, sms_code):
    register_person_by_phone(page, sms_code, new_phone())
    page.goto("/me")
    assert "未实名" in page.locator(".profile").inner_text()
    shot(page, "1_me_unverified")
    page.click("#to-realname")
    page.wait_for_url("**/me/realname")
    number = generate_citizen_id("450102", date(1991, 7, 9), random.randint(1, 900))
    page.fill("#f-name", "钱实名")
    page.select_option("#f-id_type", "resident_id")
    page.fill("#f-id_number", number.lower())  # upper-cased by the page
    shot(page, "2_form")
    page.click("#realname-submit")
    pass_simulated_face_check(page, shot)
    page.wait_for_url(re.compile(r"/me$"))
    profile = page.locator(".profile")
    expect(profile).to_contain_text("已实名")
    assert "未实名" not in page.locator("#account-info").inner_text()
    assert page.locator("#me-id").inner_text().endswith(number[-4:])
    assert page.locator("#to-realname").count() == 0
    shot(page, "3_me_verified")


def test_realname_refuses_an_id_number_already_used(page, shot, sms_code, live_server):
    register_person_by_phone(page, sms_code, new_phone())
    page.goto("/me/realname")
    page.fill("#f-name", "钱实名")
    page.fill("#f-id_number", "45010219920520342X")
    # meanwhile another browser registers that ID number (through the API)
    with httpx.Client(base_url=str(live_server)) as other:
        other.get("/api/v1/session")
        token = other.cookies.get("eseal_csrf")
        phone = new_phone()
        other.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone, "account_type": "person"},
                   headers={"X-CSRF-Token": token})
        r = other.post("/api/v1/register/person", headers={"X-CSRF-Token": token}, json={
            "mode": "realname", "id_type": "resident_id", "id_number": "45010219920520342X", "name": "李示例",
            "phone": phone, "sms_code": sms_code(phone), "agree": True})
        assert r.status_code == 201, r.text
    page.click("#realname-submit")
    error = page.locator('[data-error-for="id_number"]')
    expect(error).to_have_text("该证件号已被其他个人账号使用，请用该证件号登录")
    shot(page, "id_taken")


def test_legal_representative_reclaims_a_squatted_code(page, shot, sms_code, live_server):
    entry = DEV_REGISTRY[1]
    # someone registered the code with the public names and another ID number (through the API)
    with httpx.Client(base_url=str(live_server)) as squatter:
        squatter.get("/api/v1/session")
        token = squatter.cookies.get("eseal_csrf")
        phone = new_phone()
        squatter.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone, "account_type": "enterprise"},
                      headers={"X-CSRF-Token": token})
        r = squatter.post("/api/v1/register/enterprise", headers={"X-CSRF-Token": token}, json={
            "legal_type": "enterprise", "name": entry.name, "credit_code": entry.credit_code,
            "legal_rep_name": entry.legal_rep_name,
            "legal_rep_id_number": generate_citizen_id("450103", date(1980, 1, 1), random.randint(1, 900)),
            "phone": phone, "sms_code": sms_code(phone), "password": "Squat1234", "password_confirm": "Squat1234",
            "agree": True})
        assert r.status_code == 201, r.text

    # the real legal representative: registration says "already registered", the page offers the reclaim
    page.goto("/register/enterprise")
    assert "模拟工商登记核验" in page.locator("#registry-simulated").inner_text()
    page.click("#to-reclaim")
    page.wait_for_url("**/enterprise/reclaim")
    assert "模拟工商登记核验" in page.locator("#registry-simulated").inner_text()
    page.fill("#f-credit_code", entry.credit_code)
    page.fill("#f-name", entry.name)
    page.fill("#f-legal_rep_name", entry.legal_rep_name)
    page.fill("#f-legal_rep_id_number", "450103199001011238")
    shot(page, "1_claim")
    page.click("#face-start")
    pass_simulated_face_check(page, shot)
    page.wait_for_url(re.compile(r"/enterprise/reclaim\?"))
    expect(page.locator("#reclaim-step2")).to_be_visible()
    phone = new_phone()
    page.fill("#f-phone", phone)
    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.fill("#f-password", PASSWORD)
    page.fill("#f-password_confirm", PASSWORD)
    page.check("#f-agree")
    shot(page, "2_step2")
    page.click("#reclaim-submit")
    expect(page.locator("#reclaim-ok")).to_contain_text("认领成功")
    shot(page, "3_done")
    page.wait_for_url(re.compile(r"/login/enterprise\?credit_code="))
    page.fill("#f-password", PASSWORD)
    page.check("#f-agree")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home"))
