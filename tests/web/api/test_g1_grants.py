"""[G1] 授权管理 / 接收授权 through the API: a grantee with 2 uses stamps twice and is refused the third time with
the reason; every refusal rule (never logged in, check digit, window not started / ended, exhausted, out of scope,
revoked mid-session, seal suspended); the permission table (administrator vs grantee); a grantee of company A
never sees or uses company B's seals or documents; history and CSV; home-page reminders."""

from __future__ import annotations

import pytest
from apihelpers import api_error
from d1_helpers import make_pdf, sign, stamp, uploaded
from g1_helpers import accept, company, create, granted_and_acting, proof, window, world
from sqlalchemy import select, update

from eseal.platform.accounts import Account
from eseal.platform.documents import Signing
from eseal.platform.seals import Seal

pytestmark = pytest.mark.db


@pytest.fixture
def w(app, make_client, register_enterprise, register_person):
    return world(app, make_client, register_enterprise, register_person)


def test_grantee_with_two_uses_stamps_twice_then_is_refused_with_the_reason(app, w):
    seal_a = w["a"]["seals"][0]
    r = create(app, w["ent"], w["a"]["id"], w["preg"], seal_ids=[seal_a], uses_total=2)
    assert r.status_code == 201, r.text
    g = r.json()["grant"]
    assert (g["status"], g["state_label"], g["uses_left"], [s["id"] for s in g["seals"]]) == \
        ("pending", "待接收", 2, [seal_a])
    # the person's role list offers 接收授权 for the enterprise
    roles = w["person"].get("/api/v1/me/roles").json()["roles"]
    item = next(x for x in roles if x.get("enterprise_id") == w["a"]["id"])
    assert (item["role"], item["grant_status"], item["grant_id"]) == ("grantee", "pending", g["id"])
    # pending: cannot act for it yet
    r = w["person"].post("/api/v1/face/checks", json={"purpose": "role_switch", "enterprise_id": w["a"]["id"]})
    assert r.status_code == 404
    assert accept(w["person"], g["id"]).json()["grant"]["state"] == "active"
    from apihelpers import switch_with_face
    assert switch_with_face(w["person"], w["a"]["id"]).status_code == 200
    person = w["person"]
    # only the granted seal is visible / offered
    assert [s["id"] for s in person.get("/api/v1/seals").json()["seals"]] == [seal_a]
    assert [s["id"] for s in person.get("/api/v1/signing/seals").json()["seals"]] == [seal_a]
    for n in (1, 2):
        doc = uploaded(person, make_pdf(), f"合同{n}.pdf")
        r = sign(person, doc["id"], [stamp(seal_a)])
        assert r.status_code == 200, r.text
    doc = uploaded(person, make_pdf(), "合同3.pdf")
    r = person.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_a)]})
    assert r.status_code == 409 and api_error(r) == {"code": "grant.exhausted", "message": "授权次数已用完，不能使用该印章",
                                                     "field": "seal_id"} | {k: v for k, v in api_error(r).items()
                                                                            if k not in ("code", "message", "field")}
    choice = person.get("/api/v1/signing/seals").json()["seals"][0]
    assert choice["usable"] is False and choice["reason_code"] == "grant.exhausted"
    with app.state.services.session() as db:
        rows = db.scalars(select(Signing).order_by(Signing.id)).all()
        assert [(s.grant_id, s.use_number, s.acting_account_id, s.owner_account_id) for s in rows] == \
            [(g["id"], 1, w["person_id"], w["a"]["id"]), (g["id"], 2, w["person_id"], w["a"]["id"])]
    # the enterprise sees it exhausted, with the history of both uses, and as CSV
    listed = w["ent"].get("/api/v1/grants", params={"role": "grantee"}).json()["grants"]
    assert [(x["id"], x["state"], x["uses_used"], x["uses_left"]) for x in listed] == [(g["id"], "exhausted", 2, 0)]
    events = w["ent"].get(f"/api/v1/grants/{g['id']}/history").json()["events"]
    uses = [e for e in events if e["action"] == "use"]
    assert [(e["use_number"], e["remaining"], e["actor_name"]) for e in uses] == [(1, 1, "王测试"), (2, 0, "王测试")]
    assert all(e["document_id"] and e["signing_id"] for e in uses)
    assert [e["action"] for e in events] == ["create", "accept", "use", "use"]
    csv = w["ent"].get(f"/api/v1/grants/{g['id']}/export.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("授权编号,类型,姓名") and text.count("使用印章") == 2
    assert "被授权人" in w["ent"].get("/api/v1/grants/export.csv").content.decode("utf-8-sig")


def test_never_logged_in_wrong_check_digit_unregistered_and_no_willingness(app, w):
    with app.state.services.session() as db:
        db.execute(update(Account).where(Account.id == w["person_id"]).values(last_login_at=None))
        db.commit()
    r = create(app, w["ent"], w["a"]["id"], w["preg"], all_seals=True)
    assert r.status_code == 409 and api_error(r)["code"] == "grant.person_never_logged_in"
    assert "至少登录一次" in api_error(r)["message"]
    bad = w["preg"]["id_number"][:-1] + ("0" if w["preg"]["id_number"][-1] != "0" else "1")
    r = create(app, w["ent"], w["a"]["id"], {**w["preg"], "id_number": bad}, all_seals=True)
    assert r.status_code == 400 and api_error(r)["code"] == "invalid_id_number"
    from apihelpers import new_id_number
    r = create(app, w["ent"], w["a"]["id"], {**w["preg"], "id_number": new_id_number()}, all_seals=True)
    assert r.status_code == 400 and api_error(r)["code"] == "grant.person_not_registered"
    r = create(app, w["ent"], w["a"]["id"], w["preg"], all_seals=True, willingness_challenge_id=None)
    assert r.status_code in (403, 409)


def test_window_not_started_then_ended(app, w):
    seal_a = w["a"]["seals"][0]
    granted_and_acting(app, w, seal_ids=[seal_a], **window(app, start_h=2, end_h=5))
    doc = uploaded(w["person"], make_pdf())
    prepare = {"stamps": [stamp(seal_a)]}
    r = w["person"].post(f"/api/v1/documents/{doc['id']}/signing/prepare", json=prepare)
    assert r.status_code == 409 and api_error(r)["code"] == "grant.not_started"
    assert w["person"].get("/api/v1/me/grants").json()["grants"][0]["state"] == "not_started"
    app.state.services.clock.advance(seconds=3 * 3600)
    assert w["person"].post(f"/api/v1/documents/{doc['id']}/signing/prepare", json=prepare).status_code == 200
    app.state.services.clock.advance(seconds=3 * 3600)
    r = w["person"].post(f"/api/v1/documents/{doc['id']}/signing/prepare", json=prepare)
    assert r.status_code == 409 and api_error(r)["code"] == "grant.expired"
    assert w["ent"].get("/api/v1/grants").json()["grants"][0]["state_label"] == "已过期"


def test_seal_out_of_scope_is_refused_and_not_visible(app, w):
    seal_a, seal_b = w["a"]["seals"]
    granted_and_acting(app, w, seal_ids=[seal_a])
    doc = uploaded(w["person"], make_pdf())
    r = w["person"].post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_b)]})
    assert r.status_code == 403 and api_error(r) == {**api_error(r), "code": "grant.seal_out_of_scope",
                                                     "message": "该印章不在您的授权范围内"}
    assert w["person"].get(f"/api/v1/seals/{seal_b}").status_code == 404
    assert w["person"].get(f"/api/v1/seals/{seal_a}").status_code == 200


