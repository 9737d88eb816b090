"""End-to-end: the H5 registration / login / face-check / home flows in a real browser (manual §1, §2, §3.2, §4).

Each test runs against a live server with a fresh database and the development providers
(SMS outbox, simulated face check). Screenshots land in test-output/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from h5_flows import (
    PASSWORD,
    field_error,
    fill_enterprise_form,
    new_enterprise,
    new_phone,
    pass_simulated_face_check,
    register_enterprise,
    register_person_by_phone,
    request_sms,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]

# ---------------------------------------------------------------- enterprise (§1.1, §2.1, §3.2, §4)

def test_enterprise_register_login_face_check_and_home(page, shot, sms_code):
    ent = new_enterprise()

    # 我的 → 登录 → 法人用户 (top right) → 立即注册
    page.goto("/login")
    page.click("#to-enterprise")
    page.wait_for_url("**/login/enterprise")
    page.click("#to-register")
    page.wait_for_url("**/register/enterprise")

    fill_enterprise_form(page, ent)
    page.fill("#f-sms_code", request_sms(page, sms_code, ent["phone"]))
    page.check("#f-agree")
    shot(page, "1_register_form")
    page.get_by_role("button", name="完成注册").click()

    # Registration logs in; an enterprise must pass the legal-rep face check first (§3.2).
    page.wait_for_url(re.compile(r"/home"))
    dialog = page.get_by_role("alertdialog")
    assert "需要通过人脸验证方可进入" in dialog.inner_text()
    page.click("[data-logout]")
    page.wait_for_url(re.compile(r"/login"))

    # Log in as the enterprise: the agreement must be ticked.
    page.goto("/login/enterprise")
    page.fill("#f-credit_code", ent["credit_code"].lower())  # typed in lower case, upper-cased by the page
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    assert "请阅读并勾选" in field_error(page, "agree").inner_text()
    assert page.url.endswith("/login/enterprise")
    page.check("#f-agree")
    shot(page, "2_login")
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(re.compile(r"/home"))
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for()
    assert "需要通过人脸验证方可进入" in dialog.inner_text()
    assert page.locator("#face-dev-note").inner_text() == "开发环境：模拟人脸核验"
    shot(page, "3_face_dialog")
    page.click("#face-start")

    pass_simulated_face_check(page, shot)
    page.wait_for_url(re.compile(r"/home$"))
    assert page.locator("#face-dialog").count() == 0
    assert page.locator("#role-name").inner_text() == ent["name"]
    assert page.locator("#face-ok").is_visible()

    tiles = page.locator("[data-tile]")
    assert tiles.count() == 4
    assert [t.strip() for t in page.locator("[data-tile] > span:nth-child(2)").all_inner_texts()] == [
        "申领印章", "签署", "验签", "扫码"]
    for i in range(4):  # 申领印章 ([S1]) and 签署 / 验签 / 扫码 ([D1]) are built: real links, no 即将开放
        assert tiles.nth(i).get_attribute("aria-disabled") is None
        assert "即将开放" not in tiles.nth(i).inner_text()
    assert [tiles.nth(i).get_attribute("href") for i in range(4)] == ["/seals/apply", "/sign", "/verify", "/scan"]
    tabs = page.locator(".tabbar [data-tab]")
    assert [t.strip() for t in tabs.all_inner_texts()] == ["首页", "我的文档", "授权管理", "我的"]
    shot(page, "4_home")

    # 我的: account info with masked legal-rep ID number and phone.
    page.click('.tabbar [data-tab="me"]')
    page.wait_for_url("**/me")
    idn = ent["legal_rep_id_number"]
    assert page.locator("#me-id").inner_text() == idn[:4] + "*" * 10 + idn[-4:]
    assert page.locator("#me-phone").inner_text() == ent["phone"][:3] + "****" + ent["phone"][-4:]
    assert page.locator("#me-credit-code").inner_text() == ent["credit_code"]
    assert idn not in page.content()
    shot(page, "5_me")


def test_enterprise_register_wrong_check_digit_shows_error_at_credit_code(page, shot, sms_code):
    ent = new_enterprise()
    code = ent["credit_code"]
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    ent["credit_code"] = code[:17] + charset[(charset.index(code[17]) + 1) % 31]  # wrong check character

    page.goto("/register/enterprise")
    fill_enterprise_form(page, ent)
    page.fill("#f-sms_code", request_sms(page, sms_code, ent["phone"]))
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()

    error = field_error(page, "credit_code")
    error.wait_for(state="visible")
    assert "统一社会信用代码" in error.inner_text()
    assert page.locator('[data-field="credit_code"]').get_attribute("class").split().count("has-error") == 1
    assert page.locator("#f-credit_code").get_attribute("aria-invalid") == "true"
    # only that field is marked
    assert page.locator(".field.has-error").count() == 1
    assert page.url.endswith("/register/enterprise")
    page.locator('[data-field="credit_code"]').scroll_into_view_if_needed()
    shot(page, "credit_code_error", full_page=False)


def test_enterprise_register_password_mismatch(page, shot):
    ent = new_enterprise()
    page.goto("/register/enterprise")
    fill_enterprise_form(page, ent, confirm=PASSWORD + "x")
    page.fill("#f-sms_code", "123456")
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    error = field_error(page, "password_confirm")
    error.wait_for(state="visible")
    assert error.inner_text() == "两次输入的密码不一致"
    shot(page, "password_mismatch", full_page=False)


def test_enterprise_login_wrong_password_is_a_form_error(page, sms_code):
    ent = new_enterprise()
    register_enterprise(page, sms_code, ent)
    page.click("[data-logout]")
    page.wait_for_url(re.compile(r"/login"))

    page.goto("/login/enterprise")
    page.fill("#f-credit_code", ent["credit_code"])
    page.fill("#f-password", "Wrong12345")
    page.check("#f-agree")
    page.get_by_role("button", name="登录").click()
    banner = page.locator("#enterprise-login-form [data-form-error]")
    banner.wait_for(state="visible")
    assert banner.inner_text() == "账号或密码错误"
    assert page.url.endswith("/login/enterprise")


# ---------------------------------------------------------------- person (§1.2, §2.2)

def test_person_register_by_phone_then_login_by_sms(page, shot, sms_code):
    phone = new_phone()

    # Unregistered phone → "注册/登录" leads to registration, prefilled, 手机号注册 selected.
    page.goto("/login")
    page.fill("#f-account", phone)
    page.check("#f-agree")
    shot(page, "1_login")
    page.get_by_role("button", name="注册/登录").click()
    page.wait_for_url(re.compile(r"/register\?"))
    assert page.locator('[data-mode="phone"]').get_attribute("aria-selected") == "true"
    assert page.locator("[data-realname]").is_hidden()
    assert page.input_value("#f-phone") == phone

    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.check("#f-agree")
    shot(page, "2_register")
    page.get_by_role("button", name="完成注册").click()

    # Persons skip the face check (§3.2).
    page.wait_for_url(re.compile(r"/home"))
    assert page.locator("#face-dialog").count() == 0
    assert page.locator("#role-kind").inner_text() == "个人用户"
    assert page.locator("#role-name").inner_text() == phone[:3] + "****" + phone[-4:]  # never the full number
    assert page.locator("[data-tile]").count() == 4

    # 我的 → 退出登录 (confirmation dialog)
    page.click('.tabbar [data-tab="me"]')
    page.wait_for_url("**/me")
    assert page.locator("#me-phone").inner_text() == phone[:3] + "****" + phone[-4:]
    page.click("#logout")
    page.click("#logout-confirm")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/home")
    page.wait_for_url(re.compile(r"/login\?next=/home"))

    # Log in again: phone → 注册/登录 → 短信验证码
    page.fill("#f-account", phone)
    page.check("#f-agree")
    page.get_by_role("button", name="注册/登录").click()
    sheet = page.locator("#method-sheet")
    sheet.wait_for(state="visible")
    assert page.locator('[data-method="face"]').is_disabled()  # 手机号注册: no real-name ID
    assert page.locator('[data-method="sms"]').is_enabled()
    shot(page, "3_methods")
    page.click('[data-method="sms"]')
    page.fill("#f-login-sms", request_sms(page, sms_code, phone, button="#login-sms-send"))
    page.locator("#sms-form").get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))
    assert page.locator("#role-kind").inner_text() == "个人用户"
    shot(page, "4_home")


def test_person_wrong_sms_code_shows_error_at_code_field(page, sms_code):
    phone = new_phone()
    page.goto(f"/register?mode=phone&phone={phone}")
    code = request_sms(page, sms_code, phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page.fill("#f-sms_code", wrong)
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    error = field_error(page, "sms_code")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("验证码错误")


def test_login_page_switches_and_id_types(page, shot):
    page.goto("/login")
    page.click('[data-kind="id"]')
    assert page.locator("#id-type-box").is_visible()
    page.click("#id-type-btn")
    options = page.locator("[data-id-type]")
    assert [o.strip() for o in options.all_inner_texts()] == [
        "居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证"]
    shot(page, "id_types")
    page.click('[data-id-type="hk_macao_permit"]')
    assert page.locator("#id-type-label").inner_text() == "港澳居民来往内地通行证"
    # a bad phone number is refused next to the account field
    page.click('[data-kind="phone"]')
    page.fill("#f-account", "12345")
    page.check("#f-agree")
    page.get_by_role("button", name="注册/登录").click()
    assert field_error(page, "account").inner_text() == "请输入正确的手机号/身份证"
    # a wrong ID number is refused by the API (invalid_account) — shown at the same field
    page.click('[data-kind="id"]')
    page.click("#id-type-btn")
    page.click('[data-id-type="resident_id"]')
    page.fill("#f-account", "450103198506150000")
    page.get_by_role("button", name="注册/登录").click()
    error = field_error(page, "account")
    error.wait_for(state="visible")
    assert error.inner_text() == "请输入正确的手机号/身份证"
    shot(page, "bad_id", full_page=False)


def test_agreement_pages_and_the_grants_tab(page, shot, sms_code):
    page.goto("/agreement/user")
    assert page.locator("h1.navbar__title").inner_text() == "用户注册协议"
    page.goto("/agreement/privacy")
    assert page.locator("h1.navbar__title").inner_text() == "用户隐私政策"
    shot(page, "privacy")

    phone = new_phone()
    register_person_by_phone(page, sms_code, phone)
    # 授权管理 is built ([G1], tests/web/e2e/test_g1_grants.py): a person in its own identity sees the grants it
    # received — none yet — and no 即将开放
    page.click('.tabbar [data-tab="grants"]')
    page.wait_for_url("**/grants")
    assert page.locator("h1.navbar__title").inner_text() == "授权管理"
    expect(page.locator("#grants-empty")).to_have_text("暂无企业授权")
    assert "即将开放" not in page.locator("main").inner_text()
    assert page.locator('.tabbar [data-tab="grants"]').get_attribute("aria-current") == "page"
    shot(page, "grants")


def test_sms_cooldown_survives_a_reload(page, sms_code):
    phone = new_phone()
    page.goto(f"/register?mode=phone&phone={phone}")
    request_sms(page, sms_code, phone)
    page.reload()
    page.click("[data-sms-send]")
    # the API refuses (429 sms_cooldown, retry_after): the page resumes the countdown instead of failing
    expect(page.locator("[data-sms-send]")).to_have_text(re.compile(r"\d+s后重新获取"))
    assert page.locator("[data-sms-send]").is_disabled()
    assert "秒后再获取验证码" in page.locator("#toast").inner_text()
    assert len(page.request.get(f"/dev/sms-outbox.json?phone={phone}").json()["messages"]) == 1  # no second SMS
