"""[G1] The 授权管理 screens at 320 and 375 px with the longest department (50 characters) and a long window: no
page scrolls sideways, nothing spills (the F2 layout check). Screenshots: test-output/screenshots/test_g1_layout_*."""

from __future__ import annotations

from datetime import timedelta

import pytest
from d1_flows import csrf
from g1_flows import enter_as_enterprise, login_person, proof, seed
from test_f2_layout import check_layout, narrow_page  # noqa: F401 - narrow_page is the 320 / 375 px fixture

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]

LONG_DEPT = ("综合办公室" + "Administrationdepartment" * 3)[:50]


def test_g1_layout(narrow_page, browser, live_server, shot):  # noqa: F811
    page = narrow_page
    demo = seed(live_server)
    other = browser.new_context(base_url=str(live_server))
    login_person(other.new_page(), demo)  # logged in once
    other.close()
    enter_as_enterprise(page, demo)
    now = live_server.services.clock.now()
    r = page.request.post("/api/v1/grants", headers={"X-CSRF-Token": csrf(page)}, data={
        "role": "grantee", "name": demo["person_name"], "id_number": demo["person_id_number"],
        "phone": demo["person_phone"], "department": LONG_DEPT, "all_seals": False,
        "seal_ids": [s["id"] for s in page.request.get("/api/v1/seals").json()["seals"]], "uses_total": 999999,
        "starts_at": (now - timedelta(hours=1)).isoformat(), "ends_at": (now + timedelta(days=400)).isoformat(),
        "willingness_challenge_id": proof(page, "grant.create", "enterprise", demo["enterprise_id"])})
    assert r.status == 201, r.text()
    gid = r.json()["grant"]["id"]
    width = page.viewport_size["width"]
    for path, name in (("/grants?role=grantee", "list"), ("/grants/new?role=grantee", "new"),
                       (f"/grants/{gid}", "detail")):
        page.goto(path)
        page.locator("[data-loaded], #grant-seals .grant-seal").first.wait_for()
        check_layout(page, shot, f"{width}_{name}")
    page.click("#act-change")
    page.locator("#change-form .grant-seal").first.wait_for()
    check_layout(page, shot, f"{width}_change")
