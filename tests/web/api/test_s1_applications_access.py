"""S1b: another account's application id answers exactly like a missing one (404 not_found) on every route, and
its link token gives another browser nothing but the state. Walks the OpenAPI document so a new route is covered."""

from __future__ import annotations

import re

from apihelpers import api_error
from test_s1_applications_flow import (
    enterprise,
    jpeg,
    link_token,
    prepare_enterprise,
    signature_png,
    submit,
)

NOT_FOUND = {"code": "not_found", "message": "申请不存在", "field": "application_id"}
BODIES = {
    "/forms": {"handler": {}, "legal_rep": {}, "unit": {}},
    "/method": {"method": "sms"},
    "/submit": {"willingness_challenge_id": "wc_x"},
}


def _id_routes(client):
    spec = client.get("/api/v1/openapi.json").json()
    routes = []
    for path, ops in spec["paths"].items():
        if path.startswith("/api/v1/seal-applications/{application_id}"):
            routes += [(method.upper(), path) for method in ops]
    return routes


def _call(client, method, path, app_id):
    url = path.replace("{application_id}", str(app_id)).replace("{slot}", "business_license")
    tail = re.sub(r"^/api/v1/seal-applications/\{application_id\}", "", path)
    if method == "POST" and "/materials/" in path:
        return client.post(url, files={"file": ("a.jpg", jpeg(), "image/jpeg")})
    return client.request(method, url, json=BODIES.get(tail, {}))


def test_every_application_route_answers_404_for_another_account(client, make_client, register_enterprise,
                                                                register_person, sms_outbox):
    owner = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, owner, kinds=["contract"])
    before = client.get(f"/api/v1/seal-applications/{prepared['id']}").json()
    routes = _id_routes(client)
    assert len(routes) >= 9, routes
    other_ent, person = make_client(), make_client()
    enterprise(other_ent, register_enterprise)
    register_person(person)
    for stranger in (other_ent, person):
        for method, path in routes:
            theirs = _call(stranger, method, path, prepared["id"])
            missing = _call(stranger, method, path, 987654)
            assert theirs.status_code == 404, (method, path, theirs.text)
            assert api_error(theirs) == api_error(missing) == NOT_FOUND, (method, path)
        assert stranger.get("/api/v1/seal-applications").json()["records"] == []
    # and nothing changed for the owner
    assert client.get(f"/api/v1/seal-applications/{prepared['id']}").json() == before


def test_another_browser_gets_nothing_from_a_consumed_link(client, make_client, register_enterprise, sms_outbox):
    owner = enterprise(client, register_enterprise)
    prepared = prepare_enterprise(client, owner, kinds=["contract"])
    submit(client, prepared["id"])
    token = link_token(sms_outbox, prepared["forms"]["legal_rep"]["phone"])
    assert client.post(f"/api/v1/cert-auth/{token}/open").status_code == 200
    spec = client.get("/api/v1/openapi.json").json()
    routes = [(m.upper(), p) for p, ops in spec["paths"].items() if p.startswith("/api/v1/cert-auth/{token}/")
              for m in ops if p != "/api/v1/cert-auth/{token}/open"]
    assert len(routes) == 5, routes
    stranger = make_client()
    for method, path in routes:
        url = path.replace("{token}", token)
        if path.endswith("/signature"):
            r = stranger.post(url, files={"file": ("s.png", signature_png(), "image/png")})
        else:
            r = stranger.request(method, url, json={"face_check_id": "fc_x"} if method == "POST" else None)
        assert r.status_code == 404 and api_error(r)["code"] == "not_found", (method, path, r.text)
    # the stolen cookie name alone (another value) is not enough either
    stranger.cookies.set("eseal_cert_auth", "guess")
    assert stranger.get(f"/api/v1/cert-auth/{token}/form.pdf").status_code == 404
    assert stranger.get(f"/api/v1/cert-auth/{token}").json()["cert_auth"]["state"] == "used"


def test_an_id_beyond_the_integer_column_is_just_not_found(client, register_person):
    register_person(client)
    for app_id in (2**31, 10**20, -1, 0):
        for method, path in (("GET", ""), ("PUT", "/method"), ("POST", "/cancel")):
            r = client.request(method, f"/api/v1/seal-applications/{app_id}{path}", json={"method": "sms"})
            assert r.status_code == 404 and api_error(r) == NOT_FOUND, (app_id, path, r.status_code)
