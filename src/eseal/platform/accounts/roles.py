"""Which enterprises a person may act for (role switch on the home page, manual §5.7).

The grants (管理员 / 被授权人, manual §4.6) arrive in a later issue and will extend
``enterprises_for``; until then a person may act for the enterprises whose registered legal
representative is this person (same real-name resident ID number, compared by its keyed blind index:
``legal_rep_id_key`` and ``id_key`` are both HMAC("resident_id:<number>"), the numbers stay encrypted) AND whose
legal-representative face check has passed for that ID (``legal_rep_face_verified_at``: the §3.2 entry or a reclaim).
Naming someone as legal representative at registration therefore puts nothing into that person's list.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.accounts.models import KIND_ENTERPRISE, KIND_PERSON, Account
from eseal.platform.accounts.serializers import RoleItem, RolesView, enterprise_brief


def enterprises_for(db: Session, person: Account) -> list[Account]:
    if person.kind != KIND_PERSON or not person.realname_verified or person.id_type != "resident_id" \
            or not person.id_key:
        return []
    return list(db.scalars(select(Account).where(Account.kind == KIND_ENTERPRISE,
                                                 Account.legal_rep_id_key == person.id_key,
                                                 Account.legal_rep_face_verified_at.is_not(None),
                                                 Account.status == "active").order_by(Account.id)))


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
    items += [RoleItem(type="enterprise", label=ent.enterprise_name, enterprise_id=ent.id, name=ent.enterprise_name,
                       credit_code=ent.credit_code) for ent in enterprises_for(db, account)]
    return RolesView(current=enterprise_brief(acting_as), roles=tuple(items))
