"""[G1] the verification report of a file stamped under a grant: the owner's JSON, the platform's PDF report and
(tests/web/e2e) the 验签详情 page show the grant (label, grantor, masked grantee), its window in Beijing time as it
stood at that use, and the use number of its count; the public page of the report's serial says only 在授权下签署
— no grant number, no person, no window."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from d1_helpers import make_pdf, sign, stamp, uploaded
from g1_helpers import granted_and_acting, proof, window, world

pytestmark = pytest.mark.db

BJ = timezone(timedelta(hours=8))
OUT = Path(__file__).resolve().parents[3] / "test-output"


@pytest.fixture
def w(app, make_client, register_enterprise, register_person):
    return world(app, make_client, register_enterprise, register_person)


def _bj(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(BJ).strftime("%Y-%m-%d %H:%M:%S")


def _pdf_text(pdf: bytes, png_name: str | None = None) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if png_name:
            OUT.mkdir(exist_ok=True)
            for i in range(len(doc)):
                doc[i].render(scale=1.6).to_pil().save(OUT / f"{png_name}-p{i + 1}.png")
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _verify(client, pdf: bytes) -> dict:
    r = client.post("/api/v1/verify", files={"file": ("授权合同.pdf", pdf, "application/pdf")})
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_report_shows_grant_window_and_use_number_and_the_public_page_only_the_fact(app, w, make_client):
    seal_a = w["a"]["seals"][0]
    win = window(app, start_h=-2, end_h=30)
    gid = granted_and_acting(app, w, seal_ids=[seal_a], uses_total=2, **win)
    person = w["person"]
    doc = uploaded(person, make_pdf(), "授权合同.pdf")
    assert sign(person, doc["id"], [stamp(seal_a)]).status_code == 200
    signed = person.get(f"/api/v1/documents/{doc['id']}/download").content
    # the enterprise then changes the window: the report of the earlier use keeps the window it was made in
    cid = proof(w["ent"], "grant.change", "grant", gid)
    r = w["ent"].post(f"/api/v1/grants/{gid}/change", json={"seal_ids": [seal_a], "uses_total": 2,
                                                             **window(app, end_h=24 * 5),
                                                             "willingness_challenge_id": cid})
    assert r.status_code == 200, r.text

    verifier = w["ent"]
    out = _verify(verifier, signed)
    body = verifier.get(out["report_url"]).json()
    (p,) = body["platform"]["signatures"]
    grant = p["platform_signing"]["grant"]
    ent_name = w["a"]["reg"]["name"]
    assert grant == {"id": gid, "label": f"授权编号 {gid}", "grantor": ent_name, "grantee_masked": "王**",
                     "starts_at": grant["starts_at"], "ends_at": grant["ends_at"], "uses_total": 2, "use_number": 1}
    assert datetime.fromisoformat(grant["starts_at"]) == datetime.fromisoformat(win["starts_at"])
    assert datetime.fromisoformat(grant["ends_at"]) == datetime.fromisoformat(win["ends_at"])
    assert p["platform_signing"]["use_number"] == 1 and p["platform_signing"]["grant_id"] == gid

    # the platform's PDF report: the same three facts, Beijing time, the person masked
    pdf = verifier.get(out["report_pdf_url"]).content
    text = _pdf_text(pdf, "g1-verify-report")
    flat = re.sub(r"\s+", "", text)
    assert f"授权编号{gid}（{ent_name}授权王**）" in flat, text
    assert "授权时间" in flat and f"北京时间{_bj(win['starts_at'])}至{_bj(win['ends_at'])}".replace(" ", "") in flat
    assert "第1次使用（共2次）" in flat
    assert "王测试" not in flat

    # the public page of the serial: 在授权下签署, and nothing of the grant or the person
    anon = make_client()
    pub = anon.get(f"/api/v1/public/reports/{out['serial']}")
    assert pub.status_code == 200
    (s,) = pub.json()["signatures"]
    assert s["authorised"] is True
    raw = pub.text
    for secret in ("王测试", "王**", w["preg"]["id_number"], w["preg"]["phone"], "授权编号", "grant",
                   win["starts_at"][:16], "use_number", "uses_total", "/api/", "http"):
        assert secret not in raw, secret
    assert json.loads(raw)["signature_count"] == 1


def test_unlimited_grant_and_an_owner_signature(app, w):
    seal_a = w["a"]["seals"][0]
    gid = granted_and_acting(app, w, all_seals=True, uses_total=None)
    person = w["person"]
    doc = uploaded(person, make_pdf(), "不限次数.pdf")
    assert sign(person, doc["id"], [stamp(seal_a)]).status_code == 200
    doc2 = uploaded(person, make_pdf(), "不限次数2.pdf")
    assert sign(person, doc2["id"], [stamp(seal_a)]).status_code == 200
    signed = person.get(f"/api/v1/documents/{doc2['id']}/download").content
    out = _verify(person, signed)
    (p,) = person.get(out["report_url"]).json()["platform"]["signatures"]
    assert (p["platform_signing"]["grant"]["id"], p["platform_signing"]["grant"]["uses_total"],
            p["platform_signing"]["use_number"]) == (gid, None, 2)
    flat = re.sub(r"\s+", "", _pdf_text(person.get(out["report_pdf_url"]).content))
    assert "第2次使用（不限次数）" in flat

    # the enterprise stamping itself: no grant anywhere, not 在授权下签署
    ent = w["ent"]
    doc3 = uploaded(ent, make_pdf(), "法人签署.pdf")
    assert sign(ent, doc3["id"], [stamp(seal_a)]).status_code == 200
    out = _verify(ent, ent.get(f"/api/v1/documents/{doc3['id']}/download").content)
    (p,) = ent.get(out["report_url"]).json()["platform"]["signatures"]
    assert p["platform_signing"]["grant_id"] is None and p["platform_signing"]["grant"] is None
    assert "授权编号" not in _pdf_text(ent.get(out["report_pdf_url"]).content)
    assert ent.get(f"/api/v1/public/reports/{out['serial']}").json()["signatures"][0]["authorised"] is False
