"""我的文档 / 业务文档: the acting account's documents (list, search, filter, paging), one document's details
(basic information, its signatures from ``signings``, its signing history from ``signings`` and the audit log).

Whose documents: the owner is the enterprise acted for, or the person (``actor.acting_as or actor.user``). A
document of another account, a soft-deleted one and one that does not exist all answer ``not_found``.

Filters (all optional, combined with AND):

* ``origin``: ``upload`` (我的文档) or ``business`` (业务文档); none = both.
* ``q``: a case-insensitive substring of the document name, or of its 事项类型 or source name (the keyword search
  of the manual; ``%`` and ``_`` are literal).
* ``signed_from`` / ``signed_to``: the signing date range (开始时间 / 结束时间), calendar days in Beijing time,
  both inclusive; a document never signed has no signing date and is left out when either bound is given.
* ``source``, ``matter_type``, ``status``: 来源, 事项类型, 签署状态 (business documents carry the first two).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from eseal.engine.beijing import beijing_midnight, in_beijing
from eseal.platform.accounts import Account, Actor
from eseal.platform.core import AuditEntry, DbSession, PlatformError, Services, mask_name
from eseal.platform.documents.access import own_document, owner_of
from eseal.platform.documents.business import MATTER_TYPES, SOURCE_NAMES
from eseal.platform.documents.models import BusinessSource, Document, DocumentRevision, Signing
from eseal.platform.seals import Seal

ORIGINS = ("upload", "business")
STATUSES = ("unsigned", "pending", "signed")
STATUS_LABELS = {"unsigned": "未签署", "pending": "待签署", "signed": "已签署"}
ORIGIN_LABELS = {"upload": "我的文档", "business": "业务文档"}
MODE_LABELS = {"single": "单页签章", "multi": "多页签章", "seam": "骑缝签章"}
PROFILE_LABELS = {"gm": "国密签章（GB/T 38540）", "pades": "PAdES 签章"}
METHOD_LABELS = {"password": "核验密码", "sms": "短信验证码", "face": "人脸识别"}
# audit events of a document shown in its history (other events of the subject are shown with their code)
EVENT_LABELS = {
    "document.uploaded": "上传文档",
    "document.created": "创建文档",
    "document.received": "接收业务文档",
    "document.signed": "签章",
    "document.downloaded": "下载文档",
}
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class DocumentFilter:
    """What the list asks for (parsed and checked by ``parse_filter``)."""

    origin: str | None = None
    q: str | None = None
    signed_from: date | None = None
    signed_to: date | None = None
    source: str | None = None
    matter_type: str | None = None
    status: str | None = None
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    name: str
    origin: str  # upload | business
    status: str  # unsigned | pending | signed
    status_label: str
    source_code: str | None
    source_name: str | None
    matter_type: str | None
    created_at: str  # ISO 8601 UTC
    signed_at: str | None  # the last stamping, ISO 8601 UTC
    signed_date: str | None  # the signing date people read: YYYY-MM-DD in Beijing time
    size: int | None  # bytes of the current revision
    page_count: int


@dataclass(frozen=True)
class DocumentPage:
    documents: tuple[DocumentSummary, ...]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class SignatureEntry:
    """One stamp on the document (a ``signings`` row)."""

    id: int
    at: str
    seal_id: int | None
    seal_name: str | None
    mode: str
    mode_label: str
    pages: tuple[int, ...]
    profile: str
    profile_label: str
    signer_name: str | None  # the acting person, masked
    owner_name: str | None  # the enterprise or person the seal belongs to
    willingness_method: str
    willingness_label: str
    revision: int | None  # the revision number this stamp produced


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    event: str  # an audit event code (document.*) or "signing"
    label: str
    actor_name: str | None  # masked
    detail: str | None  # e.g. the seal name of a stamp


@dataclass(frozen=True)
class DocumentDetails:
    document: DocumentSummary
    owner_name: str
    created_by_name: str | None  # masked
    sha256: str | None  # of the current revision
    sm3: str | None
    revisions: int
    signatures: tuple[SignatureEntry, ...]
    history: tuple[HistoryEntry, ...]
    download_url: str
    file_name: str


@dataclass(frozen=True)
class SourceView:
    code: str
    name: str


@dataclass(frozen=True)
class StatusView:
    code: str  # unsigned | pending | signed
    label: str


@dataclass(frozen=True)
class FilterOptions:
    """What the 筛选 sheet offers: the sources, the 事项类型 known or present, the statuses, the retention notice."""

    sources: tuple[SourceView, ...]
    matter_types: tuple[str, ...]
    statuses: tuple[StatusView, ...]
    retention_days: int  # a deleted document is kept this long (the 删除 confirmation says so)
    retention_notice: str  # 删除后保留 30 天，期满后彻底清除


@dataclass(frozen=True)
class DetailsEnvelope:
    details: DocumentDetails


@dataclass(frozen=True)
class HistoryList:
    history: tuple[HistoryEntry, ...]


def live_documents(owner_id: int) -> Select[Any]:
    """The owner's documents that are not deleted (the base of every list; ``access.own_document`` for one)."""
    return select(Document).where(Document.owner_account_id == owner_id, Document.deleted_at.is_(None))


