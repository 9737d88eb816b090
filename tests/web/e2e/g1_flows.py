"""Shared steps of the G1 end-to-end tests: the demo enterprise (real seals) past the §3.2 face gate in one browser,
the demo person (logged in once, so it may be granted) in another, the willingness dialog, and stamping through the
HTTP API as the 签署 page does (SMS method: the code is read from the dev outbox)."""

from __future__ import annotations

import re
from typing import Any

from d1_flows import csrf
from h5_flows import pass_simulated_face_check
from playwright.sync_api import expect

VERIFICATION_PASSWORD = "246810"  # the demo accounts' 核验密码
VIEWPORT = {"width": 375, "height": 812}


def new_context(browser, live_server):
    """A second phone (own cookies) on the same live server, as the ``page`` fixture makes the first."""
    ctx = browser.new_context(viewport=VIEWPORT, device_scale_factor=2, locale="zh-CN", base_url=str(live_server),
                              is_mobile=True, has_touch=True)
    ctx.set_default_timeout(10_000)
    return ctx


def seed(live_server) -> dict[str, Any]:
    from eseal.platform.demo import DEMO, seed_demo

    ids = seed_demo(live_server.services, seals=True, documents=False)
    return {**DEMO.as_dict(), **ids}


def login_person(page, demo: dict[str, Any]) -> None:
    page.goto("/login")
    r = page.request.post("/api/v1/auth/person/login", headers={"X-CSRF-Token": csrf(page)}, data={
        "account": demo["person_id_number"], "id_type": "resident_id", "method": "password",
        "password": demo["person_password"], "agree": True})
    assert r.ok, r.text()


def enter_as_enterprise(page, demo: dict[str, Any]) -> None:
    page.goto("/login/enterprise")
    r = page.request.post("/api/v1/auth/enterprise/login", headers={"X-CSRF-Token": csrf(page)}, data={
        "credit_code": demo["credit_code"], "password": demo["enterprise_password"], "agree": True})
    assert r.ok, r.text()
    page.goto("/home")
    page.click("#face-start")
    pass_simulated_face_check(page)
    page.wait_for_url(re.compile(r"/home"))
    expect(page.locator("#face-ok")).to_be_visible()


def willing_by_password(page, shot=None, name: str = "willing") -> None:
    """The 意愿认证 dialog: 核验密码 tab, the demo 核验密码, 确认."""
    dlg = page.locator("#willing-dialog")
    expect(dlg).to_have_class(re.compile(r"is-open"))
    page.click('[data-w-method="password"]')
    page.fill("#f-w-password", VERIFICATION_PASSWORD)
    if shot:
        shot(page, name)
    page.click("#w-confirm")
    expect(dlg).to_be_hidden()  # closed (or the page already moved on)


def upload(page, pdf: bytes, name: str) -> int:
    r = page.request.post(f"/api/v1/documents?name={name}", headers={"X-CSRF-Token": csrf(page),
                                                                       "Content-Type": "application/pdf"}, data=pdf)
    assert r.status == 201, r.text()
    return int(r.json()["document"]["id"])


def sms_code(page, phone: str) -> str:
    r = page.request.get(f"/dev/sms-outbox.json?phone={phone}")
    return str(r.json()["messages"][0]["code"])


def stamp_api(page, live_server, doc_id: int, seal_id: int, phone: str) -> Any:
    """prepare → (the seal's method: SMS to the acting person's phone) → submit; the prepare response when it is
    refused, else the submit response."""
    stamps = [{"seal_id": seal_id, "mode": "single", "page": 1, "x_mm": 120, "y_mm": 200}]
    h = {"X-CSRF-Token": csrf(page)}
    r = page.request.post(f"/api/v1/documents/{doc_id}/signing/prepare", headers=h, data={"stamps": stamps})
    if not r.ok:
        return r
    prep = r.json()
    cid = prep["challenge"]["challenge_id"]
    body: dict[str, Any] = {"stamps": stamps, "willingness_challenge_id": cid}
    if prep["method"] == "sms":
        live_server.services.clock.advance(seconds=61)  # past the SMS cooldown of the previous code
        s = page.request.post(f"/api/v1/willingness/challenges/{cid}/sms", headers=h, data={})
        assert s.ok, s.text()
        s = page.request.post(f"/api/v1/willingness/challenges/{cid}/satisfy", headers=h,
                              data={"method": "sms", "sms_code": sms_code(page, phone)})
        assert s.ok, s.text()
    elif prep["method"] == "password":
        body["seal_password"] = VERIFICATION_PASSWORD
    else:
        raise AssertionError(f"unexpected signing method {prep['method']}")
    return page.request.post(f"/api/v1/documents/{doc_id}/signing", headers=h, data=body)


def stamp_ui(page, live_server, doc_id: int, seal_id: int, phone: str, shot=None, name: str = "sign") -> None:
    """签署 through the /sign/<id> page: 选章 (单页, the seal) → 下一步 → 提交 → 核验认证 by SMS (the seal's method; the
    code read from the dev outbox) → 签章成功."""
    page.goto(f"/sign/{doc_id}")
    expect(page.locator("#s-body")).to_be_visible()
    page.click("#b-choose")
    expect(page.locator("#seal-sheet")).to_be_visible()
    page.click('#seal-sheet [data-mode="single"]')
    page.click(f'#ss-seals [data-seal-id="{seal_id}"]')
    expect(page.locator("#seal-sheet")).to_be_hidden()
    expect(page.locator(".stamp")).to_have_count(1)
    page.click("#b-next")
    expect(page.locator("#bar-preview")).to_be_visible()
    page.click("#b-submit")
    expect(page.locator("#willing-dialog")).to_be_visible()
    live_server.services.clock.advance(seconds=61)  # past the SMS cooldown of the previous code
    page.click('[data-w-method="sms"]')
    page.click("#w-sms-send")
    expect(page.locator("#w-sms-send")).to_have_text(re.compile(r"\d+s"))  # sent: the countdown runs
    page.fill("#f-w-sms_code", sms_code(page, phone))
    if shot:
        shot(page, name + "_willing")
    page.click("#w-confirm")
    expect(page.locator("#s-done")).to_be_visible(timeout=30_000)
    expect(page.locator("#s-done-title")).to_have_text("签章成功")
    if shot:
        shot(page, name + "_done")


def proof(page, action: str, target_type: str, target_id: int) -> str:
    """A willingness challenge satisfied with the demo 核验密码 (what the dialog does), by HTTP."""
    from d1_flows import csrf

    h = {"X-CSRF-Token": csrf(page)}
    r = page.request.post("/api/v1/willingness/challenges", headers=h,
                          data={"action": action, "target_type": target_type, "target_id": str(target_id)})
    assert r.status == 201, r.text()
    cid = r.json()["challenge_id"]
    r = page.request.post(f"/api/v1/willingness/challenges/{cid}/satisfy", headers=h,
                          data={"method": "password", "password": VERIFICATION_PASSWORD})
    assert r.ok, r.text()
    return str(cid)
