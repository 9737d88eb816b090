"""The lifecycle services of a seal: 停用 suspend, 启用 resume, 续期 renew, 变更 change, 注销 cancel.

Each loads the acting account's seal (locked), asks the lifecycle table whether the move is allowed (before a
willingness challenge is consumed), consumes the willingness challenge for exactly this action and seal, writes
the ``seal_events`` row, files suspend/resume/cancel (备案) and audits. Never commits. Cancellation revokes the
seal's certificates (SM2, and the ECDSA ones of its versions' PAdES credentials) in the platform CA last (a CA write
cannot be rolled back; a failure before it leaves the seal as it was, a failure of the commit after it leaves a
revoked certificate, i.e. a seal that can no longer sign). No other move revokes or supersedes a certificate.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from asn1crypto import x509
from sqlalchemy import select

from eseal.engine.art import RenderedSeal
from eseal.engine.beijing import beijing_date_zh
from eseal.platform.accounts import Account, Actor, check_person_name, check_phone, parse_person_id
from eseal.platform.core import DbSession, PlatformError, Services, audit, mask_id
from eseal.platform.grants.permissions import require as require_grant
from eseal.platform.identity import WillingnessChallenge, willingness
from eseal.platform.seals.access import own_seal, owner_of
from eseal.platform.seals.faces import render_face
from eseal.platform.seals.filing import file_event
from eseal.platform.seals.kinds import KINDS, normalize_font
from eseal.platform.seals.lifecycle import (
    CANCEL,
    CHANGE,
    FILED_ACTIONS,
    RENEW,
    RESUME,
    SUSPEND,
    WILLINGNESS_ACTIONS,
    next_state,
)
from eseal.platform.seals.models import Seal, SealEvent, SealEventMaterial, SealPadesCredential, SealVersion
from eseal.platform.seals.versions import Holder, make_version, read_blob
from eseal.platform.storage import get_blob

RENEW_WINDOW = timedelta(days=10)
MAX_MATERIALS = 10
REVOCATION_REASON = "cessationOfOperation"


@dataclass(frozen=True)
class CancelForms:
    """The enterprise's 注销 forms: 经办人, 单位法人, 单位信息 (as in the application)."""

    handler_name: str
    handler_id_number: str
    handler_phone: str
    legal_rep_name: str
    legal_rep_id_number: str
    unit_name: str
    credit_code: str
    handler_id_type: str = "resident_id"
    legal_rep_id_type: str = "resident_id"


@dataclass(frozen=True)
class RenewDetail:
    """续期: the validity of the new version."""

    valid_from: datetime
    valid_to: datetime


@dataclass(frozen=True)
class ChangeDetail:
    """变更: the new font of a 个人方章."""

    font: str


@dataclass(frozen=True)
class CancelDetail:
    """注销 of an enterprise seal: what its forms said (ID numbers masked) and the materials kept (blob sha256)."""

    handler_name: str
    handler_id: str | None
    handler_phone: str
    legal_rep_name: str
    legal_rep_id: str | None
    unit_name: str | None
    credit_code: str | None
    materials: tuple[str, ...] = ()


EventDetail = RenewDetail | ChangeDetail | CancelDetail


def detail_json(detail: EventDetail | None) -> str | None:
    """The one serializer of an event's detail: the JSON of ``seal_events.detail`` (keys sorted, instants ISO 8601)."""
    if detail is None:
        return None
    values = {f.name: getattr(detail, f.name) for f in fields(detail)}
    shaped = {k: v.isoformat() if isinstance(v, datetime) else list(v) if isinstance(v, tuple) else v
              for k, v in values.items()}
    return json.dumps(shaped, ensure_ascii=False, sort_keys=True)


def renewable_from(seal: Seal) -> datetime:
    return seal.valid_to - RENEW_WINDOW


def _willing(db: DbSession, svc: Services, actor: Actor, seal: Seal, action: str, challenge_id: str | None) -> None:
    require_grant(db, svc, actor=actor, action="seal.lifecycle", seal_id=seal.id)  # [G1] permission table
    willingness.require_willingness(db, svc, challenge_id, account_id=actor.user.id,
                                    action=WILLINGNESS_ACTIONS[action], target_type="seal", target_id=seal.id,
                                    acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)


def _event(db: DbSession, svc: Services, actor: Actor, seal: Seal, action: str, *, version: int | None = None,
           detail: EventDetail | None = None) -> SealEvent:
    now = svc.clock.now()
    before, after = seal.state, next_state(seal.state, action)
    seal.state, seal.updated_at = after, now
    event = SealEvent(seal_id=seal.id, at=now, action=action, from_state=before, to_state=after,
                      actor_account_id=actor.user.id, version=version,
                      detail=detail_json(detail))
    db.add(event)
    db.flush()
    owner = owner_of(actor)
    if action in FILED_ACTIONS:
        file_event(db, svc, seal=seal, event=event, credit_code=owner.credit_code if owner.is_enterprise else None)
    audit.record(db, now, f"seal.{action}", actor=actor.user.id, subject=f"seal:{seal.id}", ip=actor.ip,
                 es_id=seal.es_id, before=before, after=after, acting_as=actor.acting_as_id)
    return event


