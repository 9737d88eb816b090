"""[G1] 管理员 in a real browser at 375×812 (manual §4.6.1, §5.7): a person who never logged in cannot be granted
(the server's rule shown at 证件号码 before any 意愿认证 is asked); once logged in, the enterprise adds it as 管理员 of 全部印章; the person accepts
from 授权管理 in its own identity, switches role, and as administrator sees 被授权人 but is refused 管理员."""

from __future__ import annotations

import re

import pytest
from g1_flows import enter_as_enterprise, login_person, new_context, seed, willing_by_password
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def fill_admin(page, demo) -> None:
    page.fill("#f-name", demo["person_name"])
    page.fill("#f-id_number", demo["person_id_number"])
    page.fill("#f-phone", demo["person_phone"])
    page.fill("#f-department", "行政部")
    page.check("#f-all_seals")


def test_g1_admin_never_logged_in_then_added_accepted_from_the_list(page, browser, live_server, shot):
    demo = seed(live_server)
    enter_as_enterprise(page, demo)
    page.goto("/grants/new?role=admin")
    expect(page.locator("#grant-seals .grant-seal")).to_have_count(2)
    assert page.locator("#f-starts_at").count() == 0  # administrators have no window and no count
    fill_admin(page, demo)
    expect(page.locator("#grant-seals")).to_have_class(re.compile(r"is-all"))
    page.click("#grant-submit")
    # refused BEFORE the willingness: the rule at 证件号码, the 意愿认证 dialog never opened
    expect(page.locator('[data-error-for="id_number"]')).to_contain_text("至少登录一次")
    expect(page.locator("#willing-dialog")).not_to_have_class(re.compile(r"is-open"))
    expect(page.locator("#grant-submit")).to_be_enabled()
    shot(page, "01_never_logged_in")

    person_ctx = new_context(browser, live_server)
    person = person_ctx.new_page()
    errors: list[str] = []
    person.on("pageerror", lambda exc: errors.append(str(exc)))
    login_person(person, demo)

    page.click("#grant-submit")
    willing_by_password(page)
    page.wait_for_url(re.compile(r"/grants\?role=admin"))
    card = page.locator(".grant")
    expect(card.locator(".pill")).to_have_text("待接收")
    expect(card).to_contain_text("全部印章")
    expect(card).not_to_contain_text("授权次数")
    shot(page, "02_admin_pending")

    # the person, own identity: 授权管理 lists the grant received, 接收授权 → 意愿认证 → 生效中
    person.goto("/grants")
    received = person.locator(".grant")
    expect(received).to_contain_text(demo["enterprise_name"])
    expect(received.locator(".pill")).to_have_text("待接收")
    shot(person, "03_received")
    received.locator("[data-accept]").click()
    willing_by_password(person)
    expect(received.locator(".pill")).to_have_text("生效中")
    expect(received.locator("[data-accept]")).to_have_count(0)
    shot(person, "04_accepted")

    # switch role (already accepted: straight to the face check) → administrator of the enterprise
    person.goto("/home")
    person.click("#role-switch")
    entry = person.locator("#role-sheet .sheet__item", has_text=demo["enterprise_name"])
    expect(entry).to_contain_text("管理员")
    expect(entry).not_to_contain_text("待接收")
    entry.click()
    person.wait_for_url(re.compile(r"/dev/face/"))
    person.click("#face-pass")
    person.wait_for_url(re.compile(r"/home$"))
    expect(person.locator("#role-name")).to_have_text(demo["enterprise_name"])
    expect(person.locator(".seal-card")).to_have_count(2)  # 全部印章
    person.click('.tabbar [data-tab="grants"]')
    person.wait_for_url(re.compile(r"/grants"))
    expect(person.locator("#grants-error")).to_contain_text("您的授权不包括此操作")  # 管理员 are the owner's
    expect(person.locator("#grant-add")).to_be_hidden()
    shot(person, "05_admin_refused_admins")
    person.click('[data-seg="grantee"]')
    expect(person.locator("#grants-empty")).to_contain_text("暂无被授权人")  # an administrator manages grantees
    expect(person.locator("#grant-add")).to_be_visible()
    shot(person, "06_admin_grantees")

    page.reload()
    expect(page.locator(".grant .pill")).to_have_text("生效中")
    person_ctx.close()
    assert not errors, f"JavaScript errors: {errors}"
