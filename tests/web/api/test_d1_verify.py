"""验签 API (docs/api.md §4.12): POST /verify without login (rate-limited per IP, higher per account), the owner's
JSON and PDF report (another account or browser: 404), the public page of the QR code (verdict, no personal data),
the size/content rules, the seal's lifecycle state at signing time and the platform's signing record (grant)."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apihelpers import api_error

from eseal.engine.pdf import SigningPolicy, StampRequest, TimeSource, seal_document
from eseal.platform.accounts import Account, Actor
from eseal.platform.seals import IssueRequest, issue_seals, signing_material

pytestmark = pytest.mark.db


def make_pdf(text: str = "D1 verification contract", pad: int = 0) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=0)
    c.drawString(72, 760, text)
    c.showPage()
    c.save()
    return _pad(buf.getvalue(), pad) if pad else buf.getvalue()


def _pad(pdf: bytes, size: int) -> bytes:
    """Add an unreferenced stream object of random bytes as an incremental update, up to ``size`` bytes."""
    import os

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.Root.Padding = doc.make_stream(os.urandom(max(size - len(pdf) - 2000, 1)))
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def person_with_seal(app: Any, client: Any, register_person: Any) -> tuple[dict[str, Any], int, int]:
    """A logged-in real-name person with an issued 个人方章: (registration, account id, seal id)."""
    reg = register_person(client)
    me = client.get("/api/v1/me").json()["account"]
    svc = app.state.services
    with svc.session() as db:
        actor = Actor(account=db.get(Account, me["id"]))
        (seal,) = issue_seals(db, svc, actor=actor, request=IssueRequest(
            owner_account_id=me["id"], kinds=("personal_square",), holder_name="王测试", id_number=reg["id_number"],
            font="song"))
        seal_id = seal.id
    return reg, me["id"], seal_id


def sign(app: Any, account_id: int, seal_id: int, pdf: bytes) -> bytes:
    svc = app.state.services
    with svc.session() as db:
        material = signing_material(db, svc, actor=Actor(account=db.get(Account, account_id)), seal_id=seal_id)
    policy = SigningPolicy(profile="gm", request=StampRequest.from_mm(mode="single", page=1, x_mm=120, y_mm=200),
                           time_source=TimeSource.CA, ca=svc.ca)
    return seal_document(pdf, material, policy).pdf


@pytest.fixture
def signed(app: Any, make_client: Any, register_person: Any) -> dict[str, Any]:
    """A PDF signed with a platform seal by a person (signer's own browser is ``owner``)."""
    svc = app.state.services
    real_now = datetime.now(UTC).replace(microsecond=0)
    svc.clock.set(real_now - timedelta(hours=2))  # the CA and the seal cover the real signing time
    owner = make_client()
    reg, account_id, seal_id = person_with_seal(app, owner, register_person)
    pdf = sign(app, account_id, seal_id, make_pdf())
    svc.clock.set(real_now + timedelta(minutes=1))
    return {"pdf": pdf, "owner": owner, "reg": reg, "account_id": account_id, "seal_id": seal_id}


def post(client: Any, data: bytes, name: str = "合同.pdf") -> Any:
    return client.post("/api/v1/verify", files={"file": (name, data, "application/pdf")})


def test_anonymous_verify_owner_json_pdf_and_public_page(app, make_client, signed):
    anon = make_client()
    r = post(anon, signed["pdf"], "采购合同.pdf")
    assert r.status_code == 201, r.text
    out = r.json()
    serial = out["serial"]
    assert re.fullmatch(r"VR\d{8}[0-9A-F]{10}", serial)
    assert (out["verdict"], out["verdict_label"], out["signature_count"]) == ("TOTAL_PASSED", "验证通过", 1)
    assert out["public_url"] == "http://127.0.0.1:8000/r/" + serial and out["report_signed"] is True
    full = anon.get(out["report_url"])
    assert full.status_code == 200 and full.headers["cache-control"] == "private, no-store"
    body = full.json()
    assert body["report"]["serial"] == serial and body["report"]["indication"] == "TOTAL_PASSED"
    assert [i["status"] for i in body["report"]["signatures"][0]["items"]].count("pass") >= 6
    (p,) = body["platform"]["signatures"]
    assert (p["seal_state_at_signing"], p["seal_state_label"]) == ("active", "正常")
    assert p["signed_on_platform"] is False and p["platform_signing"] is None  # signed with the engine, no D1 row
    # the same anonymous browser downloads the sealed PDF report; its QR code opens the public page
    pdf = anon.get(out["report_pdf_url"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    assert _qr_of_pdf(pdf.content) == out["public_url"]
    # the report is a signed evidence object: it verifies with the platform's trust
    again = post(anon, pdf.content, "report.pdf").json()
    assert again["verdict"] == "TOTAL_PASSED" and again["signature_count"] == 1
    # another anonymous browser, and the logged-in signer, get 404 for the owner's routes
    other = make_client()
    for c in (other, signed["owner"]):
        assert c.get(out["report_url"]).status_code == 404
        assert api_error(c.get(out["report_pdf_url"]))["code"] == "not_found"
    # anyone gets the public page
    pub = other.get(f"/api/v1/public/reports/{serial}")
    assert pub.status_code == 200, pub.text
    page = pub.json()
    assert (page["verdict"], page["verdict_label"], page["signature_count"]) == ("TOTAL_PASSED", "验证通过", 1)
    assert page["document_name"] == "采购合同.pdf" and page["document_sha256"] == body["report"]["document"]["sha256"]
    (s,) = page["signatures"]
    assert s["verdict_label"] == "验证通过" and s["failed_items"] == [] and s["seal_state_at_signing"] == "正常"
    assert s["seal_name"] == "王**" and s["signer"] == "王**" and s["signing_time_source"] == "timestamp"
    assert other.get("/api/v1/public/reports/VR20260101ABCDEF0123").status_code == 404


def test_public_page_has_no_personal_data_or_links(app, make_client, signed):
    anon = make_client()
    serial = post(anon, signed["pdf"]).json()["serial"]
    text = anon.get(f"/api/v1/public/reports/{serial}").text
    reg = signed["reg"]
    assert reg["id_number"] not in text and reg["phone"] not in text
    assert "王测试" not in text  # the person's name, masked as 王**
    page = json.loads(text)
    hashes = (page.pop("document_sha256"), page.pop("document_sm3"))
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    rest = json.dumps(page, ensure_ascii=False)
    assert not re.search(r"\d{17}[\dXx]", rest)  # no ID-number shape anywhere but in the hashes
    assert not re.search(r"1[3-9]\d{9}", rest)  # no phone shape
    assert "/api/" not in text and "http" not in text and ".pdf\"" not in text.replace("合同.pdf\"", "")
    assert "subject" not in text and "serial_number" not in text and "certificate" not in text


def test_logged_in_report_belongs_to_the_account(app, make_client, register_person, signed):
    owner = signed["owner"]
    out = post(owner, signed["pdf"]).json()
    assert owner.get(out["report_url"]).status_code == 200
    assert owner.get(out["report_pdf_url"]).content[:5] == b"%PDF-"
    second = make_client()
    register_person(second)
    for c in (second, make_client()):
        assert c.get(out["report_url"]).status_code == 404
        assert c.get(out["report_pdf_url"]).status_code == 404
        assert c.get(f"/api/v1/public/reports/{out['serial']}").status_code == 200


def test_tampered_file_names_the_failed_item(app, make_client, signed):
    pdf = bytearray(signed["pdf"])
    pos = pdf.find(b"D1 verification contract")
    pdf[pos] = ord("X")
    anon = make_client()
    out = post(anon, bytes(pdf)).json()
    assert out["verdict"] == "TOTAL_FAILED" and out["verdict_label"] == "验证失败"
    (s,) = anon.get(f"/api/v1/public/reports/{out['serial']}").json()["signatures"]
    assert "原文杂凑" in s["failed_items"]


def test_lifecycle_state_and_grant_of_the_platform_signing(app, make_client, signed):
    """The platform's signing row (D1a's ``signings``) for the revision a signature closes: its mode, seal and the
    [G1] grant and use number show in the owner's report."""
    from eseal.platform.documents import Document, DocumentRevision, Signing
    from eseal.platform.storage import store_blob

    svc = app.state.services
    pdf, original = signed["pdf"], make_pdf()
    import hashlib

    with svc.session() as db:
        actor = Actor(account=db.get(Account, signed["account_id"]))
        now = svc.clock.now()
        doc = Document(owner_account_id=signed["account_id"], name="合同.pdf", origin="upload", status="signed",
                       created_at=now)
        db.add(doc)
        db.flush()
        revs = []
        for number, data in enumerate((original, pdf)):
            ref = store_blob(db, svc, actor=actor, data=data, content_type="application/pdf")
            rev = DocumentRevision(document_id=doc.id, number=number, blob_sha256=ref.sha256, size=len(data),
                                   sha256=hashlib.sha256(data).hexdigest(), sm3="0" * 64, created_at=now)
            db.add(rev)
            db.flush()
            revs.append(rev)
        db.add(Signing(document_id=doc.id, from_revision_id=revs[0].id, to_revision_id=revs[1].id,
                       seal_id=signed["seal_id"], mode="single", placements="{}", profile="gm",
                       acting_account_id=signed["account_id"], owner_account_id=signed["account_id"],
                       willingness_method="password", at=now, grant_id=7, use_number=3))
        db.commit()
    anon = make_client()
    out = post(anon, pdf).json()
    (p,) = anon.get(out["report_url"]).json()["platform"]["signatures"]
    assert p["signed_on_platform"] is True and p["seal_state_label"] == "正常"
    ps = p["platform_signing"]
    assert (ps["mode_label"], ps["seal_name"], ps["grant_id"], ps["use_number"]) == ("单页签章", "王测试", 7, 3)
    # the public page does not show the grant (it names the account's arrangements)
    assert "grant" not in anon.get(f"/api/v1/public/reports/{out['serial']}").text


def test_rate_limit_anonymous_per_ip_and_higher_when_logged_in(app, make_client, signed):
    from eseal.platform.core import RateEvent
    from eseal.platform.verification import ANON_PER_HOUR

    svc = app.state.services
    with svc.session() as db:  # this address already ran ANON_PER_HOUR - 1 verifications this hour
        for _ in range(ANON_PER_HOUR - 1):
            db.add(RateEvent(scope="verify.ip", key="testclient", created_at=svc.clock.now()))
        db.commit()
    anon = make_client()
    small = make_pdf()
    assert post(anon, small).status_code == 201  # the 30th
    r = post(anon, small)
    assert r.status_code == 429 and api_error(r)["message"] == "验签过于频繁，请稍后再试"
    assert int(r.headers["Retry-After"]) > 0
    assert post(signed["owner"], small).status_code == 201  # a logged-in account counts on its own (300/h)
    svc.clock.advance(hours=1, seconds=1)
    assert post(anon, small).status_code == 201


def test_content_and_size_rules(app, make_client, signed):
    import pikepdf

    anon = make_client()
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    assert (api_error(post(anon, png, "x.pdf"))["code"], api_error(post(anon, png, "x.pdf"))["message"]) == (
        "verify.not_pdf", "仅支持PDF格式的文件")
    assert api_error(post(anon, b""))["code"] == "verify.empty"
    assert api_error(post(anon, make_pdf()[:300]))["code"] == "verify.corrupt"
    enc = io.BytesIO()
    with pikepdf.open(io.BytesIO(make_pdf())) as doc:
        doc.save(enc, encryption=pikepdf.Encryption(owner="o", user="u"))
    r = post(anon, enc.getvalue())
    assert r.status_code == 400 and api_error(r)["code"] == "verify.encrypted"
    # an unsigned file over 20 MB: refused; a signed one over 20 MB (within the signing allowance): verified
    big = make_pdf(pad=20 * 1024 * 1024 + 4096)
    assert len(big) > 20 * 1024 * 1024
    r = post(anon, big)
    assert r.status_code == 413 and api_error(r)["code"] == "verify.too_large"
    svc = app.state.services
    real_now = svc.clock.now()
    svc.clock.set(real_now - timedelta(hours=1, minutes=30))
    big_signed = sign(app, signed["account_id"], signed["seal_id"], make_pdf(pad=20 * 1024 * 1024 - 16 * 1024))
    while len(big_signed) <= 20 * 1024 * 1024:  # stamp again until the signed file is over 20 MB
        big_signed = sign(app, signed["account_id"], signed["seal_id"], big_signed)
    svc.clock.set(real_now)
    r = post(anon, big_signed)
    assert r.status_code == 201 and r.json()["verdict"] == "TOTAL_PASSED", r.text
    # a declared body over the route's limit is refused before it is read
    r = anon.post("/api/v1/verify", content=b"x" * 10, headers={
        "Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(29 * 1024 * 1024)})
    assert r.status_code == 413 and api_error(r)["code"] == "body_too_large"


def _qr_of_pdf(pdf: bytes) -> str:
    import pypdfium2
    import zxingcpp

    doc = pypdfium2.PdfDocument(pdf)
    image = doc[0].render(scale=3).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code on page 1 of the report"
    return json.loads(json.dumps(found[0].text))
