"""Seals (我的印章, 印章详情 and the lifecycle: 停用 / 启用 / 续期 / 变更 / 注销): docs/api.md "Seals".

The routes adapt: parse, call one service of ``eseal.platform.seals``, map the result. Every route works on the
acting account's seals (the enterprise acted for, or the person); another account's seal id answers 404
``not_found``, exactly like one that does not exist. Each lifecycle POST needs a satisfied willingness challenge
(``challenge_id``) created for its action with ``target_type`` "seal" and ``target_id`` the seal id.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Response, UploadFile
from pydantic import BaseModel, Field

import eseal.web.api.schemas as S
from eseal.platform import seals
from eseal.web.deps import ActorDep, DbDep, ServicesDep
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["seals"])


class ChallengeIn(BaseModel):
    challenge_id: S.Ident | None = None


class ChangeIn(ChallengeIn):
    font: S.Code | None = None  # 个人方章: song | kai | fangsong | hei | ukai (gukai)
    strokes: list[list[Any]] | None = Field(default=None, max_length=200)  # 个人手绘章


class CancelFormsIn(BaseModel):
    handler_name: S.Name
    handler_id_type: S.Code = "resident_id"
    handler_id_number: S.Ident
    handler_phone: S.Ident
    legal_rep_name: S.Name
    legal_rep_id_type: S.Code = "resident_id"
    legal_rep_id_number: S.Ident
    unit_name: S.Name
    credit_code: S.Ident


class CancelIn(ChallengeIn):
    materials: list[S.Ident] = Field(default_factory=list, max_length=seals.MAX_CANCEL_MATERIALS)  # blob SHA-256
    forms: CancelFormsIn | None = None  # enterprises: 经办人 / 单位法人 / 单位信息


def _envelope(db: DbDep, svc: ServicesDep, actor: ActorDep, seal: seals.Seal) -> seals.SealEnvelope:
    return seals.SealEnvelope(seals.details(db, svc, actor=actor, seal_id=seal.id))


@router.get("/seals", response_model=seals.SealList)
def list_seals(db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealList:
    return seals.SealList(seals.list_seals(db, svc, actor=actor))


@router.get("/seals/{seal_id}", response_model=seals.SealEnvelope)
def seal_details(seal_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealEnvelope:
    return seals.SealEnvelope(seals.details(db, svc, actor=actor, seal_id=seal_id))


@router.get("/seals/{seal_id}/history", response_model=seals.HistoryList)
def seal_history(seal_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.HistoryList:
    return seals.HistoryList(seals.history(db, svc, actor=actor, seal_id=seal_id))


@router.get("/seals/{seal_id}/image.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "the seal face, 300 dpi"}})
def seal_image(seal_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> Response:
    png = seals.face_png(db, svc, actor=actor, seal_id=seal_id)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.post("/seals/{seal_id}/suspend", response_model=seals.SealEnvelope)
def suspend(seal_id: str, body: ChallengeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealEnvelope:
    return _envelope(db, svc, actor, seals.suspend(db, svc, actor=actor, seal_id=seal_id,
                                                   challenge_id=body.challenge_id))


@router.post("/seals/{seal_id}/resume", response_model=seals.SealEnvelope)
def resume(seal_id: str, body: ChallengeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealEnvelope:
    return _envelope(db, svc, actor, seals.resume(db, svc, actor=actor, seal_id=seal_id,
                                                  challenge_id=body.challenge_id))


@router.post("/seals/{seal_id}/renew", response_model=seals.SealEnvelope)
def renew(seal_id: str, body: ChallengeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealEnvelope:
    return _envelope(db, svc, actor, seals.renew(db, svc, actor=actor, seal_id=seal_id,
                                                 challenge_id=body.challenge_id))


@router.post("/seals/{seal_id}/change", response_model=seals.SealEnvelope)
def change(seal_id: str, body: ChangeIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealEnvelope:
    return _envelope(db, svc, actor, seals.change(db, svc, actor=actor, seal_id=seal_id,
                                                  challenge_id=body.challenge_id, font=body.font,
                                                  strokes=body.strokes))


@router.post("/seals/{seal_id}/cancel", response_model=seals.SealEnvelope)
def cancel(seal_id: str, body: CancelIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> seals.SealEnvelope:
    forms = seals.CancelForms(**body.forms.model_dump()) if body.forms is not None else None
    return _envelope(db, svc, actor, seals.cancel(db, svc, actor=actor, seal_id=seal_id,
                                                  challenge_id=body.challenge_id, materials=body.materials,
                                                  forms=forms))


@router.post("/seals/{seal_id}/cancel/materials", status_code=201)
def upload_cancel_material(seal_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep,
                           file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008 - FastAPI's idiom
    """One 注销 material (enterprise seals): JPG/PNG ≤ 5 MB, re-encoded; answer its ``sha256`` for ``cancel``."""
    blob = seals.upload_cancel_material(db, svc, actor=actor, seal_id=seal_id, source=file.file)
    return {"sha256": blob.sha256, "content_type": blob.content_type, "size": blob.size}
