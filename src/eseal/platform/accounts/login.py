"""Accounts (manual §1 注册, §2 登录): registration, login with lockout, password reset.

Every function takes the DB session and the service container; every outcome that matters is
recorded in the audit log (never with secrets). UI messages are Chinese (as in the manual).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eseal.engine.ids import (
    ID_TYPE_LABELS,
    LEGAL_TYPE_LABELS,
    IdFormatError,
    legal_type_matches,
    validate_citizen_id,
    validate_credit_code,
    validate_id,
)
from eseal.platform import audit, face, ratelimit, sms
from eseal.platform.errors import PlatformError
from eseal.platform.models import KIND_ENTERPRISE, KIND_PERSON, Account, LoginThrottle
from eseal.platform.security import hash_password, is_phone, mask_id, mask_phone, verify_password
from eseal.platform.services import Services
from eseal.platform.sessions import revoke_all

log = logging.getLogger(__name__)

LOCK_AFTER = 5                     # consecutive failures before the first lockout
LOCK_BASE = timedelta(minutes=1)   # first lockout; doubles with each further failure
LOCK_MAX = timedelta(hours=24)
NAME_RE = re.compile(r"^[\u4e00-\u9fa5A-Za-z·\.\s]{2,50}$")
VERIFICATION_PASSWORD_RE = re.compile(r"^\d{6,20}$")
# Mismatched confirmation. The manual says 「核验密码不一致！」 only for the 核验密码 (the ≥ 6-digit willingness
# password, §5.1 密码核验); every LOGIN password form (registration, reset, change) says the same other thing.
PASSWORD_MISMATCH = "两次输入的密码不一致"  # noqa: S105 - a UI message, not a secret
VERIFICATION_PASSWORD_MISMATCH = "核验密码不一致！"  # noqa: S105 - a UI message


# ------------------------------------------------------------------------------------- validation

def require_agreement(agree: bool | None) -> None:
    if agree is not True:
        raise PlatformError("agreement_required", "请阅读并勾选《用户注册协议》和《用户隐私政策》", "agree")


def check_phone(phone: str | None, field: str = "phone") -> str:
    phone = (phone or "").strip()
    if not is_phone(phone):
        raise PlatformError("invalid_phone", "请输入正确的手机号", field)
    return phone


# Unicode categories never valid in a displayed name: controls (incl. NUL, newlines), format characters
# (RLO U+202E, ZWSP U+200B, BOM …), private use, surrogates, line/paragraph separators.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
_SEPARATORS = "·. "
_BAD_SEPARATORS = re.compile(r"[·.]\s*[·.]|\s{2}")  # "··", ". .", double spaces


def _clean_name(value: str | None, field: str, code: str, message: str, *, min_len: int, max_len: int) -> str:
    """NFC-normalised, trimmed name, or a PlatformError naming the field.

    Names are shown on seals, certificates and audit records: invisible or direction-changing characters would let
    two different names look the same (or one look like another), and NUL is refused by PostgreSQL (a 500)."""
    import unicodedata

    name = unicodedata.normalize("NFC", value or "").strip()
    if not name:
        raise PlatformError(code, message, field)
    for ch in name:
        if unicodedata.category(ch) in _FORBIDDEN_CATEGORIES:
            raise PlatformError(code, f"{message}（不能包含控制字符、换行或不可见字符）", field)
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise PlatformError(code, f"{message}（须包含文字）", field)
    if _BAD_SEPARATORS.search(name) or name[0] in "·.":
        raise PlatformError(code, f"{message}（分隔符“·”使用不正确）", field)
    if not min_len <= len(name) <= max_len:
        raise PlatformError(code, f"{message}（长度须为{min_len}-{max_len}个字符）", field)
    return name


def check_person_name(name: str | None, field: str) -> str:
    name = _clean_name(name, field, "invalid_person_name", "请输入正确的姓名", min_len=2, max_len=50)
    if not NAME_RE.match(name) or name[-1] in _SEPARATORS:
        raise PlatformError("invalid_person_name", "请输入正确的姓名", field)
    return name


def check_enterprise_name(name: str | None, field: str = "name") -> str:
    return _clean_name(name, field, "invalid_name", "请输入正确的公司或单位名称", min_len=2, max_len=100)


def check_new_password(password: str | None, confirm: str | None, field: str = "password",
                       confirm_field: str = "password_confirm") -> str:
    password = password or ""
    if len(password) < 8 or len(password) > 64 or not re.search(r"[A-Za-z]", password) \
            or not re.search(r"\d", password):
        raise PlatformError("weak_password", "密码为8-64位，且须同时包含字母和数字", field)
    if password != (confirm or ""):
        raise PlatformError("password_mismatch", PASSWORD_MISMATCH, confirm_field)
    return password


def check_verification_password(password: str | None, confirm: str | None) -> str:
    password = password or ""
    if not VERIFICATION_PASSWORD_RE.match(password):
        raise PlatformError("invalid_verification_password", "核验密码须为6位以上数字", "password")
    if password != (confirm or ""):
        raise PlatformError("verification_password_mismatch", VERIFICATION_PASSWORD_MISMATCH, "password_confirm")
    return password


def parse_credit_code(value: str | None, field: str = "credit_code"):
    try:
        return validate_credit_code(value or "")
    except IdFormatError as exc:
        message = "统一社会信用代码校验错误" if exc.zh == "统一社会信用代码校验错误" else f"统一社会信用代码校验错误：{exc.zh}"
        raise PlatformError("invalid_credit_code", message, field) from exc


def parse_person_id(id_type: str | None, value: str | None, field: str = "id_number",
                    message: str = "请输入正确的证件号码") -> tuple[str, str]:
    id_type = id_type or "resident_id"
    if id_type not in ID_TYPE_LABELS:
        raise PlatformError("invalid_id_type", "请选择正确的证件类型", "id_type")
    try:
        return id_type, validate_id(id_type, value or "")
    except IdFormatError as exc:
        raise PlatformError("invalid_id_number", f"{message}（{exc.zh}）", field) from exc


def id_key(svc: Services, id_type: str, number: str) -> str:
    """Keyed blind index of a person's ID (equality lookups; the number itself is stored encrypted)."""
    return svc.pii.blind_index(id_type, number)


