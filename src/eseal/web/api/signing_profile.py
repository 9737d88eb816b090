"""签名格式 (the account-level signing profile, GM or PAdES): docs/api.md "Signing".

``GET /signing/profile`` → the account's profile, the choices and ``can_change``; ``PUT /signing/profile``
``{"profile": "gm"|"pades"}`` chooses it (the account itself / its owner role only: ``403 forbidden``).
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

import eseal.web.api.schemas as S
from eseal.platform import signing
from eseal.web.deps import ActorDep, DbDep, ServicesDep
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["signing"])


class ProfileIn(BaseModel):
    profile: S.Code = Field(json_schema_extra={"enum": list(signing.PROFILES)})


@router.get("/signing/profile", response_model=signing.SigningProfileView)
def get_profile(db: DbDep, svc: ServicesDep, actor: ActorDep) -> signing.SigningProfileView:
    return signing.signing_profile(db, svc, actor=actor)


@router.put("/signing/profile", response_model=signing.SigningProfileView)
def put_profile(body: ProfileIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> signing.SigningProfileView:
    return signing.set_signing_profile(db, svc, actor=actor, profile=body.profile)
