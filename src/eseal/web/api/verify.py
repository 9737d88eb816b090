"""验签 (docs/api.md §4.13): verify an uploaded PDF (no login needed, rate-limited), read the full report (the
account or the anonymous browser that ran it), download the platform-sealed PDF report, and the public page data
of a report's QR code (verdict only, no personal data).

The routes adapt: parse the upload, call one ``eseal.platform.verification`` service, stream the stored blobs.
(``web/api/verification.py`` is the accounts' identity verification: 认领单位账号, 实名认证.)
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import StreamingResponse

from eseal.platform import verification
from eseal.platform.core import NotFound
from eseal.platform.storage import open_blob
from eseal.web.deps import ActorDep, DbDep, ServicesDep, defer_write_lock
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["verification"])
public_router = APIRouter(route_class=UnitOfWorkRoute, tags=["public"])

_PRIVATE = {"Cache-Control": "private, no-store"}


@router.post("/verify", status_code=201, response_model=verification.VerifyOutcome,
             dependencies=[Depends(defer_write_lock)])
def verify(db: DbDep, svc: ServicesDep, actor: ActorDep,
           file: UploadFile = File(..., description="the PDF to verify (≤ 20 MB; a signed PDF may carry the "  # noqa: B008
                                                     "platform's stamping allowance on top)")) -> verification.VerifyOutcome:
    return verification.verify_upload(db, svc, actor=actor, source=file.file, filename=file.filename)


@router.get("/verify/{serial}", responses={200: {"content": {"application/json": {}},
                                                 "description": "the full report: engine JSON + platform records"}})
def report_json(serial: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> StreamingResponse:
    stored = verification.owned_report(db, svc, actor=actor, serial=serial)
    reader = open_blob(db, svc, actor=actor, sha256=stored.json_blob)
    return StreamingResponse(reader.chunks(), media_type="application/json", headers=_PRIVATE)


@router.get("/verify/{serial}/report.pdf", responses={200: {"content": {"application/pdf": {}},
                                                            "description": "the PDF report sealed by the platform"}})
def report_pdf(serial: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> StreamingResponse:
    stored = verification.owned_report(db, svc, actor=actor, serial=serial)
    if stored.pdf_blob is None:
        raise NotFound("验证报告不存在")
    reader = open_blob(db, svc, actor=actor, sha256=stored.pdf_blob)
    name = f"验证报告-{stored.serial}.pdf"
    headers = {**_PRIVATE, "Content-Disposition": f"attachment; filename=\"{stored.serial}.pdf\"; "
                                                  f"filename*=UTF-8''{quote(name)}"}
    return StreamingResponse(reader.chunks(), media_type="application/pdf", headers=headers)


@router.get("/verify/{serial}/signatures/{index}/picture.png", response_class=StreamingResponse,
            responses={200: {"content": {"image/png": {}}, "description": "the seal picture of one signature"}})
def signature_picture(serial: str, index: int, db: DbDep, svc: ServicesDep, actor: ActorDep) -> StreamingResponse:
    sha256 = verification.report_picture(db, svc, actor=actor, serial=serial, index=index)
    reader = open_blob(db, svc, actor=actor, sha256=sha256)
    return StreamingResponse(reader.chunks(), media_type="image/png", headers=_PRIVATE)


@public_router.get("/public/reports/{serial}", response_model=verification.PublicReport)
def public_report(serial: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> verification.PublicReport:
    return verification.public_report(db, svc, actor=actor, serial=serial)
