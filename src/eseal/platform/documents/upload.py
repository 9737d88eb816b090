"""上传文件: a PDF (judged by content), at most 20 MB — the limit enforced while the body streams in
(:class:`UploadSpool`) — not encrypted, not damaged, stored as revision 0 of a new document of the acting account;
and reading a document back (the view, a revision's bytes)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from typing import IO

from sqlalchemy import select

from eseal.engine.gm import sm3
from eseal.engine.pdf import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    load_input,
)
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services, audit
from eseal.platform.documents.access import own_document, owner_of, revision_of
from eseal.platform.documents.engine_gate import first_alone
from eseal.platform.documents.models import Document, DocumentRevision, Signing
from eseal.platform.documents.page_sizes import document_pages, measured, remember
from eseal.platform.documents.serializers import DocumentView, PageView, RevisionView, SigningView
from eseal.platform.seals import Seal
from eseal.platform.storage import BlobReader, BlobRef, blob_store, open_blob, put_blob, store_blob

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SPOOL_IN_MEMORY = 1024 * 1024  # larger uploads go to a temporary file while they stream in
MAX_NAME = 200
STATUS_LABELS = {"unsigned": "未签署", "signed": "已签署", "pending": "待签署"}

TOO_LARGE = ("document.too_large", "文件超过20MB，请压缩后再上传")
INPUT_REFUSALS = {  # engine input-gate codes → (platform code, 中文)
    NotAPdfError.code: ("document.not_pdf", "仅支持上传PDF格式的文件"),
    EncryptedPdfError.code: ("document.encrypted", "文件已加密，请解除密码保护后再上传"),
    PdfTooLargeError.code: TOO_LARGE,
}
DAMAGED = ("document.damaged", "文件已损坏或无法读取，请检查后重新上传")


class UploadSpool:
    """The request body as it streams in: counted chunk by chunk (``document.too_large`` as soon as it passes
    :data:`MAX_UPLOAD_BYTES`, before the rest is read), spooled to a temporary file above 1 MB."""

    def __init__(self, limit: int = MAX_UPLOAD_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise PlatformError(*TOO_LARGE, "file")
        self.file.write(chunk)

    def read_all(self) -> bytes:
        self.file.seek(0)
        return self.file.read()

    def close(self) -> None:
        self.file.close()


def clean_name(name: str | None) -> str:
    """The file name shown in the lists: path parts and control characters dropped, ``.pdf`` kept."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:MAX_NAME]
    return base or "文档.pdf"