def person_id_columns(svc: Services, id_type: str, number: str) -> dict[str, str | None]:
    """Column values storing a person's ID number: ciphertext, blind index, mask (never the number)."""
    return {"id_type": id_type, "id_number_enc": svc.pii.encrypt(number, field="accounts.id_number"),
            "id_key": id_key(svc, id_type, number), "id_number_masked": mask_id(number)}


def legal_rep_id_columns(svc: Services, number: str, id_type: str = "resident_id") -> dict[str, str | None]:
    """Same for an enterprise's legal representative; ``legal_rep_id_key`` equals the person's ``id_key``."""
    return {"legal_rep_id_type": id_type,
            "legal_rep_id_enc": svc.pii.encrypt(number, field="accounts.legal_rep_id_number"),
            "legal_rep_id_key": id_key(svc, id_type, number), "legal_rep_id_masked": mask_id(number)}


# ----------------------------------------------------------------------------------- registration

def _insert_new_account(db: Session, account: Account, message: str, field: str) -> None:
    """Insert inside a SAVEPOINT: a concurrent registration that won the race turns into a clean 409
    (the unique constraints are the real guard; the earlier SELECTs only give friendlier messages)."""
    try:
        with db.begin_nested():
            db.add(account)
            db.flush()
    except IntegrityError as exc:
        raise PlatformError("already_registered", message, field, status=409) from exc


REGISTER_PER_IP_PER_HOUR = 30


def _registration_code(db: Session, svc: Services, phone: str, sms_code: str, ip: str | None):
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


def register_enterprise(db: Session, svc: Services, form: EnterpriseRegistration, ip: str | None) -> Account:
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
            raise PlatformError("already_registered", "该统一社会信用代码已注册，请直接登录", "credit_code", status=409)
        if not svc.providers.realname.verify(name=rep_name, id_type="resident_id", id_number=rep_id):
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


