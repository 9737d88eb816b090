"""下载文档 (multi-select): one document is its PDF as it is now; several are a zip streamed as it is written.

``download_plan`` checks access (the acting account's live documents, all or ``not_found``) and names the files;
``stream_zip`` writes the zip entry by entry into a small buffer that is drained after every write, so at most
one chunk of one PDF is in memory whatever the sizes (zipfile writes to an unseekable stream with data
descriptors). Names are deduplicated (合同.pdf, 合同(2).pdf, …); non-ASCII names get the UTF-8 flag (bit 11),
which zipfile sets by itself for names that are not ASCII.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import select

from eseal.engine.beijing import in_beijing
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, NotFound, Services
from eseal.platform.documents.deletion import own_documents, selection
from eseal.platform.documents.listing import file_name
from eseal.platform.documents.models import DocumentRevision
from eseal.platform.storage import blob_store

WRITE_CHUNK = 256 * 1024


@dataclass(frozen=True)
class ArchiveEntry:
    document_id: int
    name: str  # the file name inside the zip (unique within it)
    sha256: str  # the blob of the current revision
    size: int
    date_time: tuple[int, int, int, int, int, int]  # zip timestamps are local: Beijing time of the revision


@dataclass(frozen=True)
class DownloadPlan:
    entries: tuple[ArchiveEntry, ...]
    file_name: str  # the PDF's name for one document, 文档_<count>份.zip for several

    @property
    def single(self) -> bool:
        return len(self.entries) == 1

    @property
    def media_type(self) -> str:
        return "application/pdf" if self.single else "application/zip"


def unique_names(names: list[str]) -> list[str]:
    """``a.pdf, a.pdf, A.PDF`` → ``a.pdf, a(2).pdf, A(3).PDF`` (case-insensitive, as on Windows)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem}({n}).{ext}" if dot else f"{stem}({n})"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def download_plan(db: DbSession, svc: Services, *, actor: Actor, ids: list[int | str]) -> DownloadPlan:
    """What to send for the chosen documents (``not_found`` if any is not the acting account's live one)."""
    docs = own_documents(db, actor, selection(ids))
    revisions = {r.id: r for r in db.scalars(select(DocumentRevision).where(
        DocumentRevision.id.in_([d.current_revision_id for d in docs if d.current_revision_id is not None])))}
    names = unique_names([file_name(d) for d in docs])
    entries = []
    for doc, name in zip(docs, names, strict=True):
        rev = revisions.get(doc.current_revision_id or 0)
        if rev is None or rev.document_id != doc.id:
            raise NotFound("文档不存在", "ids")  # not finished uploading: nothing to send
        local = in_beijing(rev.created_at)
        stamp = (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
        entries.append(ArchiveEntry(doc.id, name, rev.blob_sha256, rev.size, stamp))
    zip_name = entries[0].name if len(entries) == 1 else f"文档_{len(entries)}份.zip"
    return DownloadPlan(tuple(entries), zip_name)


class _Drain:
    """A write-only, unseekable sink: zipfile writes into it, the generator takes what was written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        if data:
            self._parts.append(bytes(data))
            self._offset += len(data)
        return len(data)

    def tell(self) -> int:  # zipfile asks for the offset of each local header
        return self._offset

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def stream_pdf(svc: Services, plan: DownloadPlan) -> Iterator[bytes]:
    """The one document's bytes (hash-checked by the store when the last byte is read)."""
    yield from blob_store(svc).open(plan.entries[0].sha256).chunks()


def stream_zip(svc: Services, plan: DownloadPlan) -> Iterator[bytes]:
    """The zip of the plan's documents, produced while it is sent. PDFs are compressed already: deflate at
    level 1 costs little and keeps every reader happy (stored entries with data descriptors confuse some)."""
    sink = _Drain()
    store = blob_store(svc)
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for entry in plan.entries:
            info = zipfile.ZipInfo(entry.name, date_time=entry.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = 1  # type: ignore[attr-defined]  # public as compress_level from Python 3.13
            info.file_size = entry.size  # lets zipfile choose zip64 up front for huge files
            with zf.open(info, "w") as out:
                for chunk in store.open(entry.sha256).chunks(WRITE_CHUNK):
                    out.write(chunk)
                    piece = sink.take()
                    if piece:
                        yield piece
            piece = sink.take()
            if piece:
                yield piece
    tail = sink.take()
    if tail:
        yield tail


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
