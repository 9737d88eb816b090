"""[S1] A person in a real browser at 375×812 (manual §5.1, §5.2, §6): 个人方章 with a chosen font (live previews),
个人手绘章 drawn with the mouse on the signature_pad canvas, each through method → materials → willingness → the
certificate authentication by SMS link; then 变更 (font) → 停用 → 启用 → 注销; and in 认证记录 立即认证 (the old
link stops working), an expired link, 撤销申请 (是否确认撤销申请) and the link of a revoked application."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from h5_flows import new_phone
from playwright.sync_api import expect
from s1_flows import authenticate_by_link, draw, latest_link, picture

from eseal.engine.ids import generate_citizen_id

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def register_realname_person(page, sms_code) -> str:
    """A 实名注册 person, registered through the API in this browser context (its cookies log the page in)."""
    page.goto("/login")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "eseal_csrf")
    phone = new_phone()
    r = page.request.post("/api/v1/sms/send", headers={"X-CSRF-Token": token},
                          data={"purpose": "register", "phone": phone, "account_type": "person"})
    assert r.ok, r.text()
    r = page.request.post("/api/v1/register/person", headers={"X-CSRF-Token": token}, data={
        "mode": "realname", "id_type": "resident_id", "name": "王方章", "phone": phone, "sms_code": sms_code(phone),
        "id_number": generate_citizen_id("450102", date(1988, 4, 2), random.randint(1, 900)), "agree": True})
    assert r.status == 201, r.text()
    page.goto("/home")
    return phone


def willingness_by_sms(page, sms_code, phone: str, live_server) -> None:
    expect(page.locator('[data-step="willingness"]')).to_be_visible()
    live_server.services.clock.advance(seconds=61)  # the SMS cooldown of the phone
    page.click("#willing-send")
    expect(page.locator("#willing-send")).to_have_text(re.compile(r"\d+s后重新获取"))
    page.fill("#f-sms_code", sms_code(phone))
    page.click("#willing-submit")
    expect(page.locator('[data-step="wait"]')).to_be_visible()


def upload_id_pictures(page, tmp_path, tag: str) -> None:
    expect(page.locator('[data-step="materials"]')).to_be_visible()
    for slot in ("id_front", "id_back"):
        page.set_input_files(f"#file-{slot}", str(picture(tmp_path / f"{tag}_{slot}.jpg", slot, fmt="JPEG")))
        expect(page.locator(f'[data-slot="{slot}"] [data-thumb]')).to_be_visible()
    page.click("#materials-next")


def dialog_willingness(page, sms_code, phone: str) -> None:
    """The 意愿认证 dialog of the seal pages, by SMS."""
    dialog = page.locator("#willing-dialog")
    expect(dialog).to_be_visible()
    page.click("#w-sms-send")
    expect(page.locator("#w-sms-send")).to_have_text(re.compile(r"\d+s后重新获取"))
    page.fill("#f-w-sms_code", sms_code(phone))
    page.click("#w-confirm")
    expect(dialog).to_be_hidden()


def wait_sms_cooldown(live_server) -> None:
    live_server.services.clock.advance(seconds=61)


def test_person_applies_for_square_and_handdrawn_seals_then_changes_suspends_resumes_cancels(
        page, browser, live_server, shot, sms_code, tmp_path):
    phone = register_realname_person(page, sms_code)

    # 个人方章 with a chosen font
    page.click('[data-tile="apply"]')
    expect(page.locator(".kind")).to_have_count(2)
    page.click('.kind[data-kind="personal_square"]')
    fonts = page.locator("#fonts .font:not(.is-off)")
    assert fonts.count() >= 2
    for img in page.locator("#fonts .font:not(.is-off) img").all():
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") > 0  # a real server PNG per font
    fonts.nth(1).click()
    chosen = page.locator('#fonts input[name="font"]:checked').get_attribute("value")
    shot(page, "01_square_fonts")
    page.click("#kinds-next")
    expect(page.locator('[data-step="method"]')).to_be_visible()
    page.click('.method:has(input[value="sms"])')
    expect(page.locator("#method-password")).to_be_hidden()
    shot(page, "02_method_sms")
    page.click("#method-next")
    upload_id_pictures(page, tmp_path, "square")
    willingness_by_sms(page, sms_code, phone, live_server)
    expect(page.locator("#auth-steps li")).to_have_count(1)
    shot(page, "03_wait")
    authenticate_by_link(browser, live_server, latest_link(live_server, phone), shot, "square_auth")
    expect(page.locator('[data-step="done"]')).to_be_visible(timeout=20_000)
    shot(page, "04_done")

    # 个人手绘章 drawn with the mouse
    wait_sms_cooldown(live_server)
    page.goto("/seals/apply")
    expect(page.locator('.kind[data-kind="personal_square"]')).to_have_class(re.compile("is-held"))
    page.click('.kind[data-kind="personal_handdrawn"]')
    page.click("#kinds-next")
    expect(page.locator("#kinds-error")).to_contain_text("手绘")
    page.click("#open-pad")
    expect(page.locator("#pad-sheet")).to_be_visible()
    page.click("#pad-ok")
    expect(page.locator("#toast")).to_have_text("请先手绘印章")
    draw(page, "#drawn-canvas", shape="seal")
    shot(page, "05_pad", full_page=False)
    page.click("#pad-ok")
    expect(page.locator("#drawn-preview")).to_be_visible()
    assert page.locator("#drawn-preview").evaluate("i => i.naturalWidth") > 0
    shot(page, "06_drawn_preview")
    page.click("#kinds-next")
    expect(page.locator('[data-step="method"]')).to_be_visible()
    page.fill("#f-password", "246801")
    page.fill("#f-password_confirm", "246801")
    page.click("#method-next")
    upload_id_pictures(page, tmp_path, "drawn")
    wait_sms_cooldown(live_server)
    willingness_by_sms(page, sms_code, phone, live_server)
    authenticate_by_link(browser, live_server, latest_link(live_server, phone), shot, "drawn_auth")
    expect(page.locator('[data-step="done"]')).to_be_visible(timeout=20_000)

    page.goto("/home")
    expect(page.locator(".seal-card")).to_have_count(2)
    shot(page, "07_home_two_seals")

    # 变更: another font, new face previewed, willingness, version 2
    page.locator('.seal-card[data-kind="personal_square"]').click()
    page.wait_for_url(re.compile(r"/seals/\d+$"))
    expect(page.locator("#d-version")).to_have_text("第1版")
    face = page.locator("#d-face")
    expect(face).to_have_js_property("complete", True)
    assert face.get_attribute("width") == str(round(float(page.locator("#d-size").inner_text().split()[1]) * 96 / 25.4))
    shot(page, "08_details")
    page.click("#act-change")
    page.wait_for_url(re.compile(r"/change$"))
    other = page.locator(f'#fonts .font:not(.is-off):not(:has(input[value="{chosen}"]))').first
    other.click()
    expect(page.locator("#c-new")).to_be_visible()
    shot(page, "09_change_preview")
    wait_sms_cooldown(live_server)
    page.click("#change-submit")
    dialog_willingness(page, sms_code, phone)
    page.wait_for_url(re.compile(r"/seals/\d+$"))
    expect(page.locator("#d-version")).to_have_text("第2版")

    # 停用 → 启用 → 注销
    page.click("#act-toggle")
    expect(page.locator("#c-yes")).to_have_text("立即停用")
    shot(page, "10_suspend_dialog", full_page=False)
    page.click("#c-yes")
    wait_sms_cooldown(live_server)
    dialog_willingness(page, sms_code, phone)
    expect(page.locator("#d-state")).to_have_text("已停用")
    expect(page.locator("#act-toggle")).to_have_text("启用")
    shot(page, "11_suspended")
    page.click("#act-toggle")
    expect(page.locator("#c-yes")).to_have_text("立即启用")
    page.click("#c-yes")
    wait_sms_cooldown(live_server)
    dialog_willingness(page, sms_code, phone)
    expect(page.locator("#d-state")).to_have_text("已启用")
    page.click("#act-cancel")
    expect(page.locator("#c-yes")).to_have_text("确认注销")
    page.click("#c-yes")
    wait_sms_cooldown(live_server)
    dialog_willingness(page, sms_code, phone)
    expect(page.locator("#d-state")).to_have_text("已注销")
    expect(page.locator("#act-toggle")).to_be_disabled()
    expect(page.locator("#d-cert-serial")).to_contain_text("已吊销")
    expect(page.locator("#d-history li")).to_have_count(5)  # 申领, 变更, 停用, 启用, 注销
    shot(page, "12_cancelled")
    page.goto("/home")
    expect(page.locator(".seal-card")).to_have_count(1)


def test_records_resend_expired_link_and_revoke(page, browser, live_server, shot, sms_code, tmp_path):
    phone = register_realname_person(page, sms_code)
    page.goto("/seals/apply")
    page.click('.kind[data-kind="personal_square"]')
    page.click("#kinds-next")
    page.click('.method:has(input[value="face"])')
    page.click("#method-next")
    upload_id_pictures(page, tmp_path, "rec")
    willingness_by_sms(page, sms_code, phone, live_server)
    first = latest_link(live_server, phone)

    page.goto("/me")
    expect(page.locator("#records-pending")).to_have_text("1项待认证")
    page.click("#to-records")
    row = page.locator("#applications .record")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("等待本人认证")
    shot(page, "01_records")

    # 立即认证: a new link; the first one no longer works
    live_server.services.clock.advance(seconds=61)
    page.click('[data-a="resume"]')
    page.wait_for_url(re.compile(r"/seals/apply\?application=\d+"))
    expect(page.locator('[data-step="wait"]')).to_be_visible()
    second = latest_link(live_server, phone)
    assert second != first
    page.goto(first)
    expect(page.locator('[data-view="closed"]')).to_be_visible()
    shot(page, "02_replaced_link")

    # the new link expires after 24 h (the person keeps using the app meanwhile: sessions end after 12 h idle)
    for _ in range(3):
        live_server.services.clock.advance(seconds=9 * 3600)
        page.goto("/me/records")
        expect(page.locator("#applications .record")).to_have_count(1)
    page.goto(second)
    expect(page.locator('[data-view="closed"]')).to_be_visible()
    expect(page.locator("#closed-text")).to_contain_text("已过期")
    shot(page, "03_expired_link")
    page.click("#to-records")
    page.wait_for_url(re.compile(r"/me/records"))

    # 撤销申请
    page.click('[data-a="revoke"]')
    expect(page.locator("#revoke-title")).to_have_text("是否确认撤销申请")
    shot(page, "04_revoke_dialog", full_page=False)
    page.click("#revoke-confirm")
    expect(page.locator("#applications")).to_contain_text("暂无未完成的申领")
    shot(page, "05_revoked")
    live_server.services.clock.advance(seconds=61)
    # the kind can be applied for again
    page.goto("/seals/apply")
    expect(page.locator('.kind[data-kind="personal_square"]')).not_to_have_class(re.compile("is-held"))
