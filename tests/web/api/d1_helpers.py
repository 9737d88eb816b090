"""Helpers of the D1a API tests (documents + signing): real PDFs, persons with real issued seals, the willingness
steps of a signing."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from eseal.platform.accounts import Account, Actor
from eseal.platform.core import hash_password
from eseal.platform.seals import IssueRequest, issue_seals

SEAL_PASSWORD = "246810"


def make_pdf(pages: int = 1, text: str = "D1 contract", pad_bytes: int = 0) -> bytes:
    """A real PDF (reportlab), ``pages`` A4 pages; ``pad_bytes`` of incompressible noise in an image on page 1."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=0)
    for n in range(1, pages + 1):
        c.drawString(72, 760, f"{text} - page {n}")
        if n == 1 and pad_bytes:
            import os

            from PIL import Image
            from reportlab.lib.utils import ImageReader

            side = int((pad_bytes / 3) ** 0.5) + 1
            img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
            c.drawImage(ImageReader(img), 72, 300, width=200, height=200)
        c.showPage()
    c.save()
    return buf.getvalue()


def big_pdf(size: int, pages: int = 1) -> bytes:
    """A real PDF of exactly about ``size`` bytes: ``pages`` pages, page 1 carrying an incompressible image XObject
    (pikepdf, fast)."""
    import os

    import pikepdf

    base = make_pdf(pages=pages)
    with pikepdf.open(io.BytesIO(base)) as pdf:
        side = 64
        overhead = len(base) + 600
        raw = os.urandom(max(side * side * 3, size - overhead))
        height = len(raw) // (side * 3)
        raw = raw[: side * 3 * height]
        image = pikepdf.Stream(pdf, raw)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = side, height, 8
        image.ColorSpace = pikepdf.Name.DeviceRGB
        page = pdf.pages[0]
        page.Resources.XObject = pikepdf.Dictionary(Pad=image)
        out = io.BytesIO()
        pdf.save(out, compress_streams=False)
    return out.getvalue()


def real_time(app: Any) -> None:
    """The platform clock an hour before the wall clock: seals issued now are valid for the engine, which checks the
    SESeal against the real time."""
    app.state.services.clock.set(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))


def me(client: Any) -> dict[str, Any]:
    return client.get("/api/v1/me").json()["account"]


def issue(app: Any, owner_id: int, kind: str = "personal_square", *, method: str = "password",
          **fields: Any) -> int:
    svc = app.state.services
    pw = hash_password(SEAL_PASSWORD) if method == "password" else None
    with svc.session() as db:
        owner = db.get(Account, owner_id)
        assert owner is not None
        actor = Actor(account=owner)
        (seal,) = issue_seals(db, svc, actor=actor, request=IssueRequest(
            owner_account_id=owner_id, kinds=(kind,), holder_name=fields.pop("holder_name", "王测试"),
            font=fields.pop("font", "song"), method=method, method_password_hash=pw, **fields))
        db.commit()
        return seal.id


def person_with_seal(app: Any, client: Any, register_person: Any, *, method: str = "password") -> tuple[dict, int]:
    real_time(app)
    reg = register_person(client)
    seal_id = issue(app, me(client)["id"], id_number=reg["id_number"], method=method)
    return reg, seal_id


def upload(client: Any, pdf: bytes, name: str = "合同.pdf") -> Any:
    return client.post("/api/v1/documents", params={"name": name}, content=pdf,
                       headers={"Content-Type": "application/pdf"})


def uploaded(client: Any, pdf: bytes | None = None, name: str = "合同.pdf") -> dict[str, Any]:
    r = upload(client, pdf if pdf is not None else make_pdf(), name)
    assert r.status_code == 201, r.text
    return r.json()["document"]


def stamp(seal_id: int, **kw: Any) -> dict[str, Any]:
    return {"seal_id": seal_id, "mode": "single", "page": 1, "x_mm": 120, "y_mm": 200, **kw}


def sms_satisfy(client: Any, cid: str) -> None:
    from eseal.platform.identity import SmsOutbox
    from eseal.web.dev import _code_in

    assert client.post(f"/api/v1/willingness/challenges/{cid}/sms", json={}).status_code == 200
    svc = client.app.state.services
    with svc.session() as db:
        text = db.scalars(select(SmsOutbox.text).order_by(SmsOutbox.id.desc()).limit(1)).first()
    r = client.post(f"/api/v1/willingness/challenges/{cid}/satisfy", json={"method": "sms", "sms_code": _code_in(text)})
    assert r.status_code == 200, r.text
    svc.clock.advance(seconds=61)


def sign(client: Any, doc_id: int, stamps: list[dict[str, Any]], *, method: str = "password",
         password: str = SEAL_PASSWORD, **extra: Any) -> Any:
    """prepare → willingness with the seal's method → submit; the submit response."""
    r = client.post(f"/api/v1/documents/{doc_id}/signing/prepare", json={"stamps": stamps})
    assert r.status_code == 200, r.text
    prep = r.json()
    assert prep["method"] == method, prep
    cid = prep["challenge"]["challenge_id"]
    body: dict[str, Any] = {"stamps": stamps, "willingness_challenge_id": cid, **extra}
    if method == "password":
        body["seal_password"] = password
    elif method == "sms":
        sms_satisfy(client, cid)
    return client.post(f"/api/v1/documents/{doc_id}/signing", json=body)


def verify(app: Any, pdf: bytes) -> Any:
    from eseal.engine.pdf import TrustStore, verify_pdf
    from eseal.platform.seals import seal_lifecycle

    svc = app.state.services
    ca = svc.ca
    trust = TrustStore(anchors=ca.trust_roots("sm2"), intermediates=ca.intermediates("sm2"), crls=ca.crls("sm2"))
    with svc.session() as db:
        return verify_pdf(pdf, trust=trust, lifecycle=seal_lifecycle(db))
