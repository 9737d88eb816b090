"""Verification of who stands behind an account (docs/api.md §4.9): the legal representative reclaiming an
enterprise account registered by someone else (认领单位账号), and a phone-registered person completing real-name
verification from 我的 (实名认证). Each is two steps: start a face check of the claimed identity, then finish with it.

The routes adapt: parse the body, call one ``eseal.platform.accounts`` service, map the result.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

import eseal.web.api.schemas as S
from eseal.platform import accounts
from eseal.platform.identity import FaceCheckView
from eseal.web.deps import ActorDep, ClientDep, DbDep, ServicesDep, SessionDep
from eseal.web.routing import UnitOfWorkRoute

reclaim_router = APIRouter(route_class=UnitOfWorkRoute, tags=["auth"])
me_router = APIRouter(route_class=UnitOfWorkRoute, tags=["me"])


class ReclaimClaimIn(BaseModel):
    credit_code: S.Ident | None = None
    name: S.Name | None = None
    legal_rep_name: S.Name | None = None
    legal_rep_id_number: S.Ident | None = None


class ReclaimFaceIn(ReclaimClaimIn):
    return_to: S.Path | None = None


class ReclaimIn(ReclaimClaimIn):
    phone: S.Ident | None = None
    sms_code: S.Secret | None = None
    password: S.Secret | None = None
    password_confirm: S.Secret | None = None
    agree: bool | None = None
    face_check_id: S.Ident | None = None


class RealNameFaceIn(BaseModel):
    name: S.Name | None = None
    id_type: S.Code | None = None
    id_number: S.Ident | None = None
    return_to: S.Path | None = None


class RealNameIn(BaseModel):
    name: S.Name | None = None
    id_type: S.Code | None = None
    id_number: S.Ident | None = None
    face_check_id: S.Ident | None = None


def _claim(body: ReclaimClaimIn) -> accounts.ReclaimClaim:
    return accounts.ReclaimClaim(credit_code=body.credit_code or "", name=body.name or "",
                                 legal_rep_name=body.legal_rep_name or "",
                                 legal_rep_id_number=body.legal_rep_id_number or "")


@reclaim_router.post("/enterprise/reclaim/face-check", status_code=201, response_model=S.FaceCheckOut)
def reclaim_face_check(body: ReclaimFaceIn, db: DbDep, svc: ServicesDep, actor: ClientDep) -> FaceCheckView:
    return accounts.start_reclaim_face_check(db, svc, actor=actor, claim=_claim(body), return_to=body.return_to)


@reclaim_router.post("/enterprise/reclaim", response_model=S.OkOut)
def reclaim(body: ReclaimIn, db: DbDep, svc: ServicesDep, actor: ClientDep) -> S.Ok:
    accounts.reclaim_enterprise(db, svc, actor=actor, form=accounts.Reclaim(
        claim=_claim(body), phone=body.phone or "", sms_code=body.sms_code or "", password=body.password or "",
        password_confirm=body.password_confirm or "", agree=body.agree is True, face_check_id=body.face_check_id or ""))
    return S.OK


@me_router.post("/me/realname/face-check", status_code=201, response_model=S.FaceCheckOut)
def realname_face_check(body: RealNameFaceIn, db: DbDep, svc: ServicesDep, _ctx: SessionDep,
                        actor: ActorDep) -> FaceCheckView:
    return accounts.start_realname_face_check(db, svc, actor=actor, name=body.name, id_type=body.id_type,
                                              id_number=body.id_number, return_to=body.return_to)


@me_router.post("/me/realname", response_model=S.AccountEnvelope)
def verify_realname(body: RealNameIn, db: DbDep, svc: ServicesDep, ctx: SessionDep,
                    actor: ActorDep) -> S.AccountEnvelopeView:
    accounts.complete_realname(db, svc, actor=actor, name=body.name, id_type=body.id_type, id_number=body.id_number,
                               face_check_id=body.face_check_id)
    return S.AccountEnvelopeView(ctx.account_view)
