"""Placement geometry: display coordinates (phone UI) -> PDF user space, for rotations and CropBoxes."""

from __future__ import annotations

import pytest

from eseal.engine.pdf.errors import PlacementError
from eseal.engine.pdf.stamp.geometry import PageFrame, mm_to_pt
from eseal.engine.pdf.stamp.placement import StampRequest, plan_widgets, seam_groups

A4 = [0, 0, 595.28, 841.89]


def test_mm_to_pt_is_exact_physical_size():
    assert mm_to_pt(25.4) == pytest.approx(72.0)
    assert mm_to_pt(42) == pytest.approx(119.055, abs=1e-3)


def test_unrotated_page_top_left_origin():
    f = PageFrame.from_boxes(A4, None, 0)
    assert (f.width, f.height) == (595.28, 841.89)
    assert f.rect(10, 20, 100, 50) == pytest.approx((10, 841.89 - 70, 110, 841.89 - 20))


def test_cropbox_offset_is_respected():
    f = PageFrame.from_boxes(A4, [50, 60, 545.28, 781.89], 0)
    assert (f.width, f.height) == pytest.approx((495.28, 721.89))
    # top-left of the visible page is (50, 781.89) in user space
    assert f.to_user(0, 0) == pytest.approx((50, 781.89))
    assert f.rect(0, 0, 10, 10) == pytest.approx((50, 771.89, 60, 781.89))


def test_cropbox_is_clipped_to_mediabox():
    f = PageFrame.from_boxes(A4, [-100, -100, 1000, 1000], 0)
    assert (f.x0, f.y0, f.x1, f.y1) == pytest.approx((0, 0, 595.28, 841.89))


@pytest.mark.parametrize(
    ("rotate", "display_size", "top_left_user"),
    [
        (90, (841.89, 595.28), (0, 0)),
        (180, (595.28, 841.89), (595.28, 0)),
        (270, (841.89, 595.28), (595.28, 841.89)),
    ],
)
def test_rotated_pages_map_display_top_left(rotate, display_size, top_left_user):
    f = PageFrame.from_boxes(A4, None, rotate)
    assert (f.width, f.height) == pytest.approx(display_size)
    assert f.to_user(0, 0) == pytest.approx(top_left_user)
    # the rect keeps the seal size, swapped for quarter turns
    x0, y0, x1, y1 = f.rect(30, 40, 100, 60)
    if rotate in (90, 270):
        assert (x1 - x0, y1 - y0) == pytest.approx((60, 100))
    else:
        assert (x1 - x0, y1 - y0) == pytest.approx((100, 60))


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_appearance_matrix_maps_bbox_onto_rect_size(rotate):
    f = PageFrame.from_boxes(A4, None, rotate)
    a, b, c, d, e, g = f.appearance_matrix(100, 60)
    pts = [(a * x + c * y + e, b * x + d * y + g) for x, y in [(0, 0), (100, 0), (0, 60), (100, 60)]]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0, x1, y1 = f.rect(0, 0, 100, 60)
    assert (max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx((x1 - x0, y1 - y0))
    assert (min(xs), min(ys)) == pytest.approx((0, 0))


def test_odd_rotation_rejected():
    with pytest.raises(PlacementError):
        PageFrame.from_boxes(A4, None, 45)


def test_seam_groups_balanced():
    assert seam_groups(list(range(1, 22)), 20) == [list(range(1, 12)), list(range(12, 22))]
    assert [len(g) for g in seam_groups(list(range(1, 101)), 20)] == [20] * 5
    assert seam_groups([1, 2, 3], 20) == [[1, 2, 3]]
    with pytest.raises(PlacementError):
        seam_groups([1, 2], 1)


def _frames(n, rotate=0):
    return [PageFrame.from_boxes(A4, None, rotate) for _ in range(n)]


def test_plan_single_multi_seam():
    w = h = mm_to_pt(42)
    single = plan_widgets(_frames(3), w, h, StampRequest.from_mm(page=2, x_mm=10, y_mm=10))
    assert [p.page_index for p in single.widgets] == [1]
    multi = plan_widgets(_frames(5), w, h, StampRequest(mode="multi", pages=(1, 3, 5)))
    assert multi.pages == [1, 3, 5]
    assert len({m.rect for m in multi.widgets}) == 1  # same spot on every page
    seam = plan_widgets(_frames(3), w, h, StampRequest(mode="seam"))
    assert [s.slice_index for s in seam.widgets] == [0, 1, 2]
    assert all(s.bbox_w == pytest.approx(w / 3) for s in seam.widgets)
    assert [s.offset_x for s in seam.widgets] == pytest.approx([0, w / 3, 2 * w / 3])
    # flush against the right edge of each page
    assert all(s.rect[2] == pytest.approx(595.28) for s in seam.widgets)


def test_plan_errors():
    w = h = mm_to_pt(42)
    with pytest.raises(PlacementError, match="out of range"):
        plan_widgets(_frames(2), w, h, StampRequest(page=3))
    with pytest.raises(PlacementError, match="out of range"):
        plan_widgets(_frames(2), w, h, StampRequest(mode="multi", pages=(1, 7)))
    with pytest.raises(PlacementError, match="at least 2 pages"):
        plan_widgets(_frames(1), w, h, StampRequest(mode="seam"))
    with pytest.raises(PlacementError, match="does not fit"):
        plan_widgets(_frames(1), w, h, StampRequest.from_mm(x_mm=190, y_mm=10))
    with pytest.raises(PlacementError, match="unknown stamping mode"):
        plan_widgets(_frames(1), w, h, StampRequest(mode="spiral"))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_positions_are_rejected_by_the_engine(bad):
    from eseal.engine.pdf.stamp.geometry import check_inside

    with pytest.raises(PlacementError, match="finite"):
        StampRequest(x_pt=bad, y_pt=10.0)
    with pytest.raises(PlacementError, match="finite"):
        StampRequest.from_mm(x_mm=10.0, y_mm=bad)
    frame = PageFrame.from_boxes([0, 0, 595, 842], None, 0)
    with pytest.raises(PlacementError, match="finite"):
        check_inside(frame, bad, 10.0, 50.0, 50.0, 1)
    with pytest.raises(PlacementError, match="finite"):
        PageFrame.from_boxes([0, 0, bad, 842], None, 0)


def test_seam_needs_consecutive_pages_and_no_x():
    w = h = mm_to_pt(40)
    with pytest.raises(PlacementError, match="consecutive"):
        plan_widgets(_frames(3), w, h, StampRequest(mode="seam", pages=(1, 3)))
    with pytest.raises(PlacementError, match="not x"):
        plan_widgets(_frames(3), w, h, StampRequest(mode="seam", x_pt=10.0, y_pt=10.0))
    plan = plan_widgets(_frames(3), w, h, StampRequest(mode="seam", pages=(2, 3), y_pt=20.0))
    assert [p.page_index for p in plan.widgets] == [1, 2]