def register_person(db: Session, svc: Services, form: PersonRegistration, ip: str | None) -> Account:
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
            raise PlatformError("already_registered", "该证件号已注册，请直接登录", "id_number", status=409)
        if db.scalar(select(Account.id).where(Account.login_phone == phone)) is not None:
            raise PlatformError("already_registered", "该手机号已注册，请直接登录", "phone", status=409)
        if number is not None and not svc.providers.realname.verify(name=name or "", id_type=id_type or "",
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


# ------------------------------------------------------------------------------------ lookups

def find_enterprise(db: Session, credit_code: str) -> Account | None:
    return db.scalar(select(Account).where(Account.credit_code == credit_code, Account.kind == KIND_ENTERPRISE))


def resolve_person_identifier(account: str | None, id_type: str | None) -> tuple[str, str, str | None]:
    """→ (kind "phone"|"id_number", normalized value, id_type). Bad format → 请输入正确的手机号/身份证."""
    value = (account or "").strip().upper()
    if is_phone(value):
        return "phone", value, None
    try:
        t, number = parse_person_id(id_type, value, "account")
    except PlatformError as exc:
        raise PlatformError("invalid_account", "请输入正确的手机号/身份证", "account") from exc
    return "id_number", number, t


def find_person(db: Session, svc: Services, kind: str, value: str, id_type: str | None) -> Account | None:
    if kind == "phone":
        return db.scalar(select(Account).where(Account.login_phone == value))
    return db.scalar(select(Account).where(Account.id_key == id_key(svc, id_type or "resident_id", value)))


def resolve_account(db: Session, svc: Services, account_type: str | None, account: str | None,
                    id_type: str | None) -> tuple[Account | None, str]:
    """Find an account from the login identifier; returns (account or None, kind of identifier)."""
    if account_type == "enterprise":
        credit = parse_credit_code(account, "account")
        return find_enterprise(db, credit.code), "credit_code"
    if account_type == "person":
        kind, value, t = resolve_person_identifier(account, id_type)
        return find_person(db, svc, kind, value, t), kind
    raise PlatformError("invalid_input", "请选择账号类型", "account_type")


def login_methods(account: Account, identifier_kind: str) -> list[str]:
    methods = []
    if account.kind == KIND_PERSON and account.has_id_number and account.realname_verified:
        methods.append("face")
    if account.phone:
        methods.append("sms")
    if account.password_hash:
        methods.append("password")
    return methods


def person_lookup(db: Session, svc: Services, account: str | None, id_type: str | None,
                  ip: str | None) -> dict[str, object]:
    ratelimit.hit(db, svc.clock.now(), "lookup_ip", ip or "unknown", limit=60, window=timedelta(hours=1))
    kind, value, t = resolve_person_identifier(account, id_type)
    found = find_person(db, svc, kind, value, t)
    if found is None:
        return {"registered": False, "account_kind": kind, "methods": [], "phone_masked": None}
    return {"registered": True, "account_kind": kind, "methods": login_methods(found, kind),
            "phone_masked": mask_phone(found.phone)}


# ------------------------------------------------------------------------------------ login

def _throttle_key(kind: str, identifier: str) -> str:
    return f"{kind}:{identifier}"


def _person_throttle_key(svc: Services, kind: str, value: str, id_type: str | None) -> str:
    """Lockout key of a person identifier; ID numbers only as their blind index (never in clear)."""
    if kind == "phone":
        return _throttle_key("person", f"phone:{value}")
    return _throttle_key("person", f"id:{id_key(svc, id_type or 'resident_id', value)}")


def _account_throttle_key(account: Account) -> str:
    return _throttle_key("person", f"account:{account.id}")


def person_account_throttle_key(db: Session, account: Account) -> str:
    """The lockout counter of a person ACCOUNT, whichever identifier (phone or ID number) was typed: counting
    per identifier let 5 wrong passwords by phone be followed by 5 more by ID number. Counters an older
    version kept per identifier are carried over (highest count, latest lock) when the account row is made."""
    key = _account_throttle_key(account)
    if db.get(LoginThrottle, key) is None:
        legacy = [row for k in throttle_keys(account)[1:] if (row := db.get(LoginThrottle, k)) is not None]
        locks = [r.locked_until for r in legacy if r.locked_until is not None]
        _insert_throttle(db, LoginThrottle(key=key, failures=max((r.failures for r in legacy), default=0),
                                           locked_until=max(locks) if locks else None))
    return key


def _insert_throttle(db: Session, row: LoginThrottle) -> LoginThrottle:
    """Insert a counter row, or return the one a concurrent request inserted first.

    Two logins of one account at the same moment both find no row; on PostgreSQL the second INSERT
    would fail the whole request with a duplicate key. The savepoint keeps the transaction usable.
    """
    try:
        with db.begin_nested():
            db.add(row)
    except IntegrityError:
        existing = db.get(LoginThrottle, row.key, populate_existing=True)
        if existing is None:
            raise
        return existing
    return row


def throttle_keys(account: Account) -> list[str]:
    if account.is_enterprise:
        return [_throttle_key("enterprise", account.credit_code or "")]
    keys = [_account_throttle_key(account)]
    if account.login_phone:
        keys.append(_throttle_key("person", f"phone:{account.login_phone}"))
    if account.id_key:
        keys.append(_throttle_key("person", f"id:{account.id_key}"))
    return keys


def check_not_locked(db: Session, svc: Services, key: str) -> None:
    row = db.get(LoginThrottle, key)
    now = svc.clock.now()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        wait = max(1, math.ceil((row.locked_until - now).total_seconds()))
        minutes = max(1, math.ceil(wait / 60))
        raise PlatformError("login_locked", f"登录失败次数过多，请{minutes}分钟后再试", status=423, retry_after=wait)


def record_failure(db: Session, svc: Services, key: str, *, ip: str | None, account_id: int | None,
                   method: str) -> None:
    now = svc.clock.now()
    row = db.get(LoginThrottle, key) or _insert_throttle(db, LoginThrottle(key=key, failures=0))
    row.failures += 1
    row.last_failure_at = now
    audit.record(db, now, "login.failure", actor=account_id, subject=key.split(":", 1)[0], ip=ip, method=method,
                 failures=row.failures)
    if row.failures >= LOCK_AFTER:
        duration = min(LOCK_BASE * (2 ** (row.failures - LOCK_AFTER)), LOCK_MAX)
        row.locked_until = now + duration
        audit.record(db, now, "login.locked", actor=account_id, subject=key.split(":", 1)[0], ip=ip,
                     seconds=int(duration.total_seconds()))
        log.warning("login locked for %ss after %s failures", int(duration.total_seconds()), row.failures)


def record_success(db: Session, svc: Services, key: str, account: Account, *, ip: str | None, method: str) -> None:
    row = db.get(LoginThrottle, key)
    if row is not None:
        row.failures = 0
        row.locked_until = None
    audit.record(db, svc.clock.now(), "login.success", actor=account.id, subject=f"account:{account.id}", ip=ip,
                 method=method)


def _login_ip_limit(db: Session, svc: Services, ip: str | None) -> None:
    ratelimit.hit(db, svc.clock.now(), "login_ip", ip or "unknown", limit=100, window=timedelta(hours=1))


def login_enterprise(db: Session, svc: Services, credit_code: str | None, password: str | None, agree: bool | None,
                     ip: str | None) -> Account:
    require_agreement(agree)
    credit = parse_credit_code(credit_code)
    key = _throttle_key("enterprise", credit.code)
    check_not_locked(db, svc, key)
    _login_ip_limit(db, svc, ip)
    account = find_enterprise(db, credit.code)
    ok = verify_password(account.password_hash if account else None, password or "")
    if not ok or account is None or account.status != "active":
        record_failure(db, svc, key, ip=ip, account_id=account.id if account else None, method="password")
        check_not_locked(db, svc, key)
        raise PlatformError("login_failed", "账号或密码错误", status=401)
    record_success(db, svc, key, account, ip=ip, method="password")
    return account


def login_person(db: Session, svc: Services, *, account: str | None, id_type: str | None, method: str,
                 password: str | None, sms_code: str | None, face_check_id: str | None, agree: bool | None,
                 ip: str | None, client_binding: str) -> Account:
    require_agreement(agree)
    kind, value, t = resolve_person_identifier(account, id_type)
    ident_key = _person_throttle_key(svc, kind, value, t)
    check_not_locked(db, svc, ident_key)  # unknown identifiers are throttled per identifier
    _login_ip_limit(db, svc, ip)
    found = find_person(db, svc, kind, value, t)
    # a known account is locked per ACCOUNT (phone and ID number share one counter)
    key = person_account_throttle_key(db, found) if found is not None else ident_key
    check_not_locked(db, svc, key)
    if method not in ("password", "sms", "face"):
        raise PlatformError("method_unavailable", "请选择登录方式", "method")
    if method == "password":
        ok = verify_password(found.password_hash if found else None, password or "")
        if not ok or found is None:
            record_failure(db, svc, key, ip=ip, account_id=found.id if found else None, method="password")
            check_not_locked(db, svc, key)
            raise PlatformError("login_failed", "账号或密码错误", status=401)
    elif found is None:
        raise PlatformError("account_not_found", "该账号未注册", "account", status=404)
    elif method not in login_methods(found, kind):
        raise PlatformError("method_unavailable", "该账号不支持此登录方式", "method")
    elif method == "sms":
        try:
            sms.check_code(db, svc, found.phone or "", "login", sms_code or "")
        except PlatformError:
            # wrong SMS codes count toward the account lockout too (each code also allows only 5 tries)
            record_failure(db, svc, key, ip=ip, account_id=found.id, method="sms")
            check_not_locked(db, svc, key)
            raise
    else:
        try:
            face.consume(db, svc, face_check_id, purpose="login", client_binding=client_binding, account_id=found.id)
        except PlatformError:
            record_failure(db, svc, key, ip=ip, account_id=found.id, method="face")
            raise
    assert found is not None
    if found.status != "active":
        raise PlatformError("login_failed", "账号已停用", status=401)
    record_success(db, svc, key, found, ip=ip, method=method)
    if ident_key != key:
        row = db.get(LoginThrottle, ident_key)
        if row is not None:
            row.failures, row.locked_until = 0, None
    return found


# ------------------------------------------------------------------------------------ passwords

def reset_password(db: Session, svc: Services, *, account_type: str | None, account: str | None,
                   id_type: str | None, method: str, sms_code: str | None, face_check_id: str | None,
                   new_password: str | None, new_password_confirm: str | None, ip: str | None,
                   client_binding: str) -> Account:
    found, kind = resolve_account(db, svc, account_type, account, id_type)
    password = check_new_password(new_password, new_password_confirm, "new_password", "new_password_confirm")
    if found is None:
        raise PlatformError("account_not_found", "该账号未注册", "account", status=404)
    if method == "sms":
        if not found.phone:
            raise PlatformError("no_bound_phone", "该账号未绑定手机号", "method")
        sms.check_code(db, svc, found.phone, "reset_password", sms_code or "")
    elif method == "face":
        if kind != "id_number" or not found.realname_verified:
            raise PlatformError("method_unavailable", "人脸认证仅身份证登录时可用", "method")
        face.consume(db, svc, face_check_id, purpose="reset_password", client_binding=client_binding,
                     account_id=found.id)
    else:
        raise PlatformError("method_unavailable", "请选择验证方式", "method")
    now = svc.clock.now()
    found.password_hash = hash_password(password)
    revoke_all(db, now, found.id)
    # a successful reset also lifts the lockout for this account's identifiers
    for key in throttle_keys(found):
        row = db.get(LoginThrottle, key)
        if row is not None:
            row.failures, row.locked_until = 0, None
    audit.record(db, now, "password.reset", actor=found.id, subject=f"account:{found.id}", ip=ip, method=method)
    return found


def has_face_subject(account: Account) -> bool:
    """Can this account be identified by a face check (without decrypting anything)?"""
    if account.is_enterprise:
        return bool(account.legal_rep_name and account.legal_rep_id_enc)
    return bool(account.id_number_enc and account.realname_verified and account.person_name)


def face_subject(svc: Services, account: Account) -> tuple[str, str, str] | None:
    """(name, id_type, id_number) whose face identifies this account, or None.

    The one place an ID number is decrypted: a liveness service needs it to start a check.
    """
    if not has_face_subject(account):
        return None
    if account.is_enterprise:
        number = svc.pii.decrypt(account.legal_rep_id_enc or "", field="accounts.legal_rep_id_number")
        return account.legal_rep_name or "", account.legal_rep_id_type or "resident_id", number
    number = svc.pii.decrypt(account.id_number_enc or "", field="accounts.id_number")
    return account.person_name or "", account.id_type or "resident_id", number
