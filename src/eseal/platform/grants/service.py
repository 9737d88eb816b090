"""授权管理 on the enterprise side: add an administrator (管理员) or a grantee (被授权人), change its scope /
window / count, revoke it — each behind the acting person's willingness (actions ``grant.create``,
``grant.change``, ``grant.revoke``) and each allowed by the permission table (``permissions.require``:
``grant.admins`` / ``grant.grantees``). A new grant is ``pending`` until the person accepts it (acceptance.py).

Rules decided here:
* the person is found by ID number (check digit verified), must be a real-name person account whose name matches,
  and must have logged in at least once (``last_login_at``): ``grant.person_never_logged_in`` otherwise;
* one live (pending or active) grant per person, enterprise and role: ``grant.duplicate``;
* all of these are checked before the willingness, and :func:`check_grant` answers them alone (``POST
  /grants/check``) so that the page asks for the willingness only for an addition that will be accepted; the
  same for 变更 with :func:`check_change` (``POST /grants/{id}/change/check``: the same scope / window / count
  functions, and the count not below the uses made);
* the scope is 全部印章 or ≥ 1 chosen seals of the enterprise (not cancelled); an administrator grants only
  within its own scope (``grant.seal_out_of_scope``) and manages only grantees inside it (others: not found);
* a grantee's window: start < end, end in the future; count 1..1 000 000 or unlimited (None). Lowering the count
  keeps the uses already made: left = new total − used (< 0 refused); from unlimited to a number: left = number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from eseal.platform.accounts import (
    Account,
    Actor,
    check_person_name,
    check_phone,
    find_person,
    parse_person_id,
)
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, audit
from eseal.platform.grants.models import (
    ACTIVE,
    LIVE,
    PENDING,
    REVOKED,
    ROLE_ADMIN,
    ROLE_GRANTEE,
    ROLES,
    Grant,
    GrantEvent,
    GrantSeal,
)
from eseal.platform.grants.permissions import require, scope_of
from eseal.platform.grants.serializers import GrantList, GrantView, grant_view
from eseal.platform.identity import willingness
from eseal.platform.seals import Seal

MAX_USES = 1_000_000
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class GrantScope:
    """全部印章 (``all_seals``) or the chosen seal ids; the window and count (grantees only; None = unlimited)."""

    all_seals: bool
    seal_ids: tuple[int, ...] = ()
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    uses_total: int | None = None


@dataclass(frozen=True)
class GrantCheck:
    """``check_grant``'s answer: the addition may go on to the willingness named here."""

    ok: bool
    enterprise_id: int
    willingness_action: str
    willingness_target_type: str
    willingness_target_id: str


@dataclass(frozen=True)
class GrantRequest:
    role: str
    name: str
    id_number: str
    phone: str
    department: str | None
    scope: GrantScope
    id_type: str = "resident_id"


def enterprise_of(actor: Actor) -> Account:
    ent = actor.acting_as if actor.acting_as is not None else actor.user
    if not ent.is_enterprise:
        raise PlatformError("forbidden", "请先切换为企业身份再进行授权管理", "enterprise_id")
    return ent


def _right(role: str) -> str:
    return "grant.admins" if role == ROLE_ADMIN else "grant.grantees"


def _check_scope(db: DbSession, svc: Services, actor: Actor, ent: Account, role: str, scope: GrantScope) -> None:
    now = svc.clock.now()
    by = require(db, svc, actor=actor, action=_right(role))
    if scope.all_seals:
        if by is not None and scope_of(db, by) is not None:
            raise PlatformError("grant.seal_out_of_scope", "您的授权范围不是全部印章，不能授予全部印章", "seal_ids")
    else:
        if not scope.seal_ids:
            raise PlatformError("grant.invalid_scope", "请选择授权的印章", "seal_ids")
        for seal_id in scope.seal_ids:
            seal = db.get(Seal, seal_id) if 1 <= seal_id <= MAX_ID else None
            if seal is None or seal.owner_account_id != ent.id or seal.state == "cancelled":
                raise PlatformError("grant.invalid_scope", "所选印章不属于本企业或已注销", "seal_ids")
            if by is not None:
                require(db, svc, actor=actor, action=_right(role), seal_id=seal_id)
    if role == ROLE_GRANTEE:
        if scope.starts_at is None or scope.ends_at is None:
            raise PlatformError("grant.invalid_window", "请填写授权开始和结束时间", "starts_at")
        if scope.starts_at >= scope.ends_at:
            raise PlatformError("grant.invalid_window", "授权结束时间须晚于开始时间", "ends_at")
        if scope.ends_at <= now:
            raise PlatformError("grant.invalid_window", "授权结束时间须晚于当前时间", "ends_at")
        if scope.uses_total is not None and not 1 <= scope.uses_total <= MAX_USES:
            raise PlatformError("grant.invalid_count", f"授权次数须为1至{MAX_USES}次，或不限次数", "uses_total")


