"""签名格式 as an account-level option [D1]: an account chooses GM (default) or PAdES (GET/PUT /signing/profile,
stored on the account); stamping without a profile in the submission uses the account's choice through the engine's
``seal_document``; a PAdES-signed PDF verifies as PAdES (platform trust, 验证通过); the document details name the
profile; the seal's ECDSA credential is made once per seal version; a grantee may read but not change it."""

from __future__ import annotations

import pytest
from apihelpers import api_error
from d1_helpers import make_pdf, me, person_with_seal, sign, stamp, uploaded
from sqlalchemy import func, select

from eseal.platform.core import AuditEntry
from eseal.platform.documents import Signing
from eseal.platform.seals import SealPadesCredential

pytestmark = pytest.mark.db


def _verify_api(client, pdf: bytes) -> tuple[dict, dict]:
    r = client.post("/api/v1/verify", files={"file": ("signed.pdf", pdf, "application/pdf")})
    assert r.status_code == 201, r.text
    out = r.json()
    full = client.get(f"/api/v1/verify/{out['serial']}")
    assert full.status_code == 200, full.text
    return out, full.json()


def test_default_profile_is_gm_and_the_choices_are_listed(app, client, register_person):
    register_person(client)
    r = client.get("/api/v1/signing/profile")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["profile"] == "gm" and body["profile_label"] == "国密签章（GB/T 38540）" and body["can_change"] is True
    assert [o["code"] for o in body["options"]] == ["gm", "pades"]
    assert all(o["label"] and o["hint"] for o in body["options"])


def test_unknown_profile_is_refused(app, client, register_person):
    register_person(client)
    r = client.put("/api/v1/signing/profile", json={"profile": "cades"})
    assert r.status_code == 400 and api_error(r)["code"] == "invalid_input"
    assert client.get("/api/v1/signing/profile").json()["profile"] == "gm"


def test_pades_account_signs_pades_and_it_verifies_as_pades(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    r = client.put("/api/v1/signing/profile", json={"profile": "pades"})
    assert r.status_code == 200, r.text
    assert r.json()["profile"] == "pades" and r.json()["profile_label"] == "PAdES 签章"
    assert client.get("/api/v1/signing/profile").json()["profile"] == "pades"  # stored

    doc = uploaded(client, make_pdf(pages=1))
    r = sign(client, doc["id"], [stamp(seal_id)])  # no profile in the submission: the account's
    assert r.status_code == 200, r.text
    (s,) = r.json()["document"]["signings"]
    assert s["profile"] == "pades"
    signed = client.get(r.json()["document"]["download_url"]).content
    assert b"/SubFilter /ETSI.CAdES.detached" in signed or b"/SubFilter/ETSI.CAdES.detached" in signed

    out, full = _verify_api(client, signed)
    assert out["verdict"] == "TOTAL_PASSED" and out["verdict_label"] == "验证通过", full["report"]
    (sig,) = full["report"]["signatures"]
    assert sig["profile"] == "pades"

    details = client.get(f"/api/v1/documents/{doc['id']}/details").json()["details"]
    assert [(x["profile"], x["profile_label"]) for x in details["signatures"]] == [("pades", "PAdES 签章")]

    # the second PAdES signing reuses the seal version's ECDSA credential
    doc2 = uploaded(client, make_pdf(pages=1, text="second"), "第二份.pdf")
    assert sign(client, doc2["id"], [stamp(seal_id)]).status_code == 200
    svc = app.state.services
    with svc.session() as db:
        assert db.scalar(select(func.count()).select_from(SealPadesCredential)) == 1
        assert [p for (p,) in db.execute(select(Signing.profile).order_by(Signing.id))] == ["pades", "pades"]
        entry = db.scalars(select(AuditEntry).where(AuditEntry.event == "account.signing_profile")).one()
        assert entry.subject == f"account:{me(client)['id']}" and '"after":"pades"' in entry.detail.replace(" ", "")


def test_back_to_gm_signs_gm_and_a_submission_may_still_name_its_profile(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    assert client.put("/api/v1/signing/profile", json={"profile": "pades"}).status_code == 200
    doc = uploaded(client, make_pdf(pages=1))
    r = sign(client, doc["id"], [stamp(seal_id)], profile="gm")  # explicit profile wins over the account's
    assert r.status_code == 200, r.text
    assert r.json()["document"]["signings"][0]["profile"] == "gm"
    assert client.put("/api/v1/signing/profile", json={"profile": "gm"}).status_code == 200
    doc2 = uploaded(client, make_pdf(pages=1, text="gm"), "国密.pdf")
    r = sign(client, doc2["id"], [stamp(seal_id)])
    assert r.json()["document"]["signings"][0]["profile"] == "gm"
    out, full = _verify_api(client, client.get(r.json()["document"]["download_url"]).content)
    assert out["verdict"] == "TOTAL_PASSED" and full["report"]["signatures"][0]["profile"] == "gm-ses"


def test_enterprise_profile_holds_for_its_grantee_who_cannot_change_it(app, make_client, register_enterprise,
                                                                     register_person):
    from asn1crypto import x509
    from g1_helpers import granted_and_acting, world

    from eseal.platform.seals import Seal, SealVersion
    from eseal.platform.storage import blob_store

    w = world(app, make_client, register_enterprise, register_person)
    ent, person, seal_id = w["ent"], w["person"], w["a"]["seals"][0]
    assert ent.put("/api/v1/signing/profile", json={"profile": "pades"}).status_code == 200
    granted_and_acting(app, w, all_seals=True, uses_total=5)
    view = person.get("/api/v1/signing/profile").json()
    assert view["profile"] == "pades" and view["can_change"] is False  # the enterprise's choice, read-only here
    r = person.put("/api/v1/signing/profile", json={"profile": "gm"})
    assert r.status_code == 403 and api_error(r)["code"] == "forbidden"
    assert ent.get("/api/v1/signing/profile").json()["profile"] == "pades"

    doc = uploaded(person, make_pdf(pages=1))
    r = sign(person, doc["id"], [stamp(seal_id)])
    assert r.status_code == 200, r.text
    assert r.json()["document"]["signings"][0]["profile"] == "pades"
    out, full = _verify_api(person, person.get(r.json()["document"]["download_url"]).content)
    assert out["verdict"] == "TOTAL_PASSED" and full["report"]["signatures"][0]["profile"] == "pades"
    svc = app.state.services
    with svc.session() as db:
        seal = db.get(Seal, seal_id)
        version = db.scalars(select(SealVersion).where(SealVersion.seal_id == seal_id)).one()
        cred = db.get(SealPadesCredential, version.id)
        ecdsa = x509.Certificate.load(blob_store(svc).read(cred.cert_sha256))
        sm2 = x509.Certificate.load(blob_store(svc).read(version.cert_sha256))
    assert ecdsa.public_key.algorithm == "ec" and seal.family == "sm2"
    assert ecdsa.subject.native == sm2.subject.native  # the same holder: the enterprise's name and credit code
    assert ecdsa.not_valid_after == sm2.not_valid_after
