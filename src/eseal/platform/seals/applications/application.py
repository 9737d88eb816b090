"""The application itself (申领印章, manual §4.1 / §5.1): create, forms, verification method, submit, cancel.

Every function has the form ``(db, svc, *, actor, ...)``, checks that the application belongs to the acting
account (the enterprise acted for, or the person; anything else is ``not_found``), asks ``states.py`` whether
the step is allowed, and never commits.

申领印章 is the owner's act ([G1] permission table, ``seal.apply``): a person acting for an enterprise through an
administrator or grantee grant is refused (``grant.forbidden``) before any application of it is created, read or
changed — :func:`owner_of` checks it, so every entry point of the package does.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

import eseal.platform.seals.applications.states as states
from eseal.engine.art import SealArtError, strokes_scene
from eseal.platform.accounts import (
    Account,
    Actor,
    check_enterprise_name,
    check_person_name,
    check_phone,
    check_verification_password,
    parse_credit_code,
    parse_person_id,
)
from eseal.platform.core import NotFound, PlatformError, Services, audit, hash_pin, mask_id
from eseal.platform.grants.permissions import require as require_grant
from eseal.platform.identity import willingness
from eseal.platform.seals.applications.catalogue import kinds_for
from eseal.platform.seals.applications.certificate_auth import start_auth_steps
from eseal.platform.seals.applications.holdings import held_kinds, pending_kinds
from eseal.platform.seals.applications.models import SealApplication
from eseal.platform.seals.applications.serializers import KindOption
from eseal.platform.seals.kinds import KINDS, METHODS, normalize_font

WILLINGNESS_ACTION = "seal.apply"
WILLINGNESS_TARGET = "seal_application"
MAX_STROKES_JSON = 400_000
MAX_ID = 2**31 - 1  # INTEGER primary keys (PostgreSQL int4)


def owner_of(db: Session, svc: Services, actor: Actor) -> Account:
    """Whose seals: the enterprise a person acts for, else the logged-in account — once the actor may apply for
    its seals (``seal.apply`` of the permission table: the owner only; ``grant.forbidden`` otherwise)."""
    require_grant(db, svc, actor=actor, action="seal.apply")
    return actor.acting_as if actor.acting_as is not None else actor.user


def load(db: Session, svc: Services, *, actor: Actor, application_id: int) -> SealApplication:
    """The acting account's application, or ``not_found`` (someone else's answers exactly like a missing one)."""
    owner = owner_of(db, svc, actor)
    in_range = isinstance(application_id, int) and 0 < application_id <= MAX_ID  # beyond the column: no such row
    app = db.get(SealApplication, application_id) if in_range else None
    if app is None or app.owner_account_id != owner.id:
        raise NotFound("申请不存在", "application_id")
    return app


def kind_options(db: Session, svc: Services, *, actor: Actor) -> list[KindOption]:
    """The seal kinds this account may apply for, with those it already holds (or has pending) marked."""
    owner = owner_of(db, svc, actor)
    kind = "enterprise" if owner.is_enterprise else "person"
    held, pending = held_kinds(db, owner.id), pending_kinds(db, owner.id)
    return [KindOption(k, KINDS[k].label, k in held, k in pending) for k in kinds_for(kind)]


def _parse_kinds(raw: list[str] | None, kind: str, select_all: bool) -> list[str]:
    allowed = kinds_for(kind)
    wanted = set(allowed) if select_all and kind == "enterprise" else set(raw or ())
    if not wanted:
        raise PlatformError("seal_application.no_kind", "请选择要申领的印章", "seal_kinds")
    if not wanted <= set(allowed):
        raise PlatformError("seal.invalid_kind", "印章类型不正确", "seal_kinds")
    if kind == "person" and len(wanted) != 1:
        raise PlatformError("seal_application.one_personal_kind", "个人每次申领一枚印章", "seal_kinds")
    return [k for k in allowed if k in wanted]


def parse_strokes(strokes: object) -> str:
    """Signature-pad strokes, checked by the engine's hand-drawn renderer (it cleans and crops), as JSON text."""
    try:
        strokes_scene(strokes)
    except SealArtError as exc:
        raise PlatformError("seal_application.bad_strokes", "手绘印章内容无效，请重新绘制", "strokes") from exc
    text = json.dumps(strokes, separators=(",", ":"))
    if len(text) > MAX_STROKES_JSON:
        raise PlatformError("seal_application.bad_strokes", "手绘印章笔画过多，请重新绘制", "strokes")
    return text


