"""Idempotent demo data for ``eseal demo`` / ``make run`` and for tests (fixture ``demo_data``).

All identifiers are syntactically valid (GB 32100 / GB 11643 check characters) but fictitious. The demo enterprise is
the first entry of the development business registry (``identity.providers.DEV_REGISTRY``), so it passes the
simulated registry check; its legal representative is seeded as face-verified for it (as after a §3.2 entry), so
the enterprise is in 张示范's 切换角色 list from the start.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from eseal.engine.ids import validate_citizen_id, validate_credit_code
from eseal.platform.accounts import (
    KIND_ENTERPRISE,
    KIND_PERSON,
    Account,
    Actor,
    id_key,
    legal_rep_id_columns,
    person_id_columns,
)
from eseal.platform.core import DbSession, Services, audit, hash_password
from eseal.platform.identity.providers import DEV_REGISTRY
from eseal.platform.seals import IssueRequest, held_kinds, issue_seals

_REGISTERED = DEV_REGISTRY[0]


@dataclass(frozen=True)
class DemoData:
    enterprise_name: str = _REGISTERED.name
    credit_code: str = _REGISTERED.credit_code
    enterprise_password: str = "Demo12345"  # noqa: S105 - published demo credential
    enterprise_phone: str = "13800000001"
    legal_rep_name: str = _REGISTERED.legal_rep_name
    legal_rep_id_number: str = "450103199001011238"
    legal_rep_phone: str = "13800000002"
    legal_rep_password: str = "Demo12345"  # noqa: S105 - published demo credential
    person_name: str = "李示例"
    person_id_number: str = "45010219920520342X"
    person_phone: str = "13800000003"
    person_password: str = "Demo12345"  # noqa: S105 - published demo credential
    verification_password: str = "246810"  # noqa: S105 - published demo credential

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


DEMO = DemoData()


# real issued seals of the demo accounts (platform CA, keystore, SESeal): the enterprise's 企业法定名称章 and
# 合同专用章, the person's 个人方章; the other kinds stay free to apply for
DEMO_ENTERPRISE_SEALS = ("legal_name", "contract")
DEMO_PERSON_SEALS = ("personal_square",)


def seed_demo(svc: Services, demo: DemoData = DEMO, *, seals: bool = True) -> dict[str, int]:
    """Create the demo enterprise, its legal representative and one person, and (``seals``) their seals; skips
    existing rows and seal kinds already held."""
    validate_credit_code(demo.credit_code)
    validate_citizen_id(demo.legal_rep_id_number)
    validate_citizen_id(demo.person_id_number)
    ids: dict[str, int] = {}
    with svc.session() as db:
        now = svc.clock.now()
        ent = db.scalar(select(Account).where(Account.credit_code == demo.credit_code))
        if ent is None:
            ent = Account(kind=KIND_ENTERPRISE, created_at=now, status="active", phone=demo.enterprise_phone,
                          password_hash=hash_password(demo.enterprise_password),
                          verification_password_hash=hash_password(demo.verification_password),
                          legal_type="enterprise", enterprise_name=demo.enterprise_name, credit_code=demo.credit_code,
                          legal_rep_name=demo.legal_rep_name, realname_verified=False, legal_rep_face_verified_at=now,
                          **legal_rep_id_columns(svc, demo.legal_rep_id_number))
            db.add(ent)
            db.flush()
            audit.record(db, now, "account.registered", actor=ent.id, subject=f"account:{ent.id}", kind="enterprise",
                         demo=True)
        ids["enterprise_id"] = ent.id
        for key, name, number, phone, password in (
            ("legal_rep_id", demo.legal_rep_name, demo.legal_rep_id_number, demo.legal_rep_phone,
             demo.legal_rep_password),
            ("person_id", demo.person_name, demo.person_id_number, demo.person_phone, demo.person_password),
        ):
            person = db.scalar(select(Account).where(Account.id_key == id_key(svc, "resident_id", number)))
            if person is None:
                person = Account(kind=KIND_PERSON, created_at=now, status="active", phone=phone, login_phone=phone,
                                 password_hash=hash_password(password),
                                 verification_password_hash=hash_password(demo.verification_password),
                                 person_name=name, realname_verified=True,
                                 **person_id_columns(svc, "resident_id", number))
                db.add(person)
                db.flush()
                audit.record(db, now, "account.registered", actor=person.id, subject=f"account:{person.id}",
                             kind="person", demo=True)
            ids[key] = person.id
        if seals:
            _seed_seals(db, svc, demo, ent, db.get(Account, ids["person_id"]))
    return ids


def _seed_seals(db: DbSession, svc: Services, demo: DemoData, ent: Account, person: Account | None) -> None:
    held = held_kinds(db, ent.id)
    kinds = tuple(k for k in DEMO_ENTERPRISE_SEALS if k not in held)
    if kinds:
        issue_seals(db, svc, actor=Actor(account=ent), request=IssueRequest(
            owner_account_id=ent.id, kinds=kinds, holder_name=demo.enterprise_name, credit_code=demo.credit_code,
            legal_rep_name=demo.legal_rep_name, legal_rep_id_number=demo.legal_rep_id_number))
    if person is not None:
        held = held_kinds(db, person.id)
        kinds = tuple(k for k in DEMO_PERSON_SEALS if k not in held)
        if kinds:
            issue_seals(db, svc, actor=Actor(account=person), request=IssueRequest(
                owner_account_id=person.id, kinds=kinds, holder_name=demo.person_name,
                id_number=demo.person_id_number, font="kai"))
