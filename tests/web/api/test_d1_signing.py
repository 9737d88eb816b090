"""提交签署 (docs/api.md "Signing"): 选章 with usable flags and reasons, several stamps (single / multi / seam) behind
one willingness challenge with the seal's own method, one revision + signings row + audit row per stamp, the seal's
use count, two parties signing in turn (the first signature stays valid), a suspended seal cannot be chosen."""

from __future__ import annotations

import json

import pytest
from apihelpers import api_error
from d1_helpers import SEAL_PASSWORD, make_pdf, me, person_with_seal, sign, stamp, uploaded, verify
from sqlalchemy import select

from eseal.engine.pdf import Indication
from eseal.platform.core import AuditEntry
from eseal.platform.documents import Document, DocumentRevision, Signing
from eseal.platform.seals import Seal
from eseal.platform.storage import Blob

pytestmark = pytest.mark.db


def test_sign_single_stamp_with_the_seal_password(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=2))
    original = client.get(doc["download_url"]).content
    r = sign(client, doc["id"], [stamp(seal_id)])
    assert r.status_code == 200, r.text
    out = r.json()["document"]
    assert out["status"] == "signed" and out["status_label"] == "已签署" and out["signed_at"]
    assert out["current_revision"] == 1 and [rv["number"] for rv in out["revisions"]] == [0, 1]
    (s,) = out["signings"]
    assert (s["seal_id"], s["mode"], s["pages"], s["x_mm"], s["y_mm"], s["profile"], s["willingness_method"]) == \
        (seal_id, "single", [1], 120, 200, "gm", "password")
    signed = client.get(out["download_url"]).content
    assert signed.startswith(original) and len(signed) > len(original)  # incremental update of the original
    assert client.get(out["download_url"], params={"revision": 0}).content == original
    report = verify(app, signed)
    (sig,) = report.signatures
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    svc = app.state.services
    with svc.session() as db:
        row = db.scalars(select(Signing)).one()
        assert row.acting_account_id == me(client)["id"] and row.owner_account_id == me(client)["id"]
        assert row.client_ip and json.loads(row.placements) == {"pages": [1], "x_mm": 120, "y_mm": 200}
        assert db.get(Seal, seal_id).use_count == 1
        rev = db.get(DocumentRevision, row.to_revision_id)
        assert rev.signing_id == row.id and db.get(Blob, rev.blob_sha256) is not None
        entry = db.scalars(select(AuditEntry).where(AuditEntry.event == "document.signed")).one()
        detail = json.loads(entry.detail)
        assert detail["sha256_before"] == doc["sha256"] and detail["sha256_after"] == out["sha256"]
        assert detail["seal"] == seal_id and detail["method"] == "password" and detail["owner"] == me(client)["id"]
        assert entry.ip and entry.actor_account_id == me(client)["id"] and entry.created_at
    assert client.get(f"/api/v1/seals/{seal_id}").json()["seal"]["use_count"] == 1


def test_several_stamps_single_multi_seam_in_one_submission(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=3))
    stamps = [stamp(seal_id), {"seal_id": seal_id, "mode": "multi", "pages": [2, 3], "x_mm": 30, "y_mm": 40},
              {"seal_id": seal_id, "mode": "seam", "pages": None, "y_mm": 100}]
    r = sign(client, doc["id"], stamps)
    assert r.status_code == 200, r.text
    out = r.json()["document"]
    assert out["current_revision"] == 3 and [s["mode"] for s in out["signings"]] == ["single", "multi", "seam"]
    assert [s["pages"] for s in out["signings"]] == [[1], [2, 3], [1, 2, 3]]
    report = verify(app, client.get(out["download_url"]).content)
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 3, \
        [s.message for s in report.signatures]
    with app.state.services.session() as db:
        assert db.get(Seal, seal_id).use_count == 3
        assert len(db.scalars(select(AuditEntry).where(AuditEntry.event == "document.signed")).all()) == 3
    # 浏览文档 of the stamped revision shows the seals (preview of revision 3 differs from revision 0)
    p0 = client.get(f"/api/v1/documents/{doc['id']}/pages/1.png", params={"revision": 0}).content
    p3 = client.get(f"/api/v1/documents/{doc['id']}/pages/1.png").content
    assert p0 != p3


