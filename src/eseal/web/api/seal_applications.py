"""Seal applications (申领印章) and certificate applications (数字证书申请): docs/api.md §7.

The routes adapt: parse, call one service of ``eseal.platform.seals.applications``, map the result. Another
account's application id, or a link token that is unknown or not this browser's, answers 404 ``not_found``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

import eseal.web.api.schemas as S
from eseal.engine.art import personal_fonts
from eseal.platform.identity import face
from eseal.platform.seals.applications import (
    METHOD_LABELS,
    application,
    application_view,
    certificate_auth,
    material_view,
    materials,
    previews,
    records,
)
from eseal.platform.storage import open_blob
from eseal.web.deps import ActorDep, ClientDep, DbDep, ServicesDep
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["seal-applications"])
cert_auth_router = APIRouter(route_class=UnitOfWorkRoute, tags=["cert-auth"])
CERT_AUTH_COOKIE = "eseal_cert_auth"
PNG = "image/png"


class ApplicationIn(BaseModel):
    seal_kinds: list[S.Code] = []
    select_all: bool = False  # 全选 (enterprise: all five)
    font: S.Code | None = None  # personal_square: song|kai|fangsong|hei|gukai
    strokes: list[Any] | None = None  # personal_handdrawn: signature_pad toData()


class PersonIn(BaseModel):
    name: S.Name | None = None
    id_type: S.Code | None = None
    id_number: S.Ident | None = None
    phone: S.Ident | None = None


class UnitIn(BaseModel):
    name: S.Name | None = None
    credit_code: S.Ident | None = None


class FormsIn(BaseModel):
    handler: PersonIn
    legal_rep: PersonIn
    unit: UnitIn


class MethodIn(BaseModel):
    method: S.Code
    password: S.Secret | None = None
    password_confirm: S.Secret | None = None


class SubmitIn(BaseModel):
    willingness_challenge_id: S.Ident | None = None


class StrokesIn(BaseModel):
    strokes: list[Any]


class FaceStartIn(BaseModel):
    return_to: S.Path | None = None  # the page to come back to after the liveness check


class FaceDoneIn(BaseModel):
    face_check_id: S.Ident | None = None


def _app(db: Any, svc: Any, app: Any) -> dict[str, Any]:
    return {"application": application_view(db, app)}


# ------------------------------------------------------------------------------------- choosing and previews

@router.get("/seal-applications/options")
def options(db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    """Kinds (held ones marked), fonts of 个人方章, verification methods."""
    return {"kinds": application.kind_options(db, svc, actor=actor),
            "fonts": [{"font": "gukai" if f.id == "ukai" else f.id, "label": f.label, "installed": f.installed,
                       "preview_url": f"/api/v1/seal-applications/fonts/{'gukai' if f.id == 'ukai' else f.id}/preview.png"}
                      for f in personal_fonts()],
            "methods": [{"method": m, "label": label} for m, label in METHOD_LABELS.items()]}


@router.get("/seal-applications/fonts/{font}/preview.png")
def font_preview(font: str, actor: ActorDep) -> Response:
    return Response(previews.font_preview(actor=actor, font=font), media_type=PNG,
                    headers={"Cache-Control": "private, max-age=300"})


@router.post("/seal-applications/handdrawn-preview")
def handdrawn_preview(body: StrokesIn, actor: ActorDep) -> Response:
    return Response(previews.handdrawn_preview(actor=actor, strokes=body.strokes), media_type=PNG)


# ------------------------------------------------------------------------------------- the application

@router.post("/seal-applications", status_code=201)
def create(body: ApplicationIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    app = application.create(db, svc, actor=actor, seal_kinds=list(body.seal_kinds), select_all=body.select_all,
                             font=body.font, strokes=body.strokes)
    return _app(db, svc, app)


@router.get("/seal-applications")
def list_records(db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    """认证记录: unfinished applications with their current step."""
    return {"records": records.records(db, svc, actor=actor)}


@router.get("/seal-applications/{application_id}")
def get(application_id: int, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    return _app(db, svc, application.load(db, svc, actor=actor, application_id=application_id))


@router.put("/seal-applications/{application_id}/forms")
def set_forms(application_id: int, body: FormsIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    app = application.set_forms(db, svc, actor=actor, application_id=application_id,
                                handler=body.handler.model_dump(), legal_rep=body.legal_rep.model_dump(),
                                unit=body.unit.model_dump())
    return _app(db, svc, app)


@router.post("/seal-applications/{application_id}/materials/{slot}", status_code=201)
def upload_material(application_id: int, slot: str, db: DbDep, svc: ServicesDep, actor: ActorDep,
                    file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008 - FastAPI's idiom
    row = materials.upload(db, svc, actor=actor, application_id=application_id, slot=slot, source=file.file)
    app = application.load(db, svc, actor=actor, application_id=application_id)
    label = next(lbl for code, lbl, _req in materials.materials_for(app.kind) if code == slot)
    return {"material": material_view(app, row, label), **_app(db, svc, app)}


def _material(application_id: int, slot: str, thumbnail: bool, db: Any, svc: Any, actor: Any) -> StreamingResponse:
    sha, content_type = materials.material_blob(db, svc, actor=actor, application_id=application_id, slot=slot,
                                                thumbnail=thumbnail)
    reader = open_blob(db, svc, actor=actor, sha256=sha)
    return StreamingResponse(reader.chunks(), media_type=content_type, headers={"Cache-Control": "private"})


@router.get("/seal-applications/{application_id}/materials/{slot}/image")
def material_image(application_id: int, slot: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> StreamingResponse:
    return _material(application_id, slot, False, db, svc, actor)


@router.get("/seal-applications/{application_id}/materials/{slot}/thumbnail")
def material_thumbnail(application_id: int, slot: str, db: DbDep, svc: ServicesDep,
                       actor: ActorDep) -> StreamingResponse:
    return _material(application_id, slot, True, db, svc, actor)


@router.put("/seal-applications/{application_id}/method")
def set_method(application_id: int, body: MethodIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    app = application.set_method(db, svc, actor=actor, application_id=application_id, method=body.method,
                                 password=body.password, password_confirm=body.password_confirm)
    return _app(db, svc, app)


@router.post("/seal-applications/{application_id}/submit")
def submit(application_id: int, body: SubmitIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    app = application.submit(db, svc, actor=actor, application_id=application_id,
                             willingness_challenge_id=body.willingness_challenge_id)
    return _app(db, svc, app)


@router.post("/seal-applications/{application_id}/cancel")
def cancel(application_id: int, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    """撤销申请 (the page asks 是否确认撤销申请 first)."""
    return _app(db, svc, application.cancel(db, svc, actor=actor, application_id=application_id))


@router.post("/seal-applications/{application_id}/authenticate")
def authenticate_now(application_id: int, db: DbDep, svc: ServicesDep, actor: ActorDep) -> dict[str, Any]:
    """立即认证: a new link for the pending step, sent by SMS to its signer."""
    return _app(db, svc, records.authenticate_now(db, svc, actor=actor, application_id=application_id))


# ------------------------------------------------------------------------------------- certificate authentication

def _session(request: Request) -> str | None:
    return request.cookies.get(CERT_AUTH_COOKIE)


@cert_auth_router.get("/cert-auth/{token}")
def cert_auth_state(token: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep) -> dict[str, Any]:
    """The link's state; consumes nothing (link scanners)."""
    return {"cert_auth": certificate_auth.link_view(db, svc, actor=actor, token=token, session=_session(request))}