def test_revoked_mid_session_ends_the_role(app, w):
    seal_a = w["a"]["seals"][0]
    gid = granted_and_acting(app, w, seal_ids=[seal_a])
    doc = uploaded(w["person"], make_pdf())
    assert w["person"].get("/api/v1/session").json()["acting_as"]["id"] == w["a"]["id"]
    cid = proof(w["ent"], "grant.revoke", "grant", gid)
    r = w["ent"].post(f"/api/v1/grants/{gid}/revoke", json={"willingness_challenge_id": cid})
    assert r.status_code == 200 and r.json()["grant"]["state"] == "revoked"
    r = w["person"].post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_a)]})
    assert r.status_code == 404  # the role ended at once: the enterprise's document and seal are not the person's
    assert w["person"].get("/api/v1/session").json()["acting_as"] is None
    roles = w["person"].get("/api/v1/me/roles").json()["roles"]
    assert all(x.get("enterprise_id") != w["a"]["id"] for x in roles)


def test_suspended_seal_is_refused_with_the_seal_reason(app, w):
    seal_a = w["a"]["seals"][0]
    granted_and_acting(app, w, all_seals=True)
    with app.state.services.session() as db:
        db.execute(update(Seal).where(Seal.id == seal_a).values(state="suspended"))
        db.commit()
    doc = uploaded(w["person"], make_pdf())
    r = w["person"].post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_a)]})
    assert r.status_code == 409 and api_error(r)["code"] == "seal.suspended"
    choice = next(s for s in w["person"].get("/api/v1/signing/seals").json()["seals"] if s["id"] == seal_a)
    assert choice["usable"] is False and choice["reason"] == "印章已停用，不能用于签章"


