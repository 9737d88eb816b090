"""Which phone receives an SMS code for which purpose (发送验证码), before any code is sent.

register / bind_phone / reclaim: the typed phone (person registration refuses a phone already registered, early);
login / reset_password: the phone bound to the account the identifier names (reset: ``send_reset_code``).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lookup import phone_taken, resolve_account
from eseal.platform.accounts.password_reset import send_reset_code
from eseal.platform.accounts.validation import check_phone
from eseal.platform.core import PlatformError, Services, ratelimit
from eseal.platform.identity import SmsSent, sms

LOOKUP_PER_IP_PER_HOUR = 60


def send_code(db: Session, svc: Services, *, actor: Actor, purpose: str, phone: str | None = None,
              account_type: str | None = None, account: str | None = None,
              id_type: str | None = None) -> SmsSent:
    ip = actor.ip
    if purpose in ("register", "bind_phone", "reclaim"):
        number = check_phone(phone)
        # early "already registered" hint only for person registration: an enterprise may register with
        # the phone its legal representative also uses as a personal login
        if purpose == "register" and account_type == "person":
            # the hint reveals whether a phone is registered: limited per IP like the login lookup
            ratelimit.hit(db, svc.clock.now(), "lookup_ip", ip or "unknown", limit=LOOKUP_PER_IP_PER_HOUR,
                          window=timedelta(hours=1))
            if phone_taken(db, number):
                raise PlatformError("already_registered", "该手机号已注册，请直接登录", "phone")
        return sms.send_code(db, svc, number, purpose, ip=ip)
    if purpose == "reset_password":  # answers alike whether the account exists or not (password_reset.py)
        return send_reset_code(db, svc, actor=actor, account_type=account_type, account=account, id_type=id_type)
    if purpose == "login":
        found, _kind = resolve_account(db, svc, account_type, account, id_type)
        if found is None:
            raise PlatformError("account_not_found", "该账号未注册", "account")
        if not found.phone:
            raise PlatformError("no_bound_phone", "该账号未绑定手机号", "account")
        return sms.send_code(db, svc, found.phone, purpose, ip=ip, actor=found.id)
    raise PlatformError("invalid_input", "验证码用途错误", "purpose")
