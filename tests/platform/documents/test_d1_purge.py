"""The purge after the retention period actually runs [D1]: ``eseal documents purge [--dry-run]`` on a real database
(an expired deleted document goes with its blob unless another document holds the same bytes, a recently deleted
one stays), the in-process job runner, and the web server starting it with the app (SQLite + PostgreSQL)."""

from __future__ import annotations

import itertools
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from d1c_helpers import actor as actor_of
from d1c_helpers import big_pdf, make_accounts, sample_pdf, upload
from sqlalchemy import select

from eseal.cli import main
from eseal.platform.core import AuditEntry, Settings, SettingsError
from eseal.platform.documents import Document, DocumentRevision, delete_documents
from eseal.platform.jobs import PURGE, Job, JobRunner, scheduled_jobs
from eseal.platform.storage import Blob, blob_store

pytestmark = pytest.mark.db


def _sha(services: Any, doc_id: int) -> str:
    with services.session() as db:
        return db.get(DocumentRevision, db.get(Document, doc_id).current_revision_id).blob_sha256


def _delete_at(services: Any, account: int, doc_id: int, when: datetime) -> None:
    services.clock.set(when)
    with services.session() as db:
        delete_documents(db, services, actor=actor_of(db, account), ids=[doc_id])


def _age_blob(services: Any, sha: str, when: datetime) -> None:
    """Blob ages are file times: a document deleted a month ago was stored at least that long ago."""
    path = blob_store(services).path_for(sha)
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture
def scene(services: Any) -> dict[str, Any]:
    """A person with: an expired deleted document (own bytes), an expired deleted twin of a live document (same
    bytes), a document deleted yesterday, and the live document."""
    acc = make_accounts(services)
    person = acc["person"]
    wall = datetime.now(UTC)
    services.clock.set(wall - timedelta(days=40))
    shared = sample_pdf("共用内容")
    ids = {"expired": upload(services, person, "过期的.pdf", big_pdf(120_000)),
           "twin": upload(services, person, "同内容已删.pdf", shared),
           "recent": upload(services, person, "昨天删的.pdf", sample_pdf("昨天")),
           "live": upload(services, person, "同内容保留.pdf", shared)}
    _delete_at(services, person, ids["expired"], wall - timedelta(days=31))
    _delete_at(services, person, ids["twin"], wall - timedelta(days=35))
    _delete_at(services, person, ids["recent"], wall - timedelta(days=1))
    services.clock.set(wall)
    shas = {name: _sha(services, i) for name, i in ids.items()}
    for sha in shas.values():
        _age_blob(services, sha, wall - timedelta(days=40))
    return {"ids": ids, "shas": shas, "person": person,
            "expired_size": blob_store(services).stat(shas["expired"]).size}


