"""Documents (上传文件, 文档详情, 下载文档, 浏览文档 page previews): docs/api.md "Documents".

The routes adapt: parse, call one service of ``eseal.platform.documents``, map the result. Every route works on the
acting account's documents; another account's document answers 404 ``not_found`` like one that does not exist.
The upload body is the PDF itself (``Content-Type: application/pdf``), read as a stream: the 20 MB limit is counted
chunk by chunk while it is spooled to a temporary file (web/app.py ``STREAMED_UPLOADS`` lets it past the body-size
middleware unbuffered), never the whole body in memory before the check.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.requests import ClientDisconnect

from eseal.platform import documents
from eseal.platform.core import PlatformError
from eseal.web.deps import ActorDep, DbDep, ServicesDep, SessionDep, defer_write_lock
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["documents"])

PDF_BODY = {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}, "required": True}


async def spooled_body(request: Request, db: DbDep, _session: SessionDep) -> AsyncIterator[documents.UploadSpool]:
    """The request body, counted and spooled as it streams in (``document.too_large`` past 20 MB), read only for a
    logged-in session (anonymous: 401 before the body). The transaction opened by the session check is ended first,
    so no database lock is held while the body arrives."""
    db.commit()
    spool = documents.UploadSpool()
    try:
        try:
            async for chunk in request.stream():
                spool.write(chunk)
        except ClientDisconnect:  # the browser went away mid-upload: nothing stored, no 500 in the logs
            raise PlatformError("document.upload_interrupted", "上传中断，请重新上传", "file") from None
        yield spool
    finally:
        spool.close()


SpoolDep = Annotated[documents.UploadSpool, Depends(spooled_body, scope="function")]


# DEFERRED on SQLite: the session check, the PDF checks and the blob write hold no write lock (only the rows do)
@router.post("/documents", status_code=201, response_model=documents.DocumentEnvelope,
             openapi_extra={"requestBody": PDF_BODY}, dependencies=[Depends(defer_write_lock)])
def upload(db: DbDep, svc: ServicesDep, actor: ActorDep, body: SpoolDep,
           name: Annotated[str | None, Query(max_length=255, description="the file name shown in the lists")] = None,
           ) -> documents.DocumentEnvelope:
    """上传文件: the body is the PDF (≤ 20 MB, judged by content; encrypted or damaged files are refused)."""
    doc = documents.upload_document(db, svc, actor=actor, name=name, source=body.read_all())
    return documents.DocumentEnvelope(doc)


@router.get("/documents/{document_id}", response_model=documents.DocumentEnvelope)
def get_document(document_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> documents.DocumentEnvelope:
    return documents.DocumentEnvelope(documents.get_document(db, svc, actor=actor, document_id=document_id))


RevisionQuery = Annotated[int | None, Query(ge=0, le=2**31 - 1, description="revision number (0 = the original)")]


@router.get("/documents/{document_id}/download", response_class=StreamingResponse,
            responses={200: {"content": {"application/pdf": {}}, "description": "the PDF of the revision"}})
def download(document_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep,
             revision: RevisionQuery = None) -> StreamingResponse:
    """下载文档: the current revision (the last stamped one), or ``?revision=N``."""
    doc, rev, reader = documents.open_revision(db, svc, actor=actor, document_id=document_id, revision=revision)
    name = doc.name if doc.name.lower().endswith(".pdf") else f"{doc.name}.pdf"
    headers = {"Content-Disposition": f"attachment; filename=\"document-{doc.id}.pdf\"; "
                                      f"filename*=UTF-8''{quote(name)}",
               "Content-Length": str(rev.size), "Cache-Control": "private, no-store", "ETag": f'"{rev.sha256}"'}
    return StreamingResponse(reader.chunks(), media_type="application/pdf", headers=headers)


@router.get("/documents/{document_id}/pages/{page}.png", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "the page, rendered by the server"}})
def page_preview(document_id: str, page: int, db: DbDep, svc: ServicesDep, actor: ActorDep,
                 width: Annotated[int | None, Query(ge=16, le=4000, description="pixels; rounded up")] = None,
                 revision: RevisionQuery = None) -> Response:
    """浏览文档 / 发起签署: page ``page`` (1-based) as PNG, cached per revision, page and width."""
    png = documents.page_png(db, svc, actor=actor, document_id=document_id, page=page, width=width,
                             revision=revision)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})
