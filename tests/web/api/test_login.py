"""Manual §2 登录: enterprise and person login, lockout with back-off, logout, forgot password."""

from __future__ import annotations

from apihelpers import api_error, new_phone


def _ent_login(client, code, password, agree=True):
    return client.post("/api/v1/auth/enterprise/login", json={"credit_code": code, "password": password,
                                                             "agree": agree})


def test_enterprise_login(make_client, register_enterprise):
    e = register_enterprise(make_client())
    c = make_client()
    r = _ent_login(c, e["credit_code"], e["password"])
    assert r.status_code == 200
    s = r.json()["session"]
    assert s["account"]["credit_code"] == e["credit_code"] and s["needs_enterprise_face_check"] is True
    assert c.get("/api/v1/session").json()["authenticated"] is True


def test_enterprise_login_errors(make_client, register_enterprise):
    e = register_enterprise(make_client())
    c = make_client()
    assert api_error(_ent_login(c, e["credit_code"], e["password"], agree=False))["code"] == "agreement_required"
    err = api_error(_ent_login(c, e["credit_code"][:-1] + ("0" if e["credit_code"][-1] != "0" else "1"), "x"))
    assert err["code"] == "invalid_credit_code" and err["field"] == "credit_code"
    r = _ent_login(c, e["credit_code"], "Wrong1234")
    assert r.status_code == 401 and api_error(r) == {"code": "login_failed", "message": "账号或密码错误", "field": None}


def test_lockout_with_exponential_back_off(app, make_client, register_enterprise):
    e = register_enterprise(make_client())
    c = make_client()
    clock = app.state.services.clock
    for _ in range(4):
        assert _ent_login(c, e["credit_code"], "Wrong1234").status_code == 401
    r = _ent_login(c, e["credit_code"], "Wrong1234")  # 5th failure → locked for 1 minute
    assert r.status_code == 423 and api_error(r)["code"] == "login_locked" and api_error(r)["retry_after"] == 60
    # even the right password is refused while locked
    r = _ent_login(c, e["credit_code"], e["password"])
    assert r.status_code == 423 and "1分钟" in api_error(r)["message"]
    clock.advance(seconds=60)
    r = _ent_login(c, e["credit_code"], "Wrong1234")  # 6th failure → 2 minutes
    assert r.status_code == 423 and api_error(r)["retry_after"] == 120
    clock.advance(seconds=120)
    r = _ent_login(c, e["credit_code"], "Wrong1234")  # 7th → 4 minutes
    assert api_error(r)["retry_after"] == 240 and "4分钟" in api_error(r)["message"]
    clock.advance(seconds=240)
    assert _ent_login(c, e["credit_code"], e["password"]).status_code == 200
    # success resets the counter: one failure is a plain 401 again
    assert _ent_login(make_client(), e["credit_code"], "Wrong1234").status_code == 401


def test_lockout_applies_to_unknown_accounts_too(make_client):
    from eseal.engine.ids import generate_credit_code

    c = make_client()
    code = generate_credit_code()
    statuses = [_ent_login(c, code, "Whatever1").status_code for _ in range(6)]
    assert statuses == [401, 401, 401, 401, 423, 423]


def test_person_lookup(client, make_client, register_person):
    p = register_person(client)
    c = make_client()
    assert c.post("/api/v1/auth/person/lookup", json={"account": new_phone()}).json() == {
        "registered": False, "account_kind": "phone", "methods": [], "phone_masked": None}
    found = c.post("/api/v1/auth/person/lookup", json={"account": p["id_number"]}).json()
    assert found["registered"] and found["account_kind"] == "id_number"
    assert found["methods"] == ["face", "sms", "password"]
    r = c.post("/api/v1/auth/person/lookup", json={"account": "4501031988"})
    assert api_error(r) == {"code": "invalid_account", "message": "请输入正确的手机号/身份证", "field": "account"}


def test_person_password_login_by_phone_and_by_id(client, make_client, register_person):
    p = register_person(client)
    for account in (p["phone"], p["id_number"]):
        c = make_client()
        r = c.post("/api/v1/auth/person/login", json={"account": account, "method": "password",
                                                     "password": p["password"], "agree": True})
        assert r.status_code == 200, r.text
        assert r.json()["session"]["account"]["id"] == p["session"]["account"]["id"]
        assert r.json()["session"]["needs_enterprise_face_check"] is False
    c = make_client()
    r = c.post("/api/v1/auth/person/login", json={"account": p["phone"], "method": "password",
                                                 "password": "nope", "agree": True})
    assert r.status_code == 401


