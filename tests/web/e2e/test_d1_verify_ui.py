"""[D1] 验签 in a real browser at 375×812 (manual §4.4 / §5.4): upload a document signed on the platform → 立即验证 →
验证通过 with the 8 items; the same file with one byte flipped inside the signed range → 验证不通过 naming 原文杂凑;
the report QR's public page shows the verdict and nothing personal; a visitor without login can verify."""

from __future__ import annotations

import re

import pytest
from d1_flows import download_api, issue_seal, login_demo_person, make_pdf, sign_api, upload_api
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]

ITEMS = ["电子印章数据格式", "签章者证书有效性", "电子印章有效性", "签章时间有效性", "数字证书有效性", "时间戳有效性",
         "电子印章签名值", "原文杂凑"]


def verify_file(page, path, shot, name: str) -> str:
    page.goto("/verify")
    expect(page.locator("#verify-start")).to_be_disabled()
    page.set_input_files("#vup-file", str(path))
    expect(page.locator("#verify-start")).to_be_enabled()
    shot(page, f"{name}_upload")
    page.click("#verify-start")
    page.wait_for_url(re.compile(r"/verify/VR\w+$"))
    expect(page.locator("#r-body")).to_be_visible()
    shot(page, f"{name}_report")
    return page.url.rsplit("/", 1)[1]


def test_d1_verify_pass_tamper_and_public_page(page, live_server, shot, tmp_path, browser):
    demo = login_demo_person(page, live_server)
    seal_id = issue_seal(live_server, demo)
    doc = upload_api(page, make_pdf(2), "购销合同.pdf")
    sign_api(page, doc["id"], seal_id)
    signed = download_api(page, doc["id"])
    good = tmp_path / "signed.pdf"
    good.write_bytes(signed)

    serial = verify_file(page, good, shot, "pass")
    expect(page.locator("#r-label")).to_have_text("验证通过")
    assert page.locator("#r-verdict").get_attribute("data-verdict") == "pass"
    sig = page.locator("[data-signature]").first
    assert [t.strip() for t in sig.locator(".vitem__label").all_inner_texts()] == ITEMS
    assert sig.locator('[data-status="fail"]').count() == 0
    expect(sig.locator(".vsig__sealname")).to_contain_text(demo["person_name"])
    expect(sig.locator("[data-lifecycle]")).to_have_attribute("data-lifecycle", "active")
    expect(sig).to_contain_text("可信签章时间")
    expect(page.locator("#r-pdf")).to_have_attribute("href", f"/api/v1/verify/{serial}/report.pdf")
    with page.expect_download() as dl:
        page.click("#r-pdf")
    assert dl.value.path().read_bytes()[:5] == b"%PDF-"

    # one byte flipped inside the signed range (the page text, in an uncompressed content stream)
    at = signed.index(b"D1 contract - page 1")
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(signed[:at] + b"X" + signed[at + 1:])
    verify_file(page, bad, shot, "tampered")
    expect(page.locator("#r-label")).to_have_text("验证不通过")
    failed = page.locator('[data-signature] [data-status="fail"]')
    assert "原文杂凑" in failed.all_inner_texts()[0] or any("原文杂凑" in t for t in failed.all_inner_texts())
    expect(page.locator('[data-item="document_hash"]')).to_have_attribute("data-status", "fail")

    # the report QR's page, in a browser without login: the verdict, nothing personal
    other = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, locale="zh-CN",
                                base_url=str(live_server), is_mobile=True, has_touch=True)
    pub = other.new_page()
    pub.goto(f"/r/{serial}")
    expect(pub.locator("#p-label")).to_have_text("验证通过")
    text = pub.locator("#p-body").inner_text()
    assert demo["person_id_number"] not in text and demo["person_phone"] not in text
    assert pub.locator("a[href*='report.pdf'], a[download]").count() == 0
    shot(pub, "public")
    # and anyone can verify without logging in
    anon = tmp_path / "anon.pdf"
    anon.write_bytes(signed)
    verify_file(pub, anon, shot, "anonymous")
    expect(pub.locator("#r-label")).to_have_text("验证通过")
    other.close()
