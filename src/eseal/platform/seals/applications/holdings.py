"""Which seal kinds an account already has: held (a seal enabled or suspended: ``seals.issuance.held_kinds``, the
one rule) or pending (an unfinished application asks for it). Held kinds are shown as held and refused."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.seals.applications.models import SealApplication
from eseal.platform.seals.applications.states import UNFINISHED
from eseal.platform.seals.issuance import held_kinds

__all__ = ["held_kinds", "pending_kinds"]


def pending_kinds(db: Session, owner_id: int) -> set[str]:
    active = sorted(UNFINISHED | {"issuing"})
    rows = db.scalars(select(SealApplication.seal_kinds).where(SealApplication.owner_account_id == owner_id,
                                                               SealApplication.state.in_(active)))
    return {k for row in rows for k in row.split(",") if k}
