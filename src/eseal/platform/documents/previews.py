"""浏览文档 / 发起签署 page previews: PNGs rendered by the server (pypdfium2 with forms, so seals show), lazily per
page, cached per (revision bytes, page, width) in ``<data dir>/previews/`` (a revision never changes: its blob is
named by its SHA-256, so the cache needs no invalidation; a deleted document's files go with the purge job or
are simply left to be rebuilt)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from eseal.engine.pdf import PdfInputError, PlacementError, render_page
from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, NotFound, PlatformError, Services
from eseal.platform.documents.access import own_document, revision_of
from eseal.platform.documents.engine_gate import first_alone
from eseal.platform.documents.upload import read_revision

WIDTHS = (320, 480, 640, 750, 828, 1080, 1242, 1500)  # phones' CSS widths × DPR; others round up to one of these
DEFAULT_WIDTH = 750


def cache_dir(svc: Services) -> Path:
    return Path(svc.settings.data_dir) / "previews"


def snap_width(width: int | None) -> int:
    if width is None:
        return DEFAULT_WIDTH
    return next((w for w in WIDTHS if w >= width), WIDTHS[-1])


def _cache_path(svc: Services, sha256: str, page: int, width: int) -> Path:
    return cache_dir(svc) / sha256[:2] / sha256 / f"{page}-{width}.png"


def _write_atomic(path: Path, data: bytes) -> None:
    """Never a half-written file served: write a temporary file beside it, then rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".png")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def page_png(db: DbSession, svc: Services, *, actor: Actor, document_id: int | str, page: int,
             width: int | None = None, revision: int | None = None) -> bytes:
    """PNG of 1-based ``page`` of the document's current revision (or ``revision``), ``width`` px wide
    (rounded up to one of :data:`WIDTHS`)."""
    doc = own_document(db, actor, document_id)
    rev = revision_of(db, doc, revision)
    if not 1 <= page <= doc.page_count:
        raise NotFound("页面不存在", "page")
    px = snap_width(width)
    path = _cache_path(svc, rev.sha256, page, px)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = read_revision(db, svc, actor=actor, doc=doc, rev=rev)
    try:
        png = first_alone("render_page", lambda: render_page(data, page, width=px, fmt="png")).data
    except PlacementError as exc:
        raise NotFound("页面不存在", "page") from exc
    except PdfInputError as exc:
        raise PlatformError("document.damaged", "文件已损坏或无法读取", "page") from exc
    _write_atomic(path, png)
    return png