def test_two_parties_sign_in_turn_and_the_first_signature_stays_valid(app, client, make_client, register_person):
    _reg, seal_a = person_with_seal(app, client, register_person)
    doc = uploaded(client)
    assert sign(client, doc["id"], [stamp(seal_a)]).status_code == 200
    first = client.get(doc["download_url"]).content
    # the second party receives the signed PDF and signs it in their own account
    other = make_client()
    _reg_b, seal_b = person_with_seal(app, other, register_person)
    doc_b = uploaded(other, first, name="合同-乙方.pdf")
    r = sign(other, doc_b["id"], [stamp(seal_b, x_mm=30)])
    assert r.status_code == 200, r.text
    both = other.get(r.json()["document"]["download_url"]).content
    assert both.startswith(first)
    report = verify(app, both)
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 2, \
        [s.message for s in report.signatures]


def test_wrong_seal_password_consumes_nothing_and_counts(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client)
    r = sign(client, doc["id"], [stamp(seal_id)], password="999999")
    assert r.status_code == 403 and api_error(r)["code"] == "sign.seal_password_wrong"
    assert api_error(r)["message"] == "印章核验密码错误，还可尝试4次"
    d = client.get(f"/api/v1/documents/{doc['id']}").json()["document"]
    assert d["status"] == "unsigned" and d["current_revision"] == 0
    # the account's own 核验密码 is not the seal's: satisfying the challenge with it is a different method path,
    # and a submission without any willingness is refused
    r = client.post(f"/api/v1/documents/{doc['id']}/signing", json={"stamps": [stamp(seal_id)]})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"


def test_challenge_is_single_use_and_bound_to_the_document(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc, other_doc = uploaded(client), uploaded(client)
    prep = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]}).json()
    assert prep["challenge"]["action"] == "sign.submit" and prep["challenge"]["action_label"] == "提交签署"
    assert prep["challenge"]["target_type"] == "document" and prep["challenge"]["target_id"] == str(doc["id"])
    body = {"stamps": [stamp(seal_id)], "willingness_challenge_id": prep["challenge"]["challenge_id"],
            "seal_password": SEAL_PASSWORD}
    r = client.post(f"/api/v1/documents/{other_doc['id']}/signing", json=body)
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"
    assert client.post(f"/api/v1/documents/{doc['id']}/signing", json=body).status_code == 200
    r = client.post(f"/api/v1/documents/{doc['id']}/signing", json=body)
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"


def test_sms_seal_needs_an_sms_satisfied_challenge(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person, method="sms")
    doc = uploaded(client)
    r = sign(client, doc["id"], [stamp(seal_id)], method="sms")
    assert r.status_code == 200, r.text
    assert r.json()["document"]["signings"][0]["willingness_method"] == "sms"
    # a password (the seal has none) does not stand in for SMS
    prep = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]}).json()
    r = client.post(f"/api/v1/documents/{doc['id']}/signing", json={
        "stamps": [stamp(seal_id)], "willingness_challenge_id": prep["challenge"]["challenge_id"],
        "seal_password": SEAL_PASSWORD})
    assert r.status_code == 403 and api_error(r)["code"] == "willingness_required"


def test_seal_choices_and_a_suspended_seal_cannot_be_chosen(app, client, register_person):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client)
    (choice,) = client.get("/api/v1/signing/seals").json()["seals"]
    assert choice["id"] == seal_id and choice["usable"] is True and choice["reason"] is None
    assert choice["method"] == "password" and choice["method_label"] == "核验密码" and choice["width_mm"] > 0
    svc = app.state.services
    with svc.session() as db:
        db.get(Seal, seal_id).state = "suspended"
        db.commit()
    (choice,) = client.get("/api/v1/signing/seals").json()["seals"]
    assert choice["usable"] is False and choice["reason_code"] == "seal.suspended"
    assert choice["reason"] == "印章已停用，不能用于签章"
    r = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]})
    assert r.status_code == 409 and api_error(r)["code"] == "seal.suspended"
    with svc.session() as db:
        db.get(Seal, seal_id).state = "enabled"
        db.commit()
    prep = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": [stamp(seal_id)]}).json()
    with svc.session() as db:  # suspended between 下一步 and 提交
        db.get(Seal, seal_id).state = "suspended"
        db.commit()
    r = client.post(f"/api/v1/documents/{doc['id']}/signing", json={
        "stamps": [stamp(seal_id)], "willingness_challenge_id": prep["challenge"]["challenge_id"],
        "seal_password": SEAL_PASSWORD})
    assert r.status_code == 409 and api_error(r)["code"] == "seal.suspended"
    with svc.session() as db:
        assert db.get(Document, doc["id"]).status == "unsigned" and db.scalars(select(Signing)).all() == []