@cert_auth_router.post("/cert-auth/{token}/open")
def cert_auth_open(token: str, request: Request, response: Response, db: DbDep, svc: ServicesDep,
                   actor: ClientDep) -> dict[str, Any]:
    """前往签署: consumes the link once; this browser continues the step (cookie)."""
    opened = certificate_auth.open_link(db, svc, actor=actor, token=token)
    response.set_cookie(CERT_AUTH_COOKIE, opened.session, httponly=True, samesite="strict", path="/",
                        secure=svc.settings.secure_cookies, max_age=24 * 3600)
    return {"cert_auth": opened.view}


@cert_auth_router.get("/cert-auth/{token}/form.pdf")
def cert_auth_form(token: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep) -> Response:
    pdf = certificate_auth.form_pdf(db, svc, actor=actor, token=token, session=_session(request))
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": "inline; filename=form.pdf",
                                                                "Cache-Control": "no-store"})


@cert_auth_router.get("/cert-auth/{token}/form.png")
def cert_auth_form_png(token: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep) -> Response:
    png = certificate_auth.form_page_png(db, svc, actor=actor, token=token, session=_session(request))
    return Response(png, media_type=PNG, headers={"Cache-Control": "no-store"})


@cert_auth_router.post("/cert-auth/{token}/face", status_code=201, response_model=S.FaceCheckOut)
def cert_auth_face(token: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep,
                   body: FaceStartIn | None = None) -> Any:
    """下一步: a face check of this step's signer (poll it at /face/checks/{id}; dev: /dev/face/{id})."""
    check = certificate_auth.start_face(db, svc, actor=actor, token=token, session=_session(request),
                                        return_to=body.return_to if body else None)
    return face.view(svc, check)


@cert_auth_router.post("/cert-auth/{token}/face/complete")
def cert_auth_face_done(token: str, body: FaceDoneIn, request: Request, db: DbDep, svc: ServicesDep,
                        actor: ClientDep) -> dict[str, Any]:
    """完成身份认证."""
    return {"cert_auth": certificate_auth.complete_face(db, svc, actor=actor, token=token, session=_session(request),
                                                        face_check_id=body.face_check_id)}


@cert_auth_router.post("/cert-auth/{token}/signature")
def cert_auth_signature(token: str, request: Request, db: DbDep, svc: ServicesDep, actor: ClientDep,
                        file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008 - FastAPI's idiom
    """The handwritten signature (signature_pad PNG); the platform signs the completed form."""
    data = file.file.read(materials.MAX_BYTES + 1)
    return {"cert_auth": certificate_auth.sign(db, svc, actor=actor, token=token, session=_session(request),
                                               signature_png=data)}
