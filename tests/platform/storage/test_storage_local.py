"""LocalBlobStore specifics: the layout, write-once files, the crash points of a put (an injected failure before
the link, and a real writer process killed with SIGKILL mid-write), stale temporary files."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eseal.platform.storage import LocalBlobStore, StorageError
from eseal.platform.storage import local as local_module

CHILD = Path(__file__).with_name("_storage_child.py")
sys.path.insert(0, str(CHILD.parent))
from _storage_child import pattern  # noqa: E402


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_layout_and_write_once_mode(local_store):
    ref = local_store.put(b"seal picture")
    path = local_store.root / ref.sha256[:2] / ref.sha256[2:4] / ref.sha256
    assert _files(local_store.root) == [path]  # nothing left in tmp/
    assert path.read_bytes() == b"seal picture"
    assert stat.S_IMODE(path.stat().st_mode) == 0o440


def test_an_existing_blob_is_never_overwritten(local_store, monkeypatch):
    ref = local_store.put(b"first")
    inode = local_store.path_for(ref.sha256).stat().st_ino
    os.utime(local_store.path_for(ref.sha256), (1_000_000, 1_000_000))
    again = local_store.put(b"first")
    assert not again.created
    st = local_store.path_for(ref.sha256).stat()
    assert st.st_ino == inode  # the same file, not a replacement
    assert st.st_mtime > 1_000_000  # its age for garbage collection restarts at the put
    assert _files(local_store.root) == [local_store.path_for(ref.sha256)]


def test_file_and_directories_are_fsynced(local_store, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(local_module.os, "fsync", spy)
    local_store.put(b"durable")
    # the file, its new leaf directory, and the entries of the two new directories in their parents
    assert synced == ["file", "dir", "dir", "dir"]


def test_failure_before_the_link_leaves_nothing(local_store, monkeypatch):
    def crash(temp: Path, final: Path) -> None:
        raise OSError(5, "injected I/O error before the link")

    monkeypatch.setattr(local_module, "_publish", crash)
    with pytest.raises(StorageError) as err:
        local_store.put(b"never stored")
    assert err.value.code == "storage.backend_error"
    assert _files(local_store.root) == []
    monkeypatch.undo()
    assert local_store.put(b"never stored").created


def test_a_live_writers_temp_file_is_kept(local_store):
    started, release = threading.Event(), threading.Event()

    def slow_body():
        yield b"a" * 10
        started.set()
        release.wait(10)
        yield b"b" * 10

    worker = threading.Thread(target=lambda: local_store.put(slow_body()))
    worker.start()
    assert started.wait(10)
    assert local_store.clean_temp() == 0  # the writer holds its lock
    assert len(list(local_store.temp_dir.iterdir())) == 1
    release.set()
    worker.join(10)
    assert local_store.exists(hashlib.sha256(b"a" * 10 + b"b" * 10).hexdigest())
    assert list(local_store.temp_dir.iterdir()) == []


@pytest.mark.slow
def test_writer_killed_mid_write_leaves_no_partial_blob(tmp_path):
    root = tmp_path / "blobs"
    size = 5 * 1024 * 1024 + 3
    child = subprocess.Popen([sys.executable, str(CHILD), "local", str(root), str(size), "mid_write"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "AT mid_write"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    store = LocalBlobStore(root)
    left = _files(root)
    assert len(left) == 1 and left[0].parent == store.temp_dir  # only the dead writer's temporary file
    assert left[0].stat().st_size == 2 * 1024 * 1024  # partial, and not under any blob name
    data = pattern(size)
    sha = hashlib.sha256(data).hexdigest()
    assert not store.exists(sha)
    ref = store.put(data)  # the same bytes again: stored, and the stale temporary file removed
    assert ref.created and ref.sha256 == sha
    assert _files(root) == [store.path_for(sha)]
    assert store.read(sha) == data
