"""[F2] item 4: 忘记密码 does not tell whether an account exists.

The reset flow (发送验证码 for ``reset_password``, then ``POST /auth/password/reset``) answers an unknown credit
code, phone or ID number exactly as it answers a registered one: same status, same body; the SMS is simply not
sent. Both go the same way through the code store (a code is kept for the unknown identifier too, never
delivered), so cooldowns, hourly limits and wrong-code counting look alike, and both run the same number of SQL
statements.
"""

from __future__ import annotations

from contextlib import contextmanager

from apihelpers import new_id_number, new_phone
from sqlalchemy import event

from eseal.engine.ids import generate_credit_code


def _send(client, account_type, account, **extra):
    return client.post("/api/v1/sms/send", json={"purpose": "reset_password", "account_type": account_type,
                                                 "account": account, **extra})


def _reset(client, account_type, account, code="000000", **extra):
    return client.post("/api/v1/auth/password/reset", json={
        "account_type": account_type, "account": account, "method": "sms", "sms_code": code,
        "new_password": "Fresh1234", "new_password_confirm": "Fresh1234", **extra})


def _same(a, b):
    assert (a.status_code, a.json()) == (b.status_code, b.json()), (a.text, b.text)
    return a


@contextmanager
def _statements(app):
    """Count the SQL statements the app runs inside the block."""
    engine = app.state.services.engine
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _compare_flows(app, make_client, sms_outbox, account_type, known, unknown, known_phone):
    before = len(sms_outbox())
    a, b = make_client(), make_client()
    # 发送验证码: same answer; only the registered account's phone gets an SMS
    sent = _same(_send(a, account_type, known), _send(b, account_type, unknown))
    assert sent.status_code == 200 and sent.json()["sent"] is True
    assert sent.json()["phone_masked"] is None  # not even a masked phone of the registered account
    after = sms_outbox()
    assert len(after) == before + 1 and after[0]["phone"] == known_phone
    # the cooldown answers alike
    cooldown = _same(_send(a, account_type, known), _send(b, account_type, unknown))
    assert cooldown.status_code == 429 and cooldown.json()["error"]["code"] == "sms_cooldown"
    # wrong codes: same answer, same counting of tries, same number of statements
    with _statements(app) as known_sql:
        ra = _reset(a, account_type, known)
    with _statements(app) as unknown_sql:
        rb = _reset(b, account_type, unknown)
    wrong = _same(ra, rb)
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "sms_code_invalid"
    assert len(known_sql) == len(unknown_sql), (known_sql, unknown_sql)
    for _ in range(3):
        _same(_reset(a, account_type, known), _reset(b, account_type, unknown))
    exhausted = _same(_reset(a, account_type, known), _reset(b, account_type, unknown))
    assert exhausted.json()["error"]["code"] == "sms_code_exhausted"
    # a mismatched confirmation is checked first for both
    mismatch = _same(_reset(a, account_type, known, new_password_confirm="Other1234"),
                     _reset(b, account_type, unknown, new_password_confirm="Other1234"))
    assert mismatch.json()["error"]["code"] == "password_mismatch"
    # without any code sent: the same "expired" answer
    c, d = make_client(), make_client()
    fresh = _same(_reset(c, account_type, known, code="123456"), _reset(d, account_type, unknown, code="123456"))
    assert fresh.status_code == 400


def test_enterprise_reset_answers_alike_for_unknown_credit_codes(app, make_client, register_enterprise, sms_outbox):
    e = register_enterprise(make_client())
    app.state.services.clock.advance(seconds=61)
    _compare_flows(app, make_client, sms_outbox, "enterprise", e["credit_code"], generate_credit_code(), e["phone"])


def test_person_reset_answers_alike_for_unknown_phones(app, make_client, register_person, sms_outbox):
    p = register_person(make_client())
    app.state.services.clock.advance(seconds=61)
    _compare_flows(app, make_client, sms_outbox, "person", p["phone"], new_phone(), p["phone"])


def test_person_reset_answers_alike_for_unknown_id_numbers(app, make_client, register_person, sms_outbox):
    p = register_person(make_client())
    app.state.services.clock.advance(seconds=61)
    _compare_flows(app, make_client, sms_outbox, "person", p["id_number"], new_id_number(), p["phone"])


def test_the_reset_still_works_for_the_owner(app, make_client, register_enterprise, last_sms_code):
    e = register_enterprise(make_client())
    app.state.services.clock.advance(seconds=61)
    c = make_client()
    assert _send(c, "enterprise", e["credit_code"]).status_code == 200
    r = _reset(c, "enterprise", e["credit_code"], code=last_sms_code(e["phone"]))
    assert r.status_code == 200 and r.json() == {"ok": True}
    r = c.post("/api/v1/auth/enterprise/login", json={"credit_code": e["credit_code"], "password": "Fresh1234",
                                                      "agree": True})
    assert r.status_code == 200


def test_malformed_identifiers_are_still_reported(client):
    """Format errors say nothing about registration and stay field errors."""
    r = _send(client, "enterprise", "9135010")
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_credit_code"
    r = _reset(client, "person", "abc")
    assert r.json()["error"]["code"] == "invalid_account"
