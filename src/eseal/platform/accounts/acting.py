"""Acting for an enterprise: the role switch of a person (manual §5.7) and the enterprise entry of an enterprise
login (§3.2). Both need a passed face check of the legal representative and both give the session new
privileges, so both rotate the session token (a token captured before cannot ride on the new privileges)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.roles import acts_by_grant, can_act_for, face_check_matches
from eseal.platform.accounts.sessions import LoadedSession, rotate_session
from eseal.platform.core import NotFound, PlatformError, Services, audit
from eseal.platform.identity import face


@dataclass(frozen=True)
class SessionChange:
    """The session after a privilege change: its new token and what it may now do."""

    token: str
    acting_as: Account | None
    enterprise_face_verified: bool


def switch_role(db: Session, svc: Services, *, actor: Actor, loaded: LoadedSession, enterprise_id: int | None,
                face_check_id: str | None) -> SessionChange:
    """Act for ``enterprise_id`` (None: act as oneself again). For the legal representative acting as the
    enterprise: a passed liveness check of THIS person, made for THIS enterprise, whose ID is the registered
    legal-rep ID (name + ID number alone is public-ish knowledge and must not be enough)."""
    account, now = actor.user, svc.clock.now()
    ent: Account | None = None
    if enterprise_id is None:
        loaded.row.acting_as_enterprise_id = None
        loaded.row.enterprise_face_verified_at = None
    else:
        if account.is_enterprise:
            raise PlatformError("forbidden", "法人账号无需切换角色", "enterprise_id")
        ent = can_act_for(db, account, enterprise_id)
        if ent is None:
            raise NotFound("无权以该企业身份操作", "enterprise_id")
        check = face.consume(db, svc, face_check_id, purpose="role_switch", client_binding=actor.client_binding,
                             account_id=account.id, ref=str(ent.id))
        # the legal representative: the face is the registered legal-rep ID's; a grantee ([G1]): its own face
        by_grant = acts_by_grant(db, account, ent)
        if not (face_check_matches(ent, check.subject_id_type, check.subject_id_key)
                or (by_grant and bool(account.id_key) and check.subject_id_key == account.id_key)):
            raise PlatformError("face_not_passed", "人脸识别记录与当前操作不符", "face_check_id")
        loaded.row.acting_as_enterprise_id = ent.id
        loaded.row.enterprise_face_verified_at = now
    loaded.acting_as = ent
    # new role, new credentials: fresh session token (and, in the web layer, a fresh CSRF token)
    token = rotate_session(db, now, loaded)
    audit.record(db, now, "role.switched", actor=account.id, subject=f"account:{account.id}", ip=actor.ip,
                 acting_as=enterprise_id)
    return SessionChange(token=token, acting_as=ent, enterprise_face_verified=ent is not None)


def enter_enterprise(db: Session, svc: Services, *, actor: Actor, loaded: LoadedSession,
                     face_check_id: str | None) -> SessionChange:
    """§3.2: an enterprise session passes the legal representative's face check and gains the seal app."""
    account = actor.user
    if not account.is_enterprise:
        raise PlatformError("method_unavailable", "个人用户无需人脸认证", "face_check_id")
    check = face.consume(db, svc, face_check_id, purpose="enterprise_entry", client_binding=actor.client_binding,
                         account_id=account.id)
    if not face_check_matches(account, check.subject_id_type, check.subject_id_key):
        raise PlatformError("face_not_passed", "人脸识别记录与当前操作不符", "face_check_id")
    now = svc.clock.now()
    loaded.row.enterprise_face_verified_at = now
    # the registered legal representative proved it is them: the enterprise joins their 切换角色 list
    account.legal_rep_face_verified_at = now
    token = rotate_session(db, now, loaded)
    audit.record(db, now, "enterprise.entry", actor=account.id, subject=f"account:{account.id}", ip=actor.ip)
    return SessionChange(token=token, acting_as=loaded.acting_as, enterprise_face_verified=True)
