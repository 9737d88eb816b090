"""Page previews: JPEG/PNG at a chosen width, seals drawn (forms initialised), clear errors."""

from __future__ import annotations

import io

import pytest
from _sign_fixtures import SEAL_MM, gm_material, make_pdf
from PIL import Image

from eseal.engine.pdf.errors import PdfInputError, PlacementError
from eseal.engine.pdf.io.preview import page_count, render_page
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.stamp.placement import StampRequest


def _stamped() -> bytes:
    m = gm_material()
    return sign_gm(
        make_pdf(2, rotate=0), seal_der=m.seal_der, signer=m.signer, signer_cert_der=m.signer_cert_der,
        request=StampRequest.from_mm(page=1, x_mm=100, y_mm=150), claimed_time_only=True,
    )


def _red_count(img: Image.Image, box) -> int:
    data = img.convert("RGB").crop(box).tobytes()
    return sum(1 for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True) if r > 150 and g < 90 and b < 90)


@pytest.mark.parametrize(("fmt", "mime"), [("jpeg", "image/jpeg"), ("png", "image/png")])
def test_preview_shows_red_seal_at_stamp_position(fmt, mime):
    p = render_page(_stamped(), 1, width=800, fmt=fmt)
    assert p.mime == mime and p.width == 800 and abs(p.height - 800 * 841.89 / 595.28) <= 1
    img = Image.open(io.BytesIO(p.data))
    assert img.format == ("JPEG" if fmt == "jpeg" else "PNG")
    px = 800 / 595.28 * 72 / 25.4  # pixels per mm
    box = (round(100 * px), round(150 * px), round((100 + SEAL_MM) * px), round((150 + SEAL_MM) * px))
    inside = _red_count(img, box)
    assert inside > 1000
    assert _red_count(img, (0, 0, img.width, img.height)) - inside < 50  # JPEG fringes at most


def test_seals_need_forms_initialised():
    """The reason preview.py calls init_forms(): without it PDFium drops the signature widgets."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(_stamped())
    page = doc[0]
    bare = page.render(scale=1).to_pil()
    page.close()
    doc.close()
    assert _red_count(bare, (0, 0, bare.width, bare.height)) == 0
    shown = Image.open(io.BytesIO(render_page(_stamped(), 1, width=bare.width, fmt="png").data))
    assert _red_count(shown, (0, 0, shown.width, shown.height)) > 500


def test_preview_errors():
    pdf = make_pdf(2)
    assert page_count(pdf) == 2
    with pytest.raises(PlacementError):
        render_page(pdf, 3)
    with pytest.raises(ValueError, match="width"):
        render_page(pdf, 1, width=5)
    with pytest.raises(ValueError, match="format"):
        render_page(pdf, 1, fmt="tiff")
    with pytest.raises(PdfInputError):
        render_page(b"not a pdf", 1)
