"""``LocalBlobStore``: blobs as files under one directory, ``<root>/ab/cd/<sha256>``.

A put streams into a temporary file under ``<root>/tmp/`` (same file system as the blobs: the final directory
depends on the hash, known only at the end), hashing and counting as it goes; then it fsyncs the file, links it
under its final name and fsyncs the directory. ``os.link`` fails when the name exists, so a stored blob is never
overwritten (unlike ``rename``); the same bytes put twice are stored once. A writer holds an exclusive ``flock``
on its temporary file: a file nobody holds belongs to a writer that died (even by SIGKILL, the kernel drops the
lock) and the next put removes it. A crash at any point leaves either nothing or a complete blob under its
final name, plus at most a temporary file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from eseal.platform.storage.blobs import (
    SHA256_RE,
    BlobInfo,
    BlobReader,
    BlobRef,
    BlobSource,
    Intake,
    check_sha256,
    read_all,
)
from eseal.platform.storage.errors import BACKEND_ERROR, NOT_FOUND, StorageError

TEMP_DIR = "tmp"
TEMP_PREFIX = ".put-"
FILE_MODE = 0o440  # stored blobs are never written again


def _publish(temp: Path, final: Path) -> None:
    """Give the complete temporary file its final name; FileExistsError when the blob is already there."""
    os.link(temp, final)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalBlobStore:
    """Content-addressed files under ``root`` (default ``<data dir>/blobs``)."""

    def __init__(self, root: Path, *, fsync: bool = True) -> None:
        self.root = Path(root)
        self.temp_dir = self.root / TEMP_DIR
        self.fsync = fsync
        self.temp_dir.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        check_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    # ------------------------------------------------------------------------------------------------ write
    def put(self, data: BlobSource, *, max_size: int | None = None,
            expected_sha256: str | None = None) -> BlobRef:
        intake = Intake(max_size, expected_sha256)
        self.clean_temp()
        fd, temp = self._locked_temp()
        try:
            with os.fdopen(fd, "wb") as out:
                sha256 = intake.pour(data, out.write)
                out.flush()
                if self.fsync:
                    os.fsync(out.fileno())
                os.chmod(temp, FILE_MODE)
                created = self._link(temp, sha256)
            return BlobRef(sha256, intake.size, created)
        except OSError as exc:
            raise StorageError(BACKEND_ERROR, f"cannot store a blob under {self.root}: {exc}") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    def _locked_temp(self) -> tuple[int, Path]:
        """A new temporary file, locked by us. A cleaner may remove a file between its creation and our lock
        (it looked abandoned): then the name no longer points at our file and we take another."""
        for _ in range(5):
            try:
                fd, name = tempfile.mkstemp(dir=self.temp_dir, prefix=TEMP_PREFIX)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                raise StorageError(BACKEND_ERROR, f"cannot create a temporary file in {self.temp_dir}: {exc}") \
                    from exc
            try:
                if os.stat(name).st_ino == os.fstat(fd).st_ino:
                    return fd, Path(name)
            except FileNotFoundError:
                pass
            os.close(fd)
        raise StorageError(BACKEND_ERROR, f"temporary files in {self.temp_dir} keep disappearing")

    def _link(self, temp: Path, sha256: str) -> bool:
        final = self.path_for(sha256)
        new_dirs = [d for d in (final.parent.parent, final.parent) if not d.exists()]
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            _publish(temp, final)
        except FileExistsError:
            os.utime(final)  # a put confirmed it: garbage collection counts its age from now
            return False
        if self.fsync:
            _fsync_dir(final.parent)
            for directory in new_dirs:  # a new directory's own entry lives in its parent
                _fsync_dir(directory.parent)
        return True

    def clean_temp(self) -> int:
        removed = 0
        try:
            names = [n for n in os.listdir(self.temp_dir) if n.startswith(TEMP_PREFIX)]
        except FileNotFoundError:
            self.temp_dir.mkdir(parents=True, exist_ok=True)
            return 0
        for name in names:
            path = self.temp_dir / name
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live writer holds it
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
            finally:
                os.close(fd)
        return removed

    # ------------------------------------------------------------------------------------------------- read
    def open(self, sha256: str) -> BlobReader:
        path = self.path_for(sha256)
        try:
            handle = path.open("rb")
        except FileNotFoundError as exc:
            raise StorageError(NOT_FOUND, f"no blob {sha256}") from exc
        except OSError as exc:
            raise StorageError(BACKEND_ERROR, f"cannot open blob {sha256}: {exc}") from exc
        return BlobReader(sha256, os.fstat(handle.fileno()).st_size, handle.read, handle.close)

    def read(self, sha256: str, *, max_size: int | None = None) -> bytes:
        return read_all(self.open(sha256), max_size)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def stat(self, sha256: str) -> BlobInfo:
        try:
            st = self.path_for(sha256).stat()
        except FileNotFoundError as exc:
            raise StorageError(NOT_FOUND, f"no blob {sha256}") from exc
        return BlobInfo(sha256, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC))

    def iter_blobs(self) -> Iterator[BlobInfo]:
        for first in sorted(self.root.iterdir()):
            if not first.is_dir() or first.name == TEMP_DIR:
                continue
            for path in sorted(first.glob("*/*")):
                if SHA256_RE.fullmatch(path.name) and path.parent.name == path.name[2:4] \
                        and first.name == path.name[:2]:
                    with contextlib.suppress(FileNotFoundError):
                        st = path.stat()
                        yield BlobInfo(path.name, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC))

    # ----------------------------------------------------------------------------------------------- delete
    def delete(self, sha256: str) -> bool:
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        if self.fsync:
            _fsync_dir(path.parent)
        return True
