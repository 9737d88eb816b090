"""Willingness authentication (意愿认证): one service for every action that needs the user's consent.

Flow (API: docs/api.md §4.6)::

    ch = create_challenge(db, svc, account, action="seal.apply", target_type="seal_application", target_id="42")
    satisfy(db, svc, ch.id, account, method="sms", sms_code="123456", client_binding=...)
    ...
    # inside the action, before doing anything irreversible:
    require_willingness(db, svc, challenge_id, account_id=account.id, action="seal.apply",
                        target_type="seal_application", target_id="42")

A challenge is bound to (account, acting-as enterprise, action, target type, target id); it is
satisfied by the verification password (≥ 6 digits, argon2id), an SMS code to the bound phone, or a
face check of the account's subject; it expires 5 minutes after creation and can be consumed once.
Everything is audited. ``require_willingness`` refuses with ``willingness_required`` otherwise.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

import eseal.platform.identity.face as face
import eseal.platform.identity.sms as sms
from eseal.platform.core import (
    NotFound,
    PlatformError,
    Services,
    affected_rows,
    audit,
    mask_phone,
    new_token,
    ratelimit,
    verify_password,
)
from eseal.platform.identity.models import FaceCheck, WillingnessChallenge
from eseal.platform.identity.principal import Principal
from eseal.platform.identity.serializers import ChallengeView, SmsSent

CHALLENGE_TTL = timedelta(minutes=5)

# Labels shown on the willingness sheet (「您正在进行：…」). Later issues add their actions here;
# an action without a label is still accepted and shown as its name.
ACTION_LABELS: dict[str, str] = {
    "account.change_password": "修改登录密码",
    "account.change_verification_password": "修改核验密码",
    "account.set_verification_password": "设置核验密码",
    "account.bind_oauth": "绑定快捷登录",
    "account.change_phone": "更换绑定手机号",
    "seal.apply": "申领印章",
    "seal.suspend": "停用印章",
    "seal.resume": "启用印章",
    "seal.renew": "续期印章",
    "seal.change": "变更印章",
    "seal.revoke": "注销印章",
    "sign.submit": "提交签署",
    "grant.create": "新增授权",
    "grant.accept": "接受授权",
    "grant.change": "变更授权",
    "grant.revoke": "撤销授权",
}
MAX_ATTEMPTS = 5
METHODS = ("password", "sms", "face")
# Wrong 核验密码 tries per account and hour, across challenges: 5 per challenge alone would let anyone with
# a session walk a 6-digit password by opening new challenges.
PASSWORD_FAILURES_PER_HOUR = 10
CREATE_PER_HOUR = 60


def available_methods(account: Principal) -> list[str]:
    methods = []
    if account.verification_password_hash:
        methods.append("password")
    if account.phone:
        methods.append("sms")
    if account.has_face_subject:
        methods.append("face")
    return methods


def create_challenge(db: Session, svc: Services, account: Principal, *, action: str, target_type: str,
                     target_id: str, acting_as_enterprise_id: int | None = None,
                     ip: str | None = None) -> WillingnessChallenge:
    if not action or not target_type or target_id is None or str(target_id) == "":
        raise PlatformError("invalid_input", "意愿认证参数不完整", "action")
    now = svc.clock.now()
    ratelimit.hit(db, now, "willingness_create", str(account.id), limit=CREATE_PER_HOUR, window=timedelta(hours=1),
                  message=f"意愿认证过于频繁：每个账号每小时最多发起{CREATE_PER_HOUR}次，请稍后再试")
    challenge = WillingnessChallenge(
        id="wc_" + new_token(18), account_id=account.id, acting_as_enterprise_id=acting_as_enterprise_id,
        action=action[:64], target_type=target_type[:64], target_id=str(target_id)[:64], created_at=now,
        expires_at=now + CHALLENGE_TTL, attempts=0)
    db.add(challenge)
    audit.record(db, now, "willingness.created", actor=account.id, subject=f"willingness:{challenge.id}", ip=ip,
                 action=challenge.action, target=f"{challenge.target_type}:{challenge.target_id}",
                 acting_as=acting_as_enterprise_id)
    db.flush()
    return challenge


def get_challenge(db: Session, challenge_id: str, account_id: int) -> WillingnessChallenge:
    """The challenge, only if it belongs to ``account_id`` (otherwise 404, never revealing it exists)."""
    challenge = db.get(WillingnessChallenge, challenge_id) if challenge_id else None
    if challenge is None or challenge.account_id != account_id:
        raise NotFound("意愿认证不存在", "challenge_id")
    return challenge


def status_of(svc: Services, ch: WillingnessChallenge) -> str:
    if ch.consumed_at is not None:
        return "consumed"
    if ch.voided_at is not None:
        return "void"
    if ch.expires_at <= svc.clock.now():
        return "expired"
    return "satisfied" if ch.satisfied_at is not None else "pending"


def view(svc: Services, ch: WillingnessChallenge, account: Principal) -> ChallengeView:
    """The challenge as its owner sees it (``account``: the owner, ``ch.account_id == account.id``)."""
    return ChallengeView(challenge_id=ch.id, action=ch.action, action_label=ACTION_LABELS.get(ch.action, ch.action),
                         target_type=ch.target_type, target_id=ch.target_id, status=status_of(svc, ch),
                         method=ch.method, expires_at=ch.expires_at.isoformat(),
                         methods=tuple(available_methods(account)), phone_masked=mask_phone(account.phone))


def _open(svc: Services, ch: WillingnessChallenge) -> None:
    status = status_of(svc, ch)
    if status == "expired":
        raise PlatformError("challenge_expired", "意愿认证已超时，请重新认证")
    if status in ("consumed", "satisfied"):
        raise PlatformError("challenge_used", "意愿认证已完成，请勿重复提交")
    if status == "void":
        raise PlatformError("challenge_exhausted", "意愿认证失败次数过多，请重新发起")


def send_sms(db: Session, svc: Services, ch: WillingnessChallenge, account: Principal,
             ip: str | None = None) -> SmsSent:
    _open(svc, ch)
    if not account.phone:
        raise PlatformError("no_bound_phone", "该账号未绑定手机号", "method")
    return sms.send_code(db, svc, account.phone, "willingness", ip=ip, ref=ch.id, actor=account.id)


def start_face(db: Session, svc: Services, ch: WillingnessChallenge, account: Principal, *, client_binding: str,
               return_url: str = "", ip: str | None = None) -> FaceCheck:
    _open(svc, ch)
    subject = account.face_subject(svc.pii)
    if subject is None:
        raise PlatformError("method_unavailable", "该账号未实名，无法使用人脸核验", "method")
    name, id_type, number = subject
    return face.create_check(db, svc, purpose="willingness", name=name, id_type=id_type, id_number=number,
                             account_id=account.id, client_binding=client_binding, ref=ch.id, return_url=return_url,
                             ip=ip)


def satisfy(db: Session, svc: Services, challenge_id: str, account: Principal, *, method: str,
            password: str | None = None, sms_code: str | None = None, face_check_id: str | None = None,
            client_binding: str = "", ip: str | None = None) -> WillingnessChallenge:
    ch = get_challenge(db, challenge_id, account.id)
    _open(svc, ch)
    now = svc.clock.now()
    if method not in available_methods(account) and not (method == "password" and account.verification_password_hash):
        if method == "password":
            raise PlatformError("verification_password_not_set", "请先设置核验密码", "method")
        raise PlatformError("method_unavailable", "该账号不支持此核验方式", "method")
    try:
        if method == "password":
            if ratelimit.recent(db, now, "vpw_fail", str(account.id), timedelta(hours=1)) \
                    >= PASSWORD_FAILURES_PER_HOUR:
                raise PlatformError("verification_password_locked", "核验密码错误次数过多，请1小时后再试或使用其他核验方式",
                                    "password", retry_after=3600)
            if not verify_password(account.verification_password_hash, password or ""):
                ratelimit.add(db, now, "vpw_fail", str(account.id))
                ch.attempts += 1
                if ch.attempts >= MAX_ATTEMPTS:
                    ch.voided_at = now
                    raise PlatformError("challenge_exhausted", "核验密码错误次数过多，请重新发起意愿认证", "password")
                raise PlatformError("verification_password_wrong",
                                    f"核验密码错误，还可尝试{MAX_ATTEMPTS - ch.attempts}次", "password")
        elif method == "sms":
            sms.check_code(db, svc, account.phone or "", "willingness", sms_code or "", ref=ch.id)
        else:
            face.consume(db, svc, face_check_id, purpose="willingness", client_binding=client_binding,
                         account_id=account.id, ref=ch.id)
    except PlatformError as exc:
        audit.record(db, now, "willingness.failed", actor=account.id, subject=f"willingness:{ch.id}", ip=ip,
                     method=method, reason=exc.code)
        raise
    ch.method = method
    ch.satisfied_at = now
    audit.record(db, now, "willingness.satisfied", actor=account.id, subject=f"willingness:{ch.id}", ip=ip,
                 method=method, action=ch.action)
    return ch


def require_willingness(db: Session, svc: Services, challenge_id: str | None, *, account_id: int, action: str,
                        target_type: str, target_id: str | int, acting_as_enterprise_id: int | None = None,
                        ip: str | None = None, satisfied_by: str | None = None) -> WillingnessChallenge:
    """Consume a satisfied challenge for exactly this action, or refuse with ``willingness_required``.

    Call it inside the action's transaction before the irreversible step; if the action later fails
    with a rollback, the challenge stays unconsumed (nothing was done). ``satisfied_by``: the method the caller
    has just verified itself (a signing's seal password): the challenge may still be pending and is satisfied and
    consumed by the same guarded UPDATE (one statement in the write section instead of three).
    """
    refused = PlatformError("willingness_required", "请先完成意愿认证", "willingness_challenge_id")
    ch = db.get(WillingnessChallenge, challenge_id) if challenge_id else None
    if ch is None or ch.account_id != account_id or ch.action != action or ch.target_type != target_type \
            or ch.target_id != str(target_id) or ch.acting_as_enterprise_id != acting_as_enterprise_id:
        raise refused
    if status_of(svc, ch) not in (("satisfied",) if satisfied_by is None else ("satisfied", "pending")):
        raise refused
    now = svc.clock.now()
    values = {"consumed_at": now} if satisfied_by is None else \
        {"method": satisfied_by, "satisfied_at": now, "consumed_at": now}
    # atomic single use, also under concurrent requests
    done = db.execute(update(WillingnessChallenge)
                      .where(WillingnessChallenge.id == ch.id, WillingnessChallenge.consumed_at.is_(None))
                      .values(**values).execution_options(synchronize_session=False))
    if affected_rows(done) != 1:
        raise refused
    for name, value in values.items():  # what the row holds now: no second UPDATE at the next flush
        set_committed_value(ch, name, value)
    audit.record(db, now, "willingness.consumed", actor=account_id, subject=f"willingness:{ch.id}", ip=ip,
                 action=action, target=f"{target_type}:{target_id}")
    return ch
