"""认证记录 (manual §6): the unfinished applications of the acting account with their current step, and
立即认证 (a fresh link for the pending certificate-authentication step, sent by SMS)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eseal.platform.accounts import Actor
from eseal.platform.core import Services
from eseal.platform.seals.applications.application import load, owner_of, unfinished
from eseal.platform.seals.applications.certificate_auth import current_step, send_link
from eseal.platform.seals.applications.models import SealApplication
from eseal.platform.seals.applications.serializers import RecordView, record_view


def records(db: Session, svc: Services, *, actor: Actor) -> list[RecordView]:
    return [record_view(app) for app in unfinished(db, owner_of(db, svc, actor).id)]


def authenticate_now(db: Session, svc: Services, *, actor: Actor, application_id: int) -> SealApplication:
    """立即认证: the pending step gets a new link (the old one stops working), sent to its signer's phone."""
    app = load(db, svc, actor=actor, application_id=application_id)
    send_link(db, svc, app, current_step(db, app), ip=actor.ip)
    return app
