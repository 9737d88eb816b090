"""验签 of a file signed on this platform finds the platform's signing record (平台签章记录) for every signature:
documents signed through the HTTP API (single; multi + seam in one submission; a second party signing in turn),
the downloaded file uploaded to POST /verify, each signature's ``platform_signing`` names the signing row (mode,
seal) — never 「非本平台签章」 for a file this platform signed."""

from __future__ import annotations

import pytest
from d1_helpers import make_pdf, person_with_seal, sign, stamp, uploaded

pytestmark = pytest.mark.db


def _verify(client, pdf: bytes) -> dict:
    r = client.post("/api/v1/verify", files={"file": ("signed.pdf", pdf, "application/pdf")})
    assert r.status_code in (200, 201), r.text
    out = r.json()
    assert out["verdict"] == "TOTAL_PASSED", out
    full = client.get(out["report_url"])
    assert full.status_code == 200, full.text
    return full.json()


def _records(report: dict) -> list[tuple[bool, str | None, str | None]]:
    return [(p["signed_on_platform"], (p["platform_signing"] or {}).get("mode"),
             (p["platform_signing"] or {}).get("seal_name")) for p in report["platform"]["signatures"]]


def test_single_stamp_signed_through_the_api_has_its_platform_record(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=2))
    r = sign(client, doc["id"], [stamp(seal_id)])
    assert r.status_code == 200, r.text
    signed = client.get(f"/api/v1/documents/{doc['id']}/download").content
    assert _records(_verify(client, signed)) == [(True, "single", "王测试")]


def test_several_stamps_and_a_second_signing_all_have_their_records(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=3))
    r = sign(client, doc["id"], [stamp(seal_id),
                                 {"seal_id": seal_id, "mode": "multi", "pages": [1, 2, 3], "x_mm": 30, "y_mm": 40},
                                 {"seal_id": seal_id, "mode": "seam", "pages": [1, 2, 3], "y_mm": 100}])
    assert r.status_code == 200, r.text
    r = sign(client, doc["id"], [stamp(seal_id, x_mm=20, y_mm=20)])
    assert r.status_code == 200, r.text
    signed = client.get(f"/api/v1/documents/{doc['id']}/download").content
    report = _verify(client, signed)
    assert len(report["report"]["signatures"]) == 4
    assert _records(report) == [(True, "single", "王测试"), (True, "multi", "王测试"), (True, "seam", "王测试"),
                                (True, "single", "王测试")]


def test_a_file_verified_by_someone_else_still_shows_the_platform_record(app, client, make_client, register_person):
    """The record is the platform's, not the uploader's: a visitor without login verifying the file sees it too."""
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf())
    assert sign(client, doc["id"], [stamp(seal_id)]).status_code == 200
    signed = client.get(f"/api/v1/documents/{doc['id']}/download").content
    assert _records(_verify(make_client(), signed)) == [(True, "single", "王测试")]


def test_a_platform_signed_file_changed_afterwards_keeps_its_record_and_says_it_differs(app, client, register_person):
    """One byte flipped inside the signed range: the signature fails at 原文杂凑, and the report still names the
    platform's signing (found by the signature value, which the change left in place), marked as no longer
    matching the platform's copy — not 「非本平台签章」."""
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=2))
    r = sign(client, doc["id"], [stamp(seal_id), {"seal_id": seal_id, "mode": "seam", "pages": [1, 2], "y_mm": 90}])
    assert r.status_code == 200, r.text
    signed = client.get(f"/api/v1/documents/{doc['id']}/download").content
    at = signed.index(b"D1 contract - page 1")
    tampered = signed[:at] + b"X" + signed[at + 1:]
    r = client.post("/api/v1/verify", files={"file": ("tampered.pdf", tampered, "application/pdf")})
    assert r.status_code in (200, 201), r.text
    report = client.get(r.json()["report_url"]).json()
    assert [s["indication"] for s in report["report"]["signatures"]] == ["TOTAL_FAILED", "TOTAL_FAILED"]
    platform = report["platform"]["signatures"]
    assert _records(report) == [(True, "single", "王测试"), (True, "seam", "王测试")]
    assert [p["platform_signing"]["matches_platform_copy"] for p in platform] == [False, False]
    untouched = client.post("/api/v1/verify", files={"file": ("signed.pdf", signed, "application/pdf")})
    again = client.get(untouched.json()["report_url"]).json()["platform"]["signatures"]
    assert [p["platform_signing"]["matches_platform_copy"] for p in again] == [True, True]


def test_each_signature_has_its_seal_picture_for_the_owner_of_the_report(app, client, make_client, register_person):
    """``platform.signatures[i].picture_url``: the SES seal picture as PNG (the red seal face), for the account that
    ran the verification; another account or browser gets 404 like a report that does not exist."""
    import io

    from PIL import Image

    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf())
    assert sign(client, doc["id"], [stamp(seal_id)]).status_code == 200
    signed = client.get(f"/api/v1/documents/{doc['id']}/download").content
    report = _verify(client, signed)
    (entry,) = report["platform"]["signatures"]
    serial = report["serial"]
    assert entry["picture_url"] == f"/api/v1/verify/{serial}/signatures/{entry['index']}/picture.png"
    r = client.get(entry["picture_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    img = Image.open(io.BytesIO(r.content)).convert("RGBA")
    seal_png = Image.open(io.BytesIO(client.get(f"/api/v1/seals/{seal_id}/image.png").content)).convert("RGBA")
    assert abs(img.width / img.height - seal_png.width / seal_png.height) < 0.02  # the seal's face, its proportions
    red = sum(1 for r_, g, b, a in img.getdata() if a > 128 and r_ > 150 and g < 90 and b < 90)
    assert red > img.width * img.height * 0.05, red
    assert make_client().get(entry["picture_url"]).status_code == 404
    assert client.get(f"/api/v1/verify/{serial}/signatures/99/picture.png").status_code == 404