def suspend(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str, challenge_id: str | None) -> Seal:
    """停用: enabled → suspended (willingness ``seal.suspend``), filed."""
    seal = own_seal(db, actor, seal_id, lock=True)
    next_state(seal.state, SUSPEND)
    _willing(db, svc, actor, seal, SUSPEND, challenge_id)
    _event(db, svc, actor, seal, SUSPEND)
    return seal


def resume(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str, challenge_id: str | None) -> Seal:
    """启用: suspended → enabled (willingness ``seal.resume``), filed."""
    seal = own_seal(db, actor, seal_id, lock=True)
    next_state(seal.state, RESUME)
    _willing(db, svc, actor, seal, RESUME, challenge_id)
    _event(db, svc, actor, seal, RESUME)
    return seal


def current_version(db: DbSession, seal: Seal) -> SealVersion:
    return db.scalars(select(SealVersion).where(SealVersion.seal_id == seal.id,
                                                SealVersion.version == seal.current_version)).one()


def _stored_face(svc: Services, seal: Seal, version: SealVersion) -> RenderedSeal:
    return RenderedSeal(KINDS[seal.kind].art_kind, version.width_mm, version.height_mm,
                        read_blob(svc, version.png_sha256), "", read_blob(svc, version.pdf_sha256), 300)


def _holder(svc: Services, seal: Seal, owner: Account) -> Holder:
    """The certificate subject of a renewed seal, from the owner's account (ID numbers decrypted for the
    certificate's keyed digest only)."""
    cert = KINDS[seal.kind].cert
    if cert == "enterprise":
        return Holder("enterprise", seal.holder_name, credit_code=owner.credit_code)
    field, value = (("accounts.legal_rep_id_number", owner.legal_rep_id_enc) if cert == "legal_rep"
                    else ("accounts.id_number", owner.id_number_enc))
    if not value:
        raise PlatformError("seal.holder_incomplete", "缺少证件号码，无法续期", "seal_id")
    return Holder("person", seal.holder_name, id_number=svc.pii.decrypt(value, field=field))


def renew(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str, challenge_id: str | None) -> Seal:
    """续期: only from 10 days before valid_to (``seal.renew_too_early`` with the date); a new key, certificate
    and SESeal version valid for the configured days plus what was left; the state is kept."""
    seal = own_seal(db, actor, seal_id, lock=True)
    next_state(seal.state, RENEW)
    now = svc.clock.now().replace(microsecond=0)
    start = renewable_from(seal)
    if now < start:
        raise PlatformError("seal.renew_too_early", f"印章到期前10天内方可续期，请于{beijing_date_zh(start)}起办理", "seal_id")
    _willing(db, svc, actor, seal, RENEW, challenge_id)
    old = current_version(db, seal)
    left = max(0, math.ceil((seal.valid_to - now) / timedelta(days=1)))
    version = make_version(db, svc, actor=actor, seal=seal, number=seal.current_version + 1, reason=RENEW,
                           face=_stored_face(svc, seal, old), font=old.font, now=now,
                           holder=_holder(svc, seal, owner_of(actor)), days=svc.settings.seals.validity_days + left)
    _event(db, svc, actor, seal, RENEW, version=version.version,
           detail=RenewDetail(version.valid_from, version.valid_to))
    return seal


def change(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str, challenge_id: str | None,
           font: str | None = None, strokes: Any = None) -> Seal:
    """变更: persons only — a new font (个人方章) or new strokes (个人手绘章) → a new face and SESeal version with the
    same key and certificate (the old version stays valid for what it signed). Enterprises: ``seal.change_not_open``."""
    seal = own_seal(db, actor, seal_id, lock=True)
    kind = KINDS[seal.kind]
    if kind.owner == "enterprise":
        raise PlatformError("seal.change_not_open", "该功能暂未开放")
    next_state(seal.state, CHANGE)
    new_font = normalize_font(font) if kind.art_kind == "personal" else None
    if kind.art_kind == "personal" and new_font == seal.font:
        raise PlatformError("seal.change_same", "请选择与当前不同的字体", "font")
    face = render_face(kind, seal.holder_name, font=new_font, strokes=strokes)
    _willing(db, svc, actor, seal, CHANGE, challenge_id)
    now = svc.clock.now().replace(microsecond=0)
    old = current_version(db, seal)
    version = make_version(db, svc, actor=actor, seal=seal, number=seal.current_version + 1, reason=CHANGE,
                           face=face, font=new_font, now=now, reuse=old)
    seal.font = new_font
    _event(db, svc, actor, seal, CHANGE, version=version.version, detail=ChangeDetail(new_font) if new_font else None)
    return seal


