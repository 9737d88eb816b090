"""Page previews (JPEG/PNG) for the H5 signing page, rendered with pypdfium2.

``pdf.init_forms()`` must run *before* any page is loaded: PDFium draws widget annotations (our
seals are signature widgets) only through its form environment, otherwise seals silently vanish
from previews.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from eseal.engine.pdf.errors import PdfInputError, PlacementError
from eseal.engine.pdfium import PDFIUM

MAX_WIDTH_PX = 4000
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PagePreview:
    data: bytes
    mime: str
    width: int
    height: int


@dataclass(frozen=True)
class PageSize:
    """The displayed size of one page (CropBox clipped to the MediaBox, /Rotate applied), as previews show it."""

    number: int  # 1-based
    width_mm: float
    height_mm: float


def page_sizes(pdf: bytes) -> tuple[PageSize, ...]:
    """Every page's displayed size in millimetres (rounded to 0.01 mm), the frame the previews are rendered in and
    stamp positions are measured from (the engine's ``PageFrame``)."""
    with PDFIUM:
        doc = _open(pdf)
        try:
            out = []
            for i in range(len(doc)):
                w, h = doc.get_page_size(i)  # points, CropBox-based, already swapped for /Rotate
                out.append(PageSize(i + 1, round(w * MM_PER_PT, 2), round(h * MM_PER_PT, 2)))
            return tuple(out)
        finally:
            doc.close()


def page_count(pdf: bytes) -> int:
    with PDFIUM:
        doc = _open(pdf)
        try:
            return len(doc)
        finally:
            doc.close()


def render_page(pdf: bytes, page: int = 1, *, width: int = 800, fmt: str = "jpeg", quality: int = 82) -> PagePreview:
    """Render 1-based ``page`` so that the image is ``width`` pixels wide (as displayed, rotation applied)."""
    return render_pages(pdf, [page], width=width, fmt=fmt, quality=quality)[0]


def render_pages(
    pdf: bytes, pages: list[int], *, width: int = 800, fmt: str = "jpeg", quality: int = 82
) -> list[PagePreview]:
    fmt = fmt.lower()
    if fmt not in ("jpeg", "jpg", "png"):
        raise ValueError(f"unsupported preview format {fmt!r} (jpeg or png)")
    if not 16 <= width <= MAX_WIDTH_PX:
        raise ValueError(f"preview width must be 16..{MAX_WIDTH_PX} px")
    with PDFIUM:
        doc = _open(pdf)
        try:
            doc.init_forms()  # before loading pages, or the seals are not drawn
            n = len(doc)
            out = []
            for p in pages:
                if not 1 <= p <= n:
                    raise PlacementError(f"page {p} is out of range (the document has {n} pages)")
                page = doc[p - 1]
                try:
                    pw, _ph = page.get_size()  # already swapped for /Rotate
                    bitmap = page.render(scale=width / pw, may_draw_forms=True)
                    img = bitmap.to_pil()
                finally:
                    page.close()
                buf = io.BytesIO()
                if fmt == "png":
                    img.save(buf, "PNG", compress_level=1)
                    mime = "image/png"
                else:
                    img.convert("RGB").save(buf, "JPEG", quality=quality)
                    mime = "image/jpeg"
                out.append(PagePreview(buf.getvalue(), mime, img.width, img.height))
            return out
        finally:
            doc.close()


def _open(pdf: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PdfInputError(f"cannot open PDF for preview: {exc}") from exc
