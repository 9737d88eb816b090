"""意愿认证: challenge bound to (account, action, target), satisfied by password / SMS / face; single use;
5-minute expiry; audited; the action is refused without it."""

from __future__ import annotations

import pytest
from apihelpers import api_error, fresh_proof, set_verification_password

from eseal.web.errors import status_for


def _challenge(client, action="account.change_password", target_id=None):
    me = client.get("/api/v1/me").json()["account"]["id"]
    r = client.post("/api/v1/willingness/challenges",
                    json={"action": action, "target_type": "account", "target_id": str(target_id or me)})
    assert r.status_code == 201, r.text
    return r.json()


def _set_vpw(client, pw="135790"):
    set_verification_password(client, pw)


def _change_password(client, challenge_id, pw="Changed123"):
    return client.post("/api/v1/me/password", json={"new_password": pw, "new_password_confirm": pw,
                                                    "willingness_challenge_id": challenge_id})


def test_verification_password_rules(client, register_person):
    register_person(client)
    r = client.post("/api/v1/me/verification-password", json={"password": "135790", "password_confirm": "135791"})
    assert r.status_code == 400
    assert api_error(r) == {"code": "verification_password_mismatch", "message": "核验密码不一致！",
                            "field": "password_confirm"}
    for bad in ("12345", "abcdef", "12345a"):
        r = client.post("/api/v1/me/verification-password", json={"password": bad, "password_confirm": bad})
        assert api_error(r)["code"] == "invalid_verification_password"
    _set_vpw(client)
    assert client.get("/api/v1/me").json()["account"]["has_verification_password"] is True


def test_challenge_lists_methods(client, register_person):
    register_person(client)
    ch = _challenge(client)
    assert ch["status"] == "pending" and ch["methods"] == ["sms", "face"]
    _set_vpw(client)
    assert _challenge(client)["methods"] == ["password", "sms", "face"]


def test_satisfy_with_password_then_act_once(client, register_person):
    register_person(client)
    _set_vpw(client)
    ch = _challenge(client)
    r = _change_password(client, ch["challenge_id"])
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                    json={"method": "password", "password": "135790"})
    assert r.status_code == 200 and r.json()["status"] == "satisfied" and r.json()["method"] == "password"
    assert _change_password(client, ch["challenge_id"]).json() == {"ok": True}
    assert client.get(f"/api/v1/willingness/challenges/{ch['challenge_id']}").json()["status"] == "consumed"
    assert _change_password(client, ch["challenge_id"], "Another123").status_code == 403  # single use
    events = [x["event"] for x in client.get("/api/v1/me/auth-records").json()["records"]]
    for expected in ("willingness.created", "willingness.satisfied", "willingness.consumed", "password.changed"):
        assert expected in events


def test_satisfy_with_sms(app, client, register_person, last_sms_code):
    p = register_person(client)
    ch = _challenge(client)
    app.state.services.clock.advance(seconds=61)
    sent = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/sms", json={})
    assert sent.status_code == 200 and sent.json()["sent"] is True
    code = last_sms_code(p["phone"])
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                    json={"method": "sms", "sms_code": code})
    assert r.json()["status"] == "satisfied"
    assert _change_password(client, ch["challenge_id"]).status_code == 200


def test_sms_code_of_another_challenge_does_not_satisfy(app, client, register_person, last_sms_code):
    p = register_person(client)
    first = _challenge(client)
    second = _challenge(client)
    app.state.services.clock.advance(seconds=61)
    client.post(f"/api/v1/willingness/challenges/{first['challenge_id']}/sms", json={})
    code = last_sms_code(p["phone"])
    r = client.post(f"/api/v1/willingness/challenges/{second['challenge_id']}/satisfy",
                    json={"method": "sms", "sms_code": code})
    assert api_error(r)["code"] == "sms_code_expired"


def test_satisfy_with_face(client, register_person):
    register_person(client)
    ch = _challenge(client)
    fc = client.post("/api/v1/face/checks", json={"purpose": "willingness", "challenge_id": ch["challenge_id"]}).json()
    client.post(f"/api/v1/dev/face/{fc['face_check_id']}/simulate", json={"outcome": "pass"})
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                    json={"method": "face", "face_check_id": fc["face_check_id"]})
    assert r.json()["status"] == "satisfied" and r.json()["method"] == "face"


