"""Hash-chained, append-only audit log and `eseal audit verify`."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from eseal.cli import main
from eseal.platform.core import AuditEntry, audit


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


def _cli(services, capsys, action="verify", *extra):
    url = services.engine.url.render_as_string(hide_password=False)
    code = main(["audit", action, "--database-url", url, "--master-key-file", str(services.settings.master_key_file),
                 *extra])
    return code, capsys.readouterr().out


def _cli_verify(services, capsys, *extra):
    return _cli(services, capsys, "verify", *extra)


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


def _rebuild_unkeyed(services, upto):
    """What an attacker with database write access (but without the master key) can do: cut the newest rows and
    rebuild the chain head with plain SHA-256 as the old format allowed."""
    _drop_guards(services)
    with services.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id > :n"), {"n": upto})
        last = conn.execute(text("SELECT hash FROM audit_log WHERE id = :n"), {"n": upto}).scalar()
        conn.execute(text("UPDATE audit_head SET last_id = :n, last_hash = :h WHERE id = 1"), {"n": upto, "h": last})


def test_new_rows_are_hmac_keyed_and_need_the_master_key(services):
    _append(services, 2)
    with services.session() as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [r.hash_version for r in rows] == [2, 2]
        content = audit.canonical(1, rows[0].created_at, rows[0].event, rows[0].actor_account_id, rows[0].subject,
                                  rows[0].ip, rows[0].detail)
        assert rows[0].hash != audit.chain_hash(audit.GENESIS, content)  # not the unkeyed SHA-256
        assert audit.verify_chain(db).ok
        wrong = audit.verify_chain(db, key=audit.audit_key(b"x" * 32))
    assert not wrong.ok and wrong.broken_id == 1


def test_forged_unkeyed_rows_are_detected(services):
    """An attacker rewrites the chain tail with the old unkeyed hash (no master key): detected."""
    _append(services, 3)
    _drop_guards(services)
    with services.engine.begin() as conn:
        prev = conn.execute(text("SELECT hash FROM audit_log WHERE id = 2")).scalar()
        conn.execute(text("DELETE FROM audit_log WHERE id = 3"))
    with services.session() as db:
        at = services.clock.now()
        content = audit.canonical(3, at, "login.success", 9, "account:9", None, "{}")
        forged = audit.chain_hash(prev, content)
        db.add(AuditEntry(id=3, created_at=at, event="login.success", actor_account_id=9, subject="account:9",
                          ip=None, detail="{}", prev_hash=prev, hash=forged, hash_version=1))
        head = db.get(audit.AuditHead, 1)
        head.last_hash = forged
    with services.session() as db:
        report = audit.verify_chain(db)
    assert not report.ok and report.broken_id == 3 and "unkeyed" in (report.reason or "")


def test_legacy_unkeyed_rows_still_verify_before_keyed_ones(services):
    """Rows written before migration 0004 (hash_version 1, plain SHA-256) verify; new rows continue the chain."""
    with services.session() as db:
        prev = audit.GENESIS
        for i in (1, 2):
            at = services.clock.now()
            digest = audit.chain_hash(prev, audit.canonical(i, at, "login.success", i, None, None, "{}"))
            db.add(AuditEntry(id=i, created_at=at, event="login.success", actor_account_id=i, subject=None, ip=None,
                              detail="{}", prev_hash=prev, hash=digest, hash_version=1))
            prev = digest
        head = db.get(audit.AuditHead, 1)
        head.last_id, head.last_hash = 2, prev
    _append(services, 2)
    with services.session() as db:
        assert [r.hash_version for r in db.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [1, 1, 2, 2]
        report = audit.verify_chain(db)
    assert report.ok and report.rows == 4


def test_anchor_detects_truncation_with_a_rewound_head(services, capsys):
    _append(services, 5)
    code, out = _cli(services, capsys, "anchor")
    assert code == 0
    anchor = out.strip()
    digest, count = anchor.split(":")
    assert len(digest) == 64 and count == "5"
    code, out = _cli_verify(services, capsys, "--anchor", anchor)
    assert code == 0 and "contains anchor row 5" in out
    _rebuild_unkeyed(services, 3)  # the newest rows cut and the head rewound: the chain alone looks fine
    code, out = _cli_verify(services, capsys)
    assert code == 0
    code, out = _cli_verify(services, capsys, "--anchor", anchor)
    assert code == 1 and "row 5" in out and "truncated" in out
    code, out = _cli_verify(services, capsys, "--anchor", "nonsense")
    assert code != 0


def test_cli_verify_needs_the_master_key(services, capsys, tmp_path):
    _append(services, 1)
    url = services.engine.url.render_as_string(hide_password=False)
    code = main(["audit", "verify", "--database-url", url, "--master-key-file", str(tmp_path / "missing.key")])
    assert code == 2 and "master key" in capsys.readouterr().err
