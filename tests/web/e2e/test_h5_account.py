"""End-to-end: real-name registration and face login, 忘记密码, 我的 (核验密码, 认证记录), role switch,
WeChat quick login — in a real browser against a live server (development providers)."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from h5_flows import (
    PASSWORD,
    field_error,
    new_enterprise,
    new_phone,
    pass_simulated_face_check,
    register_enterprise,
    register_person_by_phone,
    request_sms,
)
from playwright.sync_api import expect

from eseal.engine.ids import generate_citizen_id

pytestmark = [pytest.mark.browser, pytest.mark.db]


def new_id_number() -> str:
    return generate_citizen_id("450102", date(1992, 3, 8), random.randint(1, 900))


def register_person_realname(page, sms_code, *, name: str, id_number: str, phone: str) -> None:
    page.goto("/register")
    assert page.locator('[data-mode="realname"]').get_attribute("aria-selected") == "true"
    page.select_option("#f-id_type", "resident_id")
    page.fill("#f-name", name)
    page.fill("#f-id_number", id_number)
    page.fill("#f-phone", phone)
    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r"/home"))


def logout(page) -> None:
    page.goto("/me")
    page.click("#logout")
    page.click("#logout-confirm")
    page.wait_for_url(re.compile(r"/login"))


def login_with_password(page, account: str, password: str) -> None:
    """On /login: account → 注册/登录 → 账号密码 → 登录; ends on /home."""
    page.fill("#f-account", account)
    page.check("#f-agree")
    page.get_by_role("button", name="注册/登录").click()
    page.click('[data-method="password"]')
    page.fill("#f-password", password)
    page.locator("#password-form").get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home$"))


def test_person_realname_register_then_face_login(page, shot, sms_code):
    idn, phone = new_id_number(), new_phone()
    register_person_realname(page, sms_code, name="李四", id_number=idn, phone=phone)
    assert page.locator("#role-name").inner_text() == "李四"
    page.click('.tabbar [data-tab="me"]')
    assert page.locator("#me-id").inner_text() == idn[:4] + "*" * 10 + idn[-4:]
    logout(page)

    # 身份证号 → 注册/登录 → 人脸验证 → simulator → back to the app, logged in
    page.goto("/login?next=/me")
    page.click('[data-kind="id"]')
    page.fill("#f-account", idn)
    page.check("#f-agree")
    page.get_by_role("button", name="注册/登录").click()
    page.locator("#method-sheet").wait_for(state="visible")
    assert page.locator('[data-method="face"]').is_enabled()
    page.click('[data-method="face"]')
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/me$"))
    assert page.locator("#me-name").inner_text() == "李四"
    shot(page, "me_person")


def test_face_login_failure_offers_retry(page, shot, sms_code):
    idn, phone = new_id_number(), new_phone()
    register_person_realname(page, sms_code, name="王五", id_number=idn, phone=phone)
    logout(page)
    page.click('[data-kind="id"]')
    page.fill("#f-account", idn)
    page.check("#f-agree")
    page.get_by_role("button", name="注册/登录").click()
    page.click('[data-method="face"]')
    page.wait_for_url(re.compile(r"/dev/face/"))
    page.click("#face-fail")
    page.wait_for_url(re.compile(r"/login/face-done"))
    assert page.locator("#face-title").inner_text() == "人脸验证未通过"
    assert page.locator("#face-retry").is_visible()
    shot(page, "failed")
    page.goto("/home")
    page.wait_for_url(re.compile(r"/login\?next=/home"))  # not logged in


def test_enterprise_forgot_password_by_sms(page, shot, sms_code):
    ent = new_enterprise()
    register_enterprise(page, sms_code, ent)
    page.click("[data-logout]")
    page.wait_for_url(re.compile(r"/login"))

    page.goto("/login/enterprise")
    page.click("text=忘记密码")
    page.wait_for_url(re.compile(r"/password/forgot"))
    assert page.locator('[data-type="enterprise"]').get_attribute("aria-selected") == "true"
    page.fill("#f-account", ent["credit_code"])
    page.fill("#f-sms_code", request_sms(page, sms_code, ent["phone"], button="#reset-sms-send"))
    new_password = "NewPass2026"
    page.fill("#f-new_password", new_password)
    page.fill("#f-new_password_confirm", new_password)
    shot(page, "forgot")
    page.get_by_role("button", name="确认修改").click()
    page.wait_for_url(re.compile(r"/login/enterprise$"))

    page.fill("#f-credit_code", ent["credit_code"])
    page.fill("#f-password", PASSWORD)
    page.check("#f-agree")
    page.get_by_role("button", name="登录").click()
    banner = page.locator("[data-form-error]")
    banner.wait_for(state="visible")
    assert banner.inner_text() == "账号或密码错误"
    page.fill("#f-password", new_password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/home"))
    assert page.get_by_role("alertdialog").is_visible()


def test_verification_password_and_auth_records(page, shot, sms_code, live_server):
    phone = new_phone()
    register_person_by_phone(page, sms_code, phone)

    page.goto("/me")
    assert page.locator("#to-verify-password .list__value").inner_text() == "未设置"
    page.click("#to-verify-password")
    page.wait_for_url("**/me/verify-password")
    page.fill("#f-password", "12345")
    page.fill("#f-password_confirm", "12345")
    page.get_by_role("button", name="确定").click()
    assert field_error(page, "password").inner_text() == "核验密码须为6位以上数字"
    page.fill("#f-password", "246810")
    page.fill("#f-password_confirm", "246811")
    page.get_by_role("button", name="确定").click()
    assert field_error(page, "password_confirm").inner_text() == "核验密码不一致！"
    shot(page, "mismatch", full_page=False)
    page.fill("#f-password_confirm", "246810")
    # even the first 核验密码 needs an SMS willingness check (a session alone must not mint one)
    page.fill("#f-sms_code", request_sms(page, sms_code, phone, button="#pw-sms-send"))
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(re.compile(r"/me$"))
    assert page.locator("#to-verify-password .list__value").inner_text() == "已设置"

    # changing it again needs an SMS willingness check (past the 60 s resend cooldown of the first one)
    live_server.services.clock.advance(seconds=61)
    page.click("#to-verify-password")
    page.fill("#f-sms_code", request_sms(page, sms_code, phone, button="#pw-sms-send"))
    page.fill("#f-password", "135790")
    page.fill("#f-password_confirm", "135790")
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(re.compile(r"/me$"))

    page.click("#to-records")
    page.wait_for_url("**/me/records")
    page.locator("#records .record").first.wait_for()
    records = page.locator("#records .record")
    assert records.count() >= 4
    titles = [t.strip() for t in page.locator("#records .record__title").all_inner_texts()]
    assert titles[-1] == "注册" and "设置核验密码" in titles and "意愿认证通过" in titles
    assert "方式：短信验证码" in page.locator("#records").inner_text()
    assert "[object" not in page.locator("#records").inner_text()
    shot(page, "records")


def test_person_switches_to_enterprise_role(page, shot, sms_code):
    ent = new_enterprise()
    register_enterprise(page, sms_code, ent)
    # F2 #3: the enterprise joins the legal representative's roles once the legal-rep face check passed for it
    page.click("#face-start")
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/home$"))
    page.goto("/me")
    page.click("#logout")
    page.click("#logout-confirm")
    page.wait_for_url(re.compile(r"/login"))

    # the legal representative registers as a person with the same ID number
    register_person_realname(page, sms_code, name=ent["legal_rep_name"], id_number=ent["legal_rep_id_number"],
                             phone=new_phone())
    switch = page.locator("#role-switch")
    expect(switch).to_be_enabled()  # locator waits: the CSP forbids wait_for_function's eval
    switch.click()
    page.locator("#role-sheet").wait_for(state="visible")
    page.wait_for_timeout(300)  # let the sheet finish sliding in
    shot(page, "roles", full_page=False)
    page.locator("#role-sheet").get_by_role("button", name=ent["name"]).click()
    # acting for the enterprise needs the legal representative's own face check (§3.2)
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/home"))
    expect(page.locator("#role-name")).to_have_text(ent["name"])
    assert "企业身份" in page.locator("#role").inner_text()
    shot(page, "acting")


def test_wechat_quick_login_unbound(page):
    page.goto("/login")
    page.click("#quick-wechat")
    page.wait_for_url(re.compile(r"/dev/oauth/wechat/authorize"))
    page.fill("#oauth-openid", f"wx-{random.randint(1, 10**9)}")
    page.click("#oauth-approve")
    page.wait_for_url(re.compile(r"/login\?oauth=unbound"))
    assert "该微信未绑定账号" in page.locator("#oauth-msg").inner_text()


def test_person_sets_login_password_binds_wechat_and_uses_both(page, shot, sms_code, live_server):
    phone = new_phone()
    register_person_by_phone(page, sms_code, phone)

    # 我的 → 登录密码 (setting one needs an SMS willingness check)
    page.goto("/me")
    assert page.locator("#to-login-password .list__value").inner_text() == "未设置"
    page.click("#to-login-password")
    page.wait_for_url("**/me/password")
    page.fill("#f-sms_code", request_sms(page, sms_code, phone, button="#pw-sms-send"))
    page.fill("#f-new_password", "abc")
    page.fill("#f-new_password_confirm", "abc")
    page.get_by_role("button", name="确定").click()
    error = field_error(page, "new_password")
    error.wait_for(state="visible")
    assert "字母和数字" in error.inner_text()  # the API's weak_password message, shown at its field
    page.fill("#f-new_password", PASSWORD)
    page.fill("#f-new_password_confirm", PASSWORD)
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(re.compile(r"/me$"))
    assert page.locator("#to-login-password .list__value").inner_text() == "修改"

    # bind WeChat through the (simulated) provider
    openid = f"wx-{random.randint(1, 10**9)}"
    page.click("#oauth-wechat")
    page.locator("#bind-dialog").wait_for(state="visible")
    live_server.services.clock.advance(seconds=61)  # past the resend cooldown of the password's SMS check
    page.click("#bind-confirm")
    assert "请先获取验证码" in page.locator("#bind-error").inner_text()
    page.fill("#f-bind-sms_code", request_sms(page, sms_code, phone, button="#bind-sms-send"))
    shot(page, "bind_sms", full_page=False)
    page.click("#bind-confirm")
    page.wait_for_url(re.compile(r"/dev/oauth/wechat/authorize"))
    page.fill("#oauth-openid", openid)
    page.click("#oauth-approve")
    page.wait_for_url(re.compile(r"/me\?oauth=bound"))
    assert page.locator("#oauth-wechat .list__value").inner_text() == "已绑定"
    shot(page, "me_bound")

    # log in by 账号密码
    logout(page)
    login_with_password(page, phone, PASSWORD)

    # and by WeChat quick login
    logout(page)
    page.click("#quick-wechat")
    page.fill("#oauth-openid", openid)
    page.click("#oauth-approve")
    page.wait_for_url(re.compile(r"/home$"))
    assert page.locator("#role-kind").inner_text() == "个人用户"

    # unbind
    page.goto("/me")
    page.click("#oauth-wechat")
    page.click("#unbind-confirm")
    expect(page.locator("#oauth-wechat .list__value")).to_have_text("去绑定")


def test_person_forgot_password_by_face(page, sms_code):
    idn, phone = new_id_number(), new_phone()
    register_person_realname(page, sms_code, name="赵六", id_number=idn, phone=phone)
    logout(page)
    page.goto("/password/forgot")
    page.fill("#f-account", idn)
    page.click('#forgot-form [data-method="face"]')
    page.click("#face-start")
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/password/forgot/face-done"))
    assert page.input_value("#f-account") == idn
    assert "人脸认证已通过" in page.locator("#face-start").inner_text()
    page.fill("#f-new_password", PASSWORD)
    page.fill("#f-new_password_confirm", PASSWORD)
    page.get_by_role("button", name="确认修改").click()
    page.wait_for_url(re.compile(r"/login$"))

    page.click('[data-kind="id"]')
    login_with_password(page, idn, PASSWORD)
    assert page.locator("#role-name").inner_text() == "赵六"
