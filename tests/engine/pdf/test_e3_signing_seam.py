"""E3 #10: 骑缝 slices on pages of mixed sizes line up on one band when the pages are fanned.

Rule: every slice of one seam seal sits at the same distance from the top of its page (pages of a
contract are stacked top-aligned); without --y the band is centred on the shortest page of the group.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from _e3_signing_helpers import save, sign

from eseal.engine.pdf.stamp.placement import StampRequest

A4, A5, LETTER = (595.28, 841.89), (419.53, 595.28), (612.0, 792.0)


def _mixed() -> bytes:
    pdf = pikepdf.new()
    for size in (A4, A5, LETTER, A4):
        pdf.add_blank_page(page_size=size)
    return save(pdf)


def _slices(out: bytes) -> list[tuple[float, float, float, float, float]]:
    doc = pikepdf.open(io.BytesIO(out))
    field = doc.Root.AcroForm.Fields[0]
    pages = {p.objgen: p for p in (pg.obj for pg in doc.pages)}
    rows = []
    for w in field.Kids:
        page = pages[w.P.objgen]
        height = float(page.MediaBox[3])
        _x0, y0, x1, y1 = (float(v) for v in w.Rect)
        rows.append((height - y1, height - y0, x1, float(page.MediaBox[2]), height))
    return rows


@pytest.mark.parametrize("y_pt", [None, 40.0])
def test_seam_slices_share_one_band_measured_from_the_top(y_pt):
    out = sign("gm", _mixed(), StampRequest(mode="seam", y_pt=y_pt))
    rows = _slices(out)
    assert len(rows) == 4
    tops = {round(r[0], 3) for r in rows}
    bottoms = {round(r[1], 3) for r in rows}
    assert len(tops) == 1 and len(bottoms) == 1, rows  # one band on every page
    assert all(abs(r[2] - r[3]) < 0.01 for r in rows)  # flush against each page's right edge
    top = tops.pop()
    if y_pt is None:  # centred on the shortest page (A5)
        seal_h = bottoms.pop() - top
        assert abs(top - (A5[1] - seal_h) / 2) < 0.01
    else:
        assert abs(top - y_pt) < 0.01
