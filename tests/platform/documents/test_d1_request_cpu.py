"""The D1 load path's shortcuts give the same answers as the long way (SQLite + PostgreSQL): the upload's view built
from what it just wrote equals the view read back, a signing's answer equals the document read back afterwards,
``store_blob`` answers the row it inserted without reading it back (and the stored row when it existed), and the
stamping material of a checked seal is the current version's, with the state refusals still in force."""

from __future__ import annotations

from typing import Any

import pytest
from d1c_helpers import SEAL_PASSWORD, actor, issue_password_seal, make_accounts, sample_pdf

from eseal.platform.core import PlatformError
from eseal.platform.documents import get_document, upload_document
from eseal.platform.seals import Seal, stamping_material
from eseal.platform.seals.changes import current_version
from eseal.platform.signing.stamping import prepare_signing, sign_document
from eseal.platform.signing.stamps import Stamp
from eseal.platform.storage import Blob, get_blob, store_blob

pytestmark = pytest.mark.db


@pytest.fixture
def acc(services: Any) -> dict[str, Any]:
    return make_accounts(services)


def test_upload_answer_equals_the_document_read_back(services: Any, acc: dict[str, Any]) -> None:
    with services.session() as db:
        uploaded = upload_document(db, services, actor=actor(db, acc["person"]), name="合同.pdf", source=sample_pdf())
        db.commit()
    with services.session() as db:
        again = get_document(db, services, actor=actor(db, acc["person"]), document_id=uploaded.id)
    assert uploaded == again
    assert uploaded.page_count == len(uploaded.pages) == 1 and uploaded.pages[0].width_mm > 200


def test_signing_answer_equals_the_document_read_back(services: Any, acc: dict[str, Any]) -> None:
    seal_id = issue_password_seal(services, acc["person"], acc["person_number"])
    with services.session() as db:
        doc = upload_document(db, services, actor=actor(db, acc["person"]), name="合同.pdf", source=sample_pdf())
        db.commit()
    stamps = [Stamp(seal_id=seal_id, mode="single", page=1, x_mm=120.0, y_mm=200.0)]
    outcomes = []
    for _ in range(2):  # the second answer lists both signings and three revisions
        with services.session() as db:
            ch = prepare_signing(db, services, actor=actor(db, acc["person"]), document_id=doc.id, stamps=stamps)
            db.commit()
        with services.session() as db:
            outcomes.append(sign_document(db, services, actor=actor(db, acc["person"]), document_id=doc.id,
                                          stamps=stamps, challenge_id=ch.challenge.challenge_id,
                                          seal_password=SEAL_PASSWORD))
            db.commit()
    with services.session() as db:
        again = get_document(db, services, actor=actor(db, acc["person"]), document_id=doc.id)
    assert outcomes[-1].document == again
    assert [r.number for r in again.revisions] == [0, 1, 2] and len(again.signings) == 2
    assert again.pages == doc.pages


def test_store_blob_answers_the_inserted_row_and_the_existing_one(services: Any, acc: dict[str, Any]) -> None:
    with services.session() as db:
        who = actor(db, acc["person"])
        first = store_blob(db, services, actor=who, data=b"blob of the d1 cpu test", content_type="text/plain")
        db.commit()
    with services.session() as db:
        assert get_blob(db, services, actor=who, sha256=first.sha256) == first  # what the row says, read back
        row = db.get(Blob, first.sha256)
        assert row is not None and row.created_at == first.created_at
        second = store_blob(db, services, actor=who, data=b"blob of the d1 cpu test", content_type="image/png")
        db.commit()
    assert second == first  # the existing row (its first content type and time), not the values just offered


def test_stamping_material_is_the_current_version_and_refuses_a_suspended_seal(services: Any,
                                                                               acc: dict[str, Any]) -> None:
    seal_id = issue_password_seal(services, acc["person"], acc["person_number"])
    with services.session() as db:
        seal = db.get(Seal, seal_id)
        material, version_id = stamping_material(db, services, seal=seal)
        version = current_version(db, seal)
        assert version_id == version.id and material.cert_der and material.seal_der
        seal.state = "suspended"
        with pytest.raises(PlatformError) as refused:
            stamping_material(db, services, seal=seal)
        assert refused.value.code == "seal.suspended"
        db.rollback()
