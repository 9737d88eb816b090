"""Hash-chained, append-only audit log and `eseal audit verify`."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from eseal.cli import main
from eseal.platform import audit
from eseal.platform.models import AuditEntry


def _append(services, n=3):
    with services.session() as db:
        for i in range(n):
            audit.record(db, services.clock.now(), "login.success", actor=i + 1, subject=f"account:{i + 1}",
                         ip="127.0.0.1", method="password")
            services.clock.advance(seconds=1)


def test_chain_links_rows_and_verifies(services):
    _append(services, 4)
    with services.session() as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [r.id for r in rows] == [1, 2, 3, 4]
        assert rows[0].prev_hash == "0" * 64
        assert all(rows[i].prev_hash == rows[i - 1].hash for i in range(1, 4))
        report = audit.verify_chain(db)
    assert report.ok and report.rows == 4


def test_database_refuses_update_and_delete(services):
    _append(services, 2)
    for statement in ("UPDATE audit_log SET event = 'x' WHERE id = 1", "DELETE FROM audit_log WHERE id = 2"):
        with pytest.raises(DBAPIError, match="append-only"), services.engine.begin() as conn:
            conn.execute(text(statement))


def _drop_guards(services):
    with services.engine.begin() as conn:
        if services.engine.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_no_update ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))


def _cli_verify(services, capsys):
    url = services.engine.url.render_as_string(hide_password=False)
    code = main(["audit", "verify", "--database-url", url])
    return code, capsys.readouterr().out


def test_tampering_is_reported_at_the_first_broken_row(services, capsys):
    _append(services, 5)
    _drop_guards(services)  # an attacker with database access
    with services.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = '{\"method\":\"sms\"}' WHERE id = 3"))
    with services.session() as db:
        report = audit.verify_chain(db)
    assert not report.ok and report.broken_id == 3 and "altered" in (report.reason or "")
    code, out = _cli_verify(services, capsys)
    assert code == 1 and "row 3" in out


def test_deleted_tail_row_is_detected(services):
    _append(services, 3)
    _drop_guards(services)
    with services.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = 3"))
    with services.session() as db:
        report = audit.verify_chain(db)
    assert not report.ok and report.broken_id == 3


def test_cli_verify_ok(services, capsys):
    _append(services, 2)
    code, out = _cli_verify(services, capsys)
    assert code == 0 and "OK" in out and "2 rows" in out


def test_concurrent_appends_keep_one_linear_chain(services):
    from concurrent.futures import ThreadPoolExecutor

    def work(worker):
        for i in range(10):
            with services.session() as db:
                audit.record(db, services.clock.now(), "login.failure", actor=worker, subject=f"w{worker}", n=i)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    with services.session() as db:
        report = audit.verify_chain(db)
    assert report.ok and report.rows == 40



def test_rolled_back_work_leaves_no_audit_row(services):
    with pytest.raises(RuntimeError), services.session() as db:
        audit.record(db, services.clock.now(), "login.success", actor=1)
        raise RuntimeError("action failed")
    _append(services, 1)
    with services.session() as db:
        report = audit.verify_chain(db)
    assert report.ok and report.rows == 1


def test_non_utc_timestamps_are_normalised(services):
    from datetime import timedelta, timezone

    with services.session() as db:
        audit.record(db, services.clock.now().astimezone(timezone(timedelta(hours=8))), "login.success", actor=1)
    with services.session() as db:
        assert audit.verify_chain(db).ok
