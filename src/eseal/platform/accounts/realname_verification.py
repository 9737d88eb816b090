"""Completing real-name verification from 我的 (实名认证): a person registered by phone (未实名) gives name, ID type
and ID number; the real-name service confirms them, a face check of that identity passes (as for a face login),
and the account becomes 已实名 with the ID number stored like at registration (ciphertext + blind index + mask).
An ID number already used by another account is refused."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eseal.platform.accounts.actor import Actor
from eseal.platform.accounts.face_checks import return_url_of
from eseal.platform.accounts.lookup import id_key, person_id_columns
from eseal.platform.accounts.models import Account
from eseal.platform.accounts.validation import check_person_name, parse_person_id
from eseal.platform.core import PlatformError, Services, audit, ratelimit
from eseal.platform.identity import FaceCheckView, face, realname

PURPOSE = "realname"
REALNAME_PER_ACCOUNT_PER_HOUR = 10
ID_TAKEN = "该证件号已被其他个人账号使用，请用该证件号登录"


def _check(db: Session, svc: Services, actor: Actor, name: str | None, id_type: str | None,
           id_number: str | None) -> tuple[Account, str, str, str]:
    account = actor.user
    if account.is_enterprise:
        raise PlatformError("method_unavailable", "法人账号无需个人实名认证", None)
    if account.realname_verified:
        raise PlatformError("realname_done", "您已完成实名认证", None)
    id_type, number = parse_person_id(id_type, id_number)
    person_name = check_person_name(name, "name")
    # the real-name service is a paid call: limited per account
    ratelimit.hit(db, svc.clock.now(), "realname_account", str(account.id), limit=REALNAME_PER_ACCOUNT_PER_HOUR,
                  window=timedelta(hours=1), message="实名认证尝试过于频繁，请稍后再试")
    if db.scalar(select(Account.id).where(Account.id_key == id_key(svc, id_type, number),
                                          Account.id != account.id)) is not None:
        raise PlatformError("already_registered", ID_TAKEN, "id_number")
    if not realname.matches(svc, name=person_name, id_type=id_type, id_number=number):
        raise PlatformError("realname_failed", "姓名与证件号码不一致", "name")
    return account, person_name, id_type, number


def start_realname_face_check(db: Session, svc: Services, *, actor: Actor, name: str | None, id_type: str | None,
                              id_number: str | None, return_to: str | None = None) -> FaceCheckView:
    """Step 1: check name + ID with the real-name service, then start the face check of that identity."""
    account, person_name, id_type, number = _check(db, svc, actor, name, id_type, id_number)
    check = face.create_check(db, svc, purpose=PURPOSE, name=person_name, id_type=id_type, id_number=number,
                              account_id=account.id, client_binding=actor.client_binding,
                              return_url=return_url_of(svc, return_to), ip=actor.ip)
    return face.view(svc, check)


def complete_realname(db: Session, svc: Services, *, actor: Actor, name: str | None, id_type: str | None,
                      id_number: str | None, face_check_id: str | None) -> Account:
    """Step 2: with the passed face check of THIS identity, the account becomes 已实名."""
    account, person_name, id_type, number = _check(db, svc, actor, name, id_type, id_number)
    face.consume(db, svc, face_check_id, purpose=PURPOSE, client_binding=actor.client_binding,
                 account_id=account.id, id_number=number)
    try:
        with db.begin_nested():  # a concurrent registration with this ID won the race: a clean refusal
            for column, value in person_id_columns(svc, id_type, number).items():
                setattr(account, column, value)
            account.person_name, account.realname_verified = person_name, True
            db.flush()
    except IntegrityError as exc:
        raise PlatformError("already_registered", ID_TAKEN, "id_number") from exc
    audit.record(db, svc.clock.now(), "realname.verified", actor=account.id, subject=f"account:{account.id}",
                 ip=actor.ip, id_type=id_type)
    return account
