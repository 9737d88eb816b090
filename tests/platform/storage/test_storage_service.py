"""The blob service on a real database (SQLite and PostgreSQL): a crash at any point leaves either no row or a
row whose blob exists. Failures are injected before the link, after the put, during COMMIT, between the put and
the row (a sweep), and real processes are killed with SIGKILL at three points; orphans are swept."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from eseal.platform.accounts import Actor
from eseal.platform.core import AuditEntry
from eseal.platform.storage import (
    Blob,
    StorageError,
    blob_store,
    collect_orphans,
    forget_blob,
    get_blob,
    install_blob_store,
    open_blob,
    store_blob,
)
from eseal.platform.storage import local as local_module

CHILD = Path(__file__).with_name("_storage_child.py")
sys.path.insert(0, str(CHILD.parent))
from _storage_child import CHUNK, pattern  # noqa: E402

SYSTEM = Actor()


@pytest.fixture(params=["local", "s3"])
def svc(request, services):
    """Platform services whose blob store is the local directory (as bootstrap wires it) or S3 on moto."""
    if request.param == "s3":
        install_blob_store(services, request.getfixturevalue("s3_store"))
    return services


def rows(svc) -> set[str]:
    with svc.session() as db:
        return set(db.scalars(select(Blob.sha256)))


def assert_every_row_has_its_blob(svc) -> None:
    store = blob_store(svc)
    for sha in rows(svc):
        assert store.exists(sha), f"row {sha} without its blob"
        assert hashlib.sha256(store.read(sha)).hexdigest() == sha


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def age_everything(svc) -> None:
    """Let the grace period pass: the clock jumps past the blobs' wall-clock modification times."""
    svc.clock.set(datetime.now(UTC) + timedelta(hours=2))


def test_bootstrap_wires_a_local_store_under_the_data_dir(services):
    store = blob_store(services)
    assert isinstance(store, local_module.LocalBlobStore)
    assert store.root == services.settings.data_dir / "blobs"


def test_store_blob_writes_the_blob_and_its_row(svc):
    with svc.session() as db:
        first = store_blob(db, svc, actor=SYSTEM, data=b"%PDF-1.7 original", content_type="application/pdf")
    with svc.session() as db:
        again = store_blob(db, svc, actor=SYSTEM, data=iter([b"%PDF-1.7 ", b"original"]), content_type="text/plain")
        assert get_blob(db, svc, actor=SYSTEM, sha256=first.sha256) == first
        with open_blob(db, svc, actor=SYSTEM, sha256=first.sha256) as reader:
            assert reader.read() == b"%PDF-1.7 original"
    assert again == first  # one row; the first declared content type stays
    assert (first.sha256, first.size, first.content_type) == (sha(b"%PDF-1.7 original"), 17, "application/pdf")
    assert rows(svc) == {first.sha256}
    assert_every_row_has_its_blob(svc)


def test_a_blob_without_a_row_is_not_served(svc):
    blob_store(svc).put(b"orphan")
    with svc.session() as db, pytest.raises(StorageError) as err:
        open_blob(db, svc, actor=SYSTEM, sha256=sha(b"orphan"))
    assert err.value.code == "storage.not_found"


def test_too_large_leaves_neither(svc):
    with svc.session() as db, pytest.raises(StorageError) as err:
        store_blob(db, svc, actor=SYSTEM, data=(b"z" * CHUNK for _ in range(10)), max_size=CHUNK)
    assert err.value.code == "storage.too_large"
    assert rows(svc) == set() and list(blob_store(svc).iter_blobs()) == []


def test_crash_before_the_blob_is_in_place_leaves_neither(svc, monkeypatch):
    from botocore.exceptions import EndpointConnectionError

    def crash_disk(*_args, **_kwargs):
        raise OSError(28, "injected: no space left on device")

    def crash_network(*_args, **_kwargs):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")

    store = blob_store(svc)
    if isinstance(store, local_module.LocalBlobStore):
        monkeypatch.setattr(local_module, "_publish", crash_disk)
    else:
        monkeypatch.setattr(store.client, "put_object", crash_network)
    with pytest.raises(StorageError) as err, svc.session() as db:
        store_blob(db, svc, actor=SYSTEM, data=b"doomed")
    assert err.value.code == "storage.backend_error"
    assert rows(svc) == set() and list(store.iter_blobs()) == []


def test_crash_after_the_put_before_commit_leaves_an_orphan_that_is_swept(svc):
    with pytest.raises(RuntimeError), svc.session() as db:
        ref = store_blob(db, svc, actor=SYSTEM, data=b"rolled back")
        raise RuntimeError("injected: the owner's insert failed")
    assert rows(svc) == set()
    store = blob_store(svc)
    assert store.exists(ref.sha256)  # an orphan: allowed
    with svc.session() as db:
        young = collect_orphans(db, svc, actor=SYSTEM)
    assert young.removed == 0 and store.exists(ref.sha256)  # within the grace period: maybe a writer's
    age_everything(svc)
    with svc.session() as db:
        swept = collect_orphans(db, svc, actor=SYSTEM)
    assert (swept.examined, swept.removed, swept.removed_bytes) == (1, 1, len(b"rolled back"))
    assert not store.exists(ref.sha256) and rows(svc) == set()
    with svc.session() as db:
        events = [e.event for e in db.scalars(select(AuditEntry))]
    assert events.count("blob.orphans_collected") == 1