def inspect_pdf(data: bytes) -> tuple[PageView, ...]:
    """The pages (displayed sizes) of an acceptable upload, or the refusal (codes and Chinese from the engine's input
    gate): the structure, encryption and size checks by one parse, the page count and the sizes by one PDFium open."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PlatformError(*TOO_LARGE, "file")
    try:
        first_alone("load_input", lambda: load_input(data, max_bytes=MAX_UPLOAD_BYTES))
        sizes = measured(data)
    except PdfInputError as exc:
        code, message = INPUT_REFUSALS.get(exc.code, DAMAGED)
        raise PlatformError(code, message, "file") from exc
    if not sizes:
        raise PlatformError(*DAMAGED, "file")
    return sizes


def check_pdf(data: bytes) -> int:
    """The page count of an acceptable upload, or the refusal (:func:`inspect_pdf`)."""
    return len(inspect_pdf(data))


def stage_revision(svc: Services, data: bytes) -> BlobRef:
    """Write a revision's bytes before the transaction writes anything (:func:`add_revision` ``put``): the blob's
    write and fsyncs then hold no database write lock (SQLite has one writer at a time)."""
    return put_blob(svc, data=data, max_size=MAX_UPLOAD_BYTES * 2)


def add_revision(db: DbSession, svc: Services, *, actor: Actor, doc: Document, data: bytes, number: int,
                 signing_id: int | None = None, after_blob: Callable[[], None] | None = None,
                 put: BlobRef | None = None, sm3_hex: str | None = None) -> DocumentRevision:
    """Blob first, then its revision row (in the caller's transaction): a committed row names a blob that exists.
    ``after_blob``: called between the two (the crash points of the never-lose tests). ``put``: the blob was
    written already (:func:`stage_revision`); ``sm3_hex``: the SM3 of ``data``, computed already (before the write
    lock)."""
    blob = store_blob(db, svc, actor=actor, data=data, content_type="application/pdf",
                      max_size=MAX_UPLOAD_BYTES * 2, put=put)
    if after_blob is not None:
        after_blob()
    rev = DocumentRevision(document_id=doc.id, number=number, blob_sha256=blob.sha256, size=len(data),
                           sha256=blob.sha256, sm3=sm3_hex or sm3(data).hex(), created_at=svc.clock.now(),
                           created_by_account_id=actor.user.id, signing_id=signing_id)
    db.add(rev)
    db.flush()
    return rev


def upload_document(db: DbSession, svc: Services, *, actor: Actor, name: str | None, source: IO[bytes] | bytes,
                    ) -> DocumentView:
    """A new document of the acting account from an uploaded PDF (revision 0).

    Everything slow comes before the first write (on SQLite the write lock is taken there): the checks, the page
    sizes (measured and cached), the blob's write and fsyncs; the write itself is the rows and the audit entry."""
    owner = owner_of(actor)
    data = source if isinstance(source, bytes) else source.read(MAX_UPLOAD_BYTES + 1)
    sizes = inspect_pdf(data)
    pages = len(sizes)
    staged = stage_revision(svc, data)
    remember(svc, staged.sha256, sizes)
    digest = sm3(data).hex()  # before the first write (on SQLite the write lock is taken there)
    now = svc.clock.now()
    doc = Document(owner_account_id=owner.id, created_by_account_id=actor.user.id, name=clean_name(name),
                   origin="upload", status="unsigned", page_count=pages, created_at=now)
    db.add(doc)
    db.flush()
    rev = add_revision(db, svc, actor=actor, doc=doc, data=data, number=0, put=staged, sm3_hex=digest)
    doc.current_revision_id = rev.id
    audit.record(db, now, "document.uploaded", actor=actor.user.id, subject=f"document:{doc.id}", ip=actor.ip,
                 owner=owner.id, name=doc.name, size=rev.size, sha256=rev.sha256, sm3=rev.sm3, pages=pages)
    db.flush()
    return build_view(doc, [rev], [], {}, sizes)  # a new document: this revision, no signings, the sizes just read


def get_document(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str) -> DocumentView:
    return view(db, svc, own_document(db, actor, document_id), actor=actor)


def open_revision(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str,
                  revision: int | None = None) -> tuple[Document, DocumentRevision, BlobReader]:
    """The document, the revision (None: the current one) and a verified reader of its bytes."""
    doc = own_document(db, actor, document_id)
    rev = revision_of(db, doc, revision)
    return doc, rev, open_blob(db, svc, actor=actor, sha256=rev.blob_sha256)


def read_revision(db: DbSession, svc: Services, *, actor: Actor, doc: Document, rev: DocumentRevision) -> bytes:
    """The bytes of ``rev`` of ``doc`` (loaded by the caller for the actor), hash-checked as they are read. Straight
    from the store: the revision row names its blob by a foreign key, so the blob's row exists (storage's rule: a
    committed row names a blob that exists), as ``seals.versions.read_blob`` reads a seal version's blobs."""
    with blob_store(svc).open(rev.blob_sha256) as reader:
        return reader.readall()


def _signing_view(s: Signing, numbers: dict[int, int], seal_names: dict[int, str]) -> SigningView:
    placement = json.loads(s.placements)
    return SigningView(id=s.id, seal_id=s.seal_id, seal_name=seal_names.get(s.seal_id or 0), mode=s.mode,
                       pages=tuple(placement.get("pages") or ()), x_mm=placement.get("x_mm"),
                       y_mm=placement.get("y_mm"), profile=s.profile, willingness_method=s.willingness_method,
                       at=s.at.isoformat(), from_revision=numbers.get(s.from_revision_id, 0),
                       to_revision=numbers.get(s.to_revision_id or 0, 0))


def view(db: DbSession, svc: Services, doc: Document, *, actor: Actor,
         seal_names: dict[int, str] | None = None) -> DocumentView:
    """The document as the API shows it. ``seal_names``: names of seals the caller has loaded (a signing's seals);
    the names of any other seal the signings name are read."""
    return build_view(doc, *view_inputs(db, svc, doc, actor=actor, seal_names=seal_names))


def view_inputs(db: DbSession, svc: Services, doc: Document, *, actor: Actor, seal_names: dict[int, str] | None = None,
                ) -> tuple[list[DocumentRevision], list[Signing], dict[int, str], tuple[PageView, ...]]:
    """What :func:`build_view` needs, read: the revisions (by number), the signings (by id), the names of the seals
    the signings name, the pages."""
    revisions = list(db.scalars(select(DocumentRevision).where(DocumentRevision.document_id == doc.id)
                                .order_by(DocumentRevision.number)))
    signings = list(db.scalars(select(Signing).where(Signing.document_id == doc.id).order_by(Signing.id)))
    seal_ids = {s.seal_id for s in signings if s.seal_id}
    known = seal_names or {}
    if seal_ids <= known.keys():
        seal_names = {i: known[i] for i in seal_ids}
    else:
        seal_names = {int(i): str(n) for i, n in db.execute(select(Seal.id, Seal.name).where(Seal.id.in_(seal_ids)))}
    pages = document_pages(db, svc, actor=actor, doc=doc, original=revisions[0] if revisions else None)
    return revisions, signings, seal_names, pages


def build_view(doc: Document, revisions: list[DocumentRevision], signings: list[Signing], seal_names: dict[int, str],
               pages: tuple[PageView, ...]) -> DocumentView:
    """The view of ``doc`` from its revisions (by number), its signings (by id), their seals' names and its pages."""
    numbers = {r.id: r.number for r in revisions}
    current = next((r for r in revisions if r.id == doc.current_revision_id), revisions[-1])
    base = f"/api/v1/documents/{doc.id}"
    return DocumentView(
        id=doc.id, name=doc.name, origin=doc.origin, status=doc.status,
        status_label=STATUS_LABELS.get(doc.status, doc.status), page_count=doc.page_count,
        pages=pages, size=current.size,
        sha256=current.sha256, sm3=current.sm3, current_revision=current.number, created_at=doc.created_at.isoformat(),
        signed_at=doc.signed_at.isoformat() if doc.signed_at else None, download_url=f"{base}/download",
        preview_url=f"{base}/pages",
        revisions=tuple(RevisionView(number=r.number, size=r.size, sha256=r.sha256, sm3=r.sm3,
                                     created_at=r.created_at.isoformat(), signing_id=r.signing_id,
                                     download_url=f"{base}/download?revision={r.number}") for r in revisions),
        signings=tuple(_signing_view(s, numbers, seal_names) for s in signings))
