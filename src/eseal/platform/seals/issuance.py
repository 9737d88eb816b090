"""Issuance (the seam S1b calls at the end of an application): for every requested kind, a key pair in the
platform keystore, a certificate from the platform CA, the face, the maker-signed SESeal, the blobs and the rows,
and the ``issue`` event. Never commits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from eseal.engine.ses import make_es_id
from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, audit
from eseal.platform.seals.faces import render_face
from eseal.platform.seals.kinds import KINDS, METHODS, kind_of, normalize_font
from eseal.platform.seals.lifecycle import CANCELLED, ISSUE, next_state
from eseal.platform.seals.models import Seal, SealEvent
from eseal.platform.seals.versions import Holder, make_version

DEFAULT_AREA = "100000"
_AREA = re.compile(r"^[1-9]\d{5}$")


@dataclass(frozen=True)
class IssueRequest:
    """What issuance needs from a completed application (S1b builds it from ``SealApplication``).

    ``holder_name``: the enterprise's name (enterprise kinds) or the person's name (personal kinds).
    ``id_number``: the person's ID number (personal kinds); ``legal_rep_*``: the legal representative
    (企业法定代表人章). ID numbers are used only for the certificates' keyed digests, never stored.
    """

    owner_account_id: int
    kinds: Sequence[str]
    holder_name: str
    credit_code: str | None = None
    id_number: str | None = None
    legal_rep_name: str | None = None
    legal_rep_id_number: str | None = None
    font: str | None = None  # personal_square
    strokes: Any = None  # personal_handdrawn: [[[x, y(, p)], ...], ...] or signature_pad point objects
    method: str = "sms"  # 用章核验方式
    method_password_hash: str | None = None  # security.hash_pin (was argon2id), method password
    application_id: int | None = None
    validity_days: int | None = None  # default: settings.seals.validity_days (ESEAL_SEAL_VALIDITY_DAYS)


def held_kinds(db: DbSession, owner_account_id: int) -> set[str]:
    """Kinds the account holds (enabled or suspended): not offered again."""
    return set(db.scalars(select(Seal.kind).where(Seal.owner_account_id == owner_account_id,
                                                  Seal.state != CANCELLED)))


def area_code(req: IssueRequest) -> str:
    """The esID area: the enterprise's credit-code positions 3-8 (all its seals, 法定代表人章 too), or the person's
    ID number's first 6 digits (docs/ses.md §4)."""
    area = (req.credit_code or "")[2:8] if req.credit_code else (req.id_number or "")[:6]
    return area if _AREA.match(area) else DEFAULT_AREA


def _holder_for(kind_code: str, req: IssueRequest) -> Holder:
    kind = KINDS[kind_code]
    if kind.cert == "enterprise":
        if not req.credit_code:
            raise PlatformError("seal.holder_incomplete", "缺少统一社会信用代码", "credit_code")
        return Holder("enterprise", req.holder_name, credit_code=req.credit_code)
    if kind.cert == "legal_rep":
        if not (req.legal_rep_name and req.legal_rep_id_number):
            raise PlatformError("seal.holder_incomplete", "缺少法定代表人信息", "legal_rep")
        return Holder("person", req.legal_rep_name, id_number=req.legal_rep_id_number)
    if not req.id_number:
        raise PlatformError("seal.holder_incomplete", "缺少证件号码", "id_number")
    return Holder("person", req.holder_name, id_number=req.id_number)


def _check(db: DbSession, req: IssueRequest) -> Account:
    owner = db.get(Account, req.owner_account_id)
    if owner is None:
        raise NotFound("账号不存在", "owner_account_id")
    if not req.kinds:
        raise PlatformError("seal.invalid_kind", "请选择印章类型", "kinds")
    owner_kind = "enterprise" if owner.is_enterprise else "person"
    held = held_kinds(db, owner.id)
    for code in req.kinds:
        kind = kind_of(code)
        if kind.owner != owner_kind:
            raise PlatformError("seal.invalid_kind", "该账号不能申领此类印章", "kinds")
        if code in held:
            raise PlatformError("seal.kind_held", f"已持有{kind.label}", "kinds")
    if len(set(req.kinds)) != len(req.kinds):
        raise PlatformError("seal.invalid_kind", "印章类型重复", "kinds")
    if req.method not in METHODS:
        raise PlatformError("seal.invalid_method", "请选择用章核验方式", "method")
    if req.method == "password" and not req.method_password_hash:
        raise PlatformError("seal.invalid_method", "请设置核验密码", "method")
    return owner


def seal_name(kind_code: str, holder: Holder, req: IssueRequest) -> str:
    kind = KINDS[kind_code]
    if kind.cert == "legal_rep":
        return holder.name
    return req.holder_name + kind.type_suffix


def issue_seals(db: DbSession, svc: Services, *, actor: Actor, request: IssueRequest) -> list[Seal]:
    """Issue every requested kind of ``request`` (the caller has decided the application is complete and
    whose seals these are). Refusals: ``seal.invalid_kind``, ``seal.kind_held``, ``seal.invalid_method``,
    ``seal.holder_incomplete``, ``seal.face_invalid``, ``seal.invalid_font``. Never commits."""
    _check(db, request)
    now = svc.clock.now().replace(microsecond=0)
    actor_id = actor.account.id if actor.account is not None else None
    seals = []
    for code in request.kinds:
        kind = KINDS[code]
        holder = _holder_for(code, request)
        font = normalize_font(request.font) if kind.art_kind == "personal" else None
        face_name = holder.name if kind.cert == "legal_rep" else request.holder_name
        face = render_face(kind, face_name, credit_code=request.credit_code, font=font, strokes=request.strokes)
        seal = Seal(owner_account_id=request.owner_account_id, application_id=request.application_id, kind=code,
                    name=seal_name(code, holder, request), holder_name=face_name, es_id=None,
                    state=next_state(None, ISSUE), family="sm2", current_version=1, valid_from=now, valid_to=now,
                    font=font, method=request.method, method_password_hash=request.method_password_hash,
                    use_count=0, created_at=now, updated_at=now)
        db.add(seal)
        db.flush()
        seal.es_id = make_es_id(area_code(request), kind.seal_type, seal.id % 10**8)
        make_version(db, svc, actor=actor, seal=seal, number=1, reason=ISSUE, face=face, font=font, now=now,
                     holder=holder, days=request.validity_days or svc.settings.seals.validity_days)
        db.add(SealEvent(seal_id=seal.id, at=now, action=ISSUE, from_state=None, to_state=seal.state,
                         actor_account_id=actor_id, version=1, detail=None))
        audit.record(db, now, "seal.issued", actor=actor_id, subject=f"seal:{seal.id}", ip=actor.ip, kind=code,
                     es_id=seal.es_id, owner=request.owner_account_id)
        seals.append(seal)
    db.flush()
    return seals
