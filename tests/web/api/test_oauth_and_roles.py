"""WeChat/Alipay quick login through the dev OAuth provider (real binding), role switch, demo data."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from apihelpers import api_error, fresh_proof, pass_enterprise_gate, switch_with_face


def _oauth_round_trip(client, provider, openid, **params):
    if params.get("mode") == "bind" and "challenge" not in params:
        params["challenge"] = fresh_proof(client, "account.bind_oauth")  # binding needs a fresh proof (D5)
    r = client.get(f"/api/v1/oauth/{provider}/start", params=params, follow_redirects=False)
    assert r.status_code == 302
    authorize = r.headers["location"]
    assert authorize.startswith(f"/dev/oauth/{provider}/authorize?")
    q = parse_qs(urlparse(authorize).query)
    page = client.get(authorize)
    assert "开发模拟" in page.text
    r = client.post(f"/dev/oauth/{provider}/authorize", data={"state": q["state"][0],
                    "redirect_uri": q["redirect_uri"][0], "openid": openid, "csrf_token": client.csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    callback = r.headers["location"]
    assert f"/api/v1/oauth/{provider}/callback?" in callback
    return client.get(callback, follow_redirects=False), callback


@pytest.mark.parametrize("provider", ["wechat", "alipay"])
def test_bind_then_quick_login(make_client, register_person, provider):
    owner = make_client()
    p = register_person(owner)
    r, _ = _oauth_round_trip(owner, provider, "openid-42", mode="bind", next="/me")
    assert r.status_code == 302 and r.headers["location"] == f"/me?oauth=bound&provider={provider}"
    assert owner.get("/api/v1/me").json()["account"]["oauth_bindings"] == [provider]
    assert owner.get("/api/v1/me/oauth-bindings").json()["bindings"][0]["provider"] == provider

    phone = make_client()
    r, callback = _oauth_round_trip(phone, provider, "openid-42", next="/home")
    assert r.status_code == 302 and r.headers["location"] == "/home"
    me = phone.get("/api/v1/me").json()["account"]
    assert me["id"] == p["session"]["account"]["id"]
    # the callback (code + state) cannot be replayed
    replay = make_client().get(callback, follow_redirects=False)
    assert replay.headers["location"] == "/login?oauth=failed"


def test_unbound_identity_goes_to_login(make_client):
    c = make_client()
    r, _ = _oauth_round_trip(c, "wechat", "nobody")
    assert r.headers["location"] == "/login?oauth=unbound&provider=wechat"
    assert c.get("/api/v1/session").json()["authenticated"] is False


def test_identity_bound_elsewhere_is_a_conflict(make_client, register_person):
    a, b = make_client(), make_client()
    register_person(a)
    register_person(b)
    _oauth_round_trip(a, "wechat", "shared-openid", mode="bind", next="/me")
    r, _ = _oauth_round_trip(b, "wechat", "shared-openid", mode="bind", next="/me")
    assert r.headers["location"] == "/me?oauth=conflict&provider=wechat"  # [F2 #12] the page names the provider
    assert b.get("/api/v1/me").json()["account"]["oauth_bindings"] == []


def test_account_bound_to_another_identity_is_told_apart_from_a_conflict(make_client, register_person):
    """[F2 #12] 该账号已绑定其他用户 was said for both cases: this account already has another WeChat identity."""
    a = make_client()
    register_person(a)
    _oauth_round_trip(a, "wechat", "openid-a", mode="bind", next="/me")
    r, _ = _oauth_round_trip(a, "wechat", "openid-other", mode="bind", next="/me")
    assert r.headers["location"] == "/me?oauth=already_bound&provider=wechat"
    assert a.get("/api/v1/me").json()["account"]["oauth_bindings"] == ["wechat"]


def test_unbind(make_client, register_person):
    c = make_client()
    register_person(c)
    _oauth_round_trip(c, "alipay", "ali-1", mode="bind", next="/me")
    assert c.delete("/api/v1/me/oauth-bindings/alipay").json() == {"ok": True}
    r, _ = _oauth_round_trip(make_client(), "alipay", "ali-1")
    assert r.headers["location"].startswith("/login?oauth=unbound")


def test_bind_requires_login_and_no_open_redirect(client):
    r = client.get("/api/v1/oauth/wechat/start", params={"mode": "bind"}, follow_redirects=False)
    assert r.status_code == 401
    r = client.get("/api/v1/oauth/qq/start", follow_redirects=False)
    assert r.status_code == 404
    r, _ = _oauth_round_trip(client, "wechat", "x", next="https://evil.example/")
    assert not r.headers["location"].startswith("https://evil")


def test_binding_needs_a_fresh_proof(make_client, register_person):
    """D5: a session alone cannot add a persistent WeChat/Alipay way in."""
    c = make_client()
    register_person(c)
    r = c.get("/api/v1/oauth/wechat/start", params={"mode": "bind", "next": "/me"}, follow_redirects=False)
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
    wrong = fresh_proof(c, "account.change_password")
    r = c.get("/api/v1/oauth/wechat/start", params={"mode": "bind", "challenge": wrong}, follow_redirects=False)
    assert r.status_code == 403
    cid = fresh_proof(c, "account.bind_oauth")
    assert c.get("/api/v1/oauth/wechat/start", params={"mode": "bind", "challenge": cid},
                 follow_redirects=False).status_code == 302
    # single use
    r = c.get("/api/v1/oauth/alipay/start", params={"mode": "bind", "challenge": cid}, follow_redirects=False)
    assert r.status_code == 403
    assert c.get("/api/v1/me").json()["account"]["oauth_bindings"] == []


def test_enterprise_accounts_have_no_quick_login(app, make_client, register_enterprise):
    """D5 decision: WeChat/Alipay quick login is a person feature (manual §2.2); an enterprise can neither bind
    nor log in with a binding made earlier (it would skip credit code + password)."""
    from eseal.platform.identity import OAuthBinding

    ent = make_client()
    e = register_enterprise(ent)
    pass_enterprise_gate(ent)
    cid = fresh_proof(ent, "account.bind_oauth")
    r = ent.get("/api/v1/oauth/wechat/start", params={"mode": "bind", "challenge": cid}, follow_redirects=False)
    assert r.status_code == 403 and api_error(r)["code"] == "method_unavailable"
    services = app.state.services
    with services.session() as db:  # a binding left from before the rule
        db.add(OAuthBinding(account_id=e["session"]["account"]["id"], provider="wechat", subject="ent-openid",
                            created_at=services.clock.now()))
    other = make_client()
    r, _ = _oauth_round_trip(other, "wechat", "ent-openid", next="/home")
    assert r.headers["location"] == "/login?oauth=failed"
    assert other.get("/api/v1/session").json()["authenticated"] is False


def test_dev_oauth_refuses_foreign_redirect_uri(client):
    r = client.post("/dev/oauth/wechat/authorize", data={"state": "s", "redirect_uri": "https://evil.example/cb",
                                                         "openid": "x", "csrf_token": client.csrf},
                    follow_redirects=False)
    assert r.status_code == 404


def test_knowing_name_and_id_is_not_enough_to_act_for_the_enterprise(make_client, demo_data):
    """D1: a person account registered with the legal rep's name + ID (no face) cannot switch without a passed
    liveness check bound to that ID, and a failed / foreign check does not open the role."""
    rep = make_client()
    rep.post("/api/v1/auth/person/login", json={"account": demo_data["legal_rep_id_number"], "method": "password",
                                                "password": demo_data["legal_rep_password"], "agree": True})
    r = rep.post("/api/v1/session/acting-as", json={"enterprise_id": demo_data["enterprise_id"]})
    assert r.status_code == 400 and api_error(r)["code"] == "face_not_passed"
    assert rep.get("/api/v1/session").json()["acting_as"] is None
    r = switch_with_face(rep, demo_data["enterprise_id"], outcome="fail")
    assert api_error(r)["code"] == "face_not_passed"
    # a check passed for another purpose (enterprise id not bound) is refused too
    fc = rep.post("/api/v1/face/checks", json={"purpose": "role_switch",
                                               "enterprise_id": demo_data["enterprise_id"]}).json()["face_check_id"]
    rep.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    r = rep.post("/api/v1/session/acting-as", json={"enterprise_id": demo_data["enterprise_id"],
                                                     "face_check_id": "fc_forged"})
    assert api_error(r)["code"] == "face_not_passed"
    assert rep.get("/api/v1/session").json()["acting_as"] is None
    # a stranger cannot even start a role-switch face check for that enterprise
    other = make_client()
    other.post("/api/v1/auth/person/login", json={"account": demo_data["person_phone"], "method": "password",
                                                  "password": demo_data["person_password"], "agree": True})
    r = other.post("/api/v1/face/checks", json={"purpose": "role_switch", "enterprise_id": demo_data["enterprise_id"]})
    assert r.status_code == 404
    # the legitimate path: the passed check opens the role with the §3.2 gate satisfied
    r = rep.post("/api/v1/session/acting-as", json={"enterprise_id": demo_data["enterprise_id"], "face_check_id": fc})
    assert r.status_code == 200, r.text
    session = rep.get("/api/v1/session").json()
    assert session["acting_as"]["id"] == demo_data["enterprise_id"]
    assert session["enterprise_face_verified"] is True and session["needs_enterprise_face_check"] is False
    # back to self: the face-verified state is dropped; switching again needs a NEW check (single use)
    rep.post("/api/v1/session/acting-as", json={"enterprise_id": None})
    assert rep.get("/api/v1/session").json()["enterprise_face_verified"] is False
    r = rep.post("/api/v1/session/acting-as", json={"enterprise_id": demo_data["enterprise_id"], "face_check_id": fc})
    assert api_error(r)["code"] == "face_not_passed"


def test_legal_rep_can_act_for_the_enterprise(make_client, demo_data):
    rep = make_client()
    r = rep.post("/api/v1/auth/person/login", json={"account": demo_data["legal_rep_id_number"], "method": "password",
                                                    "password": demo_data["legal_rep_password"], "agree": True})
    assert r.status_code == 200
    roles = rep.get("/api/v1/me/roles").json()
    assert roles["current"] is None
    assert [x["type"] for x in roles["roles"]] == ["self", "enterprise"]
    assert roles["roles"][1]["credit_code"] == demo_data["credit_code"]
    r = switch_with_face(rep, demo_data["enterprise_id"])
    assert r.json()["session"]["acting_as"]["credit_code"] == demo_data["credit_code"]
    assert r.json()["session"]["needs_enterprise_face_check"] is False
    assert rep.get("/api/v1/session").json()["acting_as"]["id"] == demo_data["enterprise_id"]
    # a challenge created while acting is bound to the enterprise context
    ch = rep.post("/api/v1/willingness/challenges", json={"action": "account.change_password", "target_type": "account",
                                                          "target_id": str(demo_data["legal_rep_id"])}).json()
    rep.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
             json={"method": "password", "password": demo_data["verification_password"]})
    rep.post("/api/v1/session/acting-as", json={"enterprise_id": None})
    r = rep.post("/api/v1/me/password", json={"new_password": "Other1234", "new_password_confirm": "Other1234",
                                              "willingness_challenge_id": ch["challenge_id"]})
    assert r.status_code == 403  # context changed → refused
    assert rep.get("/api/v1/session").json()["acting_as"] is None
    events = [x["event"] for x in rep.get("/api/v1/me/auth-records").json()["records"]]
    assert events.count("role.switched") == 2


