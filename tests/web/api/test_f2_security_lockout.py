"""[F2] item 5: the lockout protects accounts without letting strangers lock the owner out.

Failures count per account AND source (client IP): 5 lock that source (1 min, doubling, ≤ 24 h); 30 from all
sources together lock the account everywhere (distributed guessing). A verified SMS or face login bypasses a
password lockout; a password reset (the enterprise's way in) clears every counter.
"""

from __future__ import annotations

from apihelpers import api_error

from eseal.platform.accounts.lockout import ACCOUNT_LOCK_AFTER, LOCK_AFTER


def _from(app, make_client, ip):
    """A browser at client address ``ip``."""
    c = type(make_client())(app, client=(ip, 40000))
    c.get("/api/v1/session")
    return c


def _ent(c, code, password):
    return c.post("/api/v1/auth/enterprise/login", json={"credit_code": code, "password": password, "agree": True})


def _person(c, account, **body):
    return c.post("/api/v1/auth/person/login", json={"account": account, "agree": True, **body})


def test_a_strangers_wrong_passwords_lock_the_stranger_not_the_owner(app, make_client, register_enterprise):
    e = register_enterprise(make_client())
    attacker, owner = _from(app, make_client, "198.51.100.7"), _from(app, make_client, "203.0.113.20")
    statuses = [_ent(attacker, e["credit_code"], "Wrong1234").status_code for _ in range(LOCK_AFTER)]
    assert statuses == [401] * (LOCK_AFTER - 1) + [423]
    r = _ent(attacker, e["credit_code"], e["password"])  # even the right password, from the locked source
    assert r.status_code == 423
    err = api_error(r)
    assert err["code"] == "login_locked" and err["retry_after"] == 60
    assert err["message"] == "密码错误次数过多，请1分钟后再试，或通过“忘记密码”验证法定代表人手机号重置密码"
    assert _ent(owner, e["credit_code"], e["password"]).status_code == 200
    assert _ent(attacker, e["credit_code"], e["password"]).status_code == 423  # the owner's login freed nobody else


def test_the_person_locked_message_names_the_other_ways_in(app, make_client, register_person):
    p = register_person(make_client())
    c = _from(app, make_client, "198.51.100.8")
    for _ in range(LOCK_AFTER):
        r = _person(c, p["phone"], method="password", password="Wrong1234")
    assert r.status_code == 423
    assert api_error(r)["message"] == "密码错误次数过多，请1分钟后再试，或使用短信验证码/人脸识别登录"


def test_sms_and_face_logins_bypass_a_password_lockout(app, make_client, register_person, send_code):
    p = register_person(make_client())
    c = _from(app, make_client, "203.0.113.30")
    for _ in range(LOCK_AFTER):
        _person(c, p["phone"], method="password", password="Wrong1234")
    assert _person(c, p["phone"], method="password", password=p["password"]).status_code == 423
    code = send_code(c, purpose="login", account_type="person", account=p["phone"])
    r = _person(c, p["phone"], method="sms", sms_code=code)
    assert r.status_code == 200, r.text
    # the success ended the run: the password works again from this address
    assert _person(_from(app, make_client, "203.0.113.30"), p["phone"], method="password",
                   password=p["password"]).status_code == 200
    # face login, the same way
    d = _from(app, make_client, "203.0.113.31")
    for _ in range(LOCK_AFTER):
        _person(d, p["id_number"], method="password", password="Wrong1234")
    fc = d.post("/api/v1/face/checks", json={"purpose": "login", "account_type": "person",
                                             "account": p["id_number"]}).json()["face_check_id"]
    d.post(f"/api/v1/dev/face/{fc}/simulate", json={"outcome": "pass"})
    assert _person(d, p["id_number"], method="face", face_check_id=fc).status_code == 200


def test_a_strangers_wrong_sms_codes_do_not_lock_the_owners_sms_login(app, make_client, register_person,
                                                                      send_code):
    p = register_person(make_client())
    attacker, owner = _from(app, make_client, "198.51.100.9"), _from(app, make_client, "203.0.113.40")
    send_code(attacker, purpose="login", account_type="person", account=p["phone"])
    statuses = [_person(attacker, p["phone"], method="sms", sms_code="000000").status_code for _ in range(5)]
    assert statuses[-1] == 423
    assert api_error(_person(attacker, p["phone"], method="sms", sms_code="000000"))["message"].startswith(
        "验证失败次数过多")
    code = send_code(owner, purpose="login", account_type="person", account=p["phone"])
    assert _person(owner, p["phone"], method="sms", sms_code=code).status_code == 200


def test_guessing_from_many_addresses_hits_the_account_ceiling(app, make_client, register_person, send_code):
    p = register_person(make_client())
    failures = 0
    for n in range(ACCOUNT_LOCK_AFTER // (LOCK_AFTER - 1) + 1):
        c = _from(app, make_client, f"192.0.2.{n + 1}")
        for _ in range(LOCK_AFTER - 1):  # stays under each source's limit
            if failures < ACCOUNT_LOCK_AFTER:
                _person(c, p["phone"], method="password", password="Wrong1234")
                failures += 1
    owner = _from(app, make_client, "203.0.113.50")
    r = _person(owner, p["phone"], method="password", password=p["password"])
    assert r.status_code == 423 and api_error(r)["retry_after"] == 60
    # SMS login still works for the owner, and ends the lock
    code = send_code(owner, purpose="login", account_type="person", account=p["phone"])
    assert _person(owner, p["phone"], method="sms", sms_code=code).status_code == 200
    assert _person(_from(app, make_client, "203.0.113.51"), p["phone"], method="password",
                   password=p["password"]).status_code == 200


def test_the_enterprise_way_in_is_forgot_password(app, make_client, register_enterprise, send_code):
    e = register_enterprise(make_client())
    for n in range(ACCOUNT_LOCK_AFTER // (LOCK_AFTER - 1) + 1):
        c = _from(app, make_client, f"192.0.2.{100 + n}")
        for _ in range(LOCK_AFTER - 1):
            _ent(c, e["credit_code"], "Wrong1234")
    owner = _from(app, make_client, "203.0.113.60")
    assert _ent(owner, e["credit_code"], e["password"]).status_code == 423  # locked everywhere
    code = send_code(owner, None, "reset_password", account_type="enterprise", account=e["credit_code"])
    r = owner.post("/api/v1/auth/password/reset", json={
        "account_type": "enterprise", "account": e["credit_code"], "method": "sms", "sms_code": code,
        "new_password": "Reset1234", "new_password_confirm": "Reset1234"})
    assert r.status_code == 200
    assert _ent(owner, e["credit_code"], "Reset1234").status_code == 200
