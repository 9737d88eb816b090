"""[F2] #14: the per-IP login limit counts failed logins only, and a login writes nothing before its password hash
(so on SQLite the deferred login transaction takes the write lock only after argon2)."""

from __future__ import annotations

from sqlalchemy import event

from eseal.platform.accounts import Actor, login_person
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
