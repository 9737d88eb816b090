"""[G1] 验签详情 of a file stamped under a grant, in a real browser at 375×812: the enterprise verifies the file its
grantee stamped and reads 授权 (授权编号, the enterprise, the grantee masked), 授权时间 (Beijing time) and 授权使用
(第 1 次使用（共 2 次）); the public page of the report's QR code (/r/<serial>, another phone, no login) says 在授权下签署
and shows neither the person nor the grant."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from d1_flows import csrf, download_api, make_pdf
from g1_flows import (
    enter_as_enterprise,
    login_person,
    new_context,
    proof,
    seed,
    stamp_api,
    upload,
    willing_by_password,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def verify_file(page, path, shot, name: str) -> str:
    """验签 through the /verify page → the report page; the serial."""
    page.goto("/verify")
    page.set_input_files("#vup-file", str(path))
    expect(page.locator("#verify-start")).to_be_enabled()
    page.click("#verify-start")
    page.wait_for_url(re.compile(r"/verify/VR\w+$"))
    expect(page.locator("#r-body")).to_be_visible()
    shot(page, f"{name}_report")
    return page.url.rsplit("/", 1)[1]


def test_g1_report_page_shows_the_grant_and_the_public_page_only_the_fact(page, browser, live_server, shot,
                                                                          tmp_path):
    demo = seed(live_server)
    person_ctx = new_context(browser, live_server)
    person = person_ctx.new_page()
    login_person(person, demo)
    enter_as_enterprise(page, demo)
    now = live_server.services.clock.now()
    starts, ends = now - timedelta(hours=1), now + timedelta(days=2)
    r = page.request.post("/api/v1/grants", headers={"X-CSRF-Token": csrf(page)}, data={
        "role": "grantee", "name": demo["person_name"], "id_number": demo["person_id_number"],
        "phone": demo["person_phone"], "all_seals": True, "uses_total": 2,
        "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
        "willingness_challenge_id": proof(page, "grant.create", "enterprise", demo["enterprise_id"])})
    assert r.status == 201, r.text()
    gid = r.json()["grant"]["id"]
    person.goto("/grants")
    person.locator(f'[data-accept="{gid}"]').click()
    willing_by_password(person)
    person.goto("/home")
    person.click("#role-switch")
    person.locator("#role-sheet .sheet__item", has_text=demo["enterprise_name"]).click()
    person.wait_for_url(re.compile(r"/dev/face/"))
    person.click("#face-pass")
    person.wait_for_url(re.compile(r"/home$"))
    seal_id = int(person.locator(".seal-card").first.get_attribute("data-seal-id"))
    doc_id = upload(person, make_pdf(text="G1 grant report"), "授权签署合同.pdf")
    r = stamp_api(person, live_server, doc_id, seal_id, demo["person_phone"])
    assert r.ok, r.text()
    signed = tmp_path / "授权签署合同.pdf"
    signed.write_bytes(download_api(person, doc_id))

    serial = verify_file(page, signed, shot, "grant")
    card = page.locator(".vsig").first
    grant_row = card.locator(f'[data-grant="{gid}"]')
    expect(grant_row).to_contain_text(f"授权编号 {gid}（{demo['enterprise_name']} 授权 {demo['person_name'][0]}**）")
    bj = timedelta(hours=8)
    expect(card.locator("[data-grant-window]")).to_contain_text(
        f"{(starts + bj):%Y-%m-%d %H:%M}")
    expect(card.locator("[data-grant-window]")).to_contain_text(f"{(ends + bj):%Y-%m-%d %H:%M}")
    expect(card.locator("[data-grant-window]")).to_contain_text("北京时间")
    expect(card.locator("[data-grant-use]")).to_contain_text("第 1 次使用（共 2 次）")
    expect(card).not_to_contain_text(demo["person_name"])
    grant_row.scroll_into_view_if_needed()
    shot(page, "grant_rows", full_page=False)  # the viewport at the 授权 rows

    pub_ctx = new_context(browser, live_server)
    pub = pub_ctx.new_page()
    pub.goto(f"/r/{serial}")
    expect(pub.locator("#p-body")).to_be_visible()
    expect(pub.locator("[data-authorised]")).to_contain_text("在授权下签署")
    body = pub.locator("#p-body")
    for secret in (demo["person_name"], f"{demo['person_name'][0]}**", "授权编号", "次使用", demo["person_phone"],
                   demo["person_id_number"]):
        expect(body).not_to_contain_text(secret)
    shot(pub, "public")
    pub_ctx.close()
    person_ctx.close()