def create(db: Session, svc: Services, *, actor: Actor, seal_kinds: list[str] | None, select_all: bool = False,
           font: str | None = None, strokes: object = None) -> SealApplication:
    owner = owner_of(db, svc, actor)
    kind = "enterprise" if owner.is_enterprise else "person"
    wanted = _parse_kinds(seal_kinds, kind, select_all)
    held = held_kinds(db, owner.id) & set(wanted)
    if held:
        names = "、".join(KINDS[k].label for k in wanted if k in held)
        raise PlatformError("seal_application.kind_held", f"已持有{names}，无需重复申领", "seal_kinds")
    pending = pending_kinds(db, owner.id) & set(wanted)
    if pending:
        names = "、".join(KINDS[k].label for k in wanted if k in pending)
        raise PlatformError("seal_application.kind_pending", f"{names}已在申领中，请在认证记录中继续", "seal_kinds")
    now = svc.clock.now()
    app = SealApplication(owner_account_id=owner.id, applicant_account_id=actor.user.id, kind=kind, state="draft",
                          seal_kinds=",".join(wanted), created_at=now, updated_at=now)
    if kind == "person":
        if not owner.realname_verified or not owner.has_face_subject:
            raise PlatformError("realname_required", "请先完成实名认证", "seal_kinds")
        if wanted == ["personal_square"]:
            app.font = normalize_font(font)
        else:
            app.strokes_json = parse_strokes(strokes)
        app.state = states.advance(kind, app.state, "draft")  # the seal is chosen: next, the method
    db.add(app)
    db.flush()
    audit.record(db, now, "seal_application.created", actor=actor.user.id, subject=f"seal_application:{app.id}",
                 ip=actor.ip, kinds=app.seal_kinds, acting_as=actor.acting_as_id)
    return app


def _person(svc: Services, app: SealApplication, prefix: str, form: dict[str, str | None], label: str) -> None:
    name = check_person_name(form.get("name"), f"{prefix}.name")
    id_type, number = parse_person_id(form.get("id_type"), form.get("id_number"), f"{prefix}.id_number",
                                      message=f"请输入正确的{label}证件号码")
    phone = check_phone(form.get("phone"), f"{prefix}.phone")
    setattr(app, f"{prefix}_name", name)
    setattr(app, f"{prefix}_id_type", id_type)
    setattr(app, f"{prefix}_id_enc", svc.pii.encrypt(number, field=f"seal_applications.{prefix}_id_number"))
    setattr(app, f"{prefix}_id_key", svc.pii.blind_index(id_type, number))
    setattr(app, f"{prefix}_id_masked", mask_id(number))
    setattr(app, f"{prefix}_phone", phone)


