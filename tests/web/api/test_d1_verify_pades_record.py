"""验签 finds the platform's signing record (平台签章记录) of a signature whose revision is followed by more revisions
in the file the platform stored: a PAdES signing adds a DSS revision after the signature (the signature covers a
prefix of the platform's output, e.g. 33,188 of 37,185 bytes), so the record is looked up by the hashes of the
revision prefixes that end at or after the signature's end (and before the next signature's), not only the signed
bytes' hash. A later revision added outside the platform (metadata, DSS) keeps the record too, GM and PAdES; the
public page of a report made under a grant still says only 在授权下签署."""

from __future__ import annotations

import io

import pytest
from d1_helpers import make_pdf, person_with_seal, sign, stamp, uploaded
from g1_helpers import granted_and_acting, world

pytestmark = pytest.mark.db


def _verify(client, pdf: bytes, *, passed: bool = True) -> dict:
    r = client.post("/api/v1/verify", files={"file": ("signed.pdf", pdf, "application/pdf")})
    assert r.status_code in (200, 201), r.text
    out = r.json()
    if passed:
        assert out["verdict"] == "TOTAL_PASSED", out
    full = client.get(out["report_url"])
    assert full.status_code == 200, full.text
    return full.json()


def _records(report: dict) -> list[tuple[bool, str | None, bool | None]]:
    return [(p["signed_on_platform"], (p["platform_signing"] or {}).get("mode"),
             (p["platform_signing"] or {}).get("matches_platform_copy")) for p in report["platform"]["signatures"]]


def _later_revision(pdf: bytes) -> bytes:
    """One incremental update appended outside the platform: the document info's /Title (a metadata revision)."""
    from pyhanko.pdf_utils.generic import pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    w.root["/Lang"] = pdf_string("zh-CN")
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _pades_signed(client, seal_id: int, stamps: list[dict]) -> bytes:
    assert client.put("/api/v1/signing/profile", json={"profile": "pades"}).status_code == 200
    doc = uploaded(client, make_pdf(pages=2))
    r = sign(client, doc["id"], stamps)
    assert r.status_code == 200, r.text
    assert {s["profile"] for s in r.json()["document"]["signings"]} == {"pades"}
    return client.get(f"/api/v1/documents/{doc['id']}/download").content


def test_a_pades_signing_has_its_platform_record(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    signed = _pades_signed(client, seal_id, [stamp(seal_id)])
    report = _verify(client, signed)
    (sig,) = report["report"]["signatures"]
    assert sig["profile"] == "pades"
    assert sig["coverage"]["signed_bytes"] < len(signed)  # the DSS revision after the signature: a prefix is signed
    assert _records(report) == [(True, "single", True)]


def test_several_pades_stamps_each_find_their_own_signing(app, client, register_person):
    """Each signature's candidates stop before the next signature's revision: the first signature is not credited
    with the second signing's row (modes differ, so a mix-up shows)."""
    _reg, seal_id = person_with_seal(app, client, register_person)
    signed = _pades_signed(client, seal_id, [stamp(seal_id),
                                             {"seal_id": seal_id, "mode": "seam", "pages": [1, 2], "y_mm": 90}])
    report = _verify(client, signed)
    assert _records(report) == [(True, "single", True), (True, "seam", True)]


def test_a_later_revision_added_outside_the_platform_keeps_the_record_gm_and_pades(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=1))
    assert sign(client, doc["id"], [stamp(seal_id)]).status_code == 200
    gm = client.get(f"/api/v1/documents/{doc['id']}/download").content
    pades = _pades_signed(client, seal_id, [stamp(seal_id)])
    for signed in (gm, pades):
        later = _later_revision(signed)
        assert later.startswith(signed) and len(later) > len(signed)
        report = _verify(client, later, passed=False)
        assert len(report["report"]["revisions"]) > 1
        assert _records(report) == [(True, "single", True)]


def test_pades_under_a_grant_owner_sees_the_grant_public_page_only_the_fact(app, make_client, register_enterprise,
                                                                            register_person):
    w = world(app, make_client, register_enterprise, register_person)
    ent, person, seal_id = w["ent"], w["person"], w["a"]["seals"][0]
    assert ent.put("/api/v1/signing/profile", json={"profile": "pades"}).status_code == 200
    gid = granted_and_acting(app, w, seal_ids=[seal_id], uses_total=3)
    doc = uploaded(person, make_pdf(pages=1))
    r = sign(person, doc["id"], [stamp(seal_id)])
    assert r.status_code == 200, r.text
    signed = person.get(f"/api/v1/documents/{doc['id']}/download").content
    report = _verify(person, signed)
    (entry,) = report["platform"]["signatures"]
    assert entry["signed_on_platform"] is True
    assert entry["platform_signing"]["grant_id"] == gid and entry["platform_signing"]["use_number"] == 1
    visitor = make_client()
    public = visitor.get(f"/api/v1/public/reports/{report['serial']}")
    assert public.status_code == 200, public.text
    text = public.text
    (psig,) = public.json()["signatures"]
    assert psig["authorised"] is True
    assert w["preg"]["name"] not in text and w["preg"]["id_number"] not in text and w["preg"]["phone"] not in text
    assert not {"grant", "grant_id", "use_number", "platform_signing", "signed_on_platform"} & set(psig)
    assert "授权编号" not in text and "办公室" not in text


def test_a_pades_file_changed_afterwards_keeps_its_record_and_says_it_differs(app, client, register_person):
    """One byte of the page text flipped: the signature fails, and the signature-value fallback still finds the
    PAdES signing (its stored revision is longer than the signed bytes: the DSS revision), marked as differing."""
    _reg, seal_id = person_with_seal(app, client, register_person)
    signed = _pades_signed(client, seal_id, [stamp(seal_id)])
    at = signed.index(b"D1 contract - page 1")
    tampered = signed[:at] + b"X" + signed[at + 1:]
    report = _verify(client, tampered, passed=False)
    assert [s["indication"] for s in report["report"]["signatures"]] == ["TOTAL_FAILED"]
    assert _records(report) == [(True, "single", False)]
