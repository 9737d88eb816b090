"""Two signings of one document at once never both land (SQLite + PostgreSQL): both run their engine work side by
side (held at ``after_engine`` until both got there), then one writes its revision and the other is refused with
``sign.document_changed`` — one new revision, one signing, the loser's challenge still open. The document row is
locked only at the re-check before the write (PostgreSQL FOR UPDATE), not during the engine work; the sessions
begin as the web route's (SQLite DEFERRED, ``deps.defer_write_lock``)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from d1c_helpers import (
    actor,
    at_once,
    issue_password_seal,
    make_accounts,
    sample_pdf,
    sign_as_the_route_does,
)
from sqlalchemy import select

from eseal.platform.core import PlatformError
from eseal.platform.documents import DocumentRevision, Signing, upload_document
from eseal.platform.identity import WillingnessChallenge
from eseal.platform.signing import stamping
from eseal.platform.signing.stamping import prepare_signing
from eseal.platform.signing.stamps import Stamp

pytestmark = pytest.mark.db


def test_two_concurrent_signings_of_one_document_one_lands(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    acc = make_accounts(services)
    seal_id = issue_password_seal(services, acc["person"], acc["person_number"])
    with services.session() as db:
        doc = upload_document(db, services, actor=actor(db, acc["person"]), name="合同.pdf", source=sample_pdf())
    stamps = [Stamp(seal_id=seal_id, mode="single", page=1, x_mm=120.0, y_mm=200.0)]
    challenges = []
    for _ in range(2):
        with services.session() as db:
            ch = prepare_signing(db, services, actor=actor(db, acc["person"]), document_id=doc.id, stamps=stamps)
            challenges.append(ch.challenge.challenge_id)

    both_stamped = threading.Barrier(2)
    reached = []

    def hold(name: str) -> None:  # both engine runs done before either writes (a lock taken earlier: no wait here)
        if name == "after_engine":
            reached.append(name)
            try:
                both_stamped.wait(timeout=15)
            except threading.BrokenBarrierError:
                pass

    monkeypatch.setattr(stamping, "crash_point", hold)
    results = at_once(*(lambda i=i: sign_as_the_route_does(services, acc["person"], document_id=doc.id, stamps=stamps,
                                                           challenge_id=challenges[i]) for i in range(2)))
    assert not both_stamped.broken, "the two engine runs did not overlap (a lock held across the engine work?)"
    assert len(reached) == 2
    errors = [r for r in results if isinstance(r, PlatformError)]
    landed = [r for r in results if not isinstance(r, PlatformError)]
    assert len(landed) == 1 and len(errors) == 1, results
    assert errors[0].code == "sign.document_changed"
    loser = challenges[results.index(errors[0])]
    with services.session() as db:
        revisions = db.scalars(select(DocumentRevision.number).where(DocumentRevision.document_id == doc.id)
                               .order_by(DocumentRevision.number)).all()
        signings = db.scalars(select(Signing.id).where(Signing.document_id == doc.id)).all()
        assert revisions == [0, 1]
        assert list(signings) == list(landed[0].signing_ids)
        assert db.get(WillingnessChallenge, loser).consumed_at is None
    assert [r.number for r in landed[0].document.revisions] == [0, 1]
