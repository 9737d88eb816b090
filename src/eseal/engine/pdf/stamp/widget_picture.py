"""What a signature *looks like* in the document, for the report's seal picture when the signature has
no SES seal picture (PAdES, foreign PKCS#7, an SES picture in a non-raster format).

The picture is the widget's normal appearance (``/AP /N`` form XObject) as it stood in the revision
the signature covers (the bytes up to the end of its ByteRange), so a later revision that swaps the
appearance does not change what the report shows as signed. The XObject is copied alone onto a page
of its own (qpdf, via pikepdf) and rendered by PDFium with a transparent background: the seal face
without the page text underneath it.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from eseal.engine.pdfium import PDFIUM

log = logging.getLogger(__name__)

MAX_SIDE_PX = 600
DPI = 300


def _matrix_bbox(bbox: list[float], matrix: list[float]) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x in (bbox[0], bbox[2]):
        for y in (bbox[1], bbox[3]):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _widgets(obj: Any) -> list[Any]:
    import pikepdf

    out = [obj]
    kids = obj.get("/Kids")
    if isinstance(kids, pikepdf.Array):
        out.extend(kids)
    return out


def widget_appearance_png(data: bytes, field_ref: tuple[int, int], covered_end: int | None = None) -> bytes | None:
    """PNG (RGBA) of the first widget of signature field ``field_ref`` (object number, generation) that has a
    visible normal appearance, in the revision ending at ``covered_end``; None when there is none
    (invisible signature, empty rectangle, unreadable appearance)."""
    import pikepdf
    import pypdfium2 as pdfium

    view = memoryview(data)[:covered_end] if covered_end else memoryview(data)
    try:
        with pikepdf.open(io.BytesIO(view)) as src:
            field = src.get_object(field_ref)
            for w in _widgets(field):
                ap = w.get("/AP")
                normal = ap.get("/N") if isinstance(ap, pikepdf.Dictionary) else None
                if isinstance(normal, pikepdf.Dictionary) and "/BBox" not in normal:  # appearance states
                    state = w.get("/AS")
                    normal = normal.get(state) if state is not None else None
                if not isinstance(normal, pikepdf.Stream) or "/BBox" not in normal:
                    continue
                rect = [float(v) for v in w.get("/Rect", [0, 0, 0, 0])]
                if abs(rect[2] - rect[0]) < 1 or abs(rect[3] - rect[1]) < 1:
                    continue  # invisible signature
                bbox = [float(v) for v in normal.BBox]
                matrix = [float(v) for v in normal.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                x0, y0, x1, y1 = _matrix_bbox(bbox, matrix)
                if x1 - x0 < 1 or y1 - y0 < 1:
                    continue
                out = pikepdf.new()
                xobj = out.copy_foreign(normal)
                page = out.add_blank_page(page_size=(x1 - x0, y1 - y0))
                page.obj.MediaBox = pikepdf.Array([x0, y0, x1, y1])
                page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(AP=xobj))
                page.obj.Contents = out.make_stream(b"q /AP Do Q")
                buf = io.BytesIO()
                out.save(buf)
                break
            else:
                return None
    except Exception as exc:  # a broken file is reported by verification, not here
        log.debug("no widget appearance for %s: %s", field_ref, exc)
        return None
    try:
        with PDFIUM:  # PDFium is not thread-safe (engine/pdfium.py)
            doc = pdfium.PdfDocument(buf.getvalue())
            try:
                pg = doc[0]
                w_pt, h_pt = pg.get_size()
                scale = min(DPI / 72, MAX_SIDE_PX / max(w_pt, h_pt))
                img = pg.render(scale=scale, fill_color=(255, 255, 255, 0)).to_pil().copy()
                pg.close()
            finally:
                doc.close()
        if img.mode == "RGBA" and img.getextrema()[3][1] == 0:
            return None  # fully transparent: nothing drawn
        png = io.BytesIO()
        img.save(png, "PNG")
        return png.getvalue()
    except Exception as exc:
        log.debug("PDFium could not render the appearance of %s: %s", field_ref, exc)
        return None
