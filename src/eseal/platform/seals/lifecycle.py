"""THE table of allowed seal state moves, and the state of a seal at an instant.

States: ``enabled`` (启用), ``suspended`` (停用), ``cancelled`` (注销, terminal). Validity (valid_from, valid_to) is
separate from the state: a seal is *usable* when enabled and valid_from <= now < valid_to. Renewal (续期) and
change (变更) make a new version and keep the state. Every move is a ``seal_events`` row with its instant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from eseal.platform.core import DbSession, PlatformError
from eseal.platform.seals.models import SealEvent

ENABLED, SUSPENDED, CANCELLED = "enabled", "suspended", "cancelled"
STATES = (ENABLED, SUSPENDED, CANCELLED)
STATE_LABELS = {ENABLED: "已启用", SUSPENDED: "已停用", CANCELLED: "已注销"}
ISSUE, SUSPEND, RESUME, RENEW, CHANGE, CANCEL = "issue", "suspend", "resume", "renew", "change", "cancel"
ACTION_LABELS = {ISSUE: "申领", SUSPEND: "停用", RESUME: "启用", RENEW: "续期", CHANGE: "变更", CANCEL: "注销"}

# (state before, action) -> state after. Nothing else is allowed; None = the seal does not exist yet.
MOVES: dict[tuple[str | None, str], str] = {
    (None, ISSUE): ENABLED,
    (ENABLED, SUSPEND): SUSPENDED,
    (SUSPENDED, RESUME): ENABLED,
    (ENABLED, CANCEL): CANCELLED,
    (SUSPENDED, CANCEL): CANCELLED,
    (ENABLED, RENEW): ENABLED,
    (SUSPENDED, RENEW): SUSPENDED,
    (ENABLED, CHANGE): ENABLED,
}
# the filing (备案) duty: these moves are filed with the seal-making body
FILED_ACTIONS = frozenset({SUSPEND, RESUME, CANCEL})
# willingness action of each move (identity.ACTION_LABELS)
WILLINGNESS_ACTIONS = {SUSPEND: "seal.suspend", RESUME: "seal.resume", RENEW: "seal.renew", CHANGE: "seal.change",
                       CANCEL: "seal.revoke"}

_REFUSALS = {
    CANCELLED: "印章已注销，无法{action}",
    SUSPENDED: "印章已停用，无法{action}",
    ENABLED: "印章已启用，无需{action}",
}


def next_state(state: str | None, action: str) -> str:
    """The state after ``action`` from ``state``; ``seal.move_not_allowed`` when the table has no such move."""
    after = MOVES.get((state, action))
    if after is None:
        label = ACTION_LABELS.get(action, action)
        text = _REFUSALS.get(state or "", "当前状态无法{action}").format(action=label)
        raise PlatformError("seal.move_not_allowed", text, "state")
    return after


def allowed_actions(state: str) -> tuple[str, ...]:
    return tuple(action for (before, action) in MOVES if before == state)


def state_at(db: DbSession, seal_id: int, at: datetime) -> tuple[str | None, SealEvent | None]:
    """The state of the seal at instant ``at`` and the event that set it (None, None before it was issued)."""
    event = db.scalars(select(SealEvent).where(SealEvent.seal_id == seal_id, SealEvent.at <= at)
                       .order_by(SealEvent.at.desc(), SealEvent.id.desc()).limit(1)).first()
    return (event.to_state, event) if event is not None else (None, None)