def _person(db: DbSession, svc: Services, request: GrantRequest) -> Account:
    name = check_person_name(request.name, "name")
    id_type, number = parse_person_id(request.id_type, request.id_number, "id_number", "请输入正确的身份证号码")
    person = find_person(db, svc, "id_number", number, id_type)
    if person is None or person.is_enterprise:
        raise PlatformError("grant.person_not_registered",
                            "未找到该人员：被授权人须先在本平台注册（实名）并至少登录一次", "id_number")
    if not person.realname_verified or (person.person_name or "") != name:
        raise PlatformError("grant.person_mismatch", "姓名与身份证号码不一致，或该人员尚未实名认证", "name")
    if person.last_login_at is None:
        raise PlatformError("grant.person_never_logged_in", "该人员尚未登录过本平台：管理员和被授权人须至少登录一次后才能授权",
                            "id_number")
    return person


def _write_scope(db: DbSession, grant: Grant, scope: GrantScope) -> None:
    grant.all_seals = scope.all_seals
    db.execute(delete(GrantSeal).where(GrantSeal.grant_id == grant.id))
    if not scope.all_seals:
        db.add_all(GrantSeal(grant_id=grant.id, seal_id=s) for s in sorted(set(scope.seal_ids)))


def _event(db: DbSession, svc: Services, actor: Actor, grant: Grant, action: str, **detail: object) -> None:
    now = svc.clock.now()
    db.add(GrantEvent(grant_id=grant.id, at=now, action=action, actor_account_id=actor.user.id,
                      remaining=grant.uses_left, detail=json.dumps(detail, ensure_ascii=False, sort_keys=True,
                                                                   default=str) if detail else None))
    audit.record(db, now, f"grant.{action}", actor=actor.user.id, subject=f"grant:{grant.id}", ip=actor.ip,
                 acting_as=actor.acting_as_id, enterprise=grant.enterprise_account_id, role=grant.role, **detail)


@dataclass(frozen=True)
class _Checked:
    enterprise: Account
    person: Account
    scope: GrantScope
    phone: str
    department: str | None


def _checked(db: DbSession, svc: Services, actor: Actor, request: GrantRequest) -> _Checked:
    """Every rule of 新增 that does not need the willingness: who may add, the fields, the scope, the person
    (check digit, registered, name, logged in once), no duplicate. Raises the first refusal."""
    ent = enterprise_of(actor)
    if request.role not in ROLES:
        raise PlatformError("invalid_input", "授权类型错误", "role")
    phone = check_phone(request.phone)
    department = (request.department or "").strip()[:100] or None
    scope = request.scope if request.role == ROLE_GRANTEE else GrantScope(request.scope.all_seals,
                                                                           request.scope.seal_ids)
    _check_scope(db, svc, actor, ent, request.role, scope)
    person = _person(db, svc, request)
    if db.scalar(select(Grant.id).where(Grant.enterprise_account_id == ent.id, Grant.grantee_account_id == person.id,
                                        Grant.role == request.role, Grant.status.in_(LIVE))) is not None:
        raise PlatformError("grant.duplicate", "该人员已有本企业的同类授权（待接收或生效中）", "id_number")
    return _Checked(ent, person, scope, phone, department)


def check_grant(db: DbSession, svc: Services, *, actor: Actor, request: GrantRequest) -> GrantCheck:
    """新增's 提交, before the willingness is asked: the same rules as :func:`create_grant` up to the willingness,
    so that nobody confirms an addition that would be refused (never logged in, wrong check digit, ...). Nothing
    is written; ``create_grant`` checks all of it again."""
    checked = _checked(db, svc, actor, request)
    return GrantCheck(ok=True, enterprise_id=checked.enterprise.id, willingness_action="grant.create",
                      willingness_target_type="enterprise", willingness_target_id=str(checked.enterprise.id))