def set_forms(db: Session, svc: Services, *, actor: Actor, application_id: int, handler: dict[str, str | None],
              legal_rep: dict[str, str | None], unit: dict[str, str | None]) -> SealApplication:
    """经办人 / 单位法人 / 单位信息 (enterprise only), each checked, check digits included."""
    app = load(db, svc, actor=actor, application_id=application_id)
    if app.kind != "enterprise":
        raise PlatformError("seal_application.wrong_state", "个人申领无需填写单位信息", "state")
    states.require_step(app.kind, app.state, "draft")
    owner = owner_of(db, svc, actor)
    unit_name = check_enterprise_name(unit.get("name"), "unit.name")
    code = parse_credit_code(unit.get("credit_code"), "unit.credit_code")
    if code.code != owner.credit_code:
        raise PlatformError("seal_application.unit_mismatch", "单位统一社会信用代码与当前企业不一致",
                            "unit.credit_code")
    _person(svc, app, "handler", handler, "经办人")
    _person(svc, app, "legal_rep", legal_rep, "单位法人")
    app.unit_name, app.unit_credit_code = unit_name, code.code
    now = svc.clock.now()
    app.state, app.updated_at = states.advance(app.kind, app.state, "draft"), now
    audit.record(db, now, "seal_application.forms", actor=actor.user.id, subject=f"seal_application:{app.id}",
                 ip=actor.ip)
    return app


def set_method(db: Session, svc: Services, *, actor: Actor, application_id: int, method: str,
               password: str | None = None, password_confirm: str | None = None) -> SealApplication:
    """用章核验方式: 密码核验 (≥ 6 digits + confirmation, keyed hash ``hash_pin``), 短信核验, 人脸核验."""
    app = load(db, svc, actor=actor, application_id=application_id)
    states.require_step(app.kind, app.state, "method")
    if method not in METHODS:
        raise PlatformError("seal_application.invalid_method", "请选择正确的核验方式", "method")
    app.method_password_hash = None
    if method == "password":
        pin = check_verification_password(password, password_confirm)
        app.method_password_hash = hash_pin(svc.master_key, pin)
    app.method = method
    now = svc.clock.now()
    app.state, app.updated_at = states.advance(app.kind, app.state, "method"), now
    audit.record(db, now, "seal_application.method", actor=actor.user.id, subject=f"seal_application:{app.id}",
                 ip=actor.ip, method=method)
    return app


def submit(db: Session, svc: Services, *, actor: Actor, application_id: int,
           willingness_challenge_id: str | None) -> SealApplication:
    """领章意愿认证 done: consume the ``seal.apply`` challenge and start the certificate applications."""
    app = load(db, svc, actor=actor, application_id=application_id)
    if app.state != "willingness":
        raise PlatformError("seal_application.wrong_state", "请先完成申请信息、材料与核验方式", "state")
    now = svc.clock.now()
    with db.begin_nested():  # a refusal after this point (no phone, SMS gateway) undoes all of it
        willingness.require_willingness(db, svc, willingness_challenge_id, account_id=actor.user.id,
                                        action=WILLINGNESS_ACTION, target_type=WILLINGNESS_TARGET, target_id=app.id,
                                        acting_as_enterprise_id=actor.acting_as_id, ip=actor.ip)
        app.state, app.submitted_at, app.updated_at = states.next_state(app.kind, app.state), now, now
        start_auth_steps(db, svc, app, ip=actor.ip)
    audit.record(db, now, "seal_application.submitted", actor=actor.user.id, subject=f"seal_application:{app.id}",
                 ip=actor.ip)
    return app


def cancel(db: Session, svc: Services, *, actor: Actor, application_id: int) -> SealApplication:
    """撤销申请: any state before issuing; open links stop working."""
    app = load(db, svc, actor=actor, application_id=application_id)
    states.require_cancellable(app.state)
    now = svc.clock.now()
    app.state, app.cancelled_at, app.updated_at = "cancelled", now, now
    audit.record(db, now, "seal_application.cancelled", actor=actor.user.id, subject=f"seal_application:{app.id}",
                 ip=actor.ip)
    return app


def unfinished(db: Session, owner_id: int) -> list[SealApplication]:
    return list(db.scalars(select(SealApplication).where(SealApplication.owner_account_id == owner_id,
                                                         SealApplication.state.in_(sorted(states.UNFINISHED)))
                           .order_by(SealApplication.created_at.desc(), SealApplication.id.desc())))
