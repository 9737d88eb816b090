"""SMS verification codes: 6 digits, valid 5 minutes, single use, at most 5 wrong tries, 60 s resend
cooldown, per-phone and per-IP hourly limits. Codes are stored as HMAC-SHA256 under the master key.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eseal.platform.core import (
    PlatformError,
    Services,
    affected_rows,
    audit,
    constant_eq,
    hmac_hex,
    mask_phone,
    random_digits,
    ratelimit,
)
from eseal.platform.identity.models import SmsCode, SmsOutbox
from eseal.platform.identity.serializers import OutboxMessage, SmsSent

log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=5)
COOLDOWN = timedelta(seconds=60)
MAX_ATTEMPTS = 5
PER_PHONE_PER_HOUR = 10
# per client address: one office behind one NAT address must be able to work (docs/platform.md "SMS limits")
PER_IP_PER_HOUR = 300
PER_IP_PER_DAY = 1000

PURPOSE_TEXT = {
    "register": "注册",
    "login": "登录",
    "reset_password": "重置密码",
    "bind_phone": "绑定手机号",
    "willingness": "意愿认证",
    "reclaim": "认领单位账号",
}


def send_code(db: Session, svc: Services, phone: str, purpose: str, *, ip: str | None = None,
              ref: str | None = None, actor: int | None = None, deliver: bool = True) -> SmsSent:
    """Make and send a code. ``deliver=False`` (忘记密码 for an identifier that names no account or no phone:
    ``phone`` is then a stand-in key, never a number) does everything but hand it to the gateway: same limits,
    same cooldown, same stored code and wrong-try counting, so the answer cannot tell the two apart."""
    now = svc.clock.now()
    last = db.scalar(select(SmsCode).where(SmsCode.phone == phone, SmsCode.purpose == purpose)
                     .order_by(SmsCode.created_at.desc(), SmsCode.id.desc()).limit(1))
    if last is not None and now - last.created_at < COOLDOWN:
        wait = int((last.created_at + COOLDOWN - now).total_seconds()) + 1
        raise PlatformError("sms_cooldown", f"请{wait}秒后再获取验证码", retry_after=wait)
    ratelimit.hit(db, now, "sms_phone", phone, limit=PER_PHONE_PER_HOUR, window=timedelta(hours=1),
                  code="sms_rate_limited", message="该手机号获取验证码过于频繁，请稍后再试")
    if ip:
        # one event per send, counted over the hour and over the day
        ratelimit.check(db, now, "sms_ip", ip, limit=PER_IP_PER_DAY, window=timedelta(days=1),
                        code="sms_rate_limited", message="获取验证码过于频繁，请稍后再试")
        ratelimit.hit(db, now, "sms_ip", ip, limit=PER_IP_PER_HOUR, window=timedelta(hours=1),
                      code="sms_rate_limited", message="获取验证码过于频繁，请稍后再试")
    code = random_digits(6)
    label = PURPOSE_TEXT.get(purpose, "身份验证")
    text = f"【统一电子印章】您的{label}验证码为{code}，5分钟内有效。请勿泄露给他人。"
    # deliver first: if the gateway fails, no code is stored and no cooldown starts
    if deliver:
        svc.providers.sms.send(db, phone, text, now)
    # a new code voids the older unused ones of the same purpose
    db.execute(update(SmsCode).where(SmsCode.phone == phone, SmsCode.purpose == purpose,
                                     SmsCode.consumed_at.is_(None), SmsCode.voided_at.is_(None))
               .values(voided_at=now))
    db.add(SmsCode(phone=phone, purpose=purpose, ref=ref, code_hmac=hmac_hex(svc.master_key, phone, purpose, code),
                   created_at=now, expires_at=now + CODE_TTL, attempts=0, ip=ip))
    if not deliver:
        audit.record(db, now, "sms.withheld", actor=None, subject="phone:none", ip=ip, purpose=purpose)
        log.info("sms code withheld purpose=%s (no account or no phone)", purpose)
        return SmsSent(sent=True, phone_masked=None, expires_in=int(CODE_TTL.total_seconds()),
                       resend_after=int(COOLDOWN.total_seconds()))
    audit.record(db, now, "sms.sent", actor=actor, subject=f"phone:{mask_phone(phone)}", ip=ip, purpose=purpose)
    log.info("sms code sent purpose=%s phone=%s", purpose, mask_phone(phone))
    return SmsSent(sent=True, phone_masked=mask_phone(phone), expires_in=int(CODE_TTL.total_seconds()),
                   resend_after=int(COOLDOWN.total_seconds()))


def check_code(db: Session, svc: Services, phone: str, purpose: str, code: str, *, ref: str | None = None,
               field: str = "sms_code", consume: bool = True) -> SmsCode:
    """Consume the current code for (phone, purpose[, ref]) or raise. Wrong tries are counted (the
    caller's transaction must be committed even on error: ``get_db`` does so for PlatformError).

    ``consume=False`` only checks it (wrong tries still counted): registration checks the code FIRST, before
    anything that reveals data or costs money, and consumes it once everything else passed."""
    now = svc.clock.now()
    row = db.scalar(select(SmsCode).where(SmsCode.phone == phone, SmsCode.purpose == purpose,
                                          SmsCode.consumed_at.is_(None), SmsCode.voided_at.is_(None))
                    .order_by(SmsCode.created_at.desc(), SmsCode.id.desc()).limit(1))
    if row is None or row.expires_at <= now or (ref is not None and row.ref != ref):
        raise PlatformError("sms_code_expired", "验证码已失效，请重新获取", field)
    code = (code or "").strip()
    if not constant_eq(row.code_hmac, hmac_hex(svc.master_key, phone, purpose, code)):
        row.attempts += 1
        if row.attempts >= MAX_ATTEMPTS:
            row.voided_at = now
            raise PlatformError("sms_code_exhausted", "验证码错误次数过多，请重新获取", field)
        raise PlatformError("sms_code_invalid", f"验证码错误，还可尝试{MAX_ATTEMPTS - row.attempts}次", field)
    if not consume:
        return row
    done = db.execute(update(SmsCode).where(SmsCode.id == row.id, SmsCode.consumed_at.is_(None))
                      .values(consumed_at=now).execution_options(synchronize_session=False))
    if affected_rows(done) != 1:
        raise PlatformError("sms_code_expired", "验证码已失效，请重新获取", field)
    row.consumed_at = now
    return row


def count_failed_use(svc: Services, row: SmsCode) -> None:
    """A right code used for an attempt that then failed elsewhere (already registered, real-name mismatch)
    costs one of its tries: a typo in another field does not burn the code, but one code cannot be reused
    to probe without limit."""
    row.attempts += 1
    if row.attempts >= MAX_ATTEMPTS:
        row.voided_at = svc.clock.now()


def outbox(db: Session, phone: str | None = None, limit: int = 100) -> list[OutboxMessage]:
    """Messages of the development SMS provider, newest first (the /dev/sms-outbox pages)."""
    query = select(SmsOutbox).order_by(SmsOutbox.id.desc()).limit(limit)
    if phone:
        query = query.where(SmsOutbox.phone == phone)
    return [OutboxMessage(id=m.id, phone=m.phone, text=m.text, created_at_iso=m.created_at.isoformat(),
                          created_at_display=f"{m.created_at:%m-%d %H:%M:%S}") for m in db.scalars(query)]
