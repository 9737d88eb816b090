"""[D1] 我的文档 / 业务文档 and 扫码 in a real browser at 375×812 (manual §4.5 / §4.6, §5.5 / §5.6): the list with
search, 筛选 by date, multi-select 下载文档 as a zip, 删除 with the retention period; 业务文档 filtered by every
来源 and 事项类型; 扫码 by photo (decoded on the server) to the public report page; the camera without a device."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from d1_flows import download_api, issue_seal, login_demo_person, make_pdf, sign_api, upload_api
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def test_d1_my_documents_search_filter_zip_delete(page, live_server, shot):
    demo = login_demo_person(page, live_server)
    seal_id = issue_seal(live_server, demo)
    a = upload_api(page, make_pdf(1, "alpha"), "采购合同甲.pdf")
    b = upload_api(page, make_pdf(1, "beta"), "租赁协议乙.pdf")
    sign_api(page, a["id"], seal_id)
    page.goto("/docs")
    items = page.locator("#list .doclist__item")
    expect(items.filter(has_text="采购合同甲")).to_have_count(1)
    expect(items.filter(has_text="采购合同甲")).to_contain_text("已签署")
    shot(page, "list")

    page.fill("#q", "租赁")
    page.click(".docs__search-btn")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("租赁协议乙")
    page.fill("#q", "")
    page.click(".docs__search-btn")

    # 筛选 by signing date: a range far in the past finds nothing, one around today finds the signed document
    page.click("#filter-open")
    page.fill("#f-from", "2000-01-01")
    page.fill("#f-to", "2000-01-31")
    shot(page, "filter")
    page.click("#fs-apply")
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator("#filter-dot")).to_be_visible()
    page.click("#filter-open")
    page.click("#fs-reset")
    page.click("#fs-apply")
    expect(items.filter(has_text="租赁协议乙")).to_have_count(1)

    for doc in (a, b):
        page.check(f'#list [data-id="{doc["id"]}"] input[type=checkbox]')
    expect(page.locator("#selbar")).to_be_visible()
    shot(page, "selected")
    page.click("#sel-download")
    expect(page.locator("#confirm-dialog")).to_be_visible()
    with page.expect_download() as dl:
        page.click("#c-yes")
    with zipfile.ZipFile(io.BytesIO(dl.value.path().read_bytes())) as z:
        assert sorted(z.namelist()) == sorted(["采购合同甲.pdf", "租赁协议乙.pdf"])
        assert z.read("采购合同甲.pdf") == download_api(page, a["id"])

    page.click("#sel-delete")
    expect(page.locator("#confirm-dialog [data-c-body]")).to_contain_text(re.compile(r"保留 \d+ 天"))
    shot(page, "delete_confirm")
    page.click("#c-yes")
    expect(items.filter(has_text="采购合同甲")).to_have_count(0)
    expect(items.filter(has_text="租赁协议乙")).to_have_count(0)


def test_d1_business_documents_by_source_and_matter(page, live_server, shot):
    login_demo_person(page, live_server)
    page.goto("/docs?tab=business")
    items = page.locator("#list .doclist__item")
    expect(page.locator("#docs[data-loaded='origin=business']")).to_have_count(1)
    total = items.count()
    assert total > 0
    page.click("#filter-open")
    sources = page.locator("#f-source option").all()
    assert len(sources) == 8  # 全部来源 + the seven of the manual
    shot(page, "filter")
    page.click("[data-close]")
    codes = [o.get_attribute("value") for o in sources[1:]]
    names = [o.inner_text() for o in sources[1:]]
    assert "桂惠农" in names and "广西不动产APP" in names
    seen = 0
    for code, name in zip(codes, names, strict=True):
        page.click("#filter-open")
        page.select_option("#f-source", code)
        page.click("#fs-apply")
        expect(page.locator(f'#docs[data-loaded*="source={code}"]')).to_have_count(1)
        n = items.count()
        seen += n
        for i in range(n):
            expect(items.nth(i)).to_contain_text(name)
        page.click("#filter-open")
        page.click("#fs-reset")
        page.click("#fs-apply")
        expect(page.locator("#docs[data-loaded='origin=business']")).to_have_count(1)
    assert seen == total
    page.click("#filter-open")
    for option in page.locator("#f-matter option").all()[1:]:
        matter = option.get_attribute("value")
        page.select_option("#f-matter", matter)
        page.click("#fs-apply")
        expect(page.locator("#docs[data-loaded*='matter_type=']")).to_have_count(1)
        for i in range(items.count()):
            expect(items.nth(i)).to_contain_text(matter)
        page.click("#filter-open")
    shot(page, "matter")
    page.click("#fs-reset")
    page.click("#fs-apply")
    pending = items.filter(has=page.locator('.pill', has_text="待签署"))
    if pending.count():
        href = pending.first.locator("a").get_attribute("href")
        assert re.fullmatch(r"/sign/\d+", href), href


def test_d1_scan_photo_to_public_report_and_camera_fallback(page, live_server, shot, tmp_path):
    demo = login_demo_person(page, live_server)
    seal_id = issue_seal(live_server, demo)
    doc = upload_api(page, make_pdf(1), "扫码合同.pdf")
    sign_api(page, doc["id"], seal_id)
    h = {"X-CSRF-Token": next(c["value"] for c in page.context.cookies() if c["name"] == "eseal_csrf")}
    r = page.request.post("/api/v1/verify", headers=h, multipart={
        "file": {"name": "s.pdf", "mimeType": "application/pdf", "buffer": download_api(page, doc["id"])}})
    assert r.status == 201, r.text()
    outcome = r.json()

    import qrcode

    qr = tmp_path / "qr.png"
    qrcode.make(outcome["public_url"]).save(qr)
    other = tmp_path / "other.png"
    qrcode.make("https://example.com/not-ours").save(other)

    page.goto("/scan")  # headless chromium without a camera device: the page says so, photos still work
    expect(page.locator("#scan-off")).to_be_visible()
    expect(page.locator("#scan-off-text")).to_contain_text("摄像头")
    shot(page, "no_camera")
    page.set_input_files("#scan-album", str(other))
    expect(page.locator("#scan-result")).to_be_visible()
    expect(page.locator("#scan-result")).to_contain_text("无法识别")
    shot(page, "other_code")
    page.set_input_files("#scan-album", str(qr))
    page.wait_for_url(f"**/r/{outcome['serial']}")
    expect(page.locator("#p-label")).to_have_text("验证通过")


def test_d1_scan_camera_denied(browser, live_server, shot):
    """Camera permission not granted: the page names the reason and keeps 相册 / 拍照 working."""
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=str(live_server),
                              permissions=[])
    pg = ctx.new_page()
    login_demo_person(pg, live_server)
    pg.goto("/scan")
    expect(pg.locator("#scan-off")).to_be_visible()
    expect(pg.locator("#scan-status")).to_contain_text("相册")
    assert pg.locator("#scan-album").is_enabled()
    shot(pg, "camera_denied")
    ctx.close()
