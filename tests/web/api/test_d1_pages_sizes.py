"""The document view gives each page's displayed size (``pages: [{number, width_mm, height_mm}]``, CropBox and
/Rotate applied), what the 发起签署 page needs to draw a seal at true scale; the sizes are the frame stamp positions
are measured from (a seal placed in the lower right corner by those sizes ends there on the rendered page)."""

from __future__ import annotations

import io

import pytest
from d1_helpers import make_pdf, person_with_seal, sign, stamp, uploaded

pytestmark = pytest.mark.db


def _mixed_pdf() -> bytes:
    """Page 1 A4 portrait; page 2 A4 with /Rotate 90 (displayed landscape); page 3 A4 with a CropBox of
    100×150 mm at (20 mm, 30 mm); page 4 A5."""
    import pikepdf

    pt = 72 / 25.4
    with pikepdf.open(io.BytesIO(make_pdf(pages=4))) as pdf:
        pdf.pages[1].obj.Rotate = 90
        pdf.pages[2].obj.CropBox = pikepdf.Array([20 * pt, 30 * pt, 120 * pt, 180 * pt])
        pdf.pages[3].obj.MediaBox = pikepdf.Array([0, 0, 148 * pt, 210 * pt])
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


EXPECTED = [(1, 210.0, 297.0), (2, 297.0, 210.0), (3, 100.0, 150.0), (4, 148.0, 210.0)]


def _sizes(doc: dict) -> list[tuple[int, float, float]]:
    return [(p["number"], round(p["width_mm"], 1), round(p["height_mm"], 1)) for p in doc["pages"]]


def test_document_view_lists_each_page_displayed_size(app, client, register_person):
    register_person(client)
    doc = uploaded(client, _mixed_pdf())
    assert doc["page_count"] == 4
    assert _sizes(doc) == EXPECTED
    assert set(doc["pages"][0]) == {"number", "width_mm", "height_mm"}
    again = client.get(f"/api/v1/documents/{doc['id']}").json()["document"]
    assert _sizes(again) == EXPECTED


def test_sizes_survive_a_lost_cache_and_a_signing(app, client, register_person):
    import shutil
    from pathlib import Path

    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, _mixed_pdf())
    shutil.rmtree(Path(app.state.services.settings.data_dir) / "previews")  # measured again from the original
    assert _sizes(client.get(f"/api/v1/documents/{doc['id']}").json()["document"]) == EXPECTED
    r = sign(client, doc["id"], [stamp(seal_id, page=2, x_mm=10, y_mm=10)])
    assert r.status_code == 200, r.text
    signed = r.json()["document"]
    assert signed["current_revision"] == 1 and _sizes(signed) == EXPECTED


@pytest.mark.parametrize("page", [2, 3])
def test_a_seal_placed_in_the_corner_by_these_sizes_lands_in_that_corner(app, client, register_person, page):
    """Stamp the seal's lower-right corner 5 mm from the displayed lower-right corner computed from ``pages``: on
    the rendered preview the red seal ends there (rotated and cropped pages)."""
    from PIL import Image

    _reg, seal_id = person_with_seal(app, client, register_person)
    doc = uploaded(client, _mixed_pdf())
    choice = next(s for s in client.get("/api/v1/signing/seals").json()["seals"] if s["id"] == seal_id)
    w, h = doc["pages"][page - 1]["width_mm"], doc["pages"][page - 1]["height_mm"]
    sw, sh = choice["width_mm"], choice["height_mm"]
    r = sign(client, doc["id"], [stamp(seal_id, page=page, x_mm=w - sw - 5, y_mm=h - sh - 5)])
    assert r.status_code == 200, r.text
    png = client.get(f"/api/v1/documents/{doc['id']}/pages/{page}.png", params={"width": 750, "revision": 1})
    img = Image.open(io.BytesIO(png.content)).convert("RGB")
    assert abs(img.width / img.height - w / h) < 0.01  # the preview has the listed proportions
    px = img.width / w
    red = [(x, y) for y in range(img.height) for x in range(0, img.width, 2)
           if (lambda c: c[0] > 150 and c[1] < 90 and c[2] < 90)(img.getpixel((x, y)))]
    assert red, "no seal drawn"
    right, bottom = max(x for x, _ in red) / px, max(y for _, y in red) / px
    left, top = min(x for x, _ in red) / px, min(y for _, y in red) / px
    assert abs(right - (w - 5)) < 1.5 and abs(bottom - (h - 5)) < 1.5, (right, bottom, w, h)
    assert abs((right - left) - sw) < 2 and abs((bottom - top) - sh) < 2
