"""选章: the seals of the acting account for signing, each with ``usable`` and, when not, the reason
(``eseal.platform.seals.signing_refusal``: suspended, cancelled, not yet valid, expired) — the page greys them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from eseal.platform import grants
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, Services
from eseal.platform.documents import document_owner as owner_of
from eseal.platform.seals import KINDS, Seal, SealVersion, signing_refusal
from eseal.platform.signing.confirmation import METHOD_LABELS


@dataclass(frozen=True)
class SealChoice:
    id: int
    name: str
    kind: str
    kind_label: str
    state: str
    usable: bool
    reason_code: str | None
    reason: str | None  # 中文, when not usable
    method: str  # the seal's own verification method (用章核验方式): password | sms | face
    method_label: str
    width_mm: float
    height_mm: float
    image_url: str


@dataclass(frozen=True)
class SealChoiceList:
    seals: tuple[SealChoice, ...]


def seal_choices(db: DbSession, svc: Services, *, actor: Actor) -> SealChoiceList:
    owner = owner_of(actor)
    rows = db.execute(select(Seal, SealVersion).join(SealVersion, (SealVersion.seal_id == Seal.id)
                                                     & (SealVersion.version == Seal.current_version))
                      .where(Seal.owner_account_id == owner.id).order_by(Seal.id)).all()
    visible = grants.visible_seal_ids(db, actor)  # [G1] acting by a grant: only the granted seals
    out = []
    for seal, version in rows:
        if visible is not None and seal.id not in visible:
            continue
        refused = signing_refusal(svc, seal) or grants.stamp_refusal_for(db, svc, actor=actor, seal_id=seal.id)
        kind = KINDS.get(seal.kind)
        out.append(SealChoice(
            id=seal.id, name=seal.name, kind=seal.kind, kind_label=kind.label if kind else seal.kind,
            state=seal.state, usable=refused is None, reason_code=refused[0] if refused else None,
            reason=refused[1] if refused else None, method=seal.method,
            method_label=METHOD_LABELS.get(seal.method, seal.method), width_mm=version.width_mm,
            height_mm=version.height_mm, image_url=f"/api/v1/seals/{seal.id}/image.png"))
    return SealChoiceList(tuple(out))
