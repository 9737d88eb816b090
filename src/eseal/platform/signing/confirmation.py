"""意愿认证 of a signing: one challenge (action ``sign.submit``, target the document) per submission, to be
satisfied with the seals' own verification method (用章核验方式: ``Seal.method``). When the stamps use seals of
different methods the strongest one is asked (face > sms > password). SMS and face go through the willingness
endpoints; the seal's 核验密码 (``Seal.method_password_hash``, set at the application, not the account's) is
checked here, at submission, against every password seal of the submission (a keyed hash, ``core.security``
``verify_pin``: microseconds, no argon2 on the signing path; a hash still in the argon2 form of earlier versions is
verified as such and replaced by the keyed form in the signing's own write)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services, audit, hash_pin, ratelimit, verify_pin
from eseal.platform.identity import ChallengeView, WillingnessChallenge, willingness
from eseal.platform.seals import Seal

ACTION = "sign.submit"
TARGET_TYPE = "document"
STRENGTH = {"password": 1, "sms": 2, "face": 3}
METHOD_LABELS = {"password": "核验密码", "sms": "短信验证码", "face": "人脸识别"}
SEAL_PASSWORD_FAILURES_PER_HOUR = 10


@dataclass(frozen=True)
class SigningChallenge:
    challenge: ChallengeView
    method: str  # the method this submission needs
    method_label: str


def required_method(seals: list[Seal]) -> str:
    return max((s.method for s in seals), key=lambda m: STRENGTH.get(m, 3))


def open_challenge(db: DbSession, svc: Services, *, actor: Actor, document_id: int,
                   seals: list[Seal]) -> SigningChallenge:
    ch = willingness.create_challenge(db, svc, actor.user, action=ACTION, target_type=TARGET_TYPE,
                                      target_id=str(document_id), acting_as_enterprise_id=actor.acting_as_id,
                                      ip=actor.ip)
    method = required_method(seals)
    return SigningChallenge(willingness.view(svc, ch, actor.user), method, METHOD_LABELS.get(method, method))


def _check_seal_password(db: DbSession, svc: Services, *, actor: Actor, ch: WillingnessChallenge,
                         seals: list[Seal], password: str | None) -> tuple[Seal, ...]:
    """The seal's 核验密码, checked WITHOUT writing on success (the stamping then runs outside SQLite's write lock;
    :func:`consume` records the satisfaction). A wrong one counts (and is committed). → the seals whose stored hash
    is still argon2 (to be rehashed by :func:`consume`)."""
    now = svc.clock.now()
    key = str(actor.user.id)
    if ratelimit.recent(db, now, "seal_pw_fail", key, timedelta(hours=1)) >= SEAL_PASSWORD_FAILURES_PER_HOUR:
        raise PlatformError("verification_password_locked", "核验密码错误次数过多，请1小时后再试", "seal_password",
                            retry_after=3600)
    if not password:
        raise PlatformError("sign.seal_password_required", "请输入印章核验密码", "seal_password")
    wrong, rehash = [], []
    for seal in (s for s in seals if s.method == "password"):
        ok, old_form = verify_pin(svc.master_key, seal.method_password_hash, password)
        if not ok:
            wrong.append(seal)
        elif old_form:
            rehash.append(seal)
    if wrong:
        ratelimit.add(db, now, "seal_pw_fail", key)
        ch.attempts += 1
        audit.record(db, now, "willingness.failed", actor=actor.user.id, subject=f"willingness:{ch.id}", ip=actor.ip,
                     method="password", reason="sign.seal_password_wrong", seal_id=wrong[0].id)
        if ch.attempts >= willingness.MAX_ATTEMPTS:
            ch.voided_at = now
            raise PlatformError("challenge_exhausted", "核验密码错误次数过多，请重新发起意愿认证", "seal_password")
        raise PlatformError("sign.seal_password_wrong",
                            f"印章核验密码错误，还可尝试{willingness.MAX_ATTEMPTS - ch.attempts}次", "seal_password")
    return tuple(rehash)


@dataclass(frozen=True)
class Consent:
    challenge: WillingnessChallenge
    method: str  # the method the seals need
    by_seal_password: bool  # satisfied here (to be recorded by ``consume``)
    rehash: tuple[Seal, ...] = ()  # seals whose PIN is stored in the argon2 form: ``consume`` stores the keyed form
    password: str | None = None  # the PIN, kept only for that rehash


def check_consent(db: DbSession, svc: Services, *, actor: Actor, challenge_id: str | None, document_id: int,
                  seals: list[Seal], seal_password: str | None) -> Consent:
    """Before the stamping, read-only on success: the challenge is this account's, for this document, and satisfied
    with the method the seals need (a password method is checked here, with the seal's password). Writes only
    attempt counters (they persist even when the submission is refused)."""
    refused = PlatformError("willingness_required", "请先完成意愿认证", "willingness_challenge_id")
    if not challenge_id:
        raise refused
    ch = db.get(WillingnessChallenge, challenge_id)
    if ch is None or ch.account_id != actor.user.id or ch.action != ACTION or ch.target_type != TARGET_TYPE \
            or ch.target_id != str(document_id) or ch.acting_as_enterprise_id != actor.acting_as_id:
        raise refused
    method = required_method(seals)
    status = willingness.status_of(svc, ch)
    if method == "password" and status == "pending":
        rehash = _check_seal_password(db, svc, actor=actor, ch=ch, seals=seals, password=seal_password)
        return Consent(ch, method, True, rehash, seal_password if rehash else None)
    if status != "satisfied":
        raise refused
    if STRENGTH.get(ch.method or "", 0) < STRENGTH[method]:
        raise PlatformError("sign.wrong_method", f"该印章需要使用{METHOD_LABELS.get(method, method)}完成意愿认证",
                            "willingness_challenge_id")
    return Consent(ch, method, False)


def consume(db: DbSession, svc: Services, *, actor: Actor, consent: Consent, document_id: int) -> str:
    """Record a seal-password satisfaction (and store the keyed form of a PIN still hashed with argon2), then consume
    the challenge (atomic single use; a seal-password satisfaction in the same guarded UPDATE); the method used."""
    ch = consent.challenge
    for seal in consent.rehash:
        seal.method_password_hash = hash_pin(svc.master_key, consent.password or "")
    if consent.by_seal_password:
        audit.record(db, svc.clock.now(), "willingness.satisfied", actor=actor.user.id, subject=f"willingness:{ch.id}",
                     ip=actor.ip, method="password", action=ACTION, seal_password=True)
    used = willingness.require_willingness(db, svc, ch.id, account_id=actor.user.id, action=ACTION,
                                           target_type=TARGET_TYPE, target_id=document_id,
                                           acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip,
                                           satisfied_by="password" if consent.by_seal_password else None)
    return used.method or ""
