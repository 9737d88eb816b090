"""Development-only: the filing outbox (备案 records of seal suspensions, resumptions and cancellations kept by the
development filing provider). Never mounted when ESEAL_ENV=production; the page says loudly that it is simulated."""

from __future__ import annotations

import html
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from eseal.platform.seals import outbox
from eseal.web.deps import DbDep, csrf_protect
from eseal.web.routing import UnitOfWorkRoute

router = APIRouter(route_class=UnitOfWorkRoute, prefix="/dev", include_in_schema=False, dependencies=[Depends(csrf_protect)])
ACTION_LABELS = {"suspend": "停用", "resume": "启用", "cancel": "注销"}


@router.get("/filing-outbox", response_class=HTMLResponse)
def filing_outbox_page(db: DbDep) -> HTMLResponse:
    rows = "".join(
        f"<div class='card' data-filing='{f.id}'><div><b>{html.escape(ACTION_LABELS.get(f.action, f.action))}</b> "
        f"<span class='muted small'>{html.escape(f.created_at)} UTC · {html.escape(f.status)}</span></div>"
        f"<p>{html.escape(f.record.seal_name)}（esID {html.escape(f.record.es_id)}）· {html.escape(f.record.holder)}"
        f"</p><p class='muted small'>{html.escape(f.record.reference)}</p></div>"
        for f in outbox(db))
    empty = "<div class='card muted'>（暂无备案记录）</div>"
    return HTMLResponse(
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1,viewport-fit=cover'>"
        "<title>备案发件箱 · 统一电子印章</title><link rel='stylesheet' href='/static/css/app.css'></head>"
        "<body><div class='app app--white'><div class='devbanner dev-banner' role='note'>"
        "开发模拟备案 · 未真实报送制章备案机构（模拟 development filing outbox）</div>"
        "<header class='navbar navbar--clear'><div class='navbar__side'></div><h1 class='navbar__title'>备案发件箱</h1>"
        f"<div class='navbar__side'></div></header><main class='page-pad'><div id='filing-outbox'>{rows or empty}"
        "</div></main></div></body></html>")


@router.get("/filing-outbox.json")
def filing_outbox_json(db: DbDep) -> dict[str, Any]:
    return {"simulated": True, "filings": [asdict(f) for f in outbox(db)]}
