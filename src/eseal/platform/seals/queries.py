"""Reading seals for the acting account: the list (我的印章), the details (印章详情), the history, the face."""

from __future__ import annotations

from asn1crypto import x509
from sqlalchemy import select

from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, Services, mask_name
from eseal.platform.seals.access import own_seal, seals_of
from eseal.platform.seals.changes import current_version, renewable_from
from eseal.platform.seals.kinds import KINDS
from eseal.platform.seals.lifecycle import ACTION_LABELS, CHANGE, STATE_LABELS, allowed_actions
from eseal.platform.seals.material import refusal
from eseal.platform.seals.models import Seal, SealEvent
from eseal.platform.seals.serializers import CertificateView, HistoryEntry, SealDetails, SealSummary
from eseal.platform.seals.versions import read_blob


def summary(svc: Services, seal: Seal, width_mm: float, height_mm: float) -> SealSummary:
    kind = KINDS[seal.kind]
    return SealSummary(id=seal.id, kind=seal.kind, kind_label=kind.label, name=seal.name, state=seal.state,
                       state_label=STATE_LABELS[seal.state], usable=refusal(svc, seal) is None,
                       valid_from=seal.valid_from.isoformat(), valid_to=seal.valid_to.isoformat(),
                       image_url=f"/api/v1/seals/{seal.id}/image.png?v={seal.current_version}",
                       width_mm=width_mm, height_mm=height_mm)


def list_seals(db: DbSession, svc: Services, *, actor: Actor) -> tuple[SealSummary, ...]:
    out = []
    for seal in seals_of(db, actor):
        version = current_version(db, seal)
        out.append(summary(svc, seal, version.width_mm, version.height_mm))
    return tuple(out)


def history(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str) -> tuple[HistoryEntry, ...]:
    seal = own_seal(db, actor, seal_id)
    return _history(db, seal)


def _history(db: DbSession, seal: Seal) -> tuple[HistoryEntry, ...]:
    rows = db.execute(select(SealEvent, Account).outerjoin(Account, Account.id == SealEvent.actor_account_id)
                      .where(SealEvent.seal_id == seal.id).order_by(SealEvent.at, SealEvent.id)).all()
    return tuple(HistoryEntry(at=e.at.isoformat(), action=e.action, action_label=ACTION_LABELS[e.action],
                              from_state=e.from_state, to_state=e.to_state, version=e.version,
                              actor_name=mask_name(a.display_name) if a is not None else None) for e, a in rows)


def details(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str) -> SealDetails:
    seal = own_seal(db, actor, seal_id)
    kind = KINDS[seal.kind]
    version = current_version(db, seal)
    cert = x509.Certificate.load(read_blob(svc, version.cert_sha256))
    validity = cert["tbs_certificate"]["validity"]
    revoked = svc.ca.revocation_of(cert) is not None
    certificate = CertificateView(subject=cert.subject.human_friendly, issuer=cert.issuer.human_friendly,
                                  serial=version.cert_serial, valid_from=validity["not_before"].native.isoformat(),
                                  valid_to=validity["not_after"].native.isoformat(), revoked=revoked)
    actions = tuple(a for a in allowed_actions(seal.state) if a != CHANGE or kind.owner == "person")
    return SealDetails(seal=summary(svc, seal, version.width_mm, version.height_mm), es_id=seal.es_id or "",
                       seal_type=kind.seal_type.label, version=seal.current_version, font=seal.font,
                       method=seal.method, certificate=certificate, use_count=seal.use_count,
                       renewable_from=renewable_from(seal).isoformat(), actions=actions, history=_history(db, seal))


def face_png(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str) -> bytes:
    """The current face of the acting account's seal (PNG, 300 dpi, transparent)."""
    seal = own_seal(db, actor, seal_id)
    return read_blob(svc, current_version(db, seal).png_sha256)
