"""[D1] 我的 → 签章设置 → 签名格式 in a real browser at 375×812: the account's profile is 国密 by default, choosing
PAdES is saved (it holds after a reload), a document then signed is PAdES and its 文档详情 says so (签章格式)."""

from __future__ import annotations

import pytest
from d1_flows import issue_seal, login_demo_person, make_pdf, sign_api, upload_api
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def test_d1_choose_pades_in_me_and_the_details_name_it(page, live_server, shot):
    demo = login_demo_person(page, live_server)
    seal_id = issue_seal(live_server, demo)
    page.goto("/me")
    value = page.locator("#signing-profile-value")
    expect(value).to_have_text("国密签章（GB/T 38540）")
    page.locator("#signing-settings").scroll_into_view_if_needed()
    shot(page, "me_profile_gm", full_page=False)
    page.click("#to-signing-profile")
    dialog = page.locator("#profile-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("input[value=gm]")).to_be_checked()
    expect(dialog).to_contain_text("ETSI PAdES")
    dialog.locator("label.method", has_text="PAdES 签章").click()
    shot(page, "profile_dialog", full_page=False)
    page.click("#profile-save")
    expect(dialog).to_be_hidden()
    expect(value).to_have_text("PAdES 签章")
    page.reload()
    expect(value).to_have_text("PAdES 签章")  # stored on the account

    doc = upload_api(page, make_pdf(1, "pades"), "境外合同.pdf")
    sign_api(page, doc["id"], seal_id)  # no profile in the submission: the account's
    page.goto(f"/docs/{doc['id']}")
    expect(page.locator("body")).to_contain_text("PAdES 签章")
    row = page.locator("text=签章格式").first
    row.scroll_into_view_if_needed()
    shot(page, "details_pades", full_page=False)
    r = page.request.get(f"/api/v1/documents/{doc['id']}/details")
    assert [s["profile"] for s in r.json()["details"]["signatures"]] == ["pades"]
