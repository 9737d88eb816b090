"""[F2] #14: the per-IP login limit counts failed logins only, and a login writes nothing before its password hash
(so on SQLite the deferred login transaction takes the write lock only after argon2)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from eseal.platform.accounts import Actor, login_person, start_session
from eseal.platform.accounts.models import LoginThrottle
from eseal.platform.core import PlatformError
from eseal.platform.demo import DEMO, seed_demo

OFFICE = Actor(ip="203.0.113.7", client_binding="bench")


def _login(services, password=DEMO.person_password):
    with services.session() as db:
        return login_person(db, services, actor=OFFICE, account=DEMO.person_phone, id_type=None, method="password",
                            password=password, sms_code=None, face_check_id=None, agree=True)


def test_one_office_address_logs_in_all_day(services):
    """150 successful logins from one NAT address in an hour: none refused (before: 429 after 100)."""
    seed_demo(services)
    for _ in range(150):
        assert _login(services).login_phone == DEMO.person_phone


def test_failed_logins_per_address_are_still_limited(services):
    seed_demo(services)
    refused = None
    for i in range(130):
        db = services.sessionmaker()
        try:  # as the web unit of work does: a refused login still commits its counters
            login_person(db, services, actor=Actor(ip="203.0.113.8", client_binding=f"b{i}"),
                         account=f"1390000{i:04d}", id_type=None, method="password", password="wrong",
                         sms_code=None, face_check_id=None, agree=True)
        except PlatformError as exc:
            db.commit()
            if exc.code == "rate_limited":
                refused = i
                break
            assert exc.code in ("login_failed", "login_locked")
        finally:
            db.close()
    assert refused == 100


def test_no_write_before_the_password_hash(services, monkeypatch):
    """The first INSERT/UPDATE of a (repeat) login comes after verify_password."""
    seed_demo(services)
    _login(services)  # first login creates the account's counter row
    order: list[str] = []
    import eseal.platform.accounts.login as login_module

    real_verify = login_module.verify_password
    monkeypatch.setattr(login_module, "verify_password", lambda *a: order.append("hash") or real_verify(*a))

    def statements(_conn, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            order.append("write")

    event.listen(services.engine, "before_cursor_execute", statements)
    try:
        _login(services)
    finally:
        event.remove(services.engine, "before_cursor_execute", statements)
    assert order and order[0] == "hash", order


def test_a_clean_login_writes_its_session_and_audit_only(services):
    """[F2] #14 tail on SQLite: the write transaction of a successful login (after argon2) is short — no counter
    rows made or reset when nothing counts (the first login made the account's counter row before argon2, so it
    held SQLite's write lock through the hash), no re-read of the session just made."""
    seed_demo(services)
    writes: list[str] = []

    def statements(_conn, _cursor, statement, *_args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(" ".join(statement.split()[:3]))

    def login_and_start():  # as the login route does, in one unit of work
        with services.session() as db:
            account = login_person(db, services, actor=OFFICE, account=DEMO.person_phone, id_type=None,
                                   method="password", password=DEMO.person_password, sms_code=None,
                                   face_check_id=None, agree=True)
            start_session(db, services, account, "password", old_token=None, ip=OFFICE.ip)

    event.listen(services.engine, "before_cursor_execute", statements)
    try:
        login_and_start()  # the first login of the account
        first = list(writes)
        writes.clear()
        login_and_start()  # and a repeat one
    finally:
        event.remove(services.engine, "before_cursor_execute", statements)
    for done in (first, writes):
        assert not [w for w in done if "login_throttle" in w], done
        # (UPDATE accounts: last_login_at, unchanged under the frozen test clock after the first)
        assert {"INSERT INTO web_sessions", "INSERT INTO audit_log"} <= set(done) <= {
            "INSERT INTO web_sessions", "UPDATE accounts SET", "INSERT INTO audit_log", "UPDATE audit_head SET"}, done
        assert len(done) == len(set(done)), done


def test_a_login_after_failures_still_resets_the_counters(services):
    seed_demo(services)
    db = services.sessionmaker()
    try:  # as the web unit of work: a refused login commits its counters
        with pytest.raises(PlatformError):
            login_person(db, services, actor=OFFICE, account=DEMO.person_phone, id_type=None, method="password",
                         password="wrong-password", sms_code=None, face_check_id=None, agree=True)
        db.commit()
    finally:
        db.close()
    with services.session() as db:
        counted = db.scalars(select(LoginThrottle).where(LoginThrottle.failures > 0)).all()
        assert counted
    _login(services)
    with services.session() as db:
        assert not db.scalars(select(LoginThrottle).where(LoginThrottle.failures > 0)).all()
