"""Who signs an application's certificate-application steps: the steps in order, the owner, the name and the
face subject (name, ID type, ID number) of each signer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eseal.platform.accounts import Account
from eseal.platform.core import NotFound, PlatformError, Services
from eseal.platform.seals.applications.models import SealApplication, SealApplicationAuth


def steps_of(db: Session, app: SealApplication) -> list[SealApplicationAuth]:
    return list(db.scalars(select(SealApplicationAuth).where(SealApplicationAuth.application_id == app.id)
                           .order_by(SealApplicationAuth.seq)))


def owner_account(db: Session, app: SealApplication) -> Account:
    owner = db.get(Account, app.owner_account_id)
    if owner is None:  # pragma: no cover - rows cascade with the account
        raise NotFound("申请不存在", "application_id")
    return owner


def person_name(db: Session, app: SealApplication, step: SealApplicationAuth) -> str:
    if step.role == "self":
        return owner_account(db, app).person_name or ""
    return (app.legal_rep_name if step.role == "legal_rep" else app.handler_name) or ""


def face_subject(db: Session, svc: Services, app: SealApplication, step: SealApplicationAuth) -> tuple[str, str, str]:
    """(name, id type, ID number) of the step's signer: the one place the form's ID number is decrypted."""
    if step.role == "self":
        subject = owner_account(db, app).face_subject(svc.pii)
        if subject is None:
            raise PlatformError("realname_required", "请先完成实名认证", "token")
        return subject
    prefix = "legal_rep" if step.role == "legal_rep" else "handler"
    enc = getattr(app, f"{prefix}_id_enc") or ""
    number = svc.pii.decrypt(enc, field=f"seal_applications.{prefix}_id_number")
    return getattr(app, f"{prefix}_name") or "", getattr(app, f"{prefix}_id_type") or "resident_id", number
