"""[G1] 变更授权: the rules that can refuse a change — the window (end before start, end passed), the count below the
uses already made, a scope outside the enterprise, a revoked grant, a wrong phone — are answered by
``POST /grants/{id}/change/check`` BEFORE any willingness is asked (the detail page calls it on 提交 and opens the
willingness only on ok), with the same rule functions as ``POST /grants/{id}/change``, and nothing is written: no
willingness challenge, no change of the grant, no event. Another enterprise's grant answers 404."""

from __future__ import annotations

import pytest
from apihelpers import api_error
from g1_helpers import create, proof, window, world
from sqlalchemy import func, select, update

from eseal.platform.grants import Grant, GrantEvent
from eseal.platform.identity import WillingnessChallenge

pytestmark = pytest.mark.db


@pytest.fixture
def w(app, make_client, register_enterprise, register_person):
    return world(app, make_client, register_enterprise, register_person)


def _state(app, ent_id: int, gid: int) -> tuple[int, int, tuple]:
    with app.state.services.session() as db:
        challenges = db.scalar(select(func.count()).select_from(WillingnessChallenge)
                               .where(WillingnessChallenge.account_id == ent_id)) or 0
        events = db.scalar(select(func.count()).select_from(GrantEvent).where(GrantEvent.grant_id == gid)) or 0
        g = db.get(Grant, gid)
        assert g is not None
        return challenges, events, (g.uses_total, g.uses_left, g.ends_at, g.phone, g.all_seals)


def _grant(app, w, **body) -> int:
    r = create(app, w["ent"], w["a"]["id"], w["preg"], **body)
    assert r.status_code == 201, r.text
    return int(r.json()["grant"]["id"])


def test_change_refusals_come_before_the_willingness_and_nothing_is_written(app, w):
    ent, ent_id, seal_a = w["ent"], w["a"]["id"], w["a"]["seals"][0]
    gid = _grant(app, w, seal_ids=[seal_a], uses_total=5, **window(app))
    with app.state.services.session() as db:  # three of the five uses made
        db.execute(update(Grant).where(Grant.id == gid).values(uses_left=2))
        db.commit()
    before = _state(app, ent_id, gid)
    ok = {"seal_ids": [seal_a], "uses_total": 4, **window(app, end_h=48)}
    url = f"/api/v1/grants/{gid}/change/check"

    r = ent.post(url, json={**ok, "uses_total": 2})
    err = api_error(r)
    assert (r.status_code, err["code"], err["field"]) == (400, "grant.invalid_count", "uses_total")
    assert err["message"] == "授权次数不能少于已使用的次数"
    r = ent.post(url, json={**ok, **window(app, start_h=5, end_h=2)})
    assert (r.status_code, api_error(r)["code"], api_error(r)["field"]) == (400, "grant.invalid_window", "ends_at")
    r = ent.post(url, json={**ok, **window(app, start_h=-5, end_h=-2)})
    assert (r.status_code, api_error(r)["code"]) == (400, "grant.invalid_window")
    r = ent.post(url, json={**ok, "seal_ids": [999_999]})
    assert (r.status_code, api_error(r)["code"]) == (400, "grant.invalid_scope")
    r = ent.post(url, json={**ok, "phone": "1380000"})
    assert r.status_code == 400 and api_error(r)["field"] == "phone"
    assert _state(app, ent_id, gid) == before  # no challenge asked, nothing changed, no event

    r = ent.post(url, json=ok)
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True, "enterprise_id": ent_id, "willingness_action": "grant.change",
                        "willingness_target_type": "grant", "willingness_target_id": str(gid)}
    assert _state(app, ent_id, gid) == before

    # the change itself: the same refusal, and with the willingness the change the check allowed
    r = ent.post(f"/api/v1/grants/{gid}/change", json={**ok, "uses_total": 2,
                                                        "willingness_challenge_id": proof(ent, "grant.change", "grant",
                                                                                          gid)})
    assert (r.status_code, api_error(r)["code"]) == (400, "grant.invalid_count")
    r = ent.post(f"/api/v1/grants/{gid}/change", json={**ok, "willingness_challenge_id": proof(ent, "grant.change",
                                                                                              "grant", gid)})
    assert r.status_code == 200, r.text
    assert (r.json()["grant"]["uses_total"], r.json()["grant"]["uses_left"]) == (4, 1)


def test_a_revoked_grant_is_refused_by_the_check(app, w):
    ent, seal_a = w["ent"], w["a"]["seals"][0]
    gid = _grant(app, w, seal_ids=[seal_a], uses_total=2)
    r = ent.post(f"/api/v1/grants/{gid}/revoke", json={"willingness_challenge_id": proof(ent, "grant.revoke", "grant",
                                                                                          gid)})
    assert r.status_code == 200, r.text
    r = ent.post(f"/api/v1/grants/{gid}/change/check", json={"seal_ids": [seal_a], "uses_total": 3, **window(app)})
    assert (r.status_code, api_error(r)["code"]) == (409, "grant.revoked")


def test_check_of_another_enterprise_grant_is_not_found(app, w, make_client, register_enterprise):
    from g1_helpers import company

    seal_a = w["a"]["seals"][0]
    gid = _grant(app, w, seal_ids=[seal_a], uses_total=2)
    other = make_client()
    company(app, other, register_enterprise)
    r = other.post(f"/api/v1/grants/{gid}/change/check", json={"all_seals": True, "uses_total": 3, **window(app)})
    assert r.status_code == 404, r.text
    r = other.post("/api/v1/grants/abc/change/check", json={"all_seals": True, "uses_total": 3, **window(app)})
    assert r.status_code == 404, r.text
