"""Typed views of accounts, as the API and the pages show them (masked: never full ID numbers, phones or hashes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eseal.engine.ids import ID_TYPE_LABELS, LEGAL_TYPE_LABELS
from eseal.platform.accounts.models import Account
from eseal.platform.core import mask_phone
from eseal.platform.identity import oauth


@dataclass(frozen=True)
class AccountView:
    id: int
    kind: str
    display_name: str
    phone_masked: str | None
    has_password: bool
    has_verification_password: bool
    legal_type: str | None
    legal_type_label: str | None
    credit_code: str | None
    legal_rep_name: str | None
    legal_rep_id_masked: str | None
    name: str | None
    id_type: str | None
    id_type_label: str | None
    id_number_masked: str | None
    realname_verified: bool
    oauth_bindings: tuple[str, ...]


@dataclass(frozen=True)
class EnterpriseBrief:
    id: int
    name: str | None
    credit_code: str | None


@dataclass(frozen=True)
class LookupResult:
    """Is a person identifier registered, and how may it log in (登录 step 1)."""

    registered: bool
    account_kind: str
    methods: tuple[str, ...]
    phone_masked: str | None


@dataclass(frozen=True)
class AuthRecord:
    """One row of 认证记录."""

    id: int
    at: str
    event: str
    event_label: str
    detail: Mapping[str, object]


@dataclass(frozen=True)
class RoleItem:
    type: str
    label: str | None = None
    enterprise_id: int | None = None
    name: str | None = None
    credit_code: str | None = None
    role: str | None = None  # legal_rep | admin | grantee | admin+grantee ([G1])
    grant_status: str | None = None  # pending (offer 接收授权) | active; None for the legal representative
    grant_id: int | None = None  # the pending grant to accept (else the first active one)


@dataclass(frozen=True)
class RolesView:
    current: EnterpriseBrief | None
    roles: tuple[RoleItem, ...]


def account_view(db: Session, account: Account) -> AccountView:
    ent = account.is_enterprise
    return AccountView(
        id=account.id,
        kind=account.kind,
        display_name=account.display_name,
        phone_masked=mask_phone(account.phone),
        has_password=bool(account.password_hash),
        has_verification_password=bool(account.verification_password_hash),
        legal_type=account.legal_type if ent else None,
        legal_type_label=LEGAL_TYPE_LABELS.get(account.legal_type or "") if ent else None,
        credit_code=account.credit_code if ent else None,
        legal_rep_name=account.legal_rep_name if ent else None,
        legal_rep_id_masked=account.legal_rep_id_masked if ent else None,
        name=None if ent else account.person_name,
        id_type=None if ent else account.id_type,
        id_type_label=None if ent else ID_TYPE_LABELS.get(account.id_type or ""),
        id_number_masked=None if ent else account.id_number_masked,
        realname_verified=False if ent else bool(account.realname_verified),
        oauth_bindings=tuple(oauth.bound_providers(db, account.id)),
    )


def enterprise_brief(account: Account | None) -> EnterpriseBrief | None:
    if account is None:
        return None
    return EnterpriseBrief(id=account.id, name=account.enterprise_name, credit_code=account.credit_code)
