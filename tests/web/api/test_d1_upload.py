"""上传文件 (docs/api.md "Documents"): PDF only by content, ≤ 20 MB counted while streaming, encrypted or damaged
files refused in Chinese, stored as revision 0; the document, its download (current and given revision), its page
count and the page previews."""

from __future__ import annotations

import io

import pytest
from apihelpers import api_error
from d1_helpers import big_pdf, make_pdf, upload, uploaded
from sqlalchemy import select

from eseal.platform.documents import Document, DocumentRevision
from eseal.platform.storage import Blob

pytestmark = pytest.mark.db


def _encrypted_pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(make_pdf())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="", R=4))
    return out.getvalue()


def test_upload_stores_revision_zero_and_serves_it(app, client, register_person):
    register_person(client)
    pdf = make_pdf(pages=3)
    r = upload(client, pdf, name="C:\\合同\\采购合同.pdf")
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    assert doc["name"] == "采购合同.pdf" and doc["status"] == "unsigned" and doc["status_label"] == "未签署"
    assert doc["page_count"] == 3 and doc["size"] == len(pdf) and doc["current_revision"] == 0
    assert doc["origin"] == "upload" and doc["signings"] == [] and len(doc["sm3"]) == 64
    import hashlib

    assert doc["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert [rv["number"] for rv in doc["revisions"]] == [0]
    assert client.get(f"/api/v1/documents/{doc['id']}").json()["document"] == doc
    d = client.get(doc["download_url"])
    assert d.status_code == 200 and d.content == pdf and d.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''%E9%87%87" in d.headers["content-disposition"]
    assert client.get(doc["download_url"], params={"revision": 0}).content == pdf
    assert client.get(doc["download_url"], params={"revision": 1}).status_code == 404
    with app.state.services.session() as db:
        row = db.get(Document, doc["id"])
        rev = db.get(DocumentRevision, row.current_revision_id)
        assert rev.number == 0 and db.get(Blob, rev.blob_sha256).size == len(pdf)


@pytest.mark.parametrize(("body", "code", "message"), [
    (b"PK\x03\x04 this is a zip, renamed to .pdf" * 100, "document.not_pdf", "仅支持上传PDF格式的文件"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage", "document.damaged", "文件已损坏或无法读取，请检查后重新上传"),
])
def test_not_a_pdf_or_damaged_is_refused_in_chinese(client, register_person, body, code, message):
    register_person(client)
    r = upload(client, body, name="renamed.pdf")
    assert r.status_code == 400 and api_error(r)["code"] == code and api_error(r)["message"] == message


def test_truncated_pdf_is_refused(client, register_person):
    register_person(client)
    pdf = make_pdf()
    r = upload(client, pdf[: len(pdf) // 2])
    assert r.status_code == 400 and api_error(r)["code"] == "document.damaged"


def test_encrypted_pdf_is_refused(client, register_person):
    register_person(client)
    r = upload(client, _encrypted_pdf())
    assert r.status_code == 400, r.text
    assert api_error(r) == {**api_error(r), "code": "document.encrypted", "message": "文件已加密，请解除密码保护后再上传"}


def test_over_20_mb_declared_is_refused_before_reading(client, register_person):
    register_person(client)
    r = client.post("/api/v1/documents", content=b"%PDF-" + b"0" * (20 * 1024 * 1024),
                    headers={"Content-Type": "application/pdf"})
    assert r.status_code == 413


def test_over_20_mb_streamed_is_refused_while_streaming(app, client, register_person):
    """A chunked body (no Content-Length) is counted chunk by chunk and refused once it passes 20 MB; nothing is
    stored. (The TestClient hands the app the whole generator; that the server stops reading is UploadSpool's
    test below, and bench/api_load.py measures the server's memory during a real 20 MB upload.)"""
    register_person(client)

    def body():
        yield b"%PDF-1.7\n"
        for _ in range(100):  # 25 MB offered
            yield b"0" * (256 * 1024)

    r = client.post("/api/v1/documents", content=body(), headers={"Content-Type": "application/pdf"})
    assert r.status_code == 413 and api_error(r)["code"] == "document.too_large", r.text
    assert api_error(r)["message"] == "文件超过20MB，请压缩后再上传"
    with app.state.services.session() as db:
        assert db.scalars(select(Document)).all() == []


def test_spool_refuses_the_chunk_that_passes_the_limit_and_spools_to_disk():
    from eseal.platform.core import PlatformError
    from eseal.platform.documents import MAX_UPLOAD_BYTES, UploadSpool

    spool = UploadSpool()
    chunk = b"0" * (1024 * 1024)
    for _ in range(20):
        spool.write(chunk)
    assert spool.size == MAX_UPLOAD_BYTES and spool.file._rolled  # on disk, not in memory
    with pytest.raises(PlatformError) as exc:
        spool.write(b"0")
    assert exc.value.code == "document.too_large"
    spool.close()


def test_exactly_20_mb_pdf_is_accepted(client, register_person):
    register_person(client)
    pdf = big_pdf(20 * 1024 * 1024 - 4096)
    assert 20 * 1024 * 1024 - 8192 < len(pdf) <= 20 * 1024 * 1024
    r = upload(client, pdf)
    assert r.status_code == 201, r.text


def test_page_previews_are_pngs_cached_per_revision(app, client, register_person):
    register_person(client)
    doc = uploaded(client, make_pdf(pages=2))
    r = client.get(f"/api/v1/documents/{doc['id']}/pages/2.png", params={"width": 400})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content[:4] == b"\x89PNG"
    from PIL import Image

    img = Image.open(io.BytesIO(r.content))
    assert img.width == 480 and img.height > img.width  # width rounded up to 480, A4 portrait
    cached = list((app.state.services.settings.data_dir / "previews").rglob("2-480.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == r.content
    assert client.get(f"/api/v1/documents/{doc['id']}/pages/2.png", params={"width": 400}).content == r.content
    assert client.get(f"/api/v1/documents/{doc['id']}/pages/3.png").status_code == 404
    assert client.get(f"/api/v1/documents/{doc['id']}/pages/0.png").status_code == 404
    assert client.get(f"/api/v1/documents/{doc['id']}/pages/1.png", params={"revision": 5}).status_code == 404


def test_anonymous_cannot_upload(make_client):
    c = make_client()
    c.get("/api/v1/session")
    assert upload(c, make_pdf()).status_code == 401


def test_a_browser_gone_mid_upload_stores_nothing_and_logs_no_error(live_server, caplog):
    """A chunked upload cut off by the client: no document, no 500 traceback in the logs (ClientDisconnect is the
    upload's own refusal, document.upload_interrupted)."""
    import logging
    import socket
    import time

    import httpx

    from eseal.platform.demo import DEMO, seed_demo

    seed_demo(live_server.services)
    caplog.set_level(logging.INFO)
    c = httpx.Client(base_url=live_server)
    c.headers["X-CSRF-Token"] = c.get("/api/v1/session").json()["csrf_token"]
    r = c.post("/api/v1/auth/person/login", json={"account": DEMO.person_phone, "method": "password",
                                                  "password": DEMO.person_password, "agree": True})
    assert r.status_code == 200, r.text
    token = r.json()["session"]["csrf_token"]
    with live_server.services.session() as db:
        before = len(db.scalars(select(Document)).all())  # the demo seed has business documents
    host, port = live_server.removeprefix("http://").split(":")
    cookies = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    with socket.create_connection((host, int(port))) as s:
        s.sendall((f"POST /api/v1/documents HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/pdf\r\n"
                   f"Transfer-Encoding: chunked\r\nX-CSRF-Token: {token}\r\nCookie: {cookies}\r\n\r\n").encode())
        s.sendall(b"%x\r\n%s\r\n" % (9, b"%PDF-1.7\n"))
        time.sleep(0.3)
    time.sleep(0.5)
    with live_server.services.session() as db:
        assert len(db.scalars(select(Document)).all()) == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
