"""[G1] 申领印章 is the enterprise's own act: the permission table gives ``seal.apply`` to the owner only, and the seal
applications service enforces it — a grantee or an administrator acting for the enterprise cannot start an
application for it, nor continue, read or cancel one the enterprise started (403 ``grant.forbidden`` with the
right's name); the enterprise itself still can."""

from __future__ import annotations

import pytest
from apihelpers import api_error
from g1_helpers import granted_and_acting, world

pytestmark = pytest.mark.db

FORBIDDEN = {"code": "grant.forbidden", "message": "您的授权不包括此操作：申领印章"}


@pytest.fixture
def w(app, make_client, register_enterprise, register_person):
    return world(app, make_client, register_enterprise, register_person)


def _refused(r) -> bool:
    err = api_error(r)
    return r.status_code == 403 and {k: err.get(k) for k in FORBIDDEN} == FORBIDDEN


@pytest.mark.parametrize("role", ["grantee", "admin"])
def test_a_person_acting_under_a_grant_cannot_apply_for_a_seal_of_the_enterprise(app, w, role):
    body = {"all_seals": True} if role == "admin" else {"all_seals": True, "uses_total": 5}
    granted_and_acting(app, w, role=role, **body)
    person, ent = w["person"], w["ent"]
    # the enterprise started one itself (it may)
    r = ent.post("/api/v1/seal-applications", json={"seal_kinds": ["legal_name"]})
    assert r.status_code == 201, r.text
    app_id = r.json()["application"]["id"]
    # the person, acting for the enterprise
    assert _refused(person.post("/api/v1/seal-applications", json={"seal_kinds": ["invoice"]}))
    assert _refused(person.get("/api/v1/seal-applications/options"))
    assert _refused(person.get("/api/v1/seal-applications"))
    assert _refused(person.get(f"/api/v1/seal-applications/{app_id}"))
    assert _refused(person.post(f"/api/v1/seal-applications/{app_id}/cancel"))
    assert _refused(person.put(f"/api/v1/seal-applications/{app_id}/forms", json={
        "handler": {}, "legal_rep": {}, "unit": {}}))
    # nothing was created for the enterprise by the person; the enterprise's own is still there, not cancelled
    records = ent.get("/api/v1/seal-applications").json()["records"]
    assert [x["id"] for x in records] == [app_id]
