"""Two submissions naming the same two seals in opposite orders (document 1: 合同专用章 then 财务专用章; document 2:
the other way round), written at the same time, both land (SQLite + PostgreSQL). The seals' use counts are the first
row locks of the write section, taken in ascending seal id (stamping._count_uses), so the two cannot deadlock on
PostgreSQL whatever else locks. (Today the audit chain's head row, locked by the first audit append of each write
section, already serialises them: the per-stamp order before passes this test too. The order keeps holding if that
lock goes.)"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from d1c_helpers import SEAL_PASSWORD, actor, at_once, make_accounts, sample_pdf, sign_as_the_route_does

from eseal.platform.documents import upload_document
from eseal.platform.seals import Seal
from eseal.platform.signing import stamping
from eseal.platform.signing.stamping import prepare_signing
from eseal.platform.signing.stamps import Stamp

pytestmark = pytest.mark.db


def _two_enterprise_seals(services: Any, enterprise_id: int) -> tuple[int, int]:
    """合同专用章 and 财务专用章 of the enterprise, both confirmed with the 核验密码 SEAL_PASSWORD."""
    from eseal.platform.accounts import Account, Actor
    from eseal.platform.core import hash_password
    from eseal.platform.seals import IssueRequest, issue_seals

    with services.session() as db:
        ent = db.get(Account, enterprise_id)
        seals = issue_seals(db, services, actor=Actor(account=ent), request=IssueRequest(
            owner_account_id=enterprise_id, kinds=("contract", "finance"), holder_name=ent.enterprise_name,
            credit_code=ent.credit_code, method="password", method_password_hash=hash_password(SEAL_PASSWORD)))
        return seals[0].id, seals[1].id


def test_opposite_seal_orders_at_once_both_land(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    acc = make_accounts(services)
    person = acc["enterprise"]
    a, b = _two_enterprise_seals(services, person)
    orders = ([a, b], [b, a])
    docs, challenges, plans = [], [], []
    for i, order in enumerate(orders):
        plan = [Stamp(seal_id=s, mode="single", page=1, x_mm=60.0 + 60 * k, y_mm=200.0) for k, s in enumerate(order)]
        with services.session() as db:
            doc = upload_document(db, services, actor=actor(db, person), name=f"合同{i}.pdf", source=sample_pdf())
            ch = prepare_signing(db, services, actor=actor(db, person), document_id=doc.id, stamps=plan)
            db.commit()
        docs.append(doc.id)
        challenges.append(ch.challenge.challenge_id)
        plans.append(plan)

    # each transaction holds its first stamp's rows, then waits for the other to get as far (a deadlock needs both
    # to hold one seal; where a writer lock or an ordered lock keeps the other out, the wait just times out)
    second_blob = threading.Barrier(2)
    seen: dict[int, int] = {}

    def hold(name: str) -> None:
        if name != "after_blob":
            return
        me = threading.get_ident()
        seen[me] = seen.get(me, 0) + 1
        if seen[me] == 2:
            try:
                second_blob.wait(timeout=3)
            except threading.BrokenBarrierError:
                pass

    monkeypatch.setattr(stamping, "crash_point", hold)
    results = at_once(*(lambda i=i: sign_as_the_route_does(services, person, document_id=docs[i], stamps=plans[i],
                                                           challenge_id=challenges[i]) for i in range(2)))
    assert all(not isinstance(r, Exception) for r in results), results
    assert all(len(r.signing_ids) == 2 for r in results)
    with services.session() as db:
        assert db.get(Seal, a).use_count == 2 and db.get(Seal, b).use_count == 2
