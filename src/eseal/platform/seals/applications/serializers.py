"""Typed views of applications (frozen dataclasses): what the API turns into JSON, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.core import mask_phone
from eseal.platform.seals.applications.catalogue import ROLE_LABELS, materials_for
from eseal.platform.seals.applications.models import SealApplication, SealApplicationMaterial
from eseal.platform.seals.applications.signers import steps_of
from eseal.platform.seals.applications.states import STEP_LABELS
from eseal.platform.seals.kinds import KINDS
from eseal.platform.seals.models import Seal


@dataclass(frozen=True)
class KindOption:
    kind: str
    label: str
    held: bool  # the account already holds such a seal (enabled or suspended)
    pending: bool  # another unfinished application asks for it


@dataclass(frozen=True)
class MaterialView:
    slot: str
    label: str
    sha256: str
    content_type: str
    width: int
    height: int
    size: int
    image_url: str
    thumbnail_url: str


@dataclass(frozen=True)
class MaterialSlot:
    slot: str
    label: str
    required: bool
    uploaded: MaterialView | None


@dataclass(frozen=True)
class PersonForm:
    name: str
    id_type: str
    id_number_masked: str
    phone_masked: str


@dataclass(frozen=True)
class AuthStepView:
    seq: int
    role: str
    role_label: str
    state: str  # waiting | sent | opened | face_passed | signed
    phone_masked: str | None
    sent_at: str | None
    expires_at: str | None
    signed_at: str | None


@dataclass(frozen=True)
class ApplicationView:
    id: int
    kind: str  # enterprise | person
    state: str
    step_label: str
    seal_kinds: tuple[str, ...]
    seal_kind_labels: tuple[str, ...]
    font: str | None
    method: str | None
    handler: PersonForm | None
    legal_rep: PersonForm | None
    unit_name: str | None
    unit_credit_code: str | None
    materials: tuple[MaterialSlot, ...]
    auth_steps: tuple[AuthStepView, ...]
    failure_reason: str | None
    seal_ids: tuple[int, ...]
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class RecordView:
    """One line of 认证记录: an unfinished application and its current step."""

    id: int
    kind: str
    state: str
    step_label: str
    seal_kind_labels: tuple[str, ...]
    created_at: str
    can_authenticate: bool  # 立即认证 available (waiting for a certificate authentication)


@dataclass(frozen=True)
class CertAuthView:
    """The certificate-application link as its page shows it. Before it is consumed only the state is shown."""

    state: str  # open | in_progress | used | expired | superseded | cancelled
    step: str | None  # after consumption: form | face | signature | done
    role: str | None
    role_label: str | None
    person_name_masked: str | None
    unit_name: str | None
    seal_kind_labels: tuple[str, ...]
    expires_at: str | None
    face_check_id: str | None = None


@dataclass(frozen=True)
class CertAuthOpened:
    view: CertAuthView
    session: str  # the secret of the browser session that consumed the link (cookie)


# ------------------------------------------------------------------------------------------- building views

def _masked_form(app: SealApplication, prefix: str) -> PersonForm | None:
    name = getattr(app, f"{prefix}_name")
    if not name:
        return None
    return PersonForm(name=name, id_type=getattr(app, f"{prefix}_id_type") or "",
                      id_number_masked=getattr(app, f"{prefix}_id_masked") or "",
                      phone_masked=mask_phone(getattr(app, f"{prefix}_phone")) or "")


def material_view(app: SealApplication, row: SealApplicationMaterial, label: str) -> MaterialView:
    base = f"/api/v1/seal-applications/{app.id}/materials/{row.slot}"
    return MaterialView(slot=row.slot, label=label, sha256=row.blob_sha256, content_type=row.content_type,
                        width=row.width, height=row.height, size=row.size, image_url=f"{base}/image",
                        thumbnail_url=f"{base}/thumbnail")


def application_view(db: Session, app: SealApplication) -> ApplicationView:
    rows = {r.slot: r for r in db.scalars(select(SealApplicationMaterial)
                                          .where(SealApplicationMaterial.application_id == app.id))}
    slots = tuple(MaterialSlot(code, label, required, material_view(app, rows[code], label) if code in rows else None)
                  for code, label, required in materials_for(app.kind))
    steps = tuple(AuthStepView(seq=s.seq, role=s.role, role_label=ROLE_LABELS[s.role], state=s.state,
                               phone_masked=mask_phone(s.phone), sent_at=_iso(s.sent_at),
                               expires_at=_iso(s.expires_at), signed_at=_iso(s.signed_at))
                  for s in steps_of(db, app))
    kinds = tuple(app.seal_kinds.split(","))
    seal_ids = tuple(db.scalars(select(Seal.id).where(Seal.application_id == app.id).order_by(Seal.id)))
    return ApplicationView(id=app.id, kind=app.kind, state=app.state, step_label=STEP_LABELS[app.state],
                           seal_kinds=kinds, seal_kind_labels=tuple(KINDS[k].label for k in kinds), font=app.font,
                           method=app.method, handler=_masked_form(app, "handler"),
                           legal_rep=_masked_form(app, "legal_rep"), unit_name=app.unit_name,
                           unit_credit_code=app.unit_credit_code, materials=slots, auth_steps=steps,
                           failure_reason=app.failure_reason, seal_ids=seal_ids,
                           created_at=app.created_at.isoformat(), updated_at=app.updated_at.isoformat())


def record_view(app: SealApplication) -> RecordView:
    return RecordView(id=app.id, kind=app.kind, state=app.state, step_label=STEP_LABELS[app.state],
                      seal_kind_labels=tuple(KINDS[k].label for k in app.seal_kinds.split(",")),
                      created_at=app.created_at.isoformat(),
                      can_authenticate=app.state in ("auth_legal_rep", "auth_handler", "auth_self"))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
