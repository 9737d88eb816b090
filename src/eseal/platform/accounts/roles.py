"""Which enterprises a person may act for (role switch on the home page, manual §5.7).

A person may act for the enterprises that granted it an accepted grant (管理员 / 被授权人, manual §4.6,
``eseal.platform.grants``: the role list also shows pending ones, to offer 接收授权) and for those whose registered
legal representative is this person (same real-name resident ID number, compared by its keyed blind index:
``legal_rep_id_key`` and ``id_key`` are both HMAC("resident_id:<number>"), the numbers stay encrypted) AND whose
legal-representative face check has passed for that ID (``legal_rep_face_verified_at``: the §3.2 entry or a reclaim).
Naming someone as legal representative at registration therefore puts nothing into that person's list.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.accounts.models import KIND_ENTERPRISE, KIND_PERSON, Account
from eseal.platform.accounts.serializers import RoleItem, RolesView, enterprise_brief
from eseal.platform.grants.models import ACTIVE, LIVE, Grant  # a core-only module (grants sit above accounts)


def _represented(db: Session, person: Account) -> list[Account]:
    if person.kind != KIND_PERSON or not person.realname_verified or person.id_type != "resident_id" \
            or not person.id_key:
        return []
    return list(db.scalars(select(Account).where(Account.kind == KIND_ENTERPRISE,
                                                 Account.legal_rep_id_key == person.id_key,
                                                 Account.legal_rep_face_verified_at.is_not(None),
                                                 Account.status == "active").order_by(Account.id)))


def granted(db: Session, person: Account) -> list[tuple[Grant, Account]]:
    """The live (pending or accepted) grants made to the person, with their (active) enterprise."""
    if person.kind != KIND_PERSON:
        return []
    return [(g, e) for g, e in db.execute(
        select(Grant, Account).join(Account, Account.id == Grant.enterprise_account_id)
        .where(Grant.grantee_account_id == person.id, Grant.status.in_(LIVE), Account.kind == KIND_ENTERPRISE,
               Account.status == "active").order_by(Account.id, Grant.id))]


def enterprises_for(db: Session, person: Account) -> list[Account]:
    """The enterprises the person may act for: as legal representative, or by an accepted grant."""
    found = {ent.id: ent for ent in _represented(db, person)}
    for grant, ent in granted(db, person):
        if grant.status == ACTIVE:
            found.setdefault(ent.id, ent)
    return [found[k] for k in sorted(found)]


def acts_by_grant(db: Session, person: Account, enterprise: Account) -> bool:
    """Does the person act for ``enterprise`` through a grant (not as its legal representative)?"""
    return all(ent.id != enterprise.id for ent in _represented(db, person)) \
        and any(g.status == ACTIVE and e.id == enterprise.id for g, e in granted(db, person))


def face_check_matches(enterprise: Account, subject_id_type: str, subject_id_key: str | None) -> bool:
    """Was a face check made for THIS enterprise's registered legal representative (same keyed ID index)?

    Knowing a legal representative's name and ID number is not enough to act for the enterprise: the
    role switch needs a passed liveness check bound to that ID number (the §3.2 face gate, as for an
    enterprise login)."""
    return bool(subject_id_key) and subject_id_type == (enterprise.legal_rep_id_type or "resident_id") \
        and subject_id_key == enterprise.legal_rep_id_key


def can_act_for(db: Session, person: Account, enterprise_id: int) -> Account | None:
    for ent in enterprises_for(db, person):
        if ent.id == enterprise_id:
            return ent
    return None


def roles_of(db: Session, account: Account, acting_as: Account | None) -> RolesView:
    """The roles the account may take (itself, then each enterprise it may act for) and the current one."""
    items = [RoleItem(type="self", label="个人" if not account.is_enterprise else "法人")]
    represented = _represented(db, account)
    items += [RoleItem(type="enterprise", label=ent.enterprise_name, enterprise_id=ent.id, name=ent.enterprise_name,
                       credit_code=ent.credit_code, role="legal_rep") for ent in represented]
    by_enterprise: dict[int, tuple[Account, list[Grant]]] = {}
    for grant, ent in granted(db, account):
        if all(r.id != ent.id for r in represented):
            by_enterprise.setdefault(ent.id, (ent, []))[1].append(grant)
    for ent, grants in by_enterprise.values():
        pending = [g for g in grants if g.status != ACTIVE]
        items.append(RoleItem(type="enterprise", label=ent.enterprise_name, enterprise_id=ent.id,
                              name=ent.enterprise_name, credit_code=ent.credit_code,
                              role="+".join(sorted({g.role for g in grants})),
                              grant_status="pending" if pending else "active",
                              grant_id=(pending or grants)[0].id))
    return RolesView(current=enterprise_brief(acting_as), roles=tuple(items))
