"""THE permission table of grants (授权管理): what the enterprise itself, an administrator (管理员) and a grantee
(被授权人) may do when acting for an enterprise, and the one function every grant-sensitive service calls
(:func:`require`). docs/platform.md "Grants" shows the same table.

Roles (of the acting session, not of a person in general):

* ``owner``: the enterprise's own login (after the §3.2 face gate), its registered legal representative acting for
  it, or a person acting as itself — every right over its own objects;
* ``admin``: a person acting for the enterprise through an accepted administrator grant;
* ``grantee``: a person acting for the enterprise through an accepted grantee grant.

A person may hold both an administrator and a grantee grant of one enterprise: each action is allowed when one of
the grants allows it. ``SCOPE`` = only the seals of that grant's scope (全部印章 or the chosen ones).

This module sits below ``seals`` (``seals.access`` filters with :func:`visible_seal_ids`): it imports ``core``,
``accounts`` and ``grants.models`` only, never ``seals`` — the seal's own state (enabled, valid) is checked by
``seals.signing_material`` / ``signing_refusal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, PlatformError, Services
from eseal.platform.grants.models import ACTIVE, PENDING, REVOKED, ROLE_ADMIN, ROLE_GRANTEE, Grant, GrantSeal

OWNER = "owner"
NO, SCOPE, ALL = "no", "scope", "all"

# action → role → NO | SCOPE | ALL.  The one table.
PERMISSIONS: dict[str, dict[str, str]] = {
    "seal.view": {OWNER: ALL, ROLE_ADMIN: SCOPE, ROLE_GRANTEE: SCOPE},       # 印章列表、详情、印模
    "seal.stamp": {OWNER: ALL, ROLE_ADMIN: NO, ROLE_GRANTEE: SCOPE},         # 签章（计次）
    "seal.lifecycle": {OWNER: ALL, ROLE_ADMIN: SCOPE, ROLE_GRANTEE: NO},     # 停用、启用、续期、变更、注销
    "seal.apply": {OWNER: ALL, ROLE_ADMIN: NO, ROLE_GRANTEE: NO},            # 申领印章
    "grant.admins": {OWNER: ALL, ROLE_ADMIN: NO, ROLE_GRANTEE: NO},          # 管理员：新增、变更、撤销
    "grant.grantees": {OWNER: ALL, ROLE_ADMIN: SCOPE, ROLE_GRANTEE: NO},     # 被授权人：新增、变更、撤销、导出
    "document.use": {OWNER: ALL, ROLE_ADMIN: ALL, ROLE_GRANTEE: ALL},        # 上传、浏览、我的文档
}
ACTION_LABELS = {
    "seal.view": "查看印章", "seal.stamp": "使用印章签章", "seal.lifecycle": "管理印章（停用、启用、续期、变更、注销）",
    "seal.apply": "申领印章", "grant.admins": "管理管理员", "grant.grantees": "管理被授权人", "document.use": "使用文档",
}
ROLE_LABELS = {OWNER: "法人", ROLE_ADMIN: "管理员", ROLE_GRANTEE: "被授权人"}
EXPIRING_SOON = timedelta(days=3)  # a grant ending within this is flagged on the grantee's home page


@dataclass(frozen=True)
class ActingRole:
    """Who the actor is for the account it acts for: ``owner`` (grants empty) or the accepted grants it acts by."""

    role: str  # owner | admin | grantee | admin+grantee
    grants: tuple[Grant, ...]

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER


def is_legal_rep(person: Account, enterprise: Account) -> bool:
    """The registered legal representative, face-verified for the enterprise (accounts.roles)."""
    return bool(person.id_key) and person.realname_verified and enterprise.legal_rep_id_key == person.id_key \
        and enterprise.legal_rep_face_verified_at is not None


def acting_role(db: DbSession, actor: Actor) -> ActingRole:
    user = actor.user
    ent = actor.acting_as
    if ent is None or user.is_enterprise or is_legal_rep(user, ent):
        return ActingRole(OWNER, ())
    grants = tuple(db.scalars(select(Grant).where(Grant.enterprise_account_id == ent.id,
                                                  Grant.grantee_account_id == user.id,
                                                  Grant.status == ACTIVE).order_by(Grant.id)))
    if not grants:  # the session re-checks the role on every request; a revoke in between lands here
        raise PlatformError("grant.revoked", "您对该企业的授权已撤销", "enterprise_id")
    return ActingRole("+".join(sorted({g.role for g in grants})), grants)


def scope_of(db: DbSession, grant: Grant) -> frozenset[int] | None:
    """The seal ids of a grant's scope; None = all the enterprise's seals (全部印章)."""
    if grant.all_seals:
        return None
    return frozenset(db.scalars(select(GrantSeal.seal_id).where(GrantSeal.grant_id == grant.id)))


def in_scope(db: DbSession, grant: Grant, seal_id: int) -> bool:
    scope = scope_of(db, grant)
    return scope is None or seal_id in scope


def visible_seal_ids(db: DbSession, actor: Actor) -> frozenset[int] | None:
    """The seals the actor may see of the account it acts for (None: all of them)."""
    role = acting_role(db, actor)
    if role.is_owner:
        return None
    ids: set[int] = set()
    for grant in role.grants:
        if PERMISSIONS["seal.view"][grant.role] == NO:
            continue
        scope = scope_of(db, grant)
        if scope is None:
            return None
        ids |= scope
    return frozenset(ids)


def stamp_refusal(grant: Grant, now: datetime) -> tuple[str, str] | None:
    """(code, 中文) why a stamping under ``grant`` is not allowed now (state, window, count), or None."""
    if grant.status == PENDING:
        return "grant.not_accepted", "授权尚未接收，请先接收授权"
    if grant.status == REVOKED:
        return "grant.revoked", "授权已撤销"
    if grant.starts_at is not None and now < grant.starts_at:
        return "grant.not_started", "未到授权时间，暂不能使用该印章"
    if grant.ends_at is not None and now >= grant.ends_at:
        return "grant.expired", "授权已过期，不能使用该印章"
    if grant.uses_left is not None and grant.uses_left <= 0:
        return "grant.exhausted", "授权次数已用完，不能使用该印章"
    return None


def require(db: DbSession, svc: Services, *, actor: Actor, action: str, seal_id: int | None = None) -> Grant | None:
    """Allow ``action`` (on ``seal_id``) for the actor, or raise the reason: ``grant.forbidden`` (the role does not
    have the right), ``grant.seal_out_of_scope``, and for ``seal.stamp`` the grant's state, window and count
    (``grant.not_started`` / ``grant.expired`` / ``grant.exhausted`` ...). Returns the grant the action is done
    under (None: the owner acts)."""
    table = PERMISSIONS[action]
    role = acting_role(db, actor)
    if role.is_owner:
        return None
    allowed = [g for g in role.grants if table[g.role] != NO]
    if not allowed:
        raise PlatformError("grant.forbidden", f"您的授权不包括此操作：{ACTION_LABELS[action]}", "action")
    if seal_id is not None:
        allowed = [g for g in allowed if table[g.role] == ALL or in_scope(db, g, seal_id)]
        if not allowed:
            raise PlatformError("grant.seal_out_of_scope", "该印章不在您的授权范围内", "seal_id")
    if action != "seal.stamp":
        return allowed[0]
    now = svc.clock.now()
    refusals = []
    for grant in allowed:
        refused = stamp_refusal(grant, now)
        if refused is None:
            return grant
        refusals.append(refused)
    raise PlatformError(refusals[0][0], refusals[0][1], "seal_id")


def action_refusal(db: DbSession, svc: Services, *, actor: Actor, action: str) -> tuple[str, str] | None:
    """(code, 中文) why the actor may not do ``action`` at all under the table (for a page that greys the entry to
    it, e.g. 首页's 申领印章), or None: exactly :func:`require`'s refusal, no second copy of the rule."""
    try:
        require(db, svc, actor=actor, action=action)
    except PlatformError as exc:
        return exc.code, exc.message
    return None


def stamp_refusal_for(db: DbSession, svc: Services, *, actor: Actor, seal_id: int) -> tuple[str, str] | None:
    """The reason a seal cannot be used for stamping by this actor under its grants (for 选章), or None."""
    try:
        require(db, svc, actor=actor, action="seal.stamp", seal_id=seal_id)
    except PlatformError as exc:
        return exc.code, exc.message
    return None