def _bad(field: str, message: str) -> PlatformError:
    return PlatformError("invalid_input", message, field)


def _day(value: str | date | None, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise _bad(field, "日期格式应为 YYYY-MM-DD") from None


def parse_filter(*, origin: str | None = None, q: str | None = None, signed_from: str | date | None = None,
                 signed_to: str | date | None = None, source: str | None = None, matter_type: str | None = None,
                 status: str | None = None, page: int = 1, page_size: int = PAGE_SIZE) -> DocumentFilter:
    """Check the list parameters (``invalid_input`` naming the field)."""
    if origin not in (None, "", *ORIGINS):
        raise _bad("origin", "文档类别无效")
    if status not in (None, "", *STATUSES):
        raise _bad("status", "签署状态无效")
    if source not in (None, "") and source not in SOURCE_NAMES:
        raise _bad("source", "来源无效")
    start, end = _day(signed_from, "from"), _day(signed_to, "to")
    if start and end and start > end:
        raise _bad("from", "开始时间不能晚于结束时间")
    if page < 1 or page > 100_000:
        raise _bad("page", "页码无效")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise _bad("page_size", f"每页条数应为 1-{MAX_PAGE_SIZE}")
    text = (q or "").strip()[:100] or None
    return DocumentFilter(origin=origin or None, q=text, signed_from=start, signed_to=end, source=source or None,
                          matter_type=(matter_type or "").strip()[:64] or None, status=status or None, page=page,
                          page_size=page_size)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


def _filtered(owner_id: int, f: DocumentFilter) -> Select[Any]:
    query = live_documents(owner_id)
    if f.origin:
        query = query.where(Document.origin == f.origin)
    if f.status:
        query = query.where(Document.status == f.status)
    if f.source:
        query = query.where(Document.source_code == f.source)
    if f.matter_type:
        query = query.where(Document.matter_type == f.matter_type)
    if f.signed_from:
        query = query.where(Document.signed_at >= beijing_midnight(f.signed_from))
    if f.signed_to:
        query = query.where(Document.signed_at < beijing_midnight(f.signed_to + timedelta(days=1)))
    if f.q:
        pattern = _like(f.q)
        source_names = select(BusinessSource.code).where(func.lower(BusinessSource.name).like(pattern, escape="\\"))
        query = query.where(or_(func.lower(Document.name).like(pattern, escape="\\"),
                                func.lower(Document.matter_type).like(pattern, escape="\\"),
                                Document.source_code.in_(source_names)))
    return query


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


def _summary(doc: Document, size: int | None) -> DocumentSummary:
    return DocumentSummary(
        id=doc.id, name=doc.name, origin=doc.origin, status=doc.status,
        status_label=STATUS_LABELS.get(doc.status, doc.status), source_code=doc.source_code,
        source_name=SOURCE_NAMES.get(doc.source_code or ""), matter_type=doc.matter_type,
        created_at=doc.created_at.astimezone(UTC).isoformat(), signed_at=_iso(doc.signed_at),
        signed_date=in_beijing(doc.signed_at).date().isoformat() if doc.signed_at else None,
        size=size, page_count=doc.page_count)


def list_documents(db: DbSession, svc: Services, *, actor: Actor, filters: DocumentFilter) -> DocumentPage:
    """One page of the acting account's live documents, latest activity first."""
    owner = owner_of(actor)
    query = _filtered(owner.id, filters)
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    activity = func.coalesce(Document.signed_at, Document.created_at)
    rows = db.execute(
        query.add_columns(DocumentRevision.size)
        .outerjoin(DocumentRevision, DocumentRevision.id == Document.current_revision_id)
        .order_by(activity.desc(), Document.id.desc())
        .limit(filters.page_size).offset((filters.page - 1) * filters.page_size)).all()
    return DocumentPage(tuple(_summary(doc, size) for doc, size in rows), total, filters.page, filters.page_size)


def filter_options(db: DbSession, svc: Services, *, actor: Actor) -> FilterOptions:
    owner = owner_of(actor)
    sources = tuple(SourceView(s.code, s.name) for s in db.scalars(select(BusinessSource)
                                                                    .order_by(BusinessSource.code)))
    order = {code: i for i, code in enumerate(SOURCE_NAMES)}
    sources = tuple(sorted(sources, key=lambda s: (order.get(s.code, len(order)), s.code)))
    present = db.scalars(select(Document.matter_type).distinct().where(
        Document.owner_account_id == owner.id, Document.deleted_at.is_(None), Document.matter_type.is_not(None)))
    extra = sorted(m for m in present if m and m not in MATTER_TYPES)
    days = svc.settings.documents.retention_days
    return FilterOptions(sources, (*MATTER_TYPES, *extra), tuple(StatusView(s, STATUS_LABELS[s]) for s in STATUSES),
                         days, retention_notice(days))


def retention_notice(days: int) -> str:
    return f"删除后保留 {days} 天，期满后彻底清除"


def _names(db: DbSession, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {a.id: a.display_name for a in db.scalars(select(Account).where(Account.id.in_(wanted)))}


def _pages(placements: str) -> tuple[int, ...]:
    try:
        value = json.loads(placements)
    except ValueError:
        return ()
    items = value if isinstance(value, list) else [value]
    pages: list[int] = []
    for item in items:
        if isinstance(item, dict):
            got = item.get("pages", item.get("page"))
            for p in got if isinstance(got, list) else [got]:
                if isinstance(p, int) and p not in pages:
                    pages.append(p)
    return tuple(pages)


def _signatures(db: DbSession, doc: Document) -> tuple[SignatureEntry, ...]:
    rows = db.execute(select(Signing, Seal.name, DocumentRevision.number)
                      .outerjoin(Seal, Seal.id == Signing.seal_id)
                      .outerjoin(DocumentRevision, DocumentRevision.id == Signing.to_revision_id)
                      .where(Signing.document_id == doc.id).order_by(Signing.at, Signing.id)).all()
    names = _names(db, {s.acting_account_id for s, _, _ in rows} | {s.owner_account_id for s, _, _ in rows})
    return tuple(SignatureEntry(
        id=s.id, at=s.at.astimezone(UTC).isoformat(), seal_id=s.seal_id, seal_name=seal_name, mode=s.mode,
        mode_label=MODE_LABELS.get(s.mode, s.mode), pages=_pages(s.placements), profile=s.profile,
        profile_label=PROFILE_LABELS.get(s.profile, s.profile),
        signer_name=mask_name(names.get(s.acting_account_id or 0)),
        owner_name=names.get(s.owner_account_id or 0), willingness_method=s.willingness_method,
        willingness_label=METHOD_LABELS.get(s.willingness_method, s.willingness_method), revision=number)
        for s, seal_name, number in rows)


def _history(db: DbSession, doc: Document, signatures: tuple[SignatureEntry, ...]) -> tuple[HistoryEntry, ...]:
    entries = list(db.scalars(select(AuditEntry).where(AuditEntry.subject == f"document:{doc.id}")
                              .order_by(AuditEntry.id)))
    names = _names(db, {e.actor_account_id for e in entries})
    out: list[tuple[str, int, HistoryEntry]] = []
    audited_signings: set[int] = set()
    for e in entries:
        detail: dict[str, object] = {}
        try:
            parsed = json.loads(e.detail)
            detail = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            pass
        signing_id = detail.get("signing")  # document.signed names its signings row (signing.stamping)
        if e.event == "document.signed" and isinstance(signing_id, int):
            audited_signings.add(signing_id)
        seal = detail.get("seal_name")
        at = e.created_at.astimezone(UTC).isoformat()
        out.append((at, 0, HistoryEntry(at=at, event=e.event, label=EVENT_LABELS.get(e.event, e.event),
                                        actor_name=mask_name(names.get(e.actor_account_id or 0)),
                                        detail=seal if isinstance(seal, str) else None)))
    for s in signatures:  # a stamp the audit does not name (the signings row is the record of it)
        if s.id not in audited_signings:
            out.append((s.at, 1, HistoryEntry(at=s.at, event="signing", label=f"签章（{s.mode_label}）",
                                              actor_name=s.signer_name, detail=s.seal_name)))
    return tuple(h for _, _, h in sorted(out, key=lambda t: (t[0], t[1])))


def file_name(doc: Document) -> str:
    """The download name: the document name with ``.pdf`` (no path separators or control characters)."""
    name = "".join("_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in doc.name).strip(" .") or "文档"
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def details(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str) -> DocumentDetails:
    """文档详情 of the acting account's document."""
    doc = own_document(db, actor, document_id)
    current = db.get(DocumentRevision, doc.current_revision_id) if doc.current_revision_id else None
    revisions = db.scalar(select(func.count()).where(DocumentRevision.document_id == doc.id)) or 0
    names = _names(db, {doc.owner_account_id, doc.created_by_account_id})
    signatures = _signatures(db, doc)
    return DocumentDetails(
        document=_summary(doc, current.size if current else None), owner_name=names.get(doc.owner_account_id, ""),
        created_by_name=mask_name(names.get(doc.created_by_account_id or 0)),
        sha256=current.sha256 if current else None, sm3=current.sm3 if current else None, revisions=revisions,
        signatures=signatures, history=_history(db, doc, signatures),
        download_url=f"/api/v1/documents/{doc.id}/download", file_name=file_name(doc))


def history(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str) -> tuple[HistoryEntry, ...]:
    doc = own_document(db, actor, document_id)
    return _history(db, doc, _signatures(db, doc))
