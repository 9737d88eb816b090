"""Typed views of grants: what the enterprise's 授权管理 lists, the details, the history and the person's 接收授权
screen read (frozen dataclasses; the web layer serialises them as they are)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from eseal.platform.accounts import Account
from eseal.platform.core import DbSession
from eseal.platform.grants.models import ACTIVE, PENDING, REVOKED, Grant, GrantEvent
from eseal.platform.grants.permissions import EXPIRING_SOON, ROLE_LABELS, scope_of
from eseal.platform.seals import Seal

STATE_LABELS = {
    "pending": "待接收", "active": "生效中", "not_started": "未到授权时间", "expired": "已过期",
    "exhausted": "次数已用完", "revoked": "已撤销",
}
EVENT_LABELS = {"create": "新增授权", "accept": "接收授权", "change": "变更授权", "revoke": "撤销授权",
                "use": "使用印章", "give_back": "退回次数"}


@dataclass(frozen=True)
class GrantSealItem:
    id: int
    name: str
    state: str


@dataclass(frozen=True)
class GrantView:
    id: int
    enterprise_id: int
    enterprise_name: str
    role: str  # admin | grantee
    role_label: str
    person_name: str
    id_number_masked: str | None
    phone: str | None
    department: str | None
    all_seals: bool
    seals: tuple[GrantSealItem, ...]
    starts_at: str | None
    ends_at: str | None
    uses_total: int | None  # None: unlimited
    uses_left: int | None
    uses_used: int
    status: str  # stored: pending | active | revoked
    state: str  # shown: pending | active | not_started | expired | exhausted | revoked
    state_label: str
    expiring_soon: bool  # ends within 3 days (home page reminder)
    last_use: bool  # exactly one use left (home page reminder)
    created_at: str
    accepted_at: str | None
    revoked_at: str | None


@dataclass(frozen=True)
class GrantList:
    grants: tuple[GrantView, ...]


@dataclass(frozen=True)
class GrantEventView:
    id: int
    at: str
    action: str
    action_label: str
    actor_name: str | None
    document_id: int | None
    signing_id: int | None
    seal_id: int | None
    use_number: int | None
    remaining: int | None


@dataclass(frozen=True)
class GrantHistory:
    grant: GrantView
    events: tuple[GrantEventView, ...]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def state_of(grant: Grant, now: datetime) -> str:
    if grant.status in (PENDING, REVOKED):
        return grant.status
    if grant.starts_at is not None and now < grant.starts_at:
        return "not_started"
    if grant.ends_at is not None and now >= grant.ends_at:
        return "expired"
    if grant.uses_left is not None and grant.uses_left <= 0:
        return "exhausted"
    return ACTIVE


def grant_view(db: DbSession, grant: Grant, now: datetime) -> GrantView:
    ent = db.get(Account, grant.enterprise_account_id)
    person = db.get(Account, grant.grantee_account_id)
    scope = scope_of(db, grant)
    query = select(Seal).where(Seal.owner_account_id == grant.enterprise_account_id).order_by(Seal.id)
    seals = tuple(GrantSealItem(s.id, s.name, s.state) for s in db.scalars(query) if scope is None or s.id in scope)
    state = state_of(grant, now)
    live = state == ACTIVE
    return GrantView(
        id=grant.id, enterprise_id=grant.enterprise_account_id,
        enterprise_name=(ent.enterprise_name or "") if ent else "", role=grant.role,
        role_label=ROLE_LABELS.get(grant.role, grant.role), person_name=(person.person_name or "") if person else "",
        id_number_masked=person.id_number_masked if person else None, phone=grant.phone,
        department=grant.department, all_seals=grant.all_seals, seals=seals, starts_at=_iso(grant.starts_at),
        ends_at=_iso(grant.ends_at), uses_total=grant.uses_total, uses_left=grant.uses_left,
        uses_used=(grant.uses_total - grant.uses_left) if grant.uses_total is not None and grant.uses_left is not None
        else grant.last_use_number,
        status=grant.status, state=state, state_label=STATE_LABELS[state],
        expiring_soon=live and grant.ends_at is not None and grant.ends_at - now < EXPIRING_SOON,
        last_use=live and grant.uses_left == 1, created_at=grant.created_at.isoformat(),
        accepted_at=_iso(grant.accepted_at), revoked_at=_iso(grant.revoked_at))


def event_view(db: DbSession, event: GrantEvent) -> GrantEventView:
    actor = db.get(Account, event.actor_account_id) if event.actor_account_id else None
    return GrantEventView(id=event.id, at=event.at.isoformat(), action=event.action,
                          action_label=EVENT_LABELS.get(event.action, event.action),
                          actor_name=actor.display_name if actor else None, document_id=event.document_id,
                          signing_id=event.signing_id, seal_id=event.seal_id, use_number=event.use_number,
                          remaining=event.remaining)