@pytest.mark.parametrize(("bad", "code"), [
    ({"page": 3}, "sign.bad_stamp"),
    ({"mode": "seam", "pages": [1], "x_mm": None}, "sign.bad_stamp"),
    ({"mode": "seam", "pages": [1, 2], "x_mm": 10}, "sign.bad_stamp"),
    ({"mode": "nope"}, "sign.bad_stamp"),
    ({"x_mm": 205, "y_mm": 200}, "sign.bad_placement"),  # off the A4 page: the engine's PlacementError
])
def test_bad_stamps_are_refused_and_nothing_is_kept(app, client, register_person, bad, code):
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, make_pdf(pages=2))
    body = {"stamps": [stamp(seal_id, **bad)], "seal_password": SEAL_PASSWORD}
    r = client.post(f"/api/v1/documents/{doc['id']}/signing/prepare", json={"stamps": body["stamps"]})
    if code == "sign.bad_stamp":
        assert r.status_code == 400 and api_error(r)["code"] == code, r.text
        return
    cid = r.json()["challenge"]["challenge_id"]
    r = client.post(f"/api/v1/documents/{doc['id']}/signing", json={**body, "willingness_challenge_id": cid})
    assert r.status_code == 400 and api_error(r)["code"] == code, r.text
    with app.state.services.session() as db:
        assert db.scalars(select(Signing)).all() == [] and db.get(Document, doc["id"]).current_revision_id
        assert len(db.scalars(select(DocumentRevision)).all()) == 1
    # the challenge was not consumed by the refused submission: a corrected one goes through with it
    r = client.post(f"/api/v1/documents/{doc['id']}/signing", json={
        "stamps": [stamp(seal_id)], "willingness_challenge_id": cid, "seal_password": SEAL_PASSWORD})
    assert r.status_code == 200, r.text


def test_pades_profile_per_submission_signs_with_the_seals_ecdsa_credential(app, client, register_person):
    # platform seals are SM2; PAdES signs with the seal version's ECDSA credential (seals.pades), not refused any more
    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client)
    r = sign(client, doc["id"], [stamp(seal_id)], profile="pades")
    assert r.status_code == 200, r.text
    assert r.json()["document"]["signings"][0]["profile"] == "pades"
    r = sign(client, doc["id"], [stamp(seal_id)], profile="cades")
    assert r.status_code == 400 and api_error(r)["code"] == "sign.profile_mismatch"


def test_enterprise_signs_with_its_contract_seal_and_sms(app, client, make_client, register_enterprise,
                                                         register_person):
    from apihelpers import pass_enterprise_gate
    from d1_helpers import issue, real_time

    real_time(app)
    reg = register_enterprise(client)
    pass_enterprise_gate(client)
    ent = me(client)
    contract = issue(app, ent["id"], "contract", method="sms", holder_name=reg["name"], credit_code=reg["credit_code"])
    doc = uploaded(client, name="采购合同.pdf")
    assert [s["id"] for s in client.get("/api/v1/signing/seals").json()["seals"]] == [contract]
    r = sign(client, doc["id"], [stamp(contract)], method="sms")
    assert r.status_code == 200, r.text
    with app.state.services.session() as db:
        row = db.scalars(select(Signing)).one()
        assert row.owner_account_id == ent["id"] and row.willingness_method == "sms"
        assert db.get(Document, doc["id"]).owner_account_id == ent["id"]
    (sig,) = verify(app, client.get(r.json()["document"]["download_url"]).content).signatures
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    # a person (even one of the same name) sees neither the enterprise's document nor its seal
    person = make_client()
    register_person(person)
    assert person.get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert person.get("/api/v1/signing/seals").json()["seals"] == []
