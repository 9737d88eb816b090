"""Never lose a document: a real server process (uvicorn subprocess) is killed with SIGKILL at each crash point of
a signing (``ESEAL_TEST_CRASH_POINT``: before the engine, after the engine, after the new blob, after every row of
the stamp but before COMMIT). After a restart: the original is intact and served, no revision row points to a
missing or damaged blob, no half-written file sits under a blob's final name, and signing again works."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from eseal.platform.accounts import KIND_PERSON, Account, Actor
from eseal.platform.core import hash_password
from eseal.platform.documents import DocumentRevision
from eseal.platform.seals import IssueRequest, issue_seals
from eseal.platform.signing import CRASH_POINTS

pytestmark = [pytest.mark.db, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]
PHONE, PASSWORD, SEAL_PASSWORD = "13712345678", "Crash12345", "246810"


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 760, "never lose a document")
    c.showPage()
    c.save()
    return buf.getvalue()


def _seed(url: str, data_dir: Path, engine: Any) -> int:
    from eseal.platform.bootstrap import build_services
    from eseal.platform.core import Settings

    svc = build_services(Settings(data_dir=data_dir, database_url=url), engine=engine)
    with svc.session() as db:
        person = Account(kind=KIND_PERSON, created_at=svc.clock.now(), status="active", phone=PHONE,
                         login_phone=PHONE, password_hash=hash_password(PASSWORD), realname_verified=True,
                         person_name="王测试")
        db.add(person)
        db.flush()
        (seal,) = issue_seals(db, svc, actor=Actor(account=person), request=IssueRequest(
            owner_account_id=person.id, kinds=("personal_square",), holder_name="王测试", id_number="110101199003070011",
            font="song", method="password", method_password_hash=hash_password(SEAL_PASSWORD)))
        db.commit()
        return seal.id


def _start(url: str, data_dir: Path, crash: str | None) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ESEAL_DATA_DIR": str(data_dir), "ESEAL_DATABASE_URL": url, "ESEAL_ENV": "development"}
    env.pop("ESEAL_TEST_CRASH_POINT", None)
    if crash:
        env["ESEAL_TEST_CRASH_POINT"] = crash
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "eseal.web.asgi:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning", "--no-access-log"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server exited at start"
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start")


def _login(base: str) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=60)
    c.headers["X-CSRF-Token"] = c.get("/api/v1/session").json()["csrf_token"]
    r = c.post("/api/v1/auth/person/login", json={"account": PHONE, "method": "password", "password": PASSWORD,
                                                   "agree": True})
    assert r.status_code == 200, r.text
    c.headers["X-CSRF-Token"] = c.get("/api/v1/session").json()["csrf_token"]
    return c


def _sign(c: httpx.Client, doc_id: int, seal_id: int) -> httpx.Response:
    stamps = [{"seal_id": seal_id, "mode": "single", "page": 1, "x_mm": 120, "y_mm": 200}]
    prep = c.post(f"/api/v1/documents/{doc_id}/signing/prepare", json={"stamps": stamps})
    assert prep.status_code == 200, prep.text
    return c.post(f"/api/v1/documents/{doc_id}/signing", json={
        "stamps": stamps, "willingness_challenge_id": prep.json()["challenge"]["challenge_id"],
        "seal_password": SEAL_PASSWORD})


def _check_store(engine: Any, data_dir: Path) -> None:
    """Every revision row names a blob that exists and hashes to its name; every file under a final name is whole."""
    blob_root = data_dir / "blobs"
    with engine.connect() as conn:
        for sha, size in conn.execute(select(DocumentRevision.blob_sha256, DocumentRevision.size)):
            path = blob_root / sha[:2] / sha[2:4] / sha
            assert path.is_file(), f"revision row points to missing blob {sha}"
            data = path.read_bytes()
            assert len(data) == size and hashlib.sha256(data).hexdigest() == sha
    for path in blob_root.glob("??/??/*"):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, f"half-written blob {path}"


def test_sigkill_at_every_point_of_a_signing_loses_nothing(db_engine, tmp_path):
    url = db_engine.url.render_as_string(hide_password=False)
    data_dir = tmp_path / "data"
    seal_id = _seed(url, data_dir, db_engine)
    original = _pdf()
    assert CRASH_POINTS == ("before_stamp", "after_engine", "after_blob", "after_rows")
    for point in CRASH_POINTS:
        proc, base = _start(url, data_dir, point)
        try:
            c = _login(base)
            r = c.post("/api/v1/documents", params={"name": f"{point}.pdf"}, content=original,
                       headers={"Content-Type": "application/pdf"})
            assert r.status_code == 201, r.text
            doc_id = r.json()["document"]["id"]
            with pytest.raises(httpx.HTTPError):
                _sign(c, doc_id, seal_id)
            assert proc.wait(timeout=30) == -9, point  # killed by SIGKILL at the point
        finally:
            if proc.poll() is None:
                proc.kill()
        proc, base = _start(url, data_dir, None)
        try:
            c = _login(base)
            doc = c.get(f"/api/v1/documents/{doc_id}").json()["document"]
            assert (doc["status"], doc["current_revision"], doc["signings"]) == ("unsigned", 0, []), point
            assert c.get(f"/api/v1/documents/{doc_id}/download").content == original
            _check_store(db_engine, data_dir)
            r = _sign(c, doc_id, seal_id)  # the user can sign again
            assert r.status_code == 200, (point, r.text)
            signed = c.get(f"/api/v1/documents/{doc_id}/download").content
            assert signed.startswith(original) and r.json()["document"]["current_revision"] == 1
            _check_store(db_engine, data_dir)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
