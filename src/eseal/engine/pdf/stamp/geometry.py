"""Placement geometry: from "where the user put the seal on the page they see" to PDF user space.

A phone UI shows the page as displayed: cropped to the CropBox and turned by ``/Rotate``. It reports
the seal's top-left corner from the page's top-left, y downwards. PDF widgets live in default user
space (y upwards, origin anywhere, page rotation applied afterwards by the viewer). This module does
that conversion for every rotation and CropBox offset, so that the rest of the engine never thinks
about it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from eseal.engine.pdf.errors import PlacementError

PT_PER_MM = 72.0 / 25.4


def require_finite(what: str, *values: float | None) -> None:
    """NaN passes every ``<``/``>`` bounds check and ends up as ``/Rect [NaN ...]``: refuse it here."""
    for v in values:
        if v is not None and not math.isfinite(v):
            raise PlacementError(f"{what} must be a finite number, not {v!r}", code="pdf.placement.not_finite")


def mm_to_pt(mm: float) -> float:
    require_finite("position/size (mm)", mm)
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    return pt / PT_PER_MM


@dataclass(frozen=True)
class PageFrame:
    """The visible area of one page: CropBox (user space) and rotation (0/90/180/270, clockwise)."""

    x0: float
    y0: float
    x1: float
    y1: float
    rotate: int = 0

    @classmethod
    def from_boxes(cls, mediabox: list[float], cropbox: list[float] | None, rotate: int) -> PageFrame:
        require_finite("page box coordinate", *(float(v) for v in [*mediabox, *(cropbox or [])]))
        mb = _normalise(mediabox)
        cb = _normalise(cropbox) if cropbox is not None else mb
        # The effective CropBox is clipped to the MediaBox (ISO 32000-1 §14.11.2).
        x0, y0 = max(cb[0], mb[0]), max(cb[1], mb[1])
        x1, y1 = min(cb[2], mb[2]), min(cb[3], mb[3])
        if x1 <= x0 or y1 <= y0:
            x0, y0, x1, y1 = mb
        rot = int(rotate) % 360
        if rot % 90:
            raise PlacementError(f"page /Rotate {rotate} is not a multiple of 90", code="pdf.placement.bad_rotate")
        return cls(x0, y0, x1, y1, rot)

    @property
    def width(self) -> float:
        """Displayed width in points (after rotation)."""
        w, h = self.x1 - self.x0, self.y1 - self.y0
        return h if self.rotate in (90, 270) else w

    @property
    def height(self) -> float:
        w, h = self.x1 - self.x0, self.y1 - self.y0
        return w if self.rotate in (90, 270) else h

    def to_user(self, u: float, v: float) -> tuple[float, float]:
        """Displayed point (u right, v down, from the displayed top-left) -> user-space (x, y)."""
        r = self.rotate
        if r == 0:
            return self.x0 + u, self.y1 - v
        if r == 90:
            return self.x0 + v, self.y0 + u
        if r == 180:
            return self.x1 - u, self.y0 + v
        return self.x1 - v, self.y1 - u  # 270

    def rect(self, u: float, v: float, w: float, h: float) -> tuple[float, float, float, float]:
        """User-space /Rect of the displayed rectangle with top-left (u, v) and size w x h (points)."""
        corners = [self.to_user(u, v), self.to_user(u + w, v + h)]
        xs = [c[0] for c in corners]
        ys = [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)

    def appearance_matrix(self, w: float, h: float) -> list[float]:
        """Form /Matrix for a w x h (displayed) appearance so it looks upright on the rotated page.

        The viewer turns the page clockwise by ``rotate``; drawing the form turned counter-clockwise by
        the same angle cancels it. The translation keeps the transformed BBox at the origin (only its
        bounding box matters for mapping to /Rect, but a tidy matrix helps debugging).
        """
        r = self.rotate
        if r == 0:
            return [1, 0, 0, 1, 0, 0]
        if r == 90:
            return [0, 1, -1, 0, h, 0]
        if r == 180:
            return [-1, 0, 0, -1, w, h]
        return [0, -1, 1, 0, 0, w]  # 270


def _normalise(box: list[float]) -> tuple[float, float, float, float]:
    a, b, c, d = (float(v) for v in box)
    return min(a, c), min(b, d), max(a, c), max(b, d)


def check_inside(frame: PageFrame, u: float, v: float, w: float, h: float, page_no: int) -> None:
    """Reject a placement that would leave the visible page (with 0.5 pt tolerance for rounding)."""
    require_finite("seal placement (points)", u, v, w, h)
    tol = 0.5
    if u < -tol or v < -tol or u + w > frame.width + tol or v + h > frame.height + tol:
        raise PlacementError(
            f"seal of {pt_to_mm(w):.1f}x{pt_to_mm(h):.1f} mm at ({pt_to_mm(u):.1f}, {pt_to_mm(v):.1f}) mm "
            f"does not fit on page {page_no} ({pt_to_mm(frame.width):.1f}x{pt_to_mm(frame.height):.1f} mm)",
            code="pdf.placement.off_page",
        )
