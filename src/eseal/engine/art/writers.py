"""Scene writers: one-page PDF (vector, no fonts), SVG (mm units) and PNG (rasterised from the PDF).

The PNG is the PDF rendered by PDFium, so the raster and the vector seal are the same drawing; PDFium
paints non-zero-winding fills with anti-aliasing, which the glyph outlines need. The alpha channel is
the coverage and the colour is one flat seal red, as on a real impression.
"""

from __future__ import annotations

import io
import re
import zlib

from eseal.engine.pdfium import PDFIUM

from .errors import SealArtError
from .scene import Scene, Shape

PT_PER_MM = 72 / 25.4


def parse_color(color: str) -> tuple[int, int, int]:
    """'#RRGGBB' (or '#RGB') -> (r, g, b)."""
    m = re.fullmatch(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})", color.strip()) if isinstance(color, str) else None
    if not m:
        raise SealArtError(f"invalid colour {color!r}: expected #RRGGBB")
    hexs = m.group(1)
    if len(hexs) == 3:
        hexs = "".join(c * 2 for c in hexs)
    return int(hexs[0:2], 16), int(hexs[2:4], 16), int(hexs[4:6], 16)


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _path_ops(shape: Shape, ox: float, oy: float, svg: bool) -> str:
    parts: list[str] = []
    for cmd in shape.commands:
        op = cmd[0]
        if op == "Z":
            parts.append("Z" if svg else "h")
            continue
        coords = [cmd[i] + (ox if i % 2 == 1 else oy) for i in range(1, len(cmd))]
        nums = " ".join(_num(v) for v in coords)
        if svg:
            parts.append(f"{op}{nums}")
        else:
            parts.append(f"{nums} {'m' if op == 'M' else 'l' if op == 'L' else 'c'}")
    return ("" if svg else "\n").join(parts)


def to_pdf(scene: Scene, rgb: tuple[int, int, int], shapes: list[Shape] | None = None) -> bytes:
    """A one-page PDF, MediaBox exactly the seal's size; content written in mm via one ``cm``."""
    wpt, hpt = scene.width * PT_PER_MM, scene.height * PT_PER_MM
    col = " ".join(_num(c / 255) for c in rgb)
    ops = [f"q {PT_PER_MM:.6f} 0 0 {-PT_PER_MM:.6f} 0 {hpt:.4f} cm", f"{col} rg {col} RG 1 j 1 J"]
    ox, oy = scene.width / 2, scene.height / 2
    for shape in shapes if shapes is not None else scene.all_shapes():
        ops.append(_path_ops(shape, ox, oy, svg=False))
        ops.append(f"{_num(shape.stroke)} w B" if shape.stroke > 0 else "f")
    ops.append("Q")
    content = zlib.compress("\n".join(ops).encode("ascii"), 6)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {wpt:.4f} {hpt:.4f}] "
         f"/Resources << >> /Contents 4 0 R >>").encode("ascii"),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        (f"<< /Producer (eseal.engine.art) /Title (seal {scene.kind} {_num(scene.width)}x"
         f"{_num(scene.height)} mm) >>").encode("ascii"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def to_svg(scene: Scene, rgb: tuple[int, int, int], shapes: list[Shape] | None = None) -> str:
    """SVG whose width/height are in mm and whose user unit is 1 mm."""
    col = "#{:02X}{:02X}{:02X}".format(*rgb)
    w, h = _num(scene.width), _num(scene.height)
    ox, oy = scene.width / 2, scene.height / 2
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}">',
        f"<title>{scene.kind}</title>",
        f'<g fill="{col}" fill-rule="nonzero" stroke-linejoin="round" stroke-linecap="round">',
    ]
    for shape in shapes if shapes is not None else scene.all_shapes():
        d = _path_ops(shape, ox, oy, svg=True)
        stroke = f' stroke="{col}" stroke-width="{_num(shape.stroke)}"' if shape.stroke > 0 else ""
        lines.append(f'<path d="{d}"{stroke}/>')
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)


def pixel_size(mm: float, dpi: int) -> int:
    return max(1, round(mm / 25.4 * dpi))


def to_png(pdf: bytes, width_mm: float, height_mm: float, dpi: int, rgb: tuple[int, int, int]) -> bytes:
    """Rasterise the one-page PDF at ``dpi`` to a transparent RGBA PNG (dpi in the pHYs chunk)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    wpx, hpx = pixel_size(width_mm, dpi), pixel_size(height_mm, dpi)
    with PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            page = doc[0]
            bitmap = pdfium.PdfBitmap.new_native(wpx, hpx, pdfium_c.FPDFBitmap_BGRA)
            bitmap.fill_rect((0, 0, 0, 0), 0, 0, wpx, hpx)
            pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, wpx, hpx, 0, 0)
            rendered = bitmap.to_pil()
            alpha = rendered.getchannel("A").copy()
            page.close()
            bitmap.close()
        finally:
            doc.close()
    img = Image.new("RGBA", (wpx, hpx), (*rgb, 0))
    img.putalpha(alpha)
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(dpi, dpi), compress_level=6)
    return buf.getvalue()
