"""Use accounting (授权次数): a stamping under a grant takes one use in the SAME transaction that records the
stamping, by one conditional UPDATE (``... SET uses_left = uses_left - 1 WHERE uses_left > 0 AND status = 'active'
AND inside the window RETURNING``), so two concurrent requests can never both take the last use (PostgreSQL: the
second waits on the row lock and re-evaluates the condition; SQLite: writers are serialised by BEGIN IMMEDIATE).
A stamping that fails after taking its use rolls the savepoint back (the UPDATE with it) or calls
:func:`give_back_use`: no lost use, no free use.

Like ``permissions`` this module sits below ``seals`` and ``documents``: signing calls it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import or_, update

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services, audit
from eseal.platform.grants.models import ACTIVE, Grant, GrantEvent
from eseal.platform.grants.permissions import require, stamp_refusal


@dataclass(frozen=True)
class Use:
    """One use taken under a grant: its number (1, 2, ... never reused) and the uses left after it (None:
    unlimited)."""

    grant_id: int
    number: int
    remaining: int | None


def take_use(db: DbSession, svc: Services, *, actor: Actor, seal_id: int, document_id: int | None = None,
             signing_id: int | None = None) -> Use | None:
    """Check the grant the actor stamps ``seal_id`` under and take one use; None when the actor is the owner (no
    grant, nothing counted). Refusals: the codes of :func:`permissions.require`."""
    grant = require(db, svc, actor=actor, action="seal.stamp", seal_id=seal_id)
    if grant is None:
        return None
    now = svc.clock.now()
    stmt = (update(Grant)
            .where(Grant.id == grant.id, Grant.status == ACTIVE,
                   or_(Grant.starts_at.is_(None), Grant.starts_at <= now),
                   or_(Grant.ends_at.is_(None), Grant.ends_at > now),
                   or_(Grant.uses_left.is_(None), Grant.uses_left > 0))
            .values(uses_left=Grant.uses_left - 1, last_use_number=Grant.last_use_number + 1, updated_at=now)
            .returning(Grant.last_use_number, Grant.uses_left)
            .execution_options(synchronize_session=False))
    row = db.execute(stmt).first()
    if row is None:  # someone else took the last use, or the grant changed since it was read
        db.refresh(grant)
        refused = stamp_refusal(grant, now) or ("grant.exhausted", "授权次数已用完，不能使用该印章")
        raise PlatformError(refused[0], refused[1], "seal_id")
    db.expire(grant)
    use = Use(grant_id=grant.id, number=int(row[0]), remaining=None if row[1] is None else int(row[1]))
    db.add(GrantEvent(grant_id=grant.id, at=now, action="use", actor_account_id=actor.user.id,
                      document_id=document_id, signing_id=signing_id, seal_id=seal_id, use_number=use.number,
                      remaining=use.remaining))
    audit.record(db, now, "grant.used", actor=actor.user.id, subject=f"grant:{grant.id}", ip=actor.ip,
                 acting_as=actor.acting_as_id, seal=seal_id, document=document_id, signing=signing_id,
                 use_number=use.number, remaining=use.remaining)
    return use


def give_back_use(db: DbSession, svc: Services, *, actor: Actor, use: Use | None, reason: str = "") -> None:
    """Return a use taken by :func:`take_use` whose stamping failed afterwards OUTSIDE a rolled-back savepoint
    (inside one, the rollback already undid the UPDATE). The use number is not reused."""
    if use is None:
        return
    now = svc.clock.now()
    db.execute(update(Grant).where(Grant.id == use.grant_id, Grant.uses_left.is_not(None))
               .values(uses_left=Grant.uses_left + 1, updated_at=now).execution_options(synchronize_session=False))
    remaining = None if use.remaining is None else use.remaining + 1
    db.add(GrantEvent(grant_id=use.grant_id, at=now, action="give_back", actor_account_id=actor.user.id,
                      use_number=use.number, remaining=remaining,
                      detail=json.dumps({"reason": reason[:200]}, ensure_ascii=False) if reason else None))
    audit.record(db, now, "grant.use_given_back", actor=actor.user.id, subject=f"grant:{use.grant_id}", ip=actor.ip,
                 use_number=use.number, reason=reason[:200])