def test_failure_during_commit_leaves_no_row(svc):
    def refuse(_conn):
        raise RuntimeError("injected: the database went away at COMMIT")

    event.listen(svc.engine, "commit", refuse)
    try:
        with pytest.raises(RuntimeError), svc.session() as db:
            ref = store_blob(db, svc, actor=SYSTEM, data=b"commit fails")
    finally:
        event.remove(svc.engine, "commit", refuse)
    assert rows(svc) == set()
    assert blob_store(svc).exists(ref.sha256)
    with svc.session() as db:  # the same bytes later: stored, with their row
        store_blob(db, svc, actor=SYSTEM, data=b"commit fails")
    assert rows(svc) == {ref.sha256}
    assert_every_row_has_its_blob(svc)


def test_a_blob_swept_between_put_and_row_fails_the_write(svc, monkeypatch):
    store = blob_store(svc)
    real_put = store.put

    def put_then_swept(*args, **kwargs):
        ref = real_put(*args, **kwargs)
        store.delete(ref.sha256)  # a sweeper removed the (old, orphaned) blob right after our put found it
        return ref

    monkeypatch.setattr(store, "put", put_then_swept)
    with pytest.raises(StorageError) as err, svc.session() as db:
        store_blob(db, svc, actor=SYSTEM, data=b"vanishing")
    assert err.value.code == "storage.backend_error"
    assert rows(svc) == set()


def test_sweep_keeps_blobs_with_rows_and_young_orphans(svc):
    with svc.session() as db:
        kept = store_blob(db, svc, actor=SYSTEM, data=b"kept")
    store = blob_store(svc)
    store.put(b"old orphan")
    age_everything(svc)
    svc.clock.set(svc.clock.now())
    with svc.session() as db:
        result = collect_orphans(db, svc, actor=SYSTEM, grace=timedelta(minutes=30))
    assert (result.examined, result.removed) == (2, 1)
    assert store.exists(kept.sha256) and not store.exists(sha(b"old orphan"))
    store.put(b"young orphan")
    with svc.session() as db:
        assert collect_orphans(db, svc, actor=SYSTEM, grace=timedelta(days=365)).removed == 0
    assert_every_row_has_its_blob(svc)


def test_sweep_waits_for_a_writer_holding_the_row(svc):
    store = blob_store(svc)
    store.put(b"found again")  # an old orphan that a writer is about to reuse
    age_everything(svc)
    writer = svc.sessionmaker()
    try:
        store_blob(writer, svc, actor=SYSTEM, data=b"found again")  # row written, not committed yet
        outcome = {}
        sweeper = threading.Thread(target=lambda: outcome.update(r=_sweep(svc)))
        sweeper.start()
        sweeper.join(1.5)
        assert sweeper.is_alive()  # blocked behind the writer's row (PostgreSQL) or write lock (SQLite)
        writer.commit()
    finally:
        writer.close()
    sweeper.join(30)
    assert outcome["r"].removed == 0
    assert rows(svc) == {sha(b"found again")}
    assert_every_row_has_its_blob(svc)


def _sweep(svc):
    with svc.session() as db:
        return collect_orphans(db, svc, actor=SYSTEM)


def test_forget_blob_refuses_a_referenced_blob_and_frees_an_unreferenced_one(svc):
    with svc.session() as db:
        db.execute(text("CREATE TABLE test_owner (id INTEGER PRIMARY KEY, "
                        "blob_sha256 VARCHAR(64) NOT NULL REFERENCES blobs (sha256))"))
    with svc.session() as db:
        used = store_blob(db, svc, actor=SYSTEM, data=b"signed revision")
        free = store_blob(db, svc, actor=SYSTEM, data=b"expired original")
        db.execute(text("INSERT INTO test_owner (id, blob_sha256) VALUES (1, :s)"), {"s": used.sha256})
    with svc.session() as db:
        assert forget_blob(db, svc, actor=SYSTEM, sha256=used.sha256) is False
        assert forget_blob(db, svc, actor=SYSTEM, sha256=free.sha256) is True
        assert forget_blob(db, svc, actor=SYSTEM, sha256="0" * 64) is False
    assert rows(svc) == {used.sha256}
    age_everything(svc)
    with svc.session() as db:
        assert collect_orphans(db, svc, actor=SYSTEM).removed == 1
    assert not blob_store(svc).exists(free.sha256) and blob_store(svc).exists(used.sha256)
    assert_every_row_has_its_blob(svc)


# ------------------------------------------------------------------------------------- real crash: SIGKILL
def _kill_child_at(services, stop: str) -> None:
    url = services.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path("src").resolve()), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, str(CHILD), "db", str(services.settings.data_dir), url, stop],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == f"AT {stop}"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["mid_write", "after_put", "after_row"])
def test_process_killed_at_any_point_leaves_no_row_or_a_row_with_its_blob(services, stop):
    _kill_child_at(services, stop)
    time.sleep(0.1)  # PostgreSQL notices the dead connection and rolls its transaction back
    data = pattern(3 * CHUNK + 5)
    store = blob_store(services)
    assert rows(services) == set()
    assert_every_row_has_its_blob(services)
    if stop == "mid_write":
        assert not store.exists(sha(data)) and len(os.listdir(store.temp_dir)) == 1
    else:
        assert store.exists(sha(data))  # orphan
    with services.session() as db:  # the user tries again: works, and the dead writer's temp file is gone
        store_blob(db, services, actor=SYSTEM, data=data)
    assert rows(services) == {sha(data)} and os.listdir(store.temp_dir) == []
    assert_every_row_has_its_blob(services)