def create_grant(db: DbSession, svc: Services, *, actor: Actor, request: GrantRequest,
                 willingness_challenge_id: str | None) -> GrantView:
    """新增管理员 / 被授权人 → willingness (``grant.create`` on target ``enterprise:<id>``) → pending. The rules
    before the willingness are :func:`check_grant`'s (the page asks it first)."""
    checked = _checked(db, svc, actor, request)
    ent, person, scope, phone, department = (checked.enterprise, checked.person, checked.scope, checked.phone,
                                             checked.department)
    willingness.require_willingness(db, svc, willingness_challenge_id, account_id=actor.user.id, action="grant.create",
                                    target_type="enterprise", target_id=ent.id,
                                    acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)
    now = svc.clock.now()
    grant = Grant(enterprise_account_id=ent.id, grantee_account_id=person.id, role=request.role,
                  department=department, phone=phone, all_seals=scope.all_seals, starts_at=scope.starts_at,
                  ends_at=scope.ends_at, uses_total=scope.uses_total, uses_left=scope.uses_total, last_use_number=0,
                  status=PENDING, created_at=now, created_by_account_id=actor.user.id, updated_at=now)
    db.add(grant)
    db.flush()
    _write_scope(db, grant, scope)
    _event(db, svc, actor, grant, "create", person=person.id, all_seals=scope.all_seals,
           seals=list(scope.seal_ids), starts_at=scope.starts_at, ends_at=scope.ends_at, uses_total=scope.uses_total)
    db.flush()
    return grant_view(db, grant, now)


def managed_grant(db: DbSession, svc: Services, actor: Actor, grant_id: int | str, *, lock: bool = False) -> Grant:
    """A grant of the acting enterprise the actor may manage (an administrator: grantees inside its scope);
    anything else answers not_found."""
    ent = enterprise_of(actor)
    try:
        number = int(grant_id)
    except (TypeError, ValueError):
        raise NotFound("授权不存在", "grant_id") from None
    query = select(Grant).where(Grant.id == number, Grant.enterprise_account_id == ent.id) \
        if 1 <= number <= MAX_ID else None
    grant = db.scalars(query.with_for_update() if lock else query).first() if query is not None else None
    if grant is None:
        raise NotFound("授权不存在", "grant_id")
    try:
        by = require(db, svc, actor=actor, action=_right(grant.role))
        if by is not None and not _inside(db, by, grant):
            raise NotFound("授权不存在", "grant_id")
    except PlatformError as exc:
        if exc.code == "grant.forbidden":
            raise NotFound("授权不存在", "grant_id") from None
        raise
    return grant


def _inside(db: DbSession, by: Grant, grant: Grant) -> bool:
    outer, inner = scope_of(db, by), scope_of(db, grant)
    return outer is None or (inner is not None and inner <= outer)


def list_grants(db: DbSession, svc: Services, *, actor: Actor, role: str) -> GrantList:
    """管理员 or 被授权人 list of the acting enterprise (an administrator sees the grantees inside its scope)."""
    ent = enterprise_of(actor)
    if role not in ROLES:
        raise PlatformError("invalid_input", "授权类型错误", "role")
    by = require(db, svc, actor=actor, action=_right(role))
    now = svc.clock.now()
    rows = db.scalars(select(Grant).where(Grant.enterprise_account_id == ent.id, Grant.role == role)
                      .order_by(Grant.id.desc()))
    return GrantList(tuple(grant_view(db, g, now) for g in rows if by is None or _inside(db, by, g)))


def get_grant(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str) -> GrantView:
    return grant_view(db, managed_grant(db, svc, actor, grant_id), svc.clock.now())


@dataclass(frozen=True)
class _Change:
    grant: Grant
    scope: GrantScope
    uses_left: int | None
    phone: str | None


