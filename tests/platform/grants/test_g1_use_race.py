"""[G1] use accounting under concurrency: 50 threads, each with its own session (its own transaction), take a use
of a grant of 10 through the service function → exactly 10 succeed, remaining 0, use numbers 1..10 (SQLite and
PostgreSQL); a stamping that fails after taking its use gives it back (savepoint rollback, and give_back_use)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from eseal.platform.accounts import KIND_ENTERPRISE, KIND_PERSON, Account, Actor
from eseal.platform.core import PlatformError
from eseal.platform.grants import Grant, GrantEvent, give_back_use, take_use

pytestmark = pytest.mark.db


def _setup(services, uses: int) -> tuple[int, int, int]:
    now = services.clock.now()
    with services.session() as db:
        ent = Account(kind=KIND_ENTERPRISE, created_at=now, status="active", enterprise_name="并发测试有限公司")
        person = Account(kind=KIND_PERSON, created_at=now, status="active", person_name="王测试",
                         realname_verified=True, last_login_at=now)
        db.add_all([ent, person])
        db.flush()
        grant = Grant(enterprise_account_id=ent.id, grantee_account_id=person.id, role="grantee", all_seals=True,
                      starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1), uses_total=uses,
                      uses_left=uses, last_use_number=0, status="active", created_at=now, updated_at=now)
        db.add(grant)
        db.flush()
        ids = (ent.id, person.id, grant.id)
        db.commit()
    return ids


def _actor(db, ent_id: int, person_id: int) -> Actor:
    return Actor(account=db.get(Account, person_id), acting_as=db.get(Account, ent_id), ip="127.0.0.1")


def test_fifty_parallel_takes_of_a_grant_of_ten(services):
    ent_id, person_id, grant_id = _setup(services, 10)
    barrier = threading.Barrier(50)
    results: list[str] = []
    lock = threading.Lock()

    def one(n: int) -> None:
        barrier.wait()
        outcome = "error"
        for _attempt in range(20):  # SQLite: a writer that found the database locked tries again
            try:
                with services.session() as db:
                    use = take_use(db, services, actor=_actor(db, ent_id, person_id), seal_id=1, document_id=n)
                    db.commit()
                outcome = f"ok:{use.number}" if use else "none"
                break
            except PlatformError as exc:
                outcome = exc.code
                break
            except Exception as exc:  # only a lock timeout is retried
                if "locked" not in str(exc).lower():
                    outcome = repr(exc)
                    break
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    oks = sorted(int(r.split(":")[1]) for r in results if r.startswith("ok:"))
    assert len(results) == 50
    assert oks == list(range(1, 11)), results
    assert sorted(r for r in results if not r.startswith("ok:")) == ["grant.exhausted"] * 40
    with services.session() as db:
        grant = db.get(Grant, grant_id)
        assert (grant.uses_left, grant.last_use_number) == (0, 10)
        uses = db.scalars(select(GrantEvent.use_number).where(GrantEvent.grant_id == grant_id,
                                                              GrantEvent.action == "use")).all()
        assert sorted(uses) == list(range(1, 11))


def test_a_failed_stamping_gives_its_use_back(services):
    ent_id, person_id, grant_id = _setup(services, 2)
    with services.session() as db:
        actor = _actor(db, ent_id, person_id)
        with pytest.raises(RuntimeError):
            with db.begin_nested():  # as signing does: the stamping's savepoint
                assert take_use(db, services, actor=actor, seal_id=1, document_id=1) is not None
                raise RuntimeError("engine failed after the use was taken")
        assert db.get(Grant, grant_id).uses_left == 2  # rolled back with the savepoint
        use = take_use(db, services, actor=actor, seal_id=1, document_id=2)
        assert use is not None and use.remaining == 1
        give_back_use(db, services, actor=actor, use=use, reason="stamp failed")  # outside a savepoint
        db.commit()
    with services.session() as db:
        grant = db.get(Grant, grant_id)
        assert grant.uses_left == 2
        actions = db.scalars(select(GrantEvent.action).where(GrantEvent.grant_id == grant_id)
                             .order_by(GrantEvent.id)).all()
        assert actions == ["use", "give_back"]
