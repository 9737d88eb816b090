"""[S1] An enterprise applies for all five seals in a real browser at 375×812 (manual §4.1): 全选 → 经办人 / 单位法人 /
单位信息 (check digits on the page) → materials (bad pictures refused in Chinese) → 密码核验 (核验密码不一致！) →
领章意愿认证 → 等待数字证书认证短信 → the legal representative's and the handler's certificate authentications on
their own phones (links from the dev SMS outbox) → 申领成功 → five cards on 首页 → 印章详情."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from h5_flows import new_enterprise, new_phone, pass_simulated_face_check, register_enterprise
from playwright.sync_api import expect
from s1_flows import authenticate_by_link, big_picture, latest_link, picture

from eseal.engine.ids import generate_citizen_id

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]

FIVE = ["企业法定名称章", "合同专用章", "财务专用章", "发票专用章", "企业法定代表人章"]
SLOTS = ["business_license", "legal_rep_id_front", "legal_rep_id_back", "handler_id_front", "handler_id_back"]


def enter_as_enterprise(page, sms_code) -> dict[str, str]:
    ent = new_enterprise()
    register_enterprise(page, sms_code, ent)
    page.click("#face-start")
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/home"))
    expect(page.locator("#face-ok")).to_be_visible()
    return ent


def fill_person(page, prefix: str, name: str, id_number: str, phone: str) -> None:
    page.fill(f"#f-{prefix}-name", name)
    page.fill(f"#f-{prefix}-id_number", id_number)
    page.fill(f"#f-{prefix}-phone", phone)


def apply_until_wait(page, shot, sms_code, ent, tmp_path, handler_phone: str) -> None:
    page.click('[data-tile="apply"]')
    page.wait_for_url(re.compile(r"/seals/apply"))
    expect(page.locator(".kind")).to_have_count(5)
    shot(page, "01_kinds")
    page.check("#select-all")
    for box in page.locator('#kinds input[name="kind"]').all():
        assert box.is_checked()
    shot(page, "02_kinds_all")
    page.click("#kinds-next")

    # forms: check digits on the page before anything is sent
    expect(page.locator('[data-step="forms"]')).to_be_visible()
    handler_id = generate_citizen_id("450102", date(1990, 3, 8), random.randint(1, 900))
    bad = handler_id[:-1] + ("0" if handler_id[-1] != "0" else "1")
    fill_person(page, "handler", "李经办", bad, handler_phone)
    fill_person(page, "legal_rep", ent["legal_rep_name"], ent["legal_rep_id_number"], ent["phone"])
    page.fill("#f-unit-credit_code", ent["credit_code"][:-1] + ("0" if ent["credit_code"][-1] != "0" else "1"))
    page.click("#forms-next")
    expect(page.locator('[data-error-for="handler.id_number"]')).not_to_be_empty()
    expect(page.locator('[data-error-for="unit.credit_code"]')).not_to_be_empty()
    shot(page, "03_forms_errors")
    page.fill("#f-handler-id_number", handler_id)
    page.fill("#f-unit-credit_code", ent["credit_code"])
    page.click("#forms-next")

    # materials: a 6 MB picture and a text file renamed .jpg are refused in Chinese, then the real pictures
    expect(page.locator('[data-step="materials"]')).to_be_visible()
    expect(page.locator(".upload")).to_have_count(6)  # five required + 授权书 (optional)
    page.set_input_files("#file-business_license", str(big_picture(tmp_path / "big.png")))
    expect(page.locator('[data-slot="business_license"] [data-error]')).to_have_text("图片大小不能超过5MB")
    fake = tmp_path / "not-a-picture.jpg"
    fake.write_text("这不是图片")
    page.set_input_files("#file-business_license", str(fake))
    expect(page.locator('[data-slot="business_license"] [data-error]')).to_have_text("仅支持JPG、PNG格式的图片")
    shot(page, "04_materials_errors")
    page.click("#materials-next")
    expect(page.locator("#materials-error")).to_contain_text("请上传")
    for slot in SLOTS:
        page.set_input_files(f"#file-{slot}", str(picture(tmp_path / f"{slot}.png", slot)))
        expect(page.locator(f'[data-slot="{slot}"] [data-thumb]')).to_be_visible()
    shot(page, "05_materials")
    page.click("#materials-next")

    # 用章核验方式: 密码核验 with a mismatching confirmation first
    expect(page.locator('[data-step="method"]')).to_be_visible()
    page.fill("#f-password", "135790")
    page.fill("#f-password_confirm", "135791")
    page.click("#method-next")
    expect(page.locator('[data-error-for="password_confirm"]')).to_have_text("核验密码不一致！")
    shot(page, "06_method_mismatch")
    page.fill("#f-password_confirm", "135790")
    page.click("#method-next")

    # 领章意愿认证: the SMS code of the enterprise's phone
    expect(page.locator('[data-step="willingness"]')).to_be_visible()
    page.click("#willing-send")
    expect(page.locator("#willing-send")).to_have_text(re.compile(r"\d+s后重新获取"))
    page.fill("#f-sms_code", sms_code(ent["phone"]))
    shot(page, "07_willingness")
    page.click("#willing-submit")
    expect(page.locator('[data-step="wait"]')).to_be_visible()
    expect(page.locator("#auth-steps li")).to_have_count(2)
    expect(page.locator("#dev-outbox")).to_be_visible()
    shot(page, "08_wait")


def test_enterprise_applies_for_all_five_seals(page, browser, live_server, shot, sms_code, tmp_path):
    ent = enter_as_enterprise(page, sms_code)
    handler_phone = new_phone()
    apply_until_wait(page, shot, sms_code, ent, tmp_path, handler_phone)

    # first authentication: the legal representative (on the enterprise's phone), then the handler
    first = authenticate_by_link(browser, live_server, latest_link(live_server, ent["phone"]), shot, "legal_rep")
    assert "经办人" in first
    page.click("#wait-refresh")
    expect(page.locator("#auth-steps li").first).to_contain_text("已完成签名")
    shot(page, "09_wait_handler")
    second = authenticate_by_link(browser, live_server, latest_link(live_server, handler_phone), shot, "handler")
    assert "完成" in second

    expect(page.locator('[data-step="done"]')).to_be_visible(timeout=20_000)
    for label in FIVE:
        expect(page.locator("#done-text")).to_contain_text(label)
    shot(page, "10_done")

    page.click("#done-home")
    page.wait_for_url(re.compile(r"/home"))
    cards = page.locator(".seal-card")
    expect(cards).to_have_count(5)
    for label in FIVE:
        expect(page.locator(".seal-cards")).to_contain_text(label)
    for img in page.locator(".seal-card img").all():
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") > 0
    shot(page, "11_home_seals")

    # the five kinds are now 已持有
    page.goto("/seals/apply")
    expect(page.locator(".kind.is-held")).to_have_count(5)
    expect(page.locator("#select-all")).to_be_disabled()
    shot(page, "12_all_held")

    page.goto("/home")
    page.locator(".seal-card", has_text="合同专用章").click()
    page.wait_for_url(re.compile(r"/seals/\d+$"))
    expect(page.locator("#d-state")).to_have_text("已启用")
    expect(page.locator("#d-esid")).not_to_be_empty()
    expect(page.locator("#d-cert-serial")).not_to_be_empty()
    shot(page, "13_details")
    page.click("#act-change")
    expect(page.locator("#toast")).to_have_text("该功能暂未开放")
    page.click("#act-renew")
    expect(page.locator("#toast")).to_contain_text("到期前10天内方可续期")
    shot(page, "14_renew_too_early", full_page=False)

    # 注销 (§4.2.4): materials + 经办人 / 单位法人 / 单位信息 + SMS code
    page.click("#act-cancel")
    page.wait_for_url(re.compile(r"/seals/\d+/cancel$"))
    page.click("#cancel-submit")
    expect(page.locator('[data-error-for="materials"]')).to_have_text("请上传注销材料")
    page.set_input_files("#file-license", str(picture(tmp_path / "cancel_license.png", "license")))
    expect(page.locator('[data-slot="license"] [data-thumb]')).to_be_visible()
    page.fill("#f-handler_name", "李经办")
    page.fill("#f-handler_id_number", generate_citizen_id("450102", date(1990, 3, 8), 77))
    page.fill("#f-handler_phone", handler_phone)
    page.fill("#f-legal_rep_id_number", ent["legal_rep_id_number"])
    shot(page, "15_cancel_form")
    page.click("#cancel-submit")
    page.click("#c-yes")
    expect(page.locator("#willing-dialog")).to_be_visible()
    expect(page.locator('[data-w-method="password"]')).to_be_hidden()  # enterprises cancel by SMS only
    live_server.services.clock.advance(seconds=61)
    page.click("#w-sms-send")
    expect(page.locator("#w-sms-send")).to_have_text(re.compile(r"\d+s后重新获取"))
    page.fill("#f-w-sms_code", sms_code(ent["phone"]))
    page.click("#w-confirm")
    page.wait_for_url(re.compile(r"/seals/\d+$"))
    expect(page.locator("#d-state")).to_have_text("已注销")
    expect(page.locator("#d-cert-serial")).to_contain_text("已吊销")
    shot(page, "16_cancelled")
