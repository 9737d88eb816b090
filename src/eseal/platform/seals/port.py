"""The engine's seal-lifecycle port on the platform's rows: "what was seal X's state at instant T", keyed by esID,
answered from ``seal_events`` (state) and ``seal_versions`` (validity of the version current at T)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from eseal.engine.beijing import beijing_text
from eseal.engine.pdf import SealLifecycle, SealLifecycleStatus, SealState
from eseal.platform.core import DbSession
from eseal.platform.seals.lifecycle import CANCELLED, SUSPENDED, state_at
from eseal.platform.seals.models import Seal, SealVersion


def _bj(when: datetime) -> str:
    return beijing_text(when) + "（北京时间）"


class PlatformSealLifecycle:
    """Implements :class:`eseal.engine.pdf.SealLifecycle` on one database session (for one verification)."""

    def __init__(self, db: DbSession) -> None:
        self.db = db

    def seal_status_at(self, es_id: str, at: datetime) -> SealLifecycleStatus:
        seal = self.db.scalars(select(Seal).where(Seal.es_id == es_id)).first()
        if seal is None:
            return SealLifecycleStatus(SealState.UNKNOWN, "本平台无此印章的记录")
        state, event = state_at(self.db, seal.id, at)
        if state is None or event is None:
            return SealLifecycleStatus(SealState.UNKNOWN, "签章时间早于印章制发时间")
        if state == CANCELLED:
            return SealLifecycleStatus(SealState.REVOKED, f"印章已于{_bj(event.at)}注销", event.at)
        if state == SUSPENDED:
            return SealLifecycleStatus(SealState.SUSPENDED, f"印章已于{_bj(event.at)}停用", event.at)
        version = self.db.scalars(select(SealVersion).where(SealVersion.seal_id == seal.id, SealVersion.created_at <= at)
                                  .order_by(SealVersion.version.desc()).limit(1)).first()
        if version is not None and not version.valid_from <= at < version.valid_to:
            return SealLifecycleStatus(SealState.EXPIRED, f"印章有效期至{_bj(version.valid_to)}", version.valid_to)
        return SealLifecycleStatus(SealState.ACTIVE, None, event.at)


def seal_lifecycle(db: DbSession) -> SealLifecycle:
    """The port for ``verify_pdf(..., lifecycle=...)`` run by the platform."""
    return PlatformSealLifecycle(db)
