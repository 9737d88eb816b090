"""接收授权 (manual §5.7), the person's side: the grants made to the logged-in person (with the home-page
reminders: about to expire, one use left), and accepting a pending one behind the person's willingness
(action ``grant.accept`` on ``grant:<id>``). Another person's grant answers not_found."""

from __future__ import annotations

from sqlalchemy import select

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, audit
from eseal.platform.grants.models import ACTIVE, PENDING, Grant, GrantEvent
from eseal.platform.grants.serializers import GrantList, GrantView, grant_view
from eseal.platform.identity import willingness

MAX_ID = 2**31 - 1


def _mine(db: DbSession, actor: Actor, grant_id: int | str) -> Grant:
    try:
        number = int(grant_id)
    except (TypeError, ValueError):
        raise NotFound("授权不存在", "grant_id") from None
    grant = db.get(Grant, number) if 1 <= number <= MAX_ID else None
    if grant is None or grant.grantee_account_id != actor.user.id:
        raise NotFound("授权不存在", "grant_id")
    return grant


def my_grants(db: DbSession, svc: Services, *, actor: Actor) -> GrantList:
    """Every grant made to the person (newest first), any state; ``expiring_soon`` / ``last_use`` flag reminders."""
    now = svc.clock.now()
    rows = db.scalars(select(Grant).where(Grant.grantee_account_id == actor.user.id).order_by(Grant.id.desc()))
    return GrantList(tuple(grant_view(db, g, now) for g in rows))


def my_grant(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str) -> GrantView:
    return grant_view(db, _mine(db, actor, grant_id), svc.clock.now())


def accept_grant(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str,
                 willingness_challenge_id: str | None) -> GrantView:
    grant = _mine(db, actor, grant_id)
    if grant.status != PENDING:
        raise PlatformError("grant.not_pending", "该授权不是待接收状态", "grant_id")
    willingness.require_willingness(db, svc, willingness_challenge_id, account_id=actor.user.id, action="grant.accept",
                                    target_type="grant", target_id=grant.id,
                                    acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)
    now = svc.clock.now()
    grant.status, grant.accepted_at, grant.updated_at = ACTIVE, now, now
    db.add(GrantEvent(grant_id=grant.id, at=now, action="accept", actor_account_id=actor.user.id,
                      remaining=grant.uses_left))
    audit.record(db, now, "grant.accepted", actor=actor.user.id, subject=f"grant:{grant.id}", ip=actor.ip,
                 enterprise=grant.enterprise_account_id, role=grant.role)
    db.flush()
    return grant_view(db, grant, now)
