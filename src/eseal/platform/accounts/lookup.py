"""Finding accounts by what people log in with (credit code, phone, ID number) and storing ID numbers.

ID numbers are looked up by their keyed blind index and stored encrypted (``eseal.platform.core.pii``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.models import KIND_ENTERPRISE, KIND_PERSON, Account
from eseal.platform.accounts.serializers import LookupResult
from eseal.platform.accounts.validation import parse_credit_code, parse_person_id
from eseal.platform.core import PlatformError, Services, is_phone, mask_id, mask_phone, ratelimit


def id_key(svc: Services, id_type: str, number: str) -> str:
    """Keyed blind index of a person's ID (equality lookups; the number itself is stored encrypted)."""
    return svc.pii.blind_index(id_type, number)


def person_id_columns(svc: Services, id_type: str, number: str) -> dict[str, str | None]:
    """Column values storing a person's ID number: ciphertext, blind index, mask (never the number)."""
    return {"id_type": id_type, "id_number_enc": svc.pii.encrypt(number, field="accounts.id_number"),
            "id_key": id_key(svc, id_type, number), "id_number_masked": mask_id(number)}


def legal_rep_id_columns(svc: Services, number: str, id_type: str = "resident_id") -> dict[str, str | None]:
    """Same for an enterprise's legal representative; ``legal_rep_id_key`` equals the person's ``id_key``."""
    return {"legal_rep_id_type": id_type,
            "legal_rep_id_enc": svc.pii.encrypt(number, field="accounts.legal_rep_id_number"),
            "legal_rep_id_key": id_key(svc, id_type, number), "legal_rep_id_masked": mask_id(number)}



def find_enterprise(db: Session, credit_code: str) -> Account | None:
    return db.scalar(select(Account).where(Account.credit_code == credit_code, Account.kind == KIND_ENTERPRISE))


def resolve_person_identifier(account: str | None, id_type: str | None) -> tuple[str, str, str | None]:
    """→ (kind "phone"|"id_number", normalized value, id_type). Bad format → 请输入正确的手机号/身份证."""
    value = (account or "").strip().upper()
    if is_phone(value):
        return "phone", value, None
    try:
        t, number = parse_person_id(id_type, value, "account")
    except PlatformError as exc:
        raise PlatformError("invalid_account", "请输入正确的手机号/身份证", "account") from exc
    return "id_number", number, t


def find_person(db: Session, svc: Services, kind: str, value: str, id_type: str | None) -> Account | None:
    if kind == "phone":
        return db.scalar(select(Account).where(Account.login_phone == value))
    return db.scalar(select(Account).where(Account.id_key == id_key(svc, id_type or "resident_id", value)))


def resolve_account(db: Session, svc: Services, account_type: str | None, account: str | None,
                    id_type: str | None) -> tuple[Account | None, str]:
    """Find an account from the login identifier; returns (account or None, kind of identifier)."""
    if account_type == "enterprise":
        credit = parse_credit_code(account, "account")
        return find_enterprise(db, credit.code), "credit_code"
    if account_type == "person":
        kind, value, t = resolve_person_identifier(account, id_type)
        return find_person(db, svc, kind, value, t), kind
    raise PlatformError("invalid_input", "请选择账号类型", "account_type")


def login_methods(account: Account, identifier_kind: str) -> list[str]:
    methods = []
    if account.kind == KIND_PERSON and account.has_id_number and account.realname_verified:
        methods.append("face")
    if account.phone:
        methods.append("sms")
    if account.password_hash:
        methods.append("password")
    return methods


def person_lookup(db: Session, svc: Services, *, actor: Actor, account: str | None,
                  id_type: str | None) -> LookupResult:
    ratelimit.hit(db, svc.clock.now(), "lookup_ip", actor.ip or "unknown", limit=60, window=timedelta(hours=1))
    kind, value, t = resolve_person_identifier(account, id_type)
    found = find_person(db, svc, kind, value, t)
    if found is None:
        return LookupResult(registered=False, account_kind=kind, methods=(), phone_masked=None)
    return LookupResult(registered=True, account_kind=kind, methods=tuple(login_methods(found, kind)),
                        phone_masked=mask_phone(found.phone))


def phone_taken(db: Session, phone: str, *, except_account_id: int | None = None) -> bool:
    """Is ``phone`` the login phone of a (other) person account?"""
    query = select(Account.id).where(Account.login_phone == phone)
    if except_account_id is not None:
        query = query.where(Account.id != except_account_id)
    return db.scalar(query) is not None
