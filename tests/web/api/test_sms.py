"""SMS code rules: 6 digits, 5-minute expiry, single use, ≤ 5 wrong tries, 60 s cooldown, per-phone/IP limits."""

from __future__ import annotations

import logging

from apihelpers import api_error, new_id_number, new_phone


def _register_body(phone, code):
    return {"mode": "phone", "phone": phone, "sms_code": code, "agree": True}


def test_code_is_six_digits_and_sent_to_the_outbox(client, sms_outbox):
    phone = new_phone()
    r = client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    assert r.json() == {"sent": True, "phone_masked": phone[:3] + "****" + phone[-4:], "expires_in": 300,
                        "resend_after": 60}
    messages = sms_outbox(phone)
    assert len(messages) == 1 and len(messages[0]["code"]) == 6 and messages[0]["code"].isdigit()
    assert "注册" in messages[0]["text"]


def test_expired_code_is_refused(client, app, send_code):
    phone = new_phone()
    code = send_code(client, phone)  # advances 61 s
    app.state.services.clock.advance(seconds=240)  # 301 s after sending
    err = api_error(client.post("/api/v1/register/person", json=_register_body(phone, code)))
    assert err["code"] == "sms_code_expired" and err["field"] == "sms_code"


def test_code_just_before_expiry_works(client, app, send_code):
    phone = new_phone()
    code = send_code(client, phone)
    app.state.services.clock.advance(seconds=238)  # 299 s
    assert client.post("/api/v1/register/person", json=_register_body(phone, code)).status_code == 201


def test_code_is_single_use(client, make_client, send_code, register_person):
    p = register_person(client, realname=False)
    other = make_client()
    code = send_code(other, None, "login", account_type="person", account=p["phone"])
    body = {"account": p["phone"], "method": "sms", "sms_code": code, "agree": True}
    assert other.post("/api/v1/auth/person/login", json=body).status_code == 200
    third = make_client()
    err = api_error(third.post("/api/v1/auth/person/login", json=body))
    assert err["code"] == "sms_code_expired"


def test_five_wrong_tries_void_the_code(client, send_code):
    phone = new_phone()
    code = send_code(client, phone)
    wrong = "000000" if code != "000000" else "111111"
    for i in range(4):
        err = api_error(client.post("/api/v1/register/person", json=_register_body(phone, wrong)))
        assert err["code"] == "sms_code_invalid" and f"{4 - i}次" in err["message"]
    err = api_error(client.post("/api/v1/register/person", json=_register_body(phone, wrong)))
    assert err["code"] == "sms_code_exhausted"
    err = api_error(client.post("/api/v1/register/person", json=_register_body(phone, code)))
    assert err["code"] == "sms_code_expired"


def test_resend_cooldown_is_60_seconds(client, app):
    phone = new_phone()
    assert client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone}).status_code == 200
    app.state.services.clock.advance(seconds=30)
    r = client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    assert r.status_code == 429 and r.headers["Retry-After"] == "31"
    err = api_error(r)
    assert err["code"] == "sms_cooldown" and err["retry_after"] == 31 and "31秒" in err["message"]
    app.state.services.clock.advance(seconds=31)
    assert client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone}).status_code == 200


def test_new_code_replaces_the_old_one(client, send_code):
    phone = new_phone()
    old = send_code(client, phone)
    new = send_code(client, phone)
    if old != new:
        assert api_error(client.post("/api/v1/register/person", json=_register_body(phone, old)))["code"] in (
            "sms_code_invalid",)
    assert client.post("/api/v1/register/person", json=_register_body(phone, new)).status_code == 201


def test_per_phone_hourly_limit(client, app):
    phone = new_phone()
    for _ in range(10):
        assert client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone}).status_code == 200
        app.state.services.clock.advance(seconds=61)
    r = client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})
    assert r.status_code == 429 and api_error(r)["code"] == "sms_rate_limited"
    app.state.services.clock.advance(seconds=3600)
    assert client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone}).status_code == 200


# the per-IP limits (300/h, 1000/day; 30/h blocked an office behind one NAT address): test_f2_security_sms_limits.py


def test_login_code_for_unknown_account(client):
    r = client.post("/api/v1/sms/send", json={"purpose": "login", "account_type": "person", "account": new_phone()})
    assert r.status_code == 404 and api_error(r)["code"] == "account_not_found"
    r = client.post("/api/v1/sms/send", json={"purpose": "login", "account_type": "person", "account": "abc"})
    assert api_error(r) == {"code": "invalid_account", "message": "请输入正确的手机号/身份证", "field": "account"}
    r = client.post("/api/v1/sms/send", json={"purpose": "spam", "phone": new_phone()})
    assert api_error(r)["code"] == "invalid_input"


def test_codes_and_passwords_never_reach_the_logs(client, register_person, last_sms_code, caplog):
    caplog.set_level(logging.DEBUG)
    phone = new_phone()
    p = register_person(client, phone=phone, id_number=new_id_number(), password="Secr3tPassw0rd")
    code = last_sms_code(phone)
    text = caplog.text
    assert code not in text and "Secr3tPassw0rd" not in text and p["id_number"] not in text
    assert "sms code sent" in text  # something was logged


def test_dev_outbox_pages(client, send_code):
    phone = new_phone()
    code = send_code(client, phone)
    page = client.get("/dev/sms-outbox")
    assert page.status_code == 200 and "开发模拟短信" in page.text and code in page.text
    data = client.get("/dev/sms-outbox.json", params={"phone": phone}).json()
    assert data["messages"][0]["code"] == code and data["messages"][0]["phone"] == phone