def test_person_sms_login(client, make_client, register_person, send_code):
    p = register_person(client, realname=False, password=None)
    c = make_client()
    code = send_code(c, None, "login", account_type="person", account=p["phone"])
    r = c.post("/api/v1/auth/person/login", json={"account": p["phone"], "method": "sms", "sms_code": code,
                                                 "agree": True})
    assert r.status_code == 200
    # password method is unavailable for an account without password → generic failure
    r = make_client().post("/api/v1/auth/person/login", json={"account": p["phone"], "method": "face",
                                                             "face_check_id": "fc_x", "agree": True})
    assert api_error(r)["code"] == "method_unavailable"


def _face(client, purpose, outcome="pass", **extra):
    r = client.post("/api/v1/face/checks", json={"purpose": purpose, **extra})
    assert r.status_code == 201, r.text
    check = r.json()
    assert check["simulated"] is True and check["verify_url"].startswith("/dev/face/")
    if outcome:
        s = client.post(f"/api/v1/dev/face/{check['face_check_id']}/simulate", json={"outcome": outcome})
        assert s.status_code == 200
    return check["face_check_id"]


def test_person_face_login(client, make_client, register_person):
    p = register_person(client)
    c = make_client()
    fc = _face(c, "login", account_type="person", account=p["id_number"])
    assert c.get(f"/api/v1/face/checks/{fc}").json()["status"] == "passed"
    body = {"account": p["id_number"], "method": "face", "face_check_id": fc, "agree": True}
    assert c.post("/api/v1/auth/person/login", json=body).status_code == 200
    # single use
    assert api_error(make_client().post("/api/v1/auth/person/login", json=body))["code"] == "face_not_passed"


def test_failed_face_check_does_not_log_in(client, make_client, register_person):
    p = register_person(client)
    c = make_client()
    fc = _face(c, "login", outcome="fail", account_type="person", account=p["id_number"])
    r = c.post("/api/v1/auth/person/login", json={"account": p["id_number"], "method": "face",
                                                 "face_check_id": fc, "agree": True})
    assert api_error(r) == {"code": "face_not_passed", "message": "人脸识别未通过", "field": "face_check_id"}
    assert c.get("/api/v1/session").json()["authenticated"] is False


def test_face_login_only_for_id_accounts(client, make_client, register_person):
    p = register_person(client, realname=False)
    r = make_client().post("/api/v1/face/checks", json={"purpose": "login", "account_type": "person",
                                                        "account": p["phone"]})
    assert api_error(r)["code"] == "method_unavailable"


def test_logout_revokes_the_session(client, register_person):
    register_person(client)
    cookie = client.cookies.get("eseal_session")
    assert client.post("/api/v1/auth/logout").json() == {"ok": True}
    assert client.get("/api/v1/session").json()["authenticated"] is False
    client.cookies.set("eseal_session", cookie)
    assert client.get("/api/v1/me").status_code == 401


def test_session_idle_timeout(app, client, register_person):
    register_person(client)
    app.state.services.clock.advance(hours=11)
    assert client.get("/api/v1/me").status_code == 200  # activity slides the expiry
    app.state.services.clock.advance(hours=11)
    assert client.get("/api/v1/me").status_code == 200
    app.state.services.clock.advance(hours=12, seconds=1)
    r = client.get("/api/v1/me")
    assert r.status_code == 401 and api_error(r)["code"] == "not_authenticated"


def test_forgot_password_by_sms_enterprise(make_client, register_enterprise, send_code):
    e = register_enterprise(make_client())
    old_session = make_client()
    assert _ent_login(old_session, e["credit_code"], e["password"]).status_code == 200
    c = make_client()
    code = send_code(c, None, "reset_password", account_type="enterprise", account=e["credit_code"])
    body = {"account_type": "enterprise", "account": e["credit_code"], "method": "sms", "sms_code": code,
            "new_password": "NewPass99", "new_password_confirm": "NewPass98"}
    assert api_error(c.post("/api/v1/auth/password/reset", json=body))["code"] == "password_mismatch"
    body["new_password_confirm"] = "NewPass99"
    assert c.post("/api/v1/auth/password/reset", json=body).json() == {"ok": True}
    assert _ent_login(c, e["credit_code"], e["password"]).status_code == 401
    assert _ent_login(c, e["credit_code"], "NewPass99").status_code == 200
    assert old_session.get("/api/v1/me").status_code == 401  # sessions revoked
    # face reset is for ID-number accounts only (asked by a visitor: c is now an enterprise session at the §3.2 gate)
    body.update(method="face", face_check_id="fc_x")
    assert api_error(make_client().post("/api/v1/auth/password/reset", json=body))["code"] == "method_unavailable"


