"""Outputs at true physical size: PNG pixels and pHYs, SVG in mm, one-page vector PDF."""

from __future__ import annotations

import io
import re
import subprocess
from xml.etree import ElementTree

import pikepdf
import pytest
from art_helpers import png_image
from PIL import Image

from eseal.engine.art import SEAL_KINDS, RenderedSeal, render_seal

MM = 72 / 25.4
NAME = "北京星河数智科技有限公司"


@pytest.fixture(scope="module")
def legal_name() -> RenderedSeal:
    return render_seal("legal-name", NAME, anti_counterfeit="1101080123456")


def test_png_of_42mm_seal_is_496px_at_300dpi(legal_name: RenderedSeal, out_dir) -> None:
    (out_dir / "legal_name_42mm.png").write_bytes(legal_name.png)
    img = png_image(legal_name.png)
    assert img.mode == "RGBA"
    assert abs(img.width - 496) <= 2 and abs(img.height - 496) <= 2
    dpi = img.info["dpi"]
    assert dpi[0] == pytest.approx(300, abs=0.01) and dpi[1] == pytest.approx(300, abs=0.01)
    assert (legal_name.width_mm, legal_name.height_mm, legal_name.dpi) == (42, 42, 300)


def test_png_is_transparent_outside_the_ink_and_seal_red_inside(legal_name: RenderedSeal) -> None:
    img = png_image(legal_name.png)
    alpha = img.getchannel("A")
    for corner in ((0, 0), (img.width - 1, 0), (0, img.height - 1), (img.width - 1, img.height - 1)):
        assert alpha.getpixel(corner) == 0
    assert alpha.getpixel((img.width // 2, img.height // 2)) == 255  # the star's centre
    assert img.getpixel((img.width // 2, img.height // 2))[:3] == (0xE6, 0x00, 0x12)
    # the border ring: solid at the top edge (1.2 mm wide ≈ 14 px at 300 dpi)
    assert alpha.getpixel((img.width // 2, 7)) == 255
    hist = alpha.histogram()
    assert hist[0] > 0.5 * img.width * img.height  # mostly transparent
    assert sum(hist[1:255]) > 0  # anti-aliased edges


def test_dpi_scales_the_pixels(legal_name: RenderedSeal) -> None:
    hi = render_seal("legal-name", NAME, dpi=600)
    assert png_image(hi.png).size == (992, 992)
    invoice = render_seal("invoice", NAME, code="91350100M000100Y43", dpi=300)
    assert png_image(invoice.png).size == (472, 354)  # 40 × 30 mm


def test_svg_is_in_millimetres(legal_name: RenderedSeal) -> None:
    svg = legal_name.svg
    assert re.search(r'<svg[^>]* width="42mm" height="42mm" viewBox="0 0 42 42"', svg)
    assert "<text" not in svg and "font" not in svg  # glyph outlines, no font dependency
    assert 'fill="#E60012"' in svg


def test_pdf_is_one_vector_page_exactly_the_seal_size(legal_name: RenderedSeal) -> None:
    with pikepdf.open(io.BytesIO(legal_name.pdf)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        box = [float(v) for v in page.MediaBox]
        assert box[0] == 0 and box[1] == 0
        assert box[2] == pytest.approx(42 * MM, abs=1e-3) and box[3] == pytest.approx(42 * MM, abs=1e-3)
        assert "/Font" not in page.Resources
        assert not list(page.get_images())
        content = page.Contents.read_bytes()
        assert b" c\n" in content or b" c " in content  # Bézier paths


def test_pdf_page_becomes_a_form_xobject_placed_at_physical_size(legal_name: RenderedSeal, tmp_path) -> None:
    """What the PDF engine does: import the page as a form XObject and draw it on an A4 page."""
    target = pikepdf.new()
    target.add_blank_page(page_size=(595.28, 841.89))
    with pikepdf.open(io.BytesIO(legal_name.pdf)) as seal_pdf:
        form = target.copy_foreign(seal_pdf.pages[0].as_form_xobject())
    bbox = [float(v) for v in form.BBox]
    assert bbox[2] - bbox[0] == pytest.approx(42 * MM, abs=1e-3)
    page = target.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Seal=form))
    page.Contents = target.make_stream(b"q 1 0 0 1 100 600 cm /Seal Do Q")
    path = tmp_path / "placed.pdf"
    target.save(path)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "placed")], check=True)
    img = Image.open(tmp_path / "placed.png").convert("RGB")
    # the star's centre: 100 + 21 mm, 600 + 21 mm from the bottom-left corner (72 dpi: 1 px = 1 pt)
    x, y = round(100 + 21 * MM), round(841.89 - (600 + 21 * MM))
    r, g, b = img.getpixel((x, y))
    assert r > 200 and g < 60 and b < 60
    assert img.getpixel((50, 50)) == (255, 255, 255)


def test_svg_is_well_formed_xml(legal_name: RenderedSeal) -> None:
    root = ElementTree.fromstring(legal_name.svg.encode("utf-8"))
    assert root.tag.endswith("svg")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 10


def test_pdf_renders_like_the_png(legal_name: RenderedSeal, tmp_path) -> None:
    """The vector and the raster are the same drawing: Poppler's rendering of the PDF (an independent
    renderer) covers the same pixels as the PNG's alpha (intersection over union)."""
    pdf_path = tmp_path / "seal.pdf"
    pdf_path.write_bytes(legal_name.pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", str(pdf_path),
                    str(tmp_path / "poppler")], check=True)
    gray = Image.open(tmp_path / "poppler.png").convert("L")
    assert abs(gray.width - 496) <= 1
    alpha = png_image(legal_name.png).getchannel("A")
    w, h = min(gray.width, 496), min(gray.height, 496)
    ink_pdf = [gray.getpixel((x, y)) < 200 for y in range(0, h, 2) for x in range(0, w, 2)]
    ink_png = [alpha.getpixel((x, y)) > 80 for y in range(0, h, 2) for x in range(0, w, 2)]
    both = sum(a and b for a, b in zip(ink_pdf, ink_png, strict=True))
    either = sum(a or b for a, b in zip(ink_pdf, ink_png, strict=True))
    assert both / either > 0.95


def test_colour_is_configurable() -> None:
    seal = render_seal("personal", "张三", color="#1A1A1A")
    img = png_image(seal.png)
    assert img.getpixel((2, img.height // 2)) == (0x1A, 0x1A, 0x1A, 255)  # the frame
    assert 'fill="#1A1A1A"' in seal.svg


@pytest.mark.parametrize("kind", [k for k in SEAL_KINDS if k != "handdrawn"])
def test_every_kind_renders_all_three_forms(kind: str, out_dir) -> None:
    kw = {"code": "91350100M000100Y43"} if kind == "invoice" else {}
    name = "张三" if kind in ("personal", "legal-rep") else NAME
    seal = render_seal(kind, name, **kw)
    assert seal.kind == kind
    img = png_image(seal.png)
    assert img.size == (round(seal.width_mm / 25.4 * 300), round(seal.height_mm / 25.4 * 300))
    assert seal.pdf.startswith(b"%PDF-") and seal.svg.startswith("<?xml")
    (out_dir / f"kind_{kind}.png").write_bytes(seal.png)


def test_regulation_sizes() -> None:
    sizes = {
        "legal-name": (42, 42), "contract": (40, 40), "finance": (40, 40), "invoice": (40, 30),
        "legal-rep": (20, 20), "personal": (18, 18),
    }
    for kind, size in sizes.items():
        kw = {"code": "91350100M000100Y43"} if kind == "invoice" else {}
        seal = render_seal(kind, "张三" if kind in ("personal", "legal-rep") else NAME, **kw)
        assert (seal.width_mm, seal.height_mm) == size
    assert render_seal("legal-name", NAME, shape="round-40").width_mm == 40
    assert render_seal("finance", NAME, shape="square").width_mm == 22
