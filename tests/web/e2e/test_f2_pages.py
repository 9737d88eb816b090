"""[F2 #7, #12] Pages in a real browser: the HTML error page, and the smaller rough edges of the H5 shell."""

from __future__ import annotations

import re

import pytest
from h5_flows import (
    new_enterprise,
    new_phone,
    pass_simulated_face_check,
    register_enterprise,
    register_person_by_phone,
    request_sms,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_unknown_page_shows_the_error_page_with_a_way_home(page, shot):
    res = page.goto("/no-such-page")
    assert res is not None and res.status == 404
    assert res.headers["content-type"].startswith("text/html")
    expect(page.locator("#error-title")).to_have_text("页面不存在")
    shot(page, "404")
    page.click("#error-home")
    page.wait_for_url(re.compile(r"/login"))  # a visitor's home is the login page


def _overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_welcome_toast_leaves_the_face_dialog_readable_and_enterprise_logout_goes_to_its_login(page, shot, sms_code):
    register_enterprise(page, sms_code, new_enterprise())  # lands on /home?welcome=1 with the §3.2 dialog
    toast = page.locator("#toast")
    expect(toast).to_have_text("注册成功")
    expect(toast).to_be_visible()
    shot(page, "welcome_toast", full_page=False)
    assert not _overlap(toast.bounding_box(), page.locator("#face-dialog .dialog").bounding_box())
    # 退出登录 in the face dialog: an enterprise goes back to 法人用户登录
    page.click("#face-dialog [data-logout]")
    page.wait_for_url(re.compile(r"/login/enterprise$"))


def test_enterprise_logout_from_me_goes_to_enterprise_login(page, sms_code):
    register_enterprise(page, sms_code, new_enterprise())
    page.click("#face-start")
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/home"))
    page.goto("/me")
    page.click("#logout")
    page.click("#logout-confirm")
    page.wait_for_url(re.compile(r"/login/enterprise$"))


def test_login_close_button_goes_back_or_is_not_shown(page):
    page.goto("/login")
    expect(page.locator("#login-close")).to_be_hidden()  # opened directly: nowhere to close to, no dead ✕
    page.goto("/register")
    page.get_by_role("link", name="去登录").click()
    page.wait_for_url(re.compile(r"/login$"))
    expect(page.locator("#login-close")).to_be_visible()
    page.click("#login-close")
    page.wait_for_url(re.compile(r"/register$"))


def test_oauth_conflict_names_the_provider(page, sms_code):
    register_person_by_phone(page, sms_code, new_phone())
    page.goto("/me?oauth=conflict&provider=wechat")
    expect(page.locator("#toast")).to_contain_text("该微信账号已绑定其他用户")
    page.goto("/me?oauth=already_bound&provider=alipay")
    expect(page.locator("#toast")).to_contain_text("本账号已绑定其他支付宝账号")


def test_hk_permit_is_masked_with_more_than_one_star(page, shot, sms_code):
    phone = new_phone()
    page.goto("/register")
    page.select_option("#f-id_type", "hk_macao_permit")
    page.fill("#f-name", "陈大文")
    page.fill("#f-id_number", "H12345678")
    page.fill("#f-phone", phone)
    page.fill("#f-sms_code", request_sms(page, sms_code, phone))
    page.check("#f-agree")
    page.get_by_role("button", name="完成注册").click()
    page.wait_for_url(re.compile(r"/home"))
    page.goto("/me")
    expect(page.locator("#me-id")).to_have_text("H******78")
    shot(page, "hk_permit", full_page=False)


def test_dev_pages_and_api_docs_load_without_missing_resources(page):
    missing: list[str] = []
    page.on("response", lambda r: missing.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ("/dev/sms-outbox", "/dev/oauth/wechat/authorize", "/api/v1/docs", "/login"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert page.request.get("/favicon.ico").status == 200
    assert not missing, missing