def _check_forms(svc: Services, owner: Account, forms: CancelForms | None) -> CancelDetail:
    if forms is None:
        raise PlatformError("seal.forms_required", "请填写经办人、单位法人和单位信息", "forms")
    check_person_name(forms.handler_name, "handler_name")
    _, handler_id = parse_person_id(forms.handler_id_type, forms.handler_id_number, "handler_id_number")
    check_phone(forms.handler_phone, "handler_phone")
    id_type, rep_id = parse_person_id(forms.legal_rep_id_type, forms.legal_rep_id_number, "legal_rep_id_number")
    if forms.unit_name.strip() != (owner.enterprise_name or "") or forms.credit_code.strip().upper() != owner.credit_code:
        raise PlatformError("seal.form_mismatch", "单位信息与注册信息不一致", "unit_name")
    if forms.legal_rep_name.strip() != (owner.legal_rep_name or "") \
            or svc.pii.blind_index(id_type, rep_id) != owner.legal_rep_id_key:
        raise PlatformError("seal.form_mismatch", "单位法人信息与注册信息不一致", "legal_rep_name")
    return CancelDetail(handler_name=forms.handler_name.strip(), handler_id=mask_id(handler_id),
                        handler_phone=forms.handler_phone, legal_rep_name=forms.legal_rep_name.strip(),
                        legal_rep_id=mask_id(rep_id), unit_name=owner.enterprise_name, credit_code=owner.credit_code)


def _check_materials(db: DbSession, svc: Services, actor: Actor, materials: Sequence[str]) -> list[str]:
    if not materials:
        raise PlatformError("seal.materials_required", "请上传注销材料", "materials")
    if len(materials) > MAX_MATERIALS:
        raise PlatformError("seal.materials_too_many", f"注销材料最多{MAX_MATERIALS}份", "materials")
    for sha in materials:
        blob = get_blob(db, svc, actor=actor, sha256=sha)
        if blob.content_type not in ("image/jpeg", "image/png"):
            raise PlatformError("seal.material_not_image", "注销材料须为JPG或PNG图片", "materials")
    return list(dict.fromkeys(materials))


def cancel(db: DbSession, svc: Services, *, actor: Actor, seal_id: int | str, challenge_id: str | None,
           materials: Sequence[str] = (), forms: CancelForms | None = None) -> Seal:
    """注销 (terminal): persons — willingness; enterprises — materials (stored JPG/PNG blobs) + the forms + a
    willingness challenge satisfied by SMS. Every certificate of the seal is revoked in the platform CA (CRL)."""
    seal = own_seal(db, actor, seal_id, lock=True)
    next_state(seal.state, CANCEL)
    owner = owner_of(actor)
    detail: CancelDetail | None = None
    kept: list[str] = []
    if owner.is_enterprise:
        detail = _check_forms(svc, owner, forms)
        kept = _check_materials(db, svc, actor, materials)
        challenge = db.get(WillingnessChallenge, challenge_id) if challenge_id else None
        if challenge is not None and challenge.satisfied_at is not None and challenge.method != "sms":
            raise PlatformError("seal.sms_required", "单位印章注销须完成短信验证", "challenge_id")
    _willing(db, svc, actor, seal, CANCEL, challenge_id)
    event = _event(db, svc, actor, seal, CANCEL, detail=detail and replace(detail, materials=tuple(kept)))
    for sha in kept:
        db.add(SealEventMaterial(event_id=event.id, blob_sha256=sha))
    db.flush()
    revoke_certificates(db, svc, seal, event.at)
    return seal


def revoke_certificates(db: DbSession, svc: Services, seal: Seal, at: datetime) -> int:
    """Revoke every not yet revoked certificate of the seal's versions — the SM2 ones and the ECDSA ones of their
    PAdES credentials (``seals.pades``), at one instant with one reason; the count revoked. The CA refuses
    revocation times in the future of the wall clock, so a test clock ahead of it is clamped."""
    ca = svc.ca
    when = min(at, datetime.now(UTC))
    done = 0
    seen: set[str] = set()
    versions = select(SealVersion.id).where(SealVersion.seal_id == seal.id)
    shas = [*db.scalars(select(SealVersion.cert_sha256).where(SealVersion.seal_id == seal.id)
                        .order_by(SealVersion.version)),
            *db.scalars(select(SealPadesCredential.cert_sha256).where(SealPadesCredential.seal_version_id.in_(versions))
                        .order_by(SealPadesCredential.seal_version_id))]
    for sha in shas:
        if sha in seen:
            continue
        seen.add(sha)
        cert = x509.Certificate.load(read_blob(svc, sha))
        if ca.revocation_of(cert) is None:
            ca.revoke(cert, REVOCATION_REASON, when=max(when, cert.not_valid_before))
            done += 1
    return done
