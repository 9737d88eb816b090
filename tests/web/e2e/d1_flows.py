"""Shared steps of the D1 end-to-end tests: the demo person logged in in the browser, a real password seal issued
to them, real PDFs, and signing through the HTTP API (what the 签署 pages do, for the tests that need a signed file)."""

from __future__ import annotations

import io
from typing import Any

SEAL_PASSWORD = "246810"


def make_pdf(pages: int = 1, text: str = "D1 contract") -> bytes:
    """A real PDF (reportlab), A4 pages, content streams uncompressed (a test can flip a byte it can find)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=0)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 18)
        c.drawString(72, 760, f"{text} - page {n}")
        c.rect(60, 60, 475, 680)
        c.showPage()
    c.save()
    return buf.getvalue()


def login_demo_person(page, live_server, *, seals: bool = False) -> dict[str, Any]:
    """Seed the demo accounts (as ``eseal demo``; its seals only with ``seals``) and log the demo person in here."""
    from eseal.platform.demo import DEMO, seed_demo

    ids = seed_demo(live_server.services, seals=seals)
    demo = {**DEMO.as_dict(), **ids}
    page.goto("/login")
    r = page.request.post("/api/v1/auth/person/login", headers={"X-CSRF-Token": csrf(page)}, data={
        "account": demo["person_id_number"], "id_type": "resident_id", "method": "password",
        "password": demo["person_password"], "agree": True})
    assert r.ok, r.text()
    return demo


def csrf(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "eseal_csrf")


def issue_seal(live_server, demo: dict[str, Any], *, method: str = "password", kind: str = "personal_square") -> int:
    """A real seal (SM2 key, certificate from the platform CA, SESeal) issued to ``owner_id``."""
    from eseal.platform.accounts import Account, Actor
    from eseal.platform.core import hash_password
    from eseal.platform.seals import IssueRequest, issue_seals

    svc = live_server.services
    owner_id = demo["person_id"]
    with svc.session() as db:
        owner = db.get(Account, owner_id)
        assert owner is not None
        (seal,) = issue_seals(db, svc, actor=Actor(account=owner), request=IssueRequest(
            owner_account_id=owner_id, kinds=(kind,), holder_name=demo["person_name"], font="song", method=method,
            id_number=demo["person_id_number"],
            method_password_hash=hash_password(SEAL_PASSWORD) if method == "password" else None))
        db.commit()
        return seal.id


def upload_api(page, pdf: bytes, name: str = "合同.pdf") -> dict[str, Any]:
    r = page.request.post(f"/api/v1/documents?name={name}", headers={"X-CSRF-Token": csrf(page),
                                                                       "Content-Type": "application/pdf"}, data=pdf)
    assert r.status == 201, r.text()
    return r.json()["document"]


def sign_api(page, doc_id: int, seal_id: int) -> None:
    """prepare → the seal's 核验密码 → submit, as sign_doc.js does."""
    stamps = [{"seal_id": seal_id, "mode": "single", "page": 1, "x_mm": 130, "y_mm": 220}]
    h = {"X-CSRF-Token": csrf(page)}
    r = page.request.post(f"/api/v1/documents/{doc_id}/signing/prepare", headers=h, data={"stamps": stamps})
    assert r.ok, r.text()
    cid = r.json()["challenge"]["challenge_id"]
    r = page.request.post(f"/api/v1/documents/{doc_id}/signing", headers=h, data={
        "stamps": stamps, "willingness_challenge_id": cid, "seal_password": SEAL_PASSWORD})
    assert r.ok, r.text()


def download_api(page, doc_id: int) -> bytes:
    r = page.request.get(f"/api/v1/documents/{doc_id}/download")
    assert r.ok, r.text()
    return r.body()
