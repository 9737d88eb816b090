"""Reclaiming an enterprise account (认领单位账号): the real legal representative takes back a credit code that
someone else registered.

Proof: the business registry confirms credit code + registered name + the reclaimer as legal representative, the
real-name check confirms the reclaimer's name and resident ID, and a passed face check of THAT ID (purpose
``reclaim``, bound to this browser and this credit code). Then the account gets the reclaimer as legal
representative, the registered name, the new phone and the new password; the squatter's sessions end, and their
核验密码 and WeChat/Alipay bindings (lasting credentials) are removed. Audited as ``enterprise.reclaimed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from eseal.engine.ids import IdFormatError, validate_citizen_id
from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.face_checks import return_url_of
from eseal.platform.accounts.lookup import find_enterprise, legal_rep_id_columns
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.sessions import revoke_all
from eseal.platform.accounts.validation import (
    check_enterprise_name,
    check_new_password,
    check_person_name,
    check_phone,
    parse_credit_code,
    require_agreement,
)
from eseal.platform.core import PlatformError, Services, audit, hash_password, ratelimit
from eseal.platform.identity import FaceCheckView, face, oauth, realname, registry, sms

RECLAIM_PER_IP_PER_HOUR = 20
PURPOSE = "reclaim"


@dataclass(frozen=True)
class ReclaimClaim:
    """Who claims which enterprise (the face-check step needs only this)."""

    credit_code: str
    name: str
    legal_rep_name: str
    legal_rep_id_number: str


@dataclass(frozen=True)
class _Checked:
    account: Account
    credit_code: str
    name: str
    rep_name: str
    rep_id: str


def _check_claim(db: Session, svc: Services, actor: Actor, claim: ReclaimClaim) -> _Checked:
    credit = parse_credit_code(claim.credit_code)
    name = check_enterprise_name(claim.name)
    rep_name = check_person_name(claim.legal_rep_name, "legal_rep_name")
    try:
        rep_id = validate_citizen_id(claim.legal_rep_id_number or "").number
    except IdFormatError as exc:
        raise PlatformError("invalid_id_number", f"法定代表人证件号校验错误（{exc.zh}）", "legal_rep_id_number") from exc
    # registry and real-name checks are paid calls and reveal whether a code is registered: limited per IP
    ratelimit.hit(db, svc.clock.now(), "reclaim_ip", actor.ip or "unknown", limit=RECLAIM_PER_IP_PER_HOUR,
                  window=timedelta(hours=1), message="认领尝试过于频繁，请稍后再试")
    account = find_enterprise(db, credit.code)
    if account is None:
        raise PlatformError("account_not_found", "该统一社会信用代码尚未注册，请直接注册", "credit_code")
    registry.require_match(svc, credit_code=credit.code, name=name, legal_rep_name=rep_name)
    if not realname.matches(svc, name=rep_name, id_type="resident_id", id_number=rep_id):
        raise PlatformError("realname_failed", "法定代表人姓名与证件号不匹配", "legal_rep_name")
    return _Checked(account, credit.code, name, rep_name, rep_id)


def start_reclaim_face_check(db: Session, svc: Services, *, actor: Actor, claim: ReclaimClaim,
                             return_to: str | None = None) -> FaceCheckView:
    """Step 1: check the claim against the registry and the real-name service, then start the face check of the
    claimed legal representative (bound to this browser and this credit code)."""
    c = _check_claim(db, svc, actor, claim)
    check = face.create_check(db, svc, purpose=PURPOSE, name=c.rep_name, id_type="resident_id", id_number=c.rep_id,
                              account_id=None, client_binding=actor.client_binding, ref=c.credit_code,
                              return_url=return_url_of(svc, return_to), ip=actor.ip)
    return face.view(svc, check)


@dataclass(frozen=True)
class Reclaim:
    claim: ReclaimClaim
    phone: str
    sms_code: str
    password: str
    password_confirm: str
    agree: bool
    face_check_id: str


def reclaim_enterprise(db: Session, svc: Services, *, actor: Actor, form: Reclaim) -> Account:
    """Step 2: with the passed face check, take the account over (see the module docstring)."""
    require_agreement(form.agree)
    phone = check_phone(form.phone)
    password = check_new_password(form.password, form.password_confirm)
    c = _check_claim(db, svc, actor, form.claim)
    code = sms.check_code(db, svc, phone, PURPOSE, form.sms_code, consume=False)
    try:
        face.consume(db, svc, form.face_check_id, purpose=PURPOSE, client_binding=actor.client_binding,
                     id_number=c.rep_id, ref=c.credit_code)
    except PlatformError:
        sms.count_failed_use(svc, code)
        raise
    sms.check_code(db, svc, phone, PURPOSE, form.sms_code)
    account, now = c.account, svc.clock.now()
    legal_rep_changed = account.legal_rep_id_key != legal_rep_id_columns(svc, c.rep_id)["legal_rep_id_key"]
    for column, value in legal_rep_id_columns(svc, c.rep_id).items():
        setattr(account, column, value)
    account.enterprise_name, account.legal_rep_name = c.name, c.rep_name
    account.phone, account.password_hash = phone, hash_password(password)
    account.verification_password_hash = None
    account.legal_rep_face_verified_at = now
    revoke_all(db, now, account.id)  # the squatter's sessions end
    for provider in oauth.bound_providers(db, account.id):
        oauth.unbind(db, svc, account.id, provider, actor.ip)
    audit.record(db, now, "enterprise.reclaimed", actor=account.id, subject=f"account:{account.id}", ip=actor.ip,
                 credit_code=c.credit_code, legal_rep_changed=legal_rep_changed)
    return account
