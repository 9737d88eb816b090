"""[G1] 新增管理员 / 被授权人: the rules that can refuse the addition — the person has never logged in, a wrong ID check
digit, not registered, a duplicate, a scope outside the enterprise — are answered by ``POST /grants/check`` BEFORE
any willingness is asked (the page calls it on 提交 and opens the willingness only on ok), and nothing is written
by it: no grant, no willingness challenge. ``POST /grants`` still checks all of it again."""

from __future__ import annotations

import pytest
from apihelpers import api_error, new_id_number
from g1_helpers import create, window, world
from sqlalchemy import func, select, update

from eseal.platform.accounts import Account
from eseal.platform.grants import Grant
from eseal.platform.identity import WillingnessChallenge

pytestmark = pytest.mark.db


@pytest.fixture
def w(app, make_client, register_enterprise, register_person):
    return world(app, make_client, register_enterprise, register_person)


def _body(app, preg, **extra):
    return {"role": "grantee", "name": preg["name"], "id_number": preg["id_number"], "phone": preg["phone"],
            "department": "办公室", "all_seals": True, "uses_total": 3, **window(app), **extra}


def _counts(app, ent_id: int) -> tuple[int, int]:
    with app.state.services.session() as db:
        return (db.scalar(select(func.count()).select_from(WillingnessChallenge)
                          .where(WillingnessChallenge.account_id == ent_id)) or 0,
                db.scalar(select(func.count()).select_from(Grant)) or 0)


@pytest.mark.parametrize("role", ["grantee", "admin"])
def test_refusals_come_before_the_willingness_and_nothing_is_written(app, w, role):
    ent, ent_id, preg = w["ent"], w["a"]["id"], w["preg"]
    with app.state.services.session() as db:
        db.execute(update(Account).where(Account.id == w["person_id"]).values(last_login_at=None))
        db.commit()
    body = _body(app, preg, role=role)
    r = ent.post("/api/v1/grants/check", json=body)
    err = api_error(r)
    assert (r.status_code, err["code"], err["field"]) == (409, "grant.person_never_logged_in", "id_number")
    assert "至少登录一次" in err["message"]
    bad = preg["id_number"][:-1] + ("0" if preg["id_number"][-1] != "0" else "1")
    r = ent.post("/api/v1/grants/check", json={**body, "id_number": bad})
    assert (r.status_code, api_error(r)["code"]) == (400, "invalid_id_number")
    r = ent.post("/api/v1/grants/check", json={**body, "id_number": new_id_number()})
    assert (r.status_code, api_error(r)["code"]) == (400, "grant.person_not_registered")
    r = ent.post("/api/v1/grants/check", json={**body, "all_seals": False, "seal_ids": [999_999]})
    assert (r.status_code, api_error(r)["code"]) == (400, "grant.invalid_scope")
    assert _counts(app, ent_id) == (0, 0)  # no challenge asked, no grant

    # once the person has logged in: ok, and the willingness to ask is named
    with app.state.services.session() as db:
        db.execute(update(Account).where(Account.id == w["person_id"]).values(last_login_at=func.now()))
        db.commit()
    r = ent.post("/api/v1/grants/check", json=body)
    assert r.status_code == 200, r.text
    assert r.json() == {"ok": True, "enterprise_id": ent_id, "willingness_action": "grant.create",
                        "willingness_target_type": "enterprise", "willingness_target_id": str(ent_id)}
    assert _counts(app, ent_id) == (0, 0)
    r = create(app, ent, ent_id, preg, role=role, all_seals=True, uses_total=3)
    assert r.status_code == 201, r.text
    r = ent.post("/api/v1/grants/check", json=body)
    assert (r.status_code, api_error(r)["code"]) == (409, "grant.duplicate")


def test_check_needs_the_right_to_add(app, w, register_person, make_client):
    """A person without the enterprise (its own identity) cannot use the check as an oracle for an enterprise."""
    other = make_client()
    register_person(other)
    r = other.post("/api/v1/grants/check", json=_body(app, w["preg"]))
    assert r.status_code == 403 and api_error(r)["code"] == "forbidden"
