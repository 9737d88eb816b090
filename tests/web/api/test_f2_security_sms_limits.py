"""[F2] item 6: an office behind one NAT address can send SMS codes (per-IP 300/h and 1000/day), while the
per-phone limits (60 s cooldown, 10/h) still hold."""

from __future__ import annotations

from datetime import timedelta

from apihelpers import api_error, new_phone

from eseal.platform.core import RateEvent
from eseal.platform.identity import sms


def _send(client, phone):
    return client.post("/api/v1/sms/send", json={"purpose": "register", "phone": phone})


def test_an_office_sends_more_than_30_codes_an_hour_from_one_address(client, sms_outbox):
    phones = [new_phone() for _ in range(40)]
    statuses = [_send(client, p).status_code for p in phones]
    assert statuses == [200] * 40
    assert {m["phone"] for m in sms_outbox()} >= set(phones)


def test_the_per_phone_limits_still_hold_from_the_office_address(app, client):
    phone = new_phone()
    assert _send(client, phone).status_code == 200
    r = _send(client, phone)
    assert r.status_code == 429 and api_error(r)["code"] == "sms_cooldown"
    for _ in range(sms.PER_PHONE_PER_HOUR - 1):
        app.state.services.clock.advance(seconds=61)
        assert _send(client, phone).status_code == 200
    app.state.services.clock.advance(seconds=61)
    r = _send(client, phone)
    assert r.status_code == 429 and api_error(r) == {
        "code": "sms_rate_limited", "message": "该手机号获取验证码过于频繁，请稍后再试", "field": None,
        "retry_after": api_error(r)["retry_after"]}


def _fill(app, scope, count, age):
    """``count`` SMS sends of this test client's address, ``age`` ago (as if sent by the office)."""
    services = app.state.services
    with services.session() as db:
        when = services.clock.now() - age
        db.add_all([RateEvent(scope=scope, key="testclient", created_at=when) for _ in range(count)])


def test_the_per_ip_hourly_limit_is_300(app, client):
    assert (sms.PER_IP_PER_HOUR, sms.PER_IP_PER_DAY) == (300, 1000)
    _fill(app, "sms_ip", sms.PER_IP_PER_HOUR - 1, timedelta(minutes=30))
    assert _send(client, new_phone()).status_code == 200  # the 300th of the hour
    r = _send(client, new_phone())
    assert r.status_code == 429 and api_error(r)["code"] == "sms_rate_limited"
    assert api_error(r)["message"] == "获取验证码过于频繁，请稍后再试"
    assert 0 < int(r.headers["Retry-After"]) <= 1801
    app.state.services.clock.advance(minutes=31)  # the filled events left the hour
    assert _send(client, new_phone()).status_code == 200


def test_the_per_ip_daily_limit_is_1000(app, client):
    _fill(app, "sms_ip", sms.PER_IP_PER_DAY - 1, timedelta(hours=5))  # outside the hour, inside the day
    assert _send(client, new_phone()).status_code == 200  # the 1000th of the day
    r = _send(client, new_phone())
    assert r.status_code == 429 and api_error(r)["code"] == "sms_rate_limited"
    assert int(r.headers["Retry-After"]) > 3600  # the day's oldest event must leave first
    app.state.services.clock.advance(hours=19, seconds=1)
    assert _send(client, new_phone()).status_code == 200
