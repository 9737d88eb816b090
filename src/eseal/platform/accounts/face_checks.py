"""Starting a face check (人脸识别) for a purpose: whose face it must be, decided from the purpose and the account.

login / reset_password: the person the typed ID number identifies; enterprise_entry: the enterprise's legal
representative (§3.2); role_switch: the logged-in person, for an enterprise it may act for; willingness: the
challenge's account (``identity.willingness.start_face``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lookup import login_methods, resolve_account
from eseal.platform.accounts.roles import can_act_for
from eseal.platform.core import NotFound, PlatformError, Services, ratelimit
from eseal.platform.identity import FaceCheckView, face, safe_next, willingness

FACE_PER_IP_PER_HOUR = 30


def return_url_of(svc: Services, value: str | None) -> str:
    """The face service's way back: a same-site path (made absolute for an external liveness service)."""
    return_url = safe_next(value, "") if value else ""
    if return_url and not svc.providers.face.simulated:
        # an external liveness service sends the browser back: it needs an absolute URL
        return_url = svc.settings.public_url.rstrip("/") + return_url
    return return_url


def start_face_check(db: Session, svc: Services, *, actor: Actor, purpose: str, account_type: str | None = None,
                     account: str | None = None, id_type: str | None = None, challenge_id: str | None = None,
                     enterprise_id: int | None = None, return_to: str | None = None) -> FaceCheckView:
    binding, ip = actor.client_binding, actor.ip
    # each check may open a session at a paid liveness service: limit per IP
    ratelimit.hit(db, svc.clock.now(), "face_ip", ip or "unknown", limit=FACE_PER_IP_PER_HOUR,
                  window=timedelta(hours=1))
    return_url = return_url_of(svc, return_to)
    if purpose == "willingness":
        user = actor.user
        ch = willingness.get_challenge(db, challenge_id or "", user.id)
        return face.view(svc, willingness.start_face(db, svc, ch, user, client_binding=binding,
                                                     return_url=return_url, ip=ip))
    ref = None
    if purpose == "role_switch":
        # a person acting for an enterprise as its legal representative proves it is that person (liveness
        # bound to the person's real-name ID, which must be the enterprise's registered legal-rep ID)
        user = actor.user
        if user.is_enterprise:
            raise PlatformError("forbidden", "法人账号无需切换角色", "enterprise_id")
        ent = can_act_for(db, user, enterprise_id) if enterprise_id is not None else None
        if ent is None:
            raise NotFound("无权以该企业身份操作", "enterprise_id")
        subject, account_id, ref = user.face_subject(svc.pii), user.id, str(ent.id)
    elif purpose == "enterprise_entry":
        user = actor.user
        if not user.is_enterprise:
            raise PlatformError("method_unavailable", "个人用户无需人脸认证", "purpose")
        subject, account_id = user.face_subject(svc.pii), user.id
    elif purpose in ("login", "reset_password"):
        if account_type != "person":
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "account_type")
        found, kind = resolve_account(db, svc, account_type, account, id_type)
        if found is None:
            raise PlatformError("account_not_found", "该账号未注册", "account")
        if kind != "id_number" or "face" not in login_methods(found, kind):
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "account")
        subject, account_id = found.face_subject(svc.pii), found.id
    else:
        raise PlatformError("invalid_input", "人脸识别用途错误", "purpose")
    if subject is None:
        raise PlatformError("method_unavailable", "该账号无法进行人脸识别", "purpose")
    name, subject_id_type, number = subject
    check = face.create_check(db, svc, purpose=purpose, name=name, id_type=subject_id_type, id_number=number,
                              account_id=account_id, client_binding=binding, ref=ref, return_url=return_url, ip=ip)
    return face.view(svc, check)
