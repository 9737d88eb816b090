"""业务文档: documents that other government platforms send to an account, waiting for its seal (``pending``) or
signed (``signed``, set by the stamping service like for any document).

The seven sources of the manual (§4.6.3, §5.6.3) are rows of ``business_sources`` with stable codes, seeded by
migration 0008 and, idempotently, by ``ensure_sources`` (the demo seed calls it). Until the integrations issue
([I1]) brings the real inbound interface, ``create_business_document`` is how a business document comes in: the
demo seed and the tests use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from eseal.engine.gm.sm3 import sm3
from eseal.platform.accounts import Account, Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services, audit
from eseal.platform.documents.models import BusinessSource, Document, DocumentRevision
from eseal.platform.documents.samples import Sample, render_sample
from eseal.platform.documents.upload import MAX_UPLOAD_BYTES, check_pdf
from eseal.platform.storage import store_blob

# code → name, in the manual's order (the codes are stable: filters, the inbound interface and tests use them)
SOURCES: tuple[tuple[str, str], ...] = (
    ("gx_eseal", "广西统一电子印章管理平台"),
    ("yichuangtong", "企业开办“一窗通”平台"),
    ("guihuinong", "桂惠农"),
    ("yiwangtongban", "一网通办"),
    ("gx_port_dg", "广西港口危险货物安监"),
    ("gx_realestate", "广西不动产APP"),
    ("gx_water_gas", "广西城市供水供气服务综合管理平台"),
)
SOURCE_NAMES: dict[str, str] = dict(SOURCES)
# the 事项类型 the 筛选 sheet offers (a source may send others: they are listed once present)
MATTER_TYPES: tuple[str, ...] = ("电子印章", "企业开办", "涉农补贴", "政务服务", "港口危货", "不动产登记", "供水供气")


@dataclass(frozen=True)
class BusinessDocument:
    """What ``create_business_document`` made."""

    id: int
    revision_id: int
    sha256: str
    status: str


def ensure_sources(db: DbSession) -> int:
    """Insert the sources that are missing (names of existing codes are left alone); returns how many."""
    have = set(db.scalars(select(BusinessSource.code)))
    missing = [BusinessSource(code=code, name=name) for code, name in SOURCES if code not in have]
    db.add_all(missing)
    db.flush()
    return len(missing)


def create_business_document(db: DbSession, svc: Services, *, source_code: str, account_id: int, name: str,
                             matter_type: str, pdf_bytes: bytes, actor: Actor | None = None) -> BusinessDocument:
    """A business document from ``source_code`` for the account ``account_id`` (enterprise or person), waiting
    for its seal (status ``pending``): the PDF as blob and revision 0, the document row, an audit row
    ``document.received``. Never commits."""
    source = db.get(BusinessSource, source_code)
    if source is None:
        raise PlatformError("invalid_input", "业务文档来源无效", "source_code")
    owner = db.get(Account, account_id)
    if owner is None:
        raise NotFound("账号不存在", "account_id")
    name = (name or "").strip()
    matter = (matter_type or "").strip()
    if not name or len(name) > 255:
        raise PlatformError("invalid_input", "文档名称应为 1-255 个字符", "name")
    if not matter or len(matter) > 64:
        raise PlatformError("invalid_input", "事项类型应为 1-64 个字符", "matter_type")
    pages = check_pdf(pdf_bytes)  # the upload's gate: PDF by content, <= 20 MB, not encrypted, readable
    now = svc.clock.now()
    who = actor or Actor()
    blob = store_blob(db, svc, actor=who, data=pdf_bytes, content_type="application/pdf",
                      max_size=MAX_UPLOAD_BYTES)
    doc = Document(owner_account_id=owner.id, created_by_account_id=None, name=name, origin="business",
                   source_code=source.code, matter_type=matter, status="pending", page_count=pages, created_at=now)
    db.add(doc)
    db.flush()
    rev = DocumentRevision(document_id=doc.id, number=0, blob_sha256=blob.sha256, size=blob.size,
                           sha256=blob.sha256, sm3=sm3(pdf_bytes).hex(), created_at=now, created_by_account_id=None)
    db.add(rev)
    db.flush()
    doc.current_revision_id = rev.id
    db.flush()
    audit.record(db, now, "document.received", actor=who.account.id if who.account else None,
                 subject=f"document:{doc.id}", ip=who.ip, source=source.code, matter_type=matter, owner=owner.id,
                 sha256=blob.sha256)
    return BusinessDocument(doc.id, rev.id, blob.sha256, doc.status)


def seed_samples(db: DbSession, svc: Services, *, account_id: int, holder: str,
                 samples: tuple[Sample, ...]) -> list[int]:
    """The demo's business documents for one account, idempotently: a sample whose name and source the account
    already has (even deleted) is skipped. Returns the ids of the documents made."""
    ensure_sources(db)
    have = {(code, name) for code, name in db.execute(select(Document.source_code, Document.name).where(
        Document.owner_account_id == account_id, Document.origin == "business"))}
    made = []
    for sample in samples:
        if (sample.source_code, sample.title) in have:
            continue
        pdf = render_sample(sample.title, sample.lines, holder=holder)
        made.append(create_business_document(db, svc, source_code=sample.source_code, account_id=account_id,
                                             name=sample.title, matter_type=sample.matter_type, pdf_bytes=pdf).id)
    return made
