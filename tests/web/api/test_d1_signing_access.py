"""D1a access: another account's document answers exactly like a missing one (404 not_found) on every document
and signing route (walked from the OpenAPI document, so a new route is covered); another account's seal cannot
be used on one's own document; anonymous visitors get 401 everywhere."""

from __future__ import annotations

from apihelpers import api_error
from d1_helpers import SEAL_PASSWORD, make_pdf, person_with_seal, sign, stamp, uploaded
from sqlalchemy import select

from eseal.platform.documents import Signing

NOT_FOUND = {"code": "not_found", "message": "文档不存在", "field": "document_id"}
MINE = ("documents", "signing")  # tags of the D1a routers: these must answer exactly NOT_FOUND


def _routes(client):
    spec = client.get("/api/v1/openapi.json").json()
    return [(method.upper(), path, set(op.get("tags", ()))) for path, ops in spec["paths"].items()
            if "{document_id}" in path for method, op in ops.items()]


def _call(client, method, path, doc_id, seal_id):
    url = path.replace("{document_id}", str(doc_id)).replace("{page}", "1")
    body = {"stamps": [stamp(seal_id)], "willingness_challenge_id": "wc_x", "seal_password": SEAL_PASSWORD}
    return client.request(method, url, json=body if method in ("POST", "PUT", "PATCH") else None)


def test_every_document_route_answers_404_for_another_account(app, client, make_client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=2))
    assert sign(client, doc["id"], [stamp(seal_id)]).status_code == 200
    before = client.get(f"/api/v1/documents/{doc['id']}").json()
    routes = _routes(client)
    paths = {(m, p) for m, p, _t in routes}
    assert {("GET", "/api/v1/documents/{document_id}"), ("GET", "/api/v1/documents/{document_id}/download"),
            ("GET", "/api/v1/documents/{document_id}/pages/{page}.png"),
            ("POST", "/api/v1/documents/{document_id}/signing/prepare"),
            ("POST", "/api/v1/documents/{document_id}/signing")} <= paths, paths
    stranger = make_client()
    _reg_s, stranger_seal = person_with_seal(app, stranger, register_person)
    for method, path, tags in routes:
        theirs = _call(stranger, method, path, doc["id"], stranger_seal)
        missing = _call(stranger, method, path, 987654, stranger_seal)
        assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json()), (method, path)
        if tags & set(MINE):
            assert theirs.status_code == 404 and api_error(theirs) == NOT_FOUND, (method, path, theirs.text)
    # a revision of a foreign document is not found either, nor a large or malformed id
    assert stranger.get(f"/api/v1/documents/{doc['id']}/download", params={"revision": 0}).status_code == 404
    for bad in ("abc", str(2**40), "-1"):
        assert api_error(stranger.get(f"/api/v1/documents/{bad}")) == NOT_FOUND
    # nothing changed for the owner; the stranger signed nothing
    assert client.get(f"/api/v1/documents/{doc['id']}").json() == before
    with app.state.services.session() as db:
        assert len(db.scalars(select(Signing)).all()) == 1


def test_another_accounts_seal_cannot_be_used(app, client, make_client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    stranger = make_client()
    person_with_seal(app, stranger, register_person)
    own_doc = uploaded(stranger)
    assert [s["id"] for s in stranger.get("/api/v1/signing/seals").json()["seals"]] != [seal_id]
    r = stranger.post(f"/api/v1/documents/{own_doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]})
    assert r.status_code == 404 and api_error(r)["code"] == "not_found" and api_error(r)["field"] == "seal_id"
    r = stranger.post(f"/api/v1/documents/{own_doc['id']}/signing", json={
        "stamps": [stamp(seal_id)], "willingness_challenge_id": "wc_x", "seal_password": SEAL_PASSWORD})
    assert r.status_code == 404 and api_error(r)["field"] == "seal_id"


def test_anonymous_visitors_get_nothing(app, client, make_client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client)
    anon = make_client()
    anon.get("/api/v1/session")
    for method, path, _tags in _routes(client):
        r = _call(anon, method, path, doc["id"], seal_id)
        assert r.status_code == 401, (method, path, r.text)
    assert anon.get("/api/v1/signing/seals").status_code == 401
