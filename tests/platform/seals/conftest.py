"""Seal fixtures: an enterprise and a person account written straight into the database, actors for them,
and ``issue(...)`` issuing seals through the real service (platform CA, keystore, blob store)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from eseal.engine.ids import generate_citizen_id, generate_credit_code

_seq = itertools.count(1)

# a small signature drawn with a mouse: two strokes of points [x, y]
STROKES = [[[10, 40], [20, 10], [30, 40], [40, 10], [50, 40]], [[15, 25], [45, 25]]]


def new_person_id() -> str:
    n = next(_seq)
    return generate_citizen_id("450103", date(1990, 5, 1 + n % 27), n % 999 + 1, "M" if n % 2 else "F")


@pytest.fixture
def accounts(services: Any) -> dict[str, Any]:
    """{"enterprise": Account id, "person": Account id, "other": another person's id, + clear ID numbers}."""
    from eseal.platform.accounts import Account, legal_rep_id_columns, person_id_columns

    now = services.clock.now()
    out: dict[str, Any] = {}
    with services.session() as db:
        rep_id = new_person_id()
        ent = Account(kind="enterprise", created_at=now, status="active", phone="13900000001",
                      enterprise_name="南宁星河数智科技有限公司", credit_code=generate_credit_code(),
                      legal_type="enterprise", legal_rep_name="赵法人", **legal_rep_id_columns(services, rep_id))
        db.add(ent)
        people = []
        for name, phone in (("王小明", "13900000002"), ("李四", "13900000003")):
            pid = new_person_id()
            person = Account(kind="person", created_at=now, status="active", phone=phone, login_phone=phone,
                             person_name=name, realname_verified=True, **person_id_columns(services, "resident_id", pid))
            db.add(person)
            people.append((person, pid))
        db.flush()
        out.update(enterprise=ent.id, credit_code=ent.credit_code, legal_rep_id=rep_id,
                   person=people[0][0].id, person_id=people[0][1], other=people[1][0].id, other_id=people[1][1])
    return out


@pytest.fixture
def actor_for(services: Any) -> Callable[..., Any]:
    """actor_for(db, account_id, acting_as=None) → an Actor with loaded accounts."""
    from eseal.platform.accounts import Account, Actor

    def make(db: Any, account_id: int, acting_as: int | None = None) -> Any:
        return Actor(account=db.get(Account, account_id),
                     acting_as=db.get(Account, acting_as) if acting_as else None, ip="127.0.0.1")

    return make


@pytest.fixture
def issue(services: Any, accounts: dict[str, Any], actor_for: Callable[..., Any]) -> Callable[..., list[int]]:
    """issue("contract", "legal_rep", ...) for the enterprise, issue("personal_square", who="person", font=...)."""
    from eseal.platform.seals import IssueRequest, issue_seals

    def run(*kinds: str, who: str = "enterprise", **over: Any) -> list[int]:
        with services.session() as db:
            if who == "enterprise":
                req = IssueRequest(owner_account_id=accounts["enterprise"], kinds=kinds,
                                   holder_name="南宁星河数智科技有限公司", credit_code=accounts["credit_code"],
                                   legal_rep_name="赵法人", legal_rep_id_number=accounts["legal_rep_id"], **over)
            else:
                name = "王小明" if who == "person" else "李四"
                req = IssueRequest(owner_account_id=accounts[who], kinds=kinds, holder_name=name,
                                   id_number=accounts[f"{who}_id"], strokes=over.pop("strokes", STROKES), **over)
            seals = issue_seals(db, services, actor=actor_for(db, accounts[who]), request=req)
            return [s.id for s in seals]

    return run


@pytest.fixture
def consent(services: Any, actor_for: Callable[..., Any]) -> Callable[..., str]:
    """consent(account_id, action, seal_id, method="password"|"sms", acting_as=None) → a satisfied challenge id."""
    from sqlalchemy import select

    from eseal.platform.accounts import Account
    from eseal.platform.core import hash_password
    from eseal.platform.identity import SmsOutbox, willingness

    def run(account_id: int, action: str, seal_id: int, method: str = "password", acting_as: int | None = None) -> str:
        with services.session() as db:
            account = db.get(Account, account_id)
            if method == "password" and not account.verification_password_hash:
                account.verification_password_hash = hash_password("135790")
            ch = willingness.create_challenge(db, services, account, action=action, target_type="seal",
                                              target_id=str(seal_id), acting_as_enterprise_id=acting_as)
            code = None
            if method == "sms":
                willingness.send_sms(db, services, ch, account)
                db.flush()
                text = db.scalars(select(SmsOutbox.text).order_by(SmsOutbox.id.desc()).limit(1)).first()
                import re

                code = re.search(r"(\d{6})", text).group(1)
            willingness.satisfy(db, services, ch.id, account, method=method, password="135790", sms_code=code)
            cid = ch.id
        services.clock.advance(seconds=61)
        return cid

    return run
