"""我的文档 / 业务文档 (list, search, 筛选, 文档详情, history, multi-select 下载文档 and 删除): docs/api.md
"Documents: lists, download, delete".

The routes adapt: parse, call one service of ``eseal.platform.documents``, map the result. Every route works on the
acting account's live documents; another account's, a deleted or a missing document answers 404 ``not_found``
(for a selection: if any one of them is). Upload, the document itself, its pages and the download of one revision
are ``web/api/documents.py``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

import eseal.web.api.schemas as S
from eseal.platform import documents
from eseal.platform.core import PlatformError
from eseal.web.deps import ActorDep, DbDep, ServicesDep
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, tags=["documents"])

MAX_IDS = 100


class IdsIn(BaseModel):
    ids: list[int | S.Ident] = Field(min_length=1, max_length=MAX_IDS, description="document ids (multi-select)")


_IDS_FIELD: dict[str, Any] = {"type": "array", "minItems": 1, "maxItems": MAX_IDS, "items": {
    "anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 64}]}}
DOWNLOAD_BODY: dict[str, Any] = {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "required": ["ids"], "properties": {"ids": _IDS_FIELD}}},
    # a plain HTML form (ids=1&ids=2&csrf_token=...) lets the browser save the stream to disk itself
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["ids"], "properties": {
        "ids": _IDS_FIELD, "csrf_token": {"type": "string", "maxLength": 200}}}},
}}


async def selected_ids(request: Request) -> list[str]:
    """``ids`` from a JSON body ``{"ids": [...]}`` or a form (``ids`` repeated); ``invalid_input`` otherwise."""
    bad = PlatformError("invalid_input", "请选择文档", "ids")
    ctype = request.headers.get("content-type", "")
    raw: Any
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        raw = [v for v in (await request.form()).getlist("ids") if isinstance(v, str)]
    else:
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            raise bad from None
        raw = body.get("ids") if isinstance(body, dict) else None
    if not isinstance(raw, list) or not raw or len(raw) > MAX_IDS:
        raise bad
    if not all(isinstance(v, (str, int)) and not isinstance(v, bool) and len(str(v)) <= 64 for v in raw):
        raise bad
    return [str(v) for v in raw]


IdsDep = Annotated[list[str], Depends(selected_ids)]


@router.get("/documents", response_model=documents.DocumentPage)
def list_documents(
    db: DbDep, svc: ServicesDep, actor: ActorDep,
    origin: Annotated[str | None, Query(max_length=16, description="upload (我的文档) | business (业务文档)",
                                        json_schema_extra={"enum": ["upload", "business"]})] = None,
    q: Annotated[str | None, Query(max_length=100, description="文档名称、关键字 (name, 事项类型, 来源)")] = None,
    signed_from: Annotated[str | None, Query(alias="from", max_length=32,
                                             description="签署日期 开始时间 YYYY-MM-DD (Beijing, inclusive)")] = None,
    signed_to: Annotated[str | None, Query(alias="to", max_length=32,
                                           description="签署日期 结束时间 YYYY-MM-DD (Beijing, inclusive)")] = None,
    source: Annotated[str | None, Query(max_length=32, description="来源: a business_sources code")] = None,
    status: Annotated[str | None, Query(max_length=16, description="签署状态: unsigned | pending | signed",
                                        json_schema_extra={"enum": ["unsigned", "pending", "signed"]})] = None,
    matter_type: Annotated[str | None, Query(max_length=64, description="事项类型 (e.g. 不动产登记)")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> documents.DocumentPage:
    """我的文档 / 业务文档: the acting account's documents, latest activity first, one page at a time."""
    filters = documents.parse_filter(origin=origin, q=q, signed_from=signed_from, signed_to=signed_to,
                                     source=source, matter_type=matter_type, status=status, page=page,
                                     page_size=page_size)
    return documents.list_documents(db, svc, actor=actor, filters=filters)


@router.get("/business-sources", response_model=documents.FilterOptions)
def filter_options(db: DbDep, svc: ServicesDep, actor: ActorDep) -> documents.FilterOptions:
    """筛选: the seven sources (来源), the 事项类型, the 签署状态, and the retention of a deleted document."""
    return documents.filter_options(db, svc, actor=actor)


@router.get("/documents/{document_id}/details", response_model=documents.DetailsEnvelope)
def document_details(document_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> documents.DetailsEnvelope:
    """文档详情: basic information, the signatures, the signing history."""
    return documents.DetailsEnvelope(documents.details(db, svc, actor=actor, document_id=document_id))


@router.get("/documents/{document_id}/history", response_model=documents.HistoryList)
def document_history(document_id: str, db: DbDep, svc: ServicesDep, actor: ActorDep) -> documents.HistoryList:
    return documents.HistoryList(documents.history(db, svc, actor=actor, document_id=document_id))


@router.post("/documents/download", response_class=StreamingResponse, openapi_extra={"requestBody": DOWNLOAD_BODY},
             responses={200: {"content": {"application/pdf": {}, "application/zip": {}},
                              "description": "one document: its PDF; several: a zip streamed as it is written"}})
def download_selected(ids: IdsDep, db: DbDep, svc: ServicesDep, actor: ActorDep) -> StreamingResponse:
    """下载文档 (multi-select): one id → the PDF; several → ``文档_N份.zip`` (names deduplicated, UTF-8)."""
    plan = documents.download_plan(db, svc, actor=actor, ids=list(ids))
    headers = {"Content-Disposition": documents.content_disposition(plan.file_name),
               "Cache-Control": "private, no-store"}
    if plan.single:
        headers["Content-Length"] = str(plan.entries[0].size)
        return StreamingResponse(documents.stream_pdf(svc, plan), media_type="application/pdf", headers=headers)
    return StreamingResponse(documents.stream_zip(svc, plan), media_type="application/zip", headers=headers)


@router.post("/documents/delete", response_model=documents.Deletion)
def delete_selected(body: IdsIn, db: DbDep, svc: ServicesDep, actor: ActorDep) -> documents.Deletion:
    """删除 (multi-select, all or nothing): gone from the lists at once, kept ``retention_days`` (``notice``)."""
    return documents.delete_documents(db, svc, actor=actor, ids=list(body.ids))
