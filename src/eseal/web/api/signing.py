"""Signing (选章, 提交签署): docs/api.md "Signing".

``GET /signing/seals`` lists the acting account's seals with ``usable`` and the reason when not;
``POST /documents/{id}/signing/prepare`` checks the stamps and opens the willingness challenge (action
``sign.submit``, target_type ``document``, target_id the document id) and says which method the seals need;
``POST /documents/{id}/signing`` applies the stamps (one revision each) after the challenge (password seals: the
seal's 核验密码 in ``seal_password``; sms / face: satisfied through the willingness endpoints first).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

import eseal.web.api.schemas as S
from eseal.platform import signing
from eseal.platform.documents import DocumentView
from eseal.platform.signing import MAX_STAMPS
from eseal.web.deps import ActorDep, DbDep, ServicesDep, defer_write_lock
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["signing"])


class StampIn(BaseModel):
    seal_id: int = Field(ge=1, le=2**31 - 1)
    mode: S.Code = Field(default="single", json_schema_extra={"enum": list(signing.MODES)})
    page: int = Field(default=1, ge=1, le=100000, description="single: the page (1-based)")
    pages: list[int] | None = Field(default=None, max_length=100000,
                                    description="multi / seam: the pages (null = all pages)")
    x_mm: float | None = Field(default=None, description="the seal's left edge from the page's left, mm")
    y_mm: float | None = Field(default=None, description="the seal's top edge from the page's top, mm")

    def stamp(self) -> signing.Stamp:
        return signing.Stamp(seal_id=self.seal_id, mode=self.mode, page=self.page,
                             pages=tuple(self.pages) if self.pages is not None else None, x_mm=self.x_mm,
                             y_mm=self.y_mm)


class PrepareIn(BaseModel):
    stamps: list[StampIn] = Field(min_length=1, max_length=MAX_STAMPS)


class SignIn(PrepareIn):
    willingness_challenge_id: S.Ident | None = None
    seal_password: S.Ident | None = Field(default=None, description="the seal's 核验密码 (password seals)")
    profile: S.Code | None = Field(default=None, json_schema_extra={"enum": list(signing.PROFILES)},
                                   description="null: the account's 签名格式 (GET /signing/profile)")


class SignOut(BaseModel):
    document: DocumentView
    signing_ids: list[int]


@router.get("/signing/seals", response_model=signing.SealChoiceList)
def seal_choices(db: DbDep, svc: ServicesDep, actor: ActorDep) -> signing.SealChoiceList:
    return signing.seal_choices(db, svc, actor=actor)


# DEFERRED on SQLite: the reads and checks run beside other writers; the lock only for the challenge's rows
@router.post("/documents/{document_id}/signing/prepare", response_model=signing.SigningChallenge,
             dependencies=[Depends(defer_write_lock)])
def prepare(document_id: str, body: PrepareIn, db: DbDep, svc: ServicesDep,
            actor: ActorDep) -> signing.SigningChallenge:
    return signing.prepare_signing(db, svc, actor=actor, document_id=document_id,
                                   stamps=[s.stamp() for s in body.stamps])


# DEFERRED on SQLite: the seal-PIN check, the engine work and the blob writes run before the first write
@router.post("/documents/{document_id}/signing", response_model=SignOut, dependencies=[Depends(defer_write_lock)])
def sign(document_id: str, body: SignIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> SignOut:
    out = signing.sign_document(db, svc, actor=actor, document_id=document_id,
                                stamps=[s.stamp() for s in body.stamps], challenge_id=body.willingness_challenge_id,
                                seal_password=body.seal_password, profile=body.profile)
    # (the unit of work ends in this worker thread: web/routing.UnitOfWorkRoute)
    return SignOut(document=out.document, signing_ids=list(out.signing_ids))
