"""Stamping modes end to end (GM profile, claimed time for speed): structure, revisions, what users see."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from _sign_fixtures import SEAL_MM, gm_material, make_pdf
from PIL import Image

from eseal.engine.pdf.io.preview import render_page, render_pages
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.stamp.placement import StampRequest

OUT = Path(__file__).resolve().parents[3] / "test-output" / "pdf-stamp"
WIDTH = 600  # preview width in px for an A4 page (595.28 pt)


def _sign(pdf: bytes, request: StampRequest) -> bytes:
    m = gm_material()
    return sign_gm(
        pdf, seal_der=m.seal_der, signer=m.signer, signer_cert_der=m.signer_cert_der,
        request=request, claimed_time_only=True,
    )


def _red(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(1 for r, g, b in _pixels(img.convert("RGB").crop(box)) if r > 150 and g < 90 and b < 90)


def _pixels(img: Image.Image):
    data = img.convert("RGB").tobytes()
    return zip(data[0::3], data[1::3], data[2::3], strict=True)


def _px(mm: float, page_width_pt: float = 595.28) -> int:
    return round(mm * 72 / 25.4 * WIDTH / page_width_pt)


def _fields(out: bytes):
    pdf = pikepdf.open(io.BytesIO(out))
    return pdf, [f for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Sig"]


def test_single_stamp_one_field_one_widget_true_size_and_red_at_position():
    out = _sign(make_pdf(2), StampRequest.from_mm(page=2, x_mm=30, y_mm=50))
    pdf, fields = _fields(out)
    assert len(fields) == 1 and len(fields[0].Kids) == 1
    widget = fields[0].Kids[0]
    x0, y0, x1, y1 = (float(v) for v in widget.Rect)
    assert (y1 - y0) / 72 * 25.4 == pytest.approx(SEAL_MM, abs=0.01)
    assert (x1 - x0) / 72 * 25.4 == pytest.approx(SEAL_MM, abs=0.01)  # printed 42 mm wide
    assert widget.P.objgen == pdf.pages[1].obj.objgen
    assert "/Annots" not in pdf.pages[0].obj
    img = Image.open(io.BytesIO(render_page(out, 2, width=WIDTH, fmt="png").data))
    inside = _red(img, (_px(30), _px(50), _px(30 + SEAL_MM), _px(50 + SEAL_MM)))
    assert inside > 500
    assert _red(img, (0, 0, img.width, img.height)) == inside  # nothing red elsewhere
    assert _red(Image.open(io.BytesIO(render_page(out, 1, width=WIDTH, fmt="png").data)), (0, 0, WIDTH, 800)) == 0


def test_one_operation_is_one_incremental_revision():
    src = make_pdf(4)
    out = _sign(src, StampRequest(mode="multi"))
    assert out.startswith(src)  # the original bytes are untouched
    assert out.count(b"%%EOF") == src.count(b"%%EOF") + 1


def test_multi_stamp_same_seal_on_chosen_pages_sharing_one_form():
    out = _sign(make_pdf(5), StampRequest.from_mm(mode="multi", pages=(1, 3, 5), x_mm=100, y_mm=200))
    pdf, fields = _fields(out)
    kids = list(fields[0].Kids)
    assert [pdf.pages.index(pikepdf.Page(k.P)) + 1 for k in kids] == [1, 3, 5]
    assert len({k.AP.N.objgen for k in kids}) == 1
    assert fields[0].V["/ESeal.Pages"] == [1, 3, 5]
    imgs = [Image.open(io.BytesIO(p.data)) for p in render_pages(out, [1, 2, 3], width=WIDTH, fmt="png")]
    box = (_px(100), _px(200), _px(100 + SEAL_MM), _px(200 + SEAL_MM))
    assert _red(imgs[0], box) > 500 and _red(imgs[2], box) > 500 and _red(imgs[1], box) == 0


def test_seam_slices_line_up_into_one_seal_across_pages():
    out = _sign(make_pdf(3), StampRequest.from_mm(mode="seam", y_mm=100))
    _pdf, fields = _fields(out)
    kids = list(fields[0].Kids)
    assert len(kids) == 3
    assert fields[0].V["/ESeal.Mode"] == "/seam"
    # all slices draw the same image XObject, shifted
    assert len({k.AP.N.Resources.XObject.Seal.objgen for k in kids}) == 1
    imgs = [Image.open(io.BytesIO(p.data)).convert("RGB") for p in render_pages(out, [1, 2, 3], width=WIDTH, fmt="png")]
    slice_px = _px(SEAL_MM) / 3
    top, bottom = _px(100), _px(100 + SEAL_MM)
    strips = [im.crop((round(WIDTH - slice_px), top, WIDTH, bottom)) for im in imgs]
    for s in strips:
        assert _red(s, (0, 0, s.width, s.height)) > 100
    # put the edge strips side by side: the result must look like the seal rendered whole
    joined = Image.new("RGB", (sum(s.width for s in strips), strips[0].height), "white")
    x = 0
    for s in strips:
        joined.paste(s, (x, 0))
        x += s.width
    whole = _sign(make_pdf(1), StampRequest.from_mm(x_mm=50, y_mm=100))
    ref = Image.open(io.BytesIO(render_page(whole, 1, width=WIDTH, fmt="png").data)).convert("RGB")
    ref = ref.crop((_px(50), top, _px(50) + joined.width, bottom))
    OUT.mkdir(parents=True, exist_ok=True)
    joined.save(OUT / "seam_joined.png")
    ref.save(OUT / "seam_reference.png")
    a = [(r > 150 and g < 90) for r, g, b in _pixels(joined)]
    b = [(r > 150 and g < 90) for r, g, b in _pixels(ref)]
    agree = sum(1 for p, q in zip(a, b, strict=True) if p == q) / len(a)
    assert agree > 0.97, agree


def test_seam_more_pages_than_maximum_gets_several_seals():
    out = _sign(make_pdf(7), StampRequest(mode="seam", seam_max_pages=3))
    _pdf, fields = _fields(out)
    kids = list(fields[0].Kids)
    assert len(kids) == 7
    widths = [round(float(k.AP.N.BBox[2]), 2) for k in kids]
    full = SEAL_MM * 72 / 25.4
    # 7 pages, max 3 -> groups 3 + 2 + 2
    assert widths == pytest.approx([full / 3] * 3 + [full / 2] * 4, abs=0.01)


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_page_seal_upright_at_display_position(rotate):
    out = _sign(make_pdf(1, rotate=rotate), StampRequest.from_mm(x_mm=20, y_mm=30))
    p = render_page(out, 1, width=WIDTH, fmt="png")
    img = Image.open(io.BytesIO(p.data))
    disp_w_pt = 841.89 if rotate in (90, 270) else 595.28
    scale = WIDTH / disp_w_pt
    box = tuple(round(v * 72 / 25.4 * scale) for v in (20, 30, 20 + SEAL_MM, 30 + SEAL_MM))
    inside = _red(img, box)
    assert inside > 300
    assert _red(img, (0, 0, img.width, img.height)) == inside
    # upright: the seal's bar is in its lower part (below the centre) as displayed
    upper = _red(img, (box[0], box[1], box[2], (box[1] + box[3]) // 2))
    lower = _red(img, (box[0], (box[1] + box[3]) // 2, box[2], box[3]))
    assert lower > upper


def test_cropbox_offset_page_seal_at_display_position():
    out = _sign(make_pdf(1, cropbox=(100, 100, 495.28, 741.89)), StampRequest.from_mm(x_mm=10, y_mm=10))
    img = Image.open(io.BytesIO(render_page(out, 1, width=WIDTH, fmt="png").data))
    scale = WIDTH / 395.28
    box = tuple(round(v * 72 / 25.4 * scale) for v in (10, 10, 10 + SEAL_MM, 10 + SEAL_MM))
    inside = _red(img, box)
    assert inside > 300 and _red(img, (0, 0, img.width, img.height)) == inside


def test_gallery_for_humans():
    """Writes single / multi / seam montages to test-output/pdf-stamp for a visual check."""
    OUT.mkdir(parents=True, exist_ok=True)
    src = make_pdf(3)
    for name, req in {
        "single": StampRequest(),
        "multi": StampRequest.from_mm(mode="multi", x_mm=140, y_mm=20),
        "seam": StampRequest(mode="seam"),
    }.items():
        out = _sign(src, req)
        imgs = [Image.open(io.BytesIO(p.data)) for p in render_pages(out, [1, 2, 3], width=400, fmt="png")]
        gap = 0 if name == "seam" else 12
        m = Image.new("RGB", (sum(i.width for i in imgs) + gap * 2, imgs[0].height), "#888")
        x = 0
        for i in imgs:
            m.paste(i, (x, 0))
            x += i.width + gap
        m.save(OUT / f"{name}_3pages.png")
        assert (OUT / f"{name}_3pages.png").stat().st_size > 1000


def test_page_listing_fast_path_matches_pyhanko_including_inherited_attributes():
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from eseal.engine.pdf.stamp.placement import _list_pages_pyhanko, list_pages

    pdf = pikepdf.open(io.BytesIO(make_pdf(3)))
    pdf.Root.Pages.Rotate = 90  # inherited by every page
    pdf.Root.Pages.CropBox = pikepdf.Array([10, 20, 500, 800])
    pdf.pages[2].obj.Rotate = 180  # page's own value wins
    buf = io.BytesIO()
    pdf.save(buf)
    data = buf.getvalue()
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    fast, slow = list_pages(w, data), _list_pages_pyhanko(w)
    assert [p.frame for p in fast] == [p.frame for p in slow]
    assert [(p.ref.idnum, p.ref.generation) for p in fast] == [(p.ref.idnum, p.ref.generation) for p in slow]
    assert [p.frame.rotate for p in fast] == [90, 90, 180]
    assert fast[0].frame.x0 == 10 and fast[0].frame.y1 == 800
