"""The end of an application: after the last certificate authentication, the seals are issued
(``seals.issuance.issue_seals``, S1a) from an ``IssueRequest`` built here, and the application is done.
A refusal of issuance (a code) leaves the application ``failed`` with that reason."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from eseal.platform.accounts import Actor
from eseal.platform.core import PlatformError, Services, audit
from eseal.platform.seals.applications.models import SealApplication
from eseal.platform.seals.applications.signers import owner_account
from eseal.platform.seals.issuance import IssueRequest, issue_seals
from eseal.platform.seals.models import Seal


def issue_request(db: Session, svc: Services, app: SealApplication) -> IssueRequest:
    owner = owner_account(db, app)
    kinds = tuple(app.seal_kinds.split(","))
    if app.kind == "enterprise":
        legal_number = svc.pii.decrypt(app.legal_rep_id_enc or "", field="seal_applications.legal_rep_id_number") \
            if "legal_rep" in kinds else None
        return IssueRequest(owner_account_id=owner.id, kinds=kinds, holder_name=app.unit_name or owner.display_name,
                            credit_code=app.unit_credit_code, legal_rep_name=app.legal_rep_name,
                            legal_rep_id_number=legal_number, method=app.method or "sms",
                            method_password_hash=app.method_password_hash, application_id=app.id)
    subject = owner.face_subject(svc.pii)
    return IssueRequest(owner_account_id=owner.id, kinds=kinds, holder_name=owner.person_name or "",
                        id_number=subject[2] if subject else None, font=app.font,
                        strokes=json.loads(app.strokes_json) if app.strokes_json else None,
                        method=app.method or "sms", method_password_hash=app.method_password_hash,
                        application_id=app.id)


def complete(db: Session, svc: Services, *, actor: Actor, app: SealApplication) -> list[Seal]:
    """``issuing`` → ``done`` with the new seals, or ``failed`` with the refusal's code."""
    now = svc.clock.now()
    try:
        with db.begin_nested():
            seals = issue_seals(db, svc, actor=actor, request=issue_request(db, svc, app))
    except PlatformError as exc:
        app.state, app.failure_reason, app.updated_at = "failed", exc.code[:64], now
        audit.record(db, now, "seal_application.failed", actor=None, subject=f"seal_application:{app.id}",
                     ip=actor.ip, reason=exc.code)
        return []
    app.state, app.completed_at, app.updated_at = "done", now, now
    audit.record(db, now, "seal_application.done", actor=None, subject=f"seal_application:{app.id}", ip=actor.ip,
                 seals=",".join(str(s.id) for s in seals))
    return seals