def test_grantee_of_a_never_sees_company_b(app, w, make_client, register_enterprise):
    other = make_client()
    b = company(app, other, register_enterprise)
    doc_b = uploaded(other, make_pdf())
    granted_and_acting(app, w, all_seals=True)
    p = w["person"]
    assert {s["id"] for s in p.get("/api/v1/seals").json()["seals"]} == set(w["a"]["seals"])
    for seal_b in b["seals"]:
        assert p.get(f"/api/v1/seals/{seal_b}").status_code == 404
        assert p.get(f"/api/v1/seals/{seal_b}/image.png").status_code == 404
    assert p.get(f"/api/v1/documents/{doc_b['id']}").status_code == 404
    doc = uploaded(p, make_pdf())
    r = p.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(b["seals"][0])]})
    assert r.status_code == 404
    r = p.post(f"/api/v1/documents/{doc_b['id']}/signing/prepare", json={"stamps": [stamp(w["a"]["seals"][0])]})
    assert r.status_code == 404
    # company B's grants are not visible to company A either
    assert w["ent"].get("/api/v1/grants/999999").status_code == 404


def test_permission_table_grantee_only_stamps(app, w):
    seal_a = w["a"]["seals"][0]
    granted_and_acting(app, w, all_seals=True)
    p = w["person"]
    r = p.get("/api/v1/grants")
    assert r.status_code == 403 and api_error(r)["code"] == "grant.forbidden"
    r = p.post(f"/api/v1/seals/{seal_a}/suspend", json={"challenge_id": None})
    assert r.status_code == 403 and api_error(r)["code"] == "grant.forbidden"


def test_administrator_manages_grantees_within_its_scope_but_does_not_stamp(app, w, make_client, register_person):
    seal_a, seal_b = w["a"]["seals"]
    granted_and_acting(app, w, role="admin", seal_ids=[seal_a])
    admin = w["person"]
    ent_id = w["a"]["id"]
    other = make_client()
    oreg = register_person(other)
    r = create(app, admin, ent_id, oreg, seal_ids=[seal_b])
    assert r.status_code == 403 and api_error(r)["code"] == "grant.seal_out_of_scope"
    r = create(app, admin, ent_id, oreg, all_seals=True)
    assert r.status_code == 403 and api_error(r)["code"] == "grant.seal_out_of_scope"
    r = create(app, admin, ent_id, oreg, seal_ids=[seal_a], uses_total=3)
    assert r.status_code == 201, r.text
    assert [g["id"] for g in admin.get("/api/v1/grants").json()["grants"]] == [r.json()["grant"]["id"]]
    r = create(app, admin, ent_id, oreg, role="admin", seal_ids=[seal_a])
    assert r.status_code == 403 and api_error(r)["code"] == "grant.forbidden"
    doc = uploaded(admin, make_pdf())
    r = admin.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_a)]})
    assert r.status_code == 403 and api_error(r)["code"] == "grant.forbidden"
    assert [s["id"] for s in admin.get("/api/v1/seals").json()["seals"]] == [seal_a]


def test_change_count_and_home_page_reminders(app, w):
    seal_a = w["a"]["seals"][0]
    r = create(app, w["ent"], w["a"]["id"], w["preg"], seal_ids=[seal_a], uses_total=5, **window(app, end_h=48))
    gid = r.json()["grant"]["id"]
    accept(w["person"], gid)
    (g,) = w["person"].get("/api/v1/me/grants").json()["grants"]
    assert g["expiring_soon"] is True and g["last_use"] is False
    cid = proof(w["ent"], "grant.change", "grant", gid)
    r = w["ent"].post(f"/api/v1/grants/{gid}/change", json={"seal_ids": [seal_a], "uses_total": 1,
                                                             **window(app, end_h=24 * 10),
                                                             "willingness_challenge_id": cid})
    assert r.status_code == 200, r.text
    (g,) = w["person"].get("/api/v1/me/grants").json()["grants"]
    assert (g["uses_left"], g["expiring_soon"], g["last_use"]) == (1, False, True)
    r = w["ent"].post(f"/api/v1/grants/{gid}/change", json={"seal_ids": [seal_a], "uses_total": 1, **window(app)})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