def test_forgot_password_by_face_person(client, make_client, register_person):
    p = register_person(client)
    c = make_client()
    fc = _face(c, "reset_password", account_type="person", account=p["id_number"])
    body = {"account_type": "person", "account": p["id_number"], "method": "face", "face_check_id": fc,
            "new_password": "Fresh1234", "new_password_confirm": "Fresh1234"}
    assert c.post("/api/v1/auth/password/reset", json=body).status_code == 200
    r = c.post("/api/v1/auth/person/login", json={"account": p["id_number"], "method": "password",
                                                 "password": "Fresh1234", "agree": True})
    assert r.status_code == 200


def test_password_reset_lifts_the_lockout(app, make_client, register_enterprise, send_code):
    e = register_enterprise(make_client())
    c = make_client()
    for _ in range(5):
        _ent_login(c, e["credit_code"], "Wrong1234")
    assert _ent_login(c, e["credit_code"], e["password"]).status_code == 423
    code = send_code(c, None, "reset_password", account_type="enterprise", account=e["credit_code"])
    c.post("/api/v1/auth/password/reset", json={"account_type": "enterprise", "account": e["credit_code"],
                                                "method": "sms", "sms_code": code, "new_password": "Reset1234",
                                                "new_password_confirm": "Reset1234"})
    assert _ent_login(c, e["credit_code"], "Reset1234").status_code == 200


def test_lookup_is_rate_limited_per_ip(client):
    for _ in range(60):
        assert client.post("/api/v1/auth/person/lookup", json={"account": new_phone()}).status_code == 200
    r = client.post("/api/v1/auth/person/lookup", json={"account": new_phone()})
    assert r.status_code == 429 and api_error(r)["code"] == "rate_limited" and int(r.headers["Retry-After"]) > 0


def _person_login(client, account, **body):
    return client.post("/api/v1/auth/person/login", json={"account": account, "agree": True, **body})


def test_person_lockout_is_per_account_not_per_identifier(make_client, register_person):
    """D2: 5 wrong passwords by phone lock the ACCOUNT; the same account by ID number is locked too."""
    p = register_person(make_client())
    c = make_client()
    statuses = [_person_login(c, p["phone"], method="password", password="Wrong1234").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 423]
    r = _person_login(c, p["id_number"], method="password", password=p["password"])
    assert r.status_code == 423 and api_error(r)["code"] == "login_locked"
    # and the other way round does not give 5 more tries either
    assert _person_login(c, p["id_number"], method="password", password="Wrong1234").status_code == 423


def test_person_lockout_counts_across_identifiers_and_clears_on_success(app, make_client, register_person):
    p = register_person(make_client())
    c = make_client()
    for account in (p["phone"], p["id_number"], p["phone"], p["id_number"]):
        assert _person_login(c, account, method="password", password="Wrong1234").status_code == 401
    assert _person_login(c, p["id_number"], method="password", password="Wrong1234").status_code == 423
    app.state.services.clock.advance(seconds=61)
    assert _person_login(c, p["phone"], method="password", password=p["password"]).status_code == 200
    assert _person_login(make_client(), p["id_number"], method="password", password="Wrong1234").status_code == 401


def test_wrong_sms_login_codes_count_toward_the_lockout(make_client, register_person, send_code):
    """D8: failed SMS logins count (each code allows 5 tries; new codes must not give unlimited guesses)."""
    p = register_person(make_client())
    c = make_client()
    for _ in range(2):
        send_code(c, purpose="login", account_type="person", account=p["phone"])
        assert _person_login(c, p["phone"], method="sms", sms_code="000000").status_code == 400
    send_code(c, purpose="login", account_type="person", account=p["phone"])
    for _ in range(2):
        assert _person_login(c, p["phone"], method="sms", sms_code="000000").status_code == 400
    r = _person_login(c, p["phone"], method="sms", sms_code="000000")  # 5th failure across codes
    assert r.status_code == 423 and api_error(r)["code"] == "login_locked"
    # the right password by ID number does not help while locked (one counter per account)
    assert _person_login(c, p["id_number"], method="password", password=p["password"]).status_code == 423
