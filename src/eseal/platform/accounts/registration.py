"""Registration (manual §1 注册): enterprise (法人用户) and person (个人用户, by real name or by phone).

Every outcome that matters is recorded in the audit log (never with secrets).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eseal.engine.ids import LEGAL_TYPE_LABELS, IdFormatError, legal_type_matches, validate_citizen_id
from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.lookup import id_key, legal_rep_id_columns, person_id_columns
from eseal.platform.accounts.models import KIND_ENTERPRISE, KIND_PERSON, Account
from eseal.platform.accounts.validation import (
    check_enterprise_name,
    check_new_password,
    check_person_name,
    check_phone,
    parse_credit_code,
    parse_person_id,
    require_agreement,
)
from eseal.platform.core import PlatformError, Services, audit, hash_password, ratelimit
from eseal.platform.identity import SmsCode, realname, registry, sms

log = logging.getLogger(__name__)


def _insert_new_account(db: Session, account: Account, message: str, field: str) -> None:
    """Insert inside a SAVEPOINT: a concurrent registration that won the race turns into a clean 409
    (the unique constraints are the real guard; the earlier SELECTs only give friendlier messages)."""
    try:
        with db.begin_nested():
            db.add(account)
            db.flush()
    except IntegrityError as exc:
        raise PlatformError("already_registered", message, field) from exc


REGISTER_PER_IP_PER_HOUR = 30


def _registration_code(db: Session, svc: Services, phone: str, sms_code: str, ip: str | None) -> SmsCode:
    """Before anything that reveals whether an ID / credit code / phone is registered, or calls the (paid)
    real-name provider: a per-IP limit on attempts, then the SMS code of THIS phone (checked, not yet consumed:
    a typo in another field must not burn it)."""
    ratelimit.hit(db, svc.clock.now(), "register_ip", ip or "unknown", limit=REGISTER_PER_IP_PER_HOUR,
                  window=timedelta(hours=1), message="注册尝试过于频繁，请稍后再试")
    return sms.check_code(db, svc, phone, "register", sms_code, consume=False)


@dataclass
class EnterpriseRegistration:
    legal_type: str
    name: str
    credit_code: str
    legal_rep_name: str
    legal_rep_id_number: str
    phone: str
    sms_code: str
    password: str
    password_confirm: str
    agree: bool


def register_enterprise(db: Session, svc: Services, *, actor: Actor, form: EnterpriseRegistration) -> Account:
    ip = actor.ip
    require_agreement(form.agree)
    if form.legal_type not in LEGAL_TYPE_LABELS:
        raise PlatformError("invalid_legal_type", "请选择法人类型", "legal_type")
    credit = parse_credit_code(form.credit_code)
    if not legal_type_matches(form.legal_type, credit):
        raise PlatformError(
            "legal_type_mismatch",
            f"法人类型与统一社会信用代码不一致（代码表示：{credit.authority_name}·{credit.category_name}）",
            "legal_type")
    name = check_enterprise_name(form.name)
    rep_name = check_person_name(form.legal_rep_name, "legal_rep_name")
    try:
        rep_id = validate_citizen_id(form.legal_rep_id_number or "").number
    except IdFormatError as exc:
        raise PlatformError("invalid_id_number", f"法人代表证件号校验错误（{exc.zh}）", "legal_rep_id_number") from exc
    phone = check_phone(form.phone)
    password = check_new_password(form.password, form.password_confirm)
    code = _registration_code(db, svc, phone, form.sms_code, ip)
    try:
        if db.scalar(select(Account.id).where(Account.credit_code == credit.code)) is not None:
            raise PlatformError("already_registered", "该统一社会信用代码已注册，请直接登录", "credit_code")
        registry.require_match(svc, credit_code=credit.code, name=name, legal_rep_name=rep_name)
        if not realname.matches(svc, name=rep_name, id_type="resident_id", id_number=rep_id):
            raise PlatformError("realname_failed", "法人代表姓名与证件号不匹配", "legal_rep_name")
    except PlatformError:
        sms.count_failed_use(svc, code)
        raise
    sms.check_code(db, svc, phone, "register", form.sms_code)
    now = svc.clock.now()
    account = Account(kind=KIND_ENTERPRISE, created_at=now, status="active", phone=phone,
                      password_hash=hash_password(password), legal_type=form.legal_type, enterprise_name=name,
                      credit_code=credit.code, legal_rep_name=rep_name, realname_verified=False,
                      **legal_rep_id_columns(svc, rep_id))
    _insert_new_account(db, account, "该统一社会信用代码已注册，请直接登录", "credit_code")
    audit.record(db, now, "account.registered", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 kind=KIND_ENTERPRISE, legal_type=form.legal_type, credit_code=credit.code)
    log.info("enterprise account %s registered", account.id)
    return account


@dataclass
class PersonRegistration:
    mode: str
    phone: str
    sms_code: str
    agree: bool
    id_type: str | None = None
    id_number: str | None = None
    name: str | None = None
    password: str | None = None
    password_confirm: str | None = None


def register_person(db: Session, svc: Services, *, actor: Actor, form: PersonRegistration) -> Account:
    ip = actor.ip
    require_agreement(form.agree)
    if form.mode not in ("realname", "phone"):
        raise PlatformError("invalid_input", "请选择注册方式", "mode")
    id_type = number = name = None
    if form.mode == "realname":
        id_type, number = parse_person_id(form.id_type, form.id_number)
        name = check_person_name(form.name, "name")
    phone = check_phone(form.phone)
    password = None
    if form.password:
        password = check_new_password(form.password, form.password_confirm)
    code = _registration_code(db, svc, phone, form.sms_code, ip)
    try:
        if number is not None and db.scalar(select(Account.id).where(Account.id_key == id_key(svc, id_type or "",
                                                                                              number))):
            raise PlatformError("already_registered", "该证件号已注册，请直接登录", "id_number")
        if db.scalar(select(Account.id).where(Account.login_phone == phone)) is not None:
            raise PlatformError("already_registered", "该手机号已注册，请直接登录", "phone")
        if number is not None and not realname.matches(svc, name=name or "", id_type=id_type or "",
                                                       id_number=number):
            raise PlatformError("realname_failed", "姓名与证件号码不一致", "name")
    except PlatformError:
        sms.count_failed_use(svc, code)
        raise
    sms.check_code(db, svc, phone, "register", form.sms_code)
    now = svc.clock.now()
    account = Account(kind=KIND_PERSON, created_at=now, status="active", phone=phone, login_phone=phone,
                      password_hash=hash_password(password) if password else None, person_name=name,
                      realname_verified=number is not None,
                      **(person_id_columns(svc, id_type, number) if number and id_type else {}))
    _insert_new_account(db, account, "该证件号或手机号已注册，请直接登录", "id_number" if number else "phone")
    audit.record(db, now, "account.registered", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 kind=KIND_PERSON, mode=form.mode, id_type=id_type)
    log.info("person account %s registered (%s)", account.id, form.mode)
    return account