def test_stranger_cannot_act_for_the_enterprise(make_client, demo_data):
    other = make_client()
    other.post("/api/v1/auth/person/login", json={"account": demo_data["person_phone"], "method": "password",
                                                  "password": demo_data["person_password"], "agree": True})
    r = other.post("/api/v1/session/acting-as", json={"enterprise_id": demo_data["enterprise_id"]})
    assert r.status_code == 404 and api_error(r)["field"] == "enterprise_id"
    assert [x["type"] for x in other.get("/api/v1/me/roles").json()["roles"]] == ["self"]


def test_enterprise_account_cannot_switch_role(make_client, demo_data):
    ent = make_client()
    ent.post("/api/v1/auth/enterprise/login", json={"credit_code": demo_data["credit_code"],
                                                    "password": demo_data["enterprise_password"], "agree": True})
    r = ent.post("/api/v1/session/acting-as", json={"enterprise_id": demo_data["enterprise_id"]})
    assert r.status_code == 403


def test_demo_seed_is_idempotent_and_valid(app, demo_data):
    from eseal.engine.ids import validate_citizen_id, validate_credit_code
    from eseal.platform.demo import seed_demo

    assert seed_demo(app.state.services) == {k: demo_data[k] for k in ("enterprise_id", "legal_rep_id", "person_id")}
    assert validate_credit_code(demo_data["credit_code"]).type_code == "91"
    validate_citizen_id(demo_data["legal_rep_id_number"])
    validate_citizen_id(demo_data["person_id_number"])


def test_role_ends_when_the_right_is_withdrawn(app, make_client, demo_data):
    from eseal.platform.accounts import Account

    rep = make_client()
    rep.post("/api/v1/auth/person/login", json={"account": demo_data["legal_rep_phone"], "method": "password",
                                                "password": demo_data["legal_rep_password"], "agree": True})
    switch_with_face(rep, demo_data["enterprise_id"])
    assert rep.get("/api/v1/session").json()["acting_as"] is not None
    from eseal.platform.accounts import legal_rep_id_columns

    with app.state.services.session() as db:  # the enterprise changes its legal representative
        ent = db.get(Account, demo_data["enterprise_id"])
        for column, value in legal_rep_id_columns(app.state.services, "11010519491231002X").items():
            setattr(ent, column, value)
    assert rep.get("/api/v1/session").json()["acting_as"] is None
