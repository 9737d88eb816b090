"""授权管理 (enterprise side) and 接收授权 (person side): docs/api.md "Grants".

Enterprise side (acting for the enterprise, or the enterprise login): ``GET /grants?role=admin|grantee``,
``POST /grants/check`` (the rules of 新增 before the willingness is asked: never logged in, check digit, scope,
duplicate — nothing written), ``POST /grants`` (willingness ``grant.create`` on ``enterprise:<id>``),
``GET /grants/{id}``,
``POST /grants/{id}/change/check`` (the rules of 变更 before the willingness: scope, window, count — nothing
written), ``POST /grants/{id}/change`` (``grant.change`` on ``grant:<id>``), ``POST /grants/{id}/revoke`` (``grant.revoke``),
``GET /grants/{id}/history``, ``GET /grants/export.csv`` / ``GET /grants/{id}/export.csv``.
Person side: ``GET /me/grants`` (with the home-page reminders), ``POST /me/grants/{id}/accept`` (``grant.accept``
on ``grant:<id>``). Rules and the permission table: ``eseal.platform.grants``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime, BaseModel, Field, WithJsonSchema

import eseal.web.api.schemas as S
from eseal.platform import grants
from eseal.web.deps import ActorDep, DbDep, ServicesDep
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["grants"])

# an instant with its offset; its schema says how long such a string can be (every request string is bounded)
Instant = Annotated[AwareDatetime, WithJsonSchema({"type": "string", "format": "date-time", "maxLength": 40})]


class ScopeIn(BaseModel):
    all_seals: bool = False
    seal_ids: list[int] = Field(default_factory=list, max_length=200)
    starts_at: Instant | None = Field(default=None, description="grantee: 授权开始 (ISO 8601 with offset)")
    ends_at: Instant | None = Field(default=None, description="grantee: 授权结束")
    uses_total: int | None = Field(default=None, ge=1, le=1_000_000, description="grantee: 授权次数, null = 不限")

    def scope(self) -> grants.GrantScope:
        return grants.GrantScope(all_seals=self.all_seals, seal_ids=tuple(self.seal_ids),
                                 starts_at=self.starts_at, ends_at=self.ends_at, uses_total=self.uses_total)


class GrantIn(ScopeIn):
    role: S.Code = Field(json_schema_extra={"enum": ["admin", "grantee"]})
    name: S.Name
    id_type: S.Code = "resident_id"
    id_number: S.Ident
    phone: S.Ident
    department: S.Name | None = None
    willingness_challenge_id: S.Ident | None = None


class ChangeIn(ScopeIn):
    department: S.Name | None = None
    phone: S.Ident | None = None
    willingness_challenge_id: S.Ident | None = None


class ChallengeIn(BaseModel):
    willingness_challenge_id: S.Ident | None = None


class GrantOut(BaseModel):
    grant: grants.GrantView


@router.get("/grants", response_model=grants.GrantList)
def list_grants(db: DbDep, svc: ServicesDep, actor: ActorDep,
                role: str = Query(default="grantee", max_length=16)) -> grants.GrantList:
    return grants.list_grants(db, svc, actor=actor, role=role)


def _request(body: GrantIn) -> grants.GrantRequest:
    return grants.GrantRequest(role=body.role, name=body.name, id_type=body.id_type, id_number=body.id_number,
                               phone=body.phone, department=body.department, scope=body.scope())


@router.post("/grants/check", response_model=grants.GrantCheck)
def check_grant(body: GrantIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> grants.GrantCheck:
    """新增 before the willingness: the refusal create would give, or ok and the willingness to ask."""
    return grants.check_grant(db, svc, actor=actor, request=_request(body))


@router.post("/grants", status_code=201, response_model=GrantOut)
def create_grant(body: GrantIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> GrantOut:
    return GrantOut(grant=grants.create_grant(db, svc, actor=actor, request=_request(body),
                                              willingness_challenge_id=body.willingness_challenge_id))


@router.get("/grants/export.csv")
def export_all(db: DbDep, svc: ServicesDep, actor: ActorDep,
               role: str = Query(default="grantee", max_length=16)) -> Response:
    data = grants.history_csv(db, svc, actor=actor, role=role)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="grants-{role}.csv"'})


@router.get("/grants/{grant_id}", response_model=GrantOut)
def get_grant(grant_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> GrantOut:
    return GrantOut(grant=grants.get_grant(db, svc, actor=actor, grant_id=grant_id))


@router.post("/grants/{grant_id}/change/check", response_model=grants.GrantCheck)
def check_change(grant_id: str, body: ChangeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> grants.GrantCheck:
    """变更 before the willingness: the refusal change would give, or ok and the willingness to ask."""
    return grants.check_change(db, svc, actor=actor, grant_id=grant_id, scope=body.scope(), phone=body.phone)


@router.post("/grants/{grant_id}/change", response_model=GrantOut)
def change_grant(grant_id: str, body: ChangeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> GrantOut:
    return GrantOut(grant=grants.change_grant(db, svc, actor=actor, grant_id=grant_id, scope=body.scope(),
                                              department=body.department, phone=body.phone,
                                              willingness_challenge_id=body.willingness_challenge_id))


@router.post("/grants/{grant_id}/revoke", response_model=GrantOut)
def revoke_grant(grant_id: str, body: ChallengeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> GrantOut:
    return GrantOut(grant=grants.revoke_grant(db, svc, actor=actor, grant_id=grant_id,
                                              willingness_challenge_id=body.willingness_challenge_id))


@router.get("/grants/{grant_id}/history", response_model=grants.GrantHistory)
def grant_history(grant_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> grants.GrantHistory:
    return grants.grant_history(db, svc, actor=actor, grant_id=grant_id)


@router.get("/grants/{grant_id}/export.csv")
def export_one(grant_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> Response:
    data = grants.history_csv(db, svc, actor=actor, grant_id=grant_id)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="grant-{int(grant_id)}.csv"'})


@router.get("/me/grants", response_model=grants.GrantList)
def my_grants(db: DbDep, svc: ServicesDep, actor: ActorDep) -> grants.GrantList:
    return grants.my_grants(db, svc, actor=actor)


@router.post("/me/grants/{grant_id}/accept", response_model=GrantOut)
def accept_grant(grant_id: str, body: ChallengeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> GrantOut:
    return GrantOut(grant=grants.accept_grant(db, svc, actor=actor, grant_id=grant_id,
                                              willingness_challenge_id=body.willingness_challenge_id))