def _change_checked(db: DbSession, svc: Services, actor: Actor, grant_id: int | str, scope: GrantScope,
                    phone: str | None, *, lock: bool) -> _Change:
    """Every rule of 变更 that does not need the willingness: the grant (managed by the actor, not revoked), the
    scope / window / count (:func:`_check_scope`, the same as 新增), the count not below the uses made, the phone.
    Raises the first refusal."""
    grant = managed_grant(db, svc, actor, grant_id, lock=lock)
    if grant.status == REVOKED:
        raise PlatformError("grant.revoked", "授权已撤销，不能变更", "grant_id")
    ent = enterprise_of(actor)
    if grant.role == ROLE_ADMIN:
        scope = GrantScope(scope.all_seals, scope.seal_ids)
    _check_scope(db, svc, actor, ent, grant.role, scope)
    left = grant.uses_left
    if grant.role == ROLE_GRANTEE and scope.uses_total != grant.uses_total:
        if scope.uses_total is None:
            left = None
        elif grant.uses_total is None or grant.uses_left is None:
            left = scope.uses_total
        else:
            left = scope.uses_total - (grant.uses_total - grant.uses_left)
            if left < 0:
                raise PlatformError("grant.invalid_count", "授权次数不能少于已使用的次数", "uses_total")
    return _Change(grant, scope, left, check_phone(phone) if phone is not None else None)


def check_change(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str, scope: GrantScope,
                 phone: str | None = None) -> GrantCheck:
    """变更's 提交, before the willingness is asked (``POST /grants/{id}/change/check``): the same rules as
    :func:`change_grant` up to the willingness, so that nobody confirms a change that would be refused. Nothing is
    written; ``change_grant`` checks all of it again."""
    checked = _change_checked(db, svc, actor, grant_id, scope, phone, lock=False)
    return GrantCheck(ok=True, enterprise_id=checked.grant.enterprise_account_id, willingness_action="grant.change",
                      willingness_target_type="grant", willingness_target_id=str(checked.grant.id))


def change_grant(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str, scope: GrantScope,
                 department: str | None = None, phone: str | None = None,
                 willingness_challenge_id: str | None) -> GrantView:
    """变更: scope (and for a grantee window and count) → willingness ``grant.change`` on ``grant:<id>``. The rules
    before the willingness are :func:`check_change`'s (the page asks it first)."""
    checked = _change_checked(db, svc, actor, grant_id, scope, phone, lock=True)
    grant, scope = checked.grant, checked.scope
    willingness.require_willingness(db, svc, willingness_challenge_id, account_id=actor.user.id, action="grant.change",
                                    target_type="grant", target_id=grant.id,
                                    acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)
    now = svc.clock.now()
    grant.starts_at, grant.ends_at = scope.starts_at, scope.ends_at
    grant.uses_total, grant.uses_left = scope.uses_total, checked.uses_left
    if department is not None:
        grant.department = department.strip()[:100] or None
    if checked.phone is not None:
        grant.phone = checked.phone
    grant.updated_at = now
    _write_scope(db, grant, scope)
    _event(db, svc, actor, grant, "change", all_seals=scope.all_seals, seals=list(scope.seal_ids),
           starts_at=scope.starts_at, ends_at=scope.ends_at, uses_total=scope.uses_total)
    db.flush()
    return grant_view(db, grant, now)


def revoke_grant(db: DbSession, svc: Services, *, actor: Actor, grant_id: int | str,
                 willingness_challenge_id: str | None) -> GrantView:
    """撤销: immediate (the person's session drops the role on its next request) → willingness ``grant.revoke``."""
    grant = managed_grant(db, svc, actor, grant_id, lock=True)
    if grant.status == REVOKED:
        raise PlatformError("grant.revoked", "授权已撤销", "grant_id")
    willingness.require_willingness(db, svc, willingness_challenge_id, account_id=actor.user.id, action="grant.revoke",
                                    target_type="grant", target_id=grant.id,
                                    acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)
    now = svc.clock.now()
    grant.status, grant.revoked_at, grant.updated_at = REVOKED, now, now
    _event(db, svc, actor, grant, "revoke")
    db.flush()
    return grant_view(db, grant, now)


__all__ = ["ACTIVE", "GrantCheck", "GrantRequest", "GrantScope", "change_grant", "check_change", "check_grant",
           "create_grant",
           "enterprise_of", "get_grant", "list_grants", "managed_grant", "revoke_grant"]