def test_face_unavailable_for_phone_only_accounts(client, register_person):
    register_person(client, realname=False)
    ch = _challenge(client)
    assert ch["methods"] == ["sms"]
    r = client.post("/api/v1/face/checks", json={"purpose": "willingness", "challenge_id": ch["challenge_id"]})
    assert api_error(r)["code"] == "method_unavailable"
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                    json={"method": "password", "password": "123456"})
    assert api_error(r) == {"code": "verification_password_not_set", "message": "请先设置核验密码", "field": "method"}


def test_challenge_for_another_action_or_target_is_refused(client, register_person):
    register_person(client)
    _set_vpw(client)
    for ch in (_challenge(client, action="seal.apply"), _challenge(client, target_id="999999")):
        client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                    json={"method": "password", "password": "135790"})
        assert _change_password(client, ch["challenge_id"]).status_code == 403


def test_expiry_after_five_minutes(app, client, register_person):
    register_person(client)
    _set_vpw(client)
    ch = _challenge(client)
    app.state.services.clock.advance(seconds=301)
    r = client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                    json={"method": "password", "password": "135790"})
    assert api_error(r) == {"code": "challenge_expired", "message": "意愿认证已超时，请重新认证", "field": None}
    # satisfied in time but used too late
    ch = _challenge(client)
    client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                json={"method": "password", "password": "135790"})
    app.state.services.clock.advance(seconds=299)
    assert client.get(f"/api/v1/willingness/challenges/{ch['challenge_id']}").json()["status"] == "satisfied"
    app.state.services.clock.advance(seconds=2)
    assert _change_password(client, ch["challenge_id"]).status_code == 403


def test_wrong_verification_password_five_times_voids(client, register_person):
    register_person(client)
    _set_vpw(client)
    ch = _challenge(client)
    url = f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy"
    for left in (4, 3, 2, 1):
        err = api_error(client.post(url, json={"method": "password", "password": "000000"}))
        assert err["code"] == "verification_password_wrong" and f"{left}次" in err["message"]
    assert api_error(client.post(url, json={"method": "password", "password": "000000"}))["code"] == "challenge_exhausted"
    assert api_error(client.post(url, json={"method": "password", "password": "135790"}))["code"] == "challenge_exhausted"
    events = [x["event"] for x in client.get("/api/v1/me/auth-records").json()["records"]]
    assert events.count("willingness.failed") == 5


def test_already_satisfied_challenge_cannot_be_satisfied_again(client, register_person):
    register_person(client)
    _set_vpw(client)
    ch = _challenge(client)
    url = f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy"
    client.post(url, json={"method": "password", "password": "135790"})
    assert api_error(client.post(url, json={"method": "password", "password": "135790"}))["code"] == "challenge_used"


def test_the_first_verification_password_needs_a_fresh_proof(client, register_person):
    """D5: a session alone (e.g. a stolen cookie) cannot mint a persistent 核验密码."""
    register_person(client)
    r = client.post("/api/v1/me/verification-password", json={"password": "864200", "password_confirm": "864200"})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
    assert client.get("/api/v1/me").json()["account"]["has_verification_password"] is False
    # a proof for another action does not count
    other = fresh_proof(client, "account.change_password")
    r = client.post("/api/v1/me/verification-password", json={"password": "864200", "password_confirm": "864200",
                                                             "willingness_challenge_id": other})
    assert r.status_code == 403
    cid = fresh_proof(client, "account.set_verification_password")
    r = client.post("/api/v1/me/verification-password", json={"password": "864200", "password_confirm": "864200",
                                                             "willingness_challenge_id": cid})
    assert r.status_code == 200
    assert client.get("/api/v1/me").json()["account"]["has_verification_password"] is True


