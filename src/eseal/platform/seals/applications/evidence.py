"""The evidence of a certificate-application step: the form as shown, the handwritten signature, and the form
with the signature placed into it, signed by the platform (GM profile, trusted time) — all stored as blobs."""

from __future__ import annotations

import io

from sqlalchemy.orm import Session

from eseal.engine.ids import ID_TYPE_LABELS
from eseal.platform.accounts import Actor
from eseal.platform.core import PlatformError, Services, mask_phone
from eseal.platform.seals.applications.application_form import FormData, render_form
from eseal.platform.seals.applications.catalogue import METHOD_LABELS, ROLE_LABELS
from eseal.platform.seals.applications.form_signing import sign_form
from eseal.platform.seals.applications.models import SealApplication, SealApplicationAuth
from eseal.platform.seals.applications.signers import owner_account, person_name
from eseal.platform.seals.kinds import KINDS
from eseal.platform.storage import open_blob, store_blob

MAX_SIGNATURE_BYTES = 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def form_data(db: Session, app: SealApplication, step: SealApplicationAuth) -> FormData:
    if step.role == "self":
        owner = owner_account(db, app)
        id_type, masked, phone = owner.id_type or "resident_id", owner.id_number_masked or "", owner.phone
    else:
        prefix = "legal_rep" if step.role == "legal_rep" else "handler"
        id_type = getattr(app, f"{prefix}_id_type") or "resident_id"
        masked, phone = getattr(app, f"{prefix}_id_masked") or "", getattr(app, f"{prefix}_phone")
    return FormData(role_label=ROLE_LABELS[step.role], person_name=person_name(db, app, step),
                    id_type_label=ID_TYPE_LABELS.get(id_type, id_type), id_masked=masked,
                    phone_masked=mask_phone(phone) or "", unit_name=app.unit_name, credit_code=app.unit_credit_code,
                    seal_labels=tuple(KINDS[k].label for k in app.seal_kinds.split(",")),
                    method_label=METHOD_LABELS.get(app.method or "", ""), application_id=app.id,
                    created_at=app.submitted_at or app.created_at)


def store_form(db: Session, svc: Services, actor: Actor, app: SealApplication, step: SealApplicationAuth) -> None:
    """The form this signer is shown (before signing), stored once per opened link."""
    pdf = render_form(form_data(db, app, step))
    step.form_sha256 = store_blob(db, svc, actor=actor, data=pdf, content_type="application/pdf").sha256


def read_blob(db: Session, svc: Services, actor: Actor, sha256: str) -> bytes:
    reader = open_blob(db, svc, actor=actor, sha256=sha256)
    return b"".join(reader.chunks())


def check_signature(png: bytes) -> bytes:
    """A handwritten signature from the signature pad: a PNG (by content) with some ink; re-encoded."""
    from PIL import Image, UnidentifiedImageError

    if len(png) > MAX_SIGNATURE_BYTES:
        raise PlatformError("cert_auth.signature_too_large", "签名图片过大", "signature")
    if not png.startswith(PNG_MAGIC):
        raise PlatformError("cert_auth.signature_invalid", "签名图片格式不正确", "signature")
    try:
        with Image.open(io.BytesIO(png)) as probe:
            if probe.width * probe.height > 16_000_000:
                raise PlatformError("cert_auth.signature_too_large", "签名图片过大", "signature")
            probe.verify()
        with Image.open(io.BytesIO(png)) as img:
            rgba = img.convert("RGBA")
    except PlatformError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PlatformError("cert_auth.signature_invalid", "签名图片格式不正确", "signature") from exc
    alpha = rgba.getchannel("A")
    ink = alpha.point(lambda a: 255 if a > 32 else 0)
    if alpha.getextrema()[0] == 255:  # opaque: ink is what is not near-white
        ink = rgba.convert("L").point(lambda v: 255 if v < 200 else 0)
    box = ink.getbbox()
    if box is None:
        raise PlatformError("cert_auth.signature_empty", "请先在签名区域手写签名", "signature")
    out = io.BytesIO()
    rgba.crop(box).save(out, "PNG")
    return out.getvalue()


def sign_step(db: Session, svc: Services, actor: Actor, app: SealApplication, step: SealApplicationAuth, png: bytes) -> None:
    """Place the signature into the form, have the platform sign it, store both."""
    clean = check_signature(png)
    now = svc.clock.now()
    step.signature_sha256 = store_blob(db, svc, actor=actor, data=clean, content_type="image/png").sha256
    form = render_form(form_data(db, app, step), signature_png=clean, signed_at=now)
    signed = sign_form(svc, form)
    step.signed_form_sha256 = store_blob(db, svc, actor=actor, data=signed, content_type="application/pdf").sha256
    step.signed_at, step.state = now, "signed"
