"""The displayed size of each page of a document (CropBox, /Rotate applied), in millimetres: what the 发起签署 page
needs to draw a seal at true scale and what stamp positions are measured from.

Read once from the original (revision 0) — stamping never changes a page's boxes — and kept as a small JSON file
beside the previews of that revision (``<data dir>/previews/<sha256>/pages.json``; a blob never changes, so the
file needs no invalidation)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from sqlalchemy import select

from eseal.engine.pdf import PdfInputError, page_sizes
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services
from eseal.platform.documents.engine_gate import first_alone
from eseal.platform.documents.models import Document, DocumentRevision
from eseal.platform.documents.serializers import PageView
from eseal.platform.storage import open_blob


def _path(svc: Services, sha256: str) -> Path:
    return Path(svc.settings.data_dir) / "previews" / sha256[:2] / sha256 / "pages.json"


def measure(data: bytes) -> tuple[PageView, ...]:
    """The page sizes of a PDF's bytes (``document.damaged`` if PDFium cannot open it)."""
    try:
        return measured(data)
    except PdfInputError as exc:
        raise PlatformError("document.damaged", "文件已损坏或无法读取", "file") from exc


def measured(data: bytes) -> tuple[PageView, ...]:
    """The page sizes of a PDF's bytes, by one PDFium open (the engine's ``PdfInputError`` when it cannot open it)."""
    return tuple(PageView(number=s.number, width_mm=s.width_mm, height_mm=s.height_mm)
                 for s in first_alone("page_sizes", lambda: page_sizes(data)))


def remember(svc: Services, sha256: str, pages: tuple[PageView, ...]) -> None:
    """Write the cache file atomically (never a half-written file read back)."""
    path = _path(svc, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump([[p.number, p.width_mm, p.height_mm] for p in pages], out)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def document_pages(db: DbSession, svc: Services, *, actor: Actor, doc: Document,
                   original: DocumentRevision | None = None) -> tuple[PageView, ...]:
    """Each page of ``doc`` with its displayed width and height in mm (from the cache, else measured once).
    ``original``: its first revision (the lowest number) when the caller has it already."""
    if original is None or original.document_id != doc.id:
        original = db.scalars(select(DocumentRevision).where(DocumentRevision.document_id == doc.id)
                              .order_by(DocumentRevision.number).limit(1)).one()
    path = _path(svc, original.sha256)
    with contextlib.suppress(FileNotFoundError, ValueError, TypeError):
        rows = json.loads(path.read_text(encoding="utf-8"))
        return tuple(PageView(number=int(n), width_mm=float(w), height_mm=float(h)) for n, w, h in rows)
    with open_blob(db, svc, actor=actor, sha256=original.blob_sha256) as reader:
        pages = measure(reader.readall())
    remember(svc, original.sha256, pages)
    return pages
