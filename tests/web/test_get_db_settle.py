"""web/deps.get_db is async: it ends a request's session in a worker thread only when that session still has I/O to
do (an open transaction, queued audit rows), and still commits business errors, rolls back anything else and
releases the connection (on SQLite the write lock) in every case — on both databases."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from eseal.platform.core import AuditEntry, PlatformError, audit
from eseal.web.deps import DbDep
from eseal.web.routing import UnitOfWorkRoute

pytestmark = pytest.mark.db


def _app(services: Any) -> FastAPI:
    router = APIRouter(route_class=UnitOfWorkRoute)

    @router.post("/committed")
    def committed(db: DbDep) -> dict[str, bool]:  # committed in its own thread by UnitOfWorkRoute
        audit.record(db, services.clock.now(), "test.committed")
        return {"ok": True}

    @router.post("/left-open")
    async def left_open(db: DbDep) -> dict[str, bool]:  # async: nothing commits it but get_db
        audit.record(db, services.clock.now(), "test.left_open")
        return {"ok": True}

    @router.post("/business-error")
    def business_error(db: DbDep) -> None:
        audit.record(db, services.clock.now(), "test.business_error")
        db.execute(select(1))
        raise PlatformError("test.refused", "不允许")

    @router.post("/crash")
    def crash(db: DbDep) -> None:
        audit.record(db, services.clock.now(), "test.crash")
        db.execute(select(1))
        raise ValueError("boom")

    app = FastAPI()
    app.state.services = services

    @app.exception_handler(PlatformError)
    async def refused(_request: Any, exc: PlatformError) -> Any:
        from fastapi.responses import JSONResponse

        return JSONResponse({"code": exc.code}, status_code=400)

    app.include_router(router)
    return app


def _events(services: Any, name: str) -> int:
    with services.session() as db:
        return int(db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.event == name)) or 0)


SESSION_STEPS = {"__enter__", "__exit__", "commit", "rollback", "close"}


def _thread_hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions the request ran in worker threads (the endpoint, and get_db's session steps)."""
    hops: list[str] = []
    real = anyio.to_thread.run_sync

    async def counting(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(getattr(func, "func", func), "__name__", repr(func)))  # functools.partial: its function
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    return hops


def test_a_committed_unit_of_work_ends_without_a_thread_hop(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(_app(services)) as client:
        hops = _thread_hops(monkeypatch)
        assert client.post("/committed").status_code == 200
    # the endpoint (and FastAPI's answer validation); a sync get_db hopped for its __enter__ and __exit__ too
    assert hops and not SESSION_STEPS.intersection(hops), hops
    assert _events(services, "test.committed") == 1


def test_queued_audit_rows_without_a_transaction_are_still_committed(services: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with TestClient(_app(services)) as client:
        hops = _thread_hops(monkeypatch)
        assert client.post("/left-open").status_code == 200
    assert SESSION_STEPS.intersection(hops) == {"commit"}, hops  # the async endpoint left its session open
    assert _events(services, "test.left_open") == 1


def test_a_business_error_commits_and_a_crash_rolls_back_and_both_release_the_connection(services: Any) -> None:
    with TestClient(_app(services), raise_server_exceptions=False) as client:
        for _ in range(3):  # would hang or fail on a connection (SQLite: the write lock) not given back
            assert client.post("/business-error").json() == {"code": "test.refused"}
            assert client.post("/crash").status_code == 500
    assert _events(services, "test.business_error") == 3
    assert _events(services, "test.crash") == 0
    with services.session() as db:  # nobody holds a write lock: a write goes through at once
        audit.record(db, services.clock.now(), "test.after")
        db.commit()
    assert _events(services, "test.after") == 1
    assert services.engine.pool.checkedout() == 0
    with services.engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
