"""[G1] 首页 at 375×812 for a grantee acting for an enterprise: the 申领印章 tile is greyed like the other disabled
tiles (``aria-disabled``, grey icon, a short 无此权限 under the label), and a tap stays on 首页 and says the
permission table's reason 「您的授权不包括此操作：申领印章」 instead of opening the apply page that would refuse."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from d1_flows import csrf
from g1_flows import enter_as_enterprise, login_person, new_context, proof, seed, willing_by_password
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]


def test_g1_grantee_home_greys_the_apply_tile_with_the_reason(page, browser, live_server, shot):
    demo = seed(live_server)
    person_ctx = new_context(browser, live_server)
    person = person_ctx.new_page()
    errors: list[str] = []
    person.on("pageerror", lambda exc: errors.append(str(exc)))
    login_person(person, demo)
    person.goto("/home")
    expect(person.locator('[data-tile="apply"]')).to_have_attribute("href", "/seals/apply")  # its own identity

    enter_as_enterprise(page, demo)
    expect(page.locator('[data-tile="apply"]')).to_have_attribute("href", "/seals/apply")  # the enterprise itself
    now = live_server.services.clock.now()
    r = page.request.post("/api/v1/grants", headers={"X-CSRF-Token": csrf(page)}, data={
        "role": "grantee", "name": demo["person_name"], "id_number": demo["person_id_number"],
        "phone": demo["person_phone"], "all_seals": True, "uses_total": 5,
        "starts_at": (now - timedelta(hours=1)).isoformat(), "ends_at": (now + timedelta(days=10)).isoformat(),
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
    expect(person.locator("#role-name")).to_have_text(demo["enterprise_name"])

    tile = person.locator('[data-tile="apply"]')
    expect(tile).to_have_attribute("aria-disabled", "true")
    expect(tile).to_contain_text("无此权限")
    grey = tile.locator(".tile__icon").evaluate("el => getComputedStyle(el).backgroundImage")
    assert grey == "none", grey  # the grey of a disabled tile, not the orange gradient
    for other in ("sign", "verify", "scan"):
        expect(person.locator(f'[data-tile="{other}"]')).not_to_have_attribute("aria-disabled", "true")
    tile.click(force=True)  # aria-disabled: Playwright would wait for it to be enabled; a finger does not
    expect(person.locator("#toast")).to_have_text("您的授权不包括此操作：申领印章")
    assert person.url.endswith("/home")
    shot(person, "home_apply_greyed", full_page=False)
    person_ctx.close()
    assert not errors, f"JavaScript errors: {errors}"