@pytest.fixture
def cli_env(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``eseal`` in this process sees the test's data directory and database (as an operator's environment would)."""
    monkeypatch.setenv("ESEAL_DATA_DIR", str(services.settings.data_dir))
    monkeypatch.setenv("ESEAL_DATABASE_URL", services.engine.url.render_as_string(hide_password=False))
    monkeypatch.delenv("ESEAL_MASTER_KEY_FILE", raising=False)
    monkeypatch.delenv("ESEAL_DOCUMENT_RETENTION_DAYS", raising=False)


def _rows(services: Any, ids: dict[str, int]) -> dict[str, bool]:
    with services.session() as db:
        return {name: db.get(Document, i) is not None for name, i in ids.items()}


def test_cli_dry_run_lists_the_expired_and_changes_nothing(services: Any, scene: dict[str, Any], cli_env: None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["documents", "purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "将被彻底清除的已删除文档：2 份（演练，未做任何更改）" in out
    assert f"#{scene['ids']['expired']}  过期的.pdf" in out and f"#{scene['ids']['twin']}  同内容已删.pdf" in out
    assert "昨天删的.pdf" not in out and "同内容保留.pdf" not in out
    assert all(_rows(services, scene["ids"]).values())
    assert all(blob_store(services).exists(sha) for sha in scene["shas"].values())


def test_cli_purges_expired_documents_and_their_unshared_blobs(services: Any, scene: dict[str, Any], cli_env: None,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["documents", "purge"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"已彻底清除保留期满的文档 2 份；删除不再被引用的文件 1 个（{scene['expired_size']} 字节）")
    assert _rows(services, scene["ids"]) == {"expired": False, "twin": False, "recent": True, "live": True}
    store = blob_store(services)
    assert not store.exists(scene["shas"]["expired"])  # its bytes were nobody else's
    assert store.exists(scene["shas"]["live"])  # the twin's bytes are still the live document's
    assert store.exists(scene["shas"]["recent"])  # deleted yesterday: kept for the retention period
    with services.session() as db:
        assert db.get(Blob, scene["shas"]["expired"]) is None
        recent = db.get(Document, scene["ids"]["recent"])
        assert recent.deleted_at is not None and recent.purge_after > datetime.now(UTC)
        purged = set(db.scalars(select(AuditEntry.subject).where(AuditEntry.event == "document.purged")))
        assert purged == {f"document:{scene['ids']['expired']}", f"document:{scene['ids']['twin']}"}
    assert main(["documents", "purge"]) == 0  # nothing left to do
    assert capsys.readouterr().out.strip() == "没有保留期满的已删除文档，未清除任何内容"


def test_cli_refuses_a_data_directory_without_a_master_key(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ESEAL_DATA_DIR", str(tmp_path / "nothing"))
    monkeypatch.delenv("ESEAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("ESEAL_MASTER_KEY_FILE", raising=False)
    assert main(["documents", "purge"]) == 2
    assert "no master key file" in capsys.readouterr().err
    assert not (tmp_path / "nothing" / "master.key").exists()  # read, never created


def test_purge_interval_setting() -> None:
    assert Settings.from_env({}).jobs.purge_interval_seconds == 3600  # a server purges hourly by default
    assert Settings.from_env({"ESEAL_PURGE_INTERVAL_SECONDS": "0"}).jobs.purge_interval_seconds == 0
    assert Settings().jobs.purge_interval_seconds == 0  # settings built in code (tests) run no job unless asked
    for bad in ("-1", "999999999", "hourly"):
        with pytest.raises(SettingsError):
            Settings.from_env({"ESEAL_PURGE_INTERVAL_SECONDS": bad})


def test_scheduled_jobs_follow_the_setting(services: Any) -> None:
    assert scheduled_jobs(services) == ()
    svc = _with_interval(services, 600)
    (job,) = scheduled_jobs(svc)
    assert (job.name, job.interval) == (PURGE, 600.0)


def _with_interval(services: Any, seconds: int) -> Any:
    from dataclasses import replace

    return replace(services, settings=services.settings.with_(purge_interval_seconds=seconds))


def test_runner_runs_each_job_at_start_and_every_interval_and_survives_a_failure(services: Any) -> None:
    calls: list[float] = []
    failures = threading.Event()

    def record(_svc: Any) -> int:
        calls.append(time.monotonic())
        return len(calls)

    def broken(_svc: Any) -> None:
        failures.set()
        raise RuntimeError("boom")

    runner = JobRunner(services, [Job("record", record, 0.2), Job("broken", broken, 0.2)])
    runner.start()
    try:
        deadline = time.monotonic() + 10
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        runner.stop()
    assert not runner.running
    assert len(calls) >= 3 and failures.is_set() and runner.runs["broken"] >= 2  # the failing job kept its turns
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert all(gap >= 0.15 for gap in gaps)  # every interval, not in a busy loop
    stopped_at = len(calls)
    time.sleep(0.4)
    assert len(calls) == stopped_at  # stop() stops


def test_runner_purge_job_purges(services: Any, scene: dict[str, Any]) -> None:
    runner = JobRunner(services, scheduled_jobs(_with_interval(services, 3600)))
    (job,) = runner.jobs
    runner.run_once(job)
    assert _rows(services, scene["ids"]) == {"expired": False, "twin": False, "recent": True, "live": True}
    assert not blob_store(services).exists(scene["shas"]["expired"])


def test_web_server_runs_the_purge_between_start_and_stop(services: Any, scene: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    from eseal.web.app import create_app

    app = create_app(services=_with_interval(services, 3600), include_pages=False)
    with TestClient(app) as client:  # the lifespan: the server starts
        assert app.state.jobs.running
        deadline = time.monotonic() + 30
        while app.state.jobs.runs[PURGE] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/healthz").status_code == 200
    assert not app.state.jobs.running  # stopped with the server
    assert app.state.jobs.runs[PURGE] == 1  # once at start; the next one an hour later
    assert _rows(services, scene["ids"]) == {"expired": False, "twin": False, "recent": True, "live": True}


def test_web_server_without_the_interval_runs_no_job(services: Any, scene: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    from eseal.web.app import create_app

    app = create_app(services=services, include_pages=False)
    with TestClient(app):
        assert not app.state.jobs.running and app.state.jobs.jobs == ()
    assert all(_rows(services, scene["ids"]).values())