def test_changing_the_verification_password_needs_willingness(client, register_person):
    register_person(client)
    _set_vpw(client)
    r = client.post("/api/v1/me/verification-password", json={"password": "864200", "password_confirm": "864200"})
    assert r.status_code == 403
    ch = _challenge(client, action="account.change_verification_password")
    client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                json={"method": "password", "password": "135790"})
    r = client.post("/api/v1/me/verification-password", json={"password": "864200", "password_confirm": "864200",
                                                             "willingness_challenge_id": ch["challenge_id"]})
    assert r.status_code == 200


@pytest.mark.parametrize("payload", [{"action": "", "target_type": "account", "target_id": "1"},
                                     {"action": "x", "target_type": "", "target_id": "1"}])
def test_incomplete_challenge_request(client, register_person, payload):
    register_person(client)
    r = client.post("/api/v1/willingness/challenges", json=payload)
    assert api_error(r)["code"] == "invalid_input"


def test_service_api_for_later_issues(services):
    """The Python API later issues call: create → satisfy → require_willingness (consumes)."""
    from eseal.platform.accounts import KIND_PERSON, Account
    from eseal.platform.core import PlatformError, hash_password
    from eseal.platform.identity import willingness

    with services.session() as db:
        acc = Account(kind=KIND_PERSON, created_at=services.clock.now(), status="active", phone="13900009999",
                      login_phone="13900009999", verification_password_hash=hash_password("112233"))
        db.add(acc)
        db.flush()
        ch = willingness.create_challenge(db, services, acc, action="seal.apply", target_type="seal_application",
                                          target_id="42")
        with pytest.raises(PlatformError) as info:
            willingness.require_willingness(db, services, ch.id, account_id=acc.id, action="seal.apply",
                                            target_type="seal_application", target_id=42)
        assert info.value.code == "willingness_required" and status_for(info.value) == 403
        willingness.satisfy(db, services, ch.id, acc, method="password", password="112233")
        used = willingness.require_willingness(db, services, ch.id, account_id=acc.id, action="seal.apply",
                                               target_type="seal_application", target_id=42)
        assert used.consumed_at is not None
        with pytest.raises(PlatformError):
            willingness.require_willingness(db, services, ch.id, account_id=acc.id, action="seal.apply",
                                            target_type="seal_application", target_id=42)


def test_bind_and_change_phone(app, client, make_client, register_person, send_code, last_sms_code):
    p = register_person(client)
    new = "13712345678"
    code = send_code(client, new, "bind_phone")
    r = client.post("/api/v1/me/phone", json={"phone": new, "sms_code": code})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"  # has a phone already
    ch = _challenge(client, action="account.change_phone")
    assert ch["action_label"] == "更换绑定手机号"
    client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/sms", json={})
    client.post(f"/api/v1/willingness/challenges/{ch['challenge_id']}/satisfy",
                json={"method": "sms", "sms_code": last_sms_code(p["phone"])})
    r = client.post("/api/v1/me/phone", json={"phone": new, "sms_code": code,
                                              "willingness_challenge_id": ch["challenge_id"]})
    assert r.status_code == 200 and r.json()["account"]["phone_masked"] == "137****5678"
    # the new phone is the login phone now; the old one is free
    c = make_client()
    assert c.post("/api/v1/auth/person/lookup", json={"account": new}).json()["registered"] is True
    assert c.post("/api/v1/auth/person/lookup", json={"account": p["phone"]}).json()["registered"] is False


def test_bind_phone_for_account_without_phone_and_conflicts(app, client, make_client, register_person, send_code):
    from eseal.platform.accounts import Account

    first = register_person(make_client())
    p = register_person(client)
    with app.state.services.session() as db:  # e.g. an account created through OAuth later
        acc = db.get(Account, p["session"]["account"]["id"])
        acc.phone = acc.login_phone = None
    code = send_code(client, first["phone"], "bind_phone")
    r = client.post("/api/v1/me/phone", json={"phone": first["phone"], "sms_code": code})
    assert r.status_code == 409
    phone = "13612345678"
    code = send_code(client, phone, "bind_phone")
    assert client.post("/api/v1/me/phone", json={"phone": phone, "sms_code": "000000" if code != "000000" else "1"
                                                 }).status_code == 400
    assert client.post("/api/v1/me/phone", json={"phone": phone, "sms_code": code}).status_code == 200
