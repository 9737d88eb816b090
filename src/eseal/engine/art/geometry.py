"""Plane geometry of a seal face in millimetres: rotated boxes, collision tests, basic shapes.

Convention everywhere in this package: origin at the seal centre, x to the right, y *down* (as in
SVG and images); rotations are clockwise from "up" in degrees, so a glyph on the upper arc at polar
angle φ (clockwise from 12 o'clock) has rotation φ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
KAPPA = 0.5522847498  # cubic Bézier approximation of a quarter ellipse


@dataclass(frozen=True)
class Box:
    """A rotated rectangle: centre, width (along the glyph's baseline), height, rotation."""

    cx: float
    cy: float
    w: float
    h: float
    rot: float = 0.0

    def axes(self) -> tuple[Point, Point]:
        """Unit vectors of the box's "right" and "up" directions."""
        r = math.radians(self.rot)
        return (math.cos(r), math.sin(r)), (math.sin(r), -math.cos(r))

    def corners(self) -> list[Point]:
        (rx, ry), (ux, uy) = self.axes()
        hw, hh = self.w / 2, self.h / 2
        return [
            (self.cx + sx * hw * rx + sy * hh * ux, self.cy + sx * hw * ry + sy * hh * uy)
            for sx, sy in ((-1, 1), (1, 1), (1, -1), (-1, -1))
        ]

    def inflate(self, margin: float) -> Box:
        return Box(self.cx, self.cy, self.w + 2 * margin, self.h + 2 * margin, self.rot)

    def overlaps(self, other: Box) -> bool:
        """Separating-axis test for two rotated rectangles (touching counts as overlap)."""
        a, b = self.corners(), other.corners()
        for axis in (*self.axes(), *other.axes()):
            pa = [p[0] * axis[0] + p[1] * axis[1] for p in a]
            pb = [p[0] * axis[0] + p[1] * axis[1] for p in b]
            if max(pa) < min(pb) or max(pb) < min(pa):
                return False
        return True


def inside_ellipse(p: Point, rx: float, ry: float, margin: float = 0.0) -> bool:
    """Is p at least ``margin`` inside the ellipse (rx, ry) centred at the origin? (conservative)"""
    if rx <= margin or ry <= margin:
        return False
    return (p[0] / (rx - margin)) ** 2 + (p[1] / (ry - margin)) ** 2 <= 1.0 + 1e-9


def inside_rect(p: Point, hw: float, hh: float, margin: float = 0.0) -> bool:
    return abs(p[0]) <= hw - margin + 1e-9 and abs(p[1]) <= hh - margin + 1e-9


# ---- path builders (commands in mm: ("M", x, y), ("L", x, y), ("C", …6), ("Z",)) -------------

def ellipse_path(rx: float, ry: float, cx: float = 0.0, cy: float = 0.0, clockwise: bool = True) -> list[tuple]:
    kx, ky = rx * KAPPA, ry * KAPPA
    pts = [(cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)]
    ctrl = [
        ((cx + kx, cy - ry), (cx + rx, cy - ky)),
        ((cx + rx, cy + ky), (cx + kx, cy + ry)),
        ((cx - kx, cy + ry), (cx - rx, cy + ky)),
        ((cx - rx, cy - ky), (cx - kx, cy - ry)),
    ]
    cmds: list[tuple] = [("M", *pts[0])]
    if clockwise:
        for i in range(4):
            (c1, c2), end = ctrl[i], pts[(i + 1) % 4]
            cmds.append(("C", *c1, *c2, *end))
    else:
        for i in range(4, 0, -1):
            (c1, c2), end = ctrl[i - 1], pts[i - 1]
            cmds.append(("C", *c2, *c1, *end))
    cmds.append(("Z",))
    return cmds


def ring_path(rx: float, ry: float, width: float) -> list[tuple]:
    """Outer ellipse plus inner ellipse in the opposite direction: fills the border only."""
    return ellipse_path(rx, ry) + ellipse_path(rx - width, ry - width, clockwise=False)


def rect_frame_path(hw: float, hh: float, width: float) -> list[tuple]:
    outer = [("M", -hw, -hh), ("L", hw, -hh), ("L", hw, hh), ("L", -hw, hh), ("Z",)]
    iw, ih = hw - width, hh - width
    inner = [("M", -iw, -ih), ("L", -iw, ih), ("L", iw, ih), ("L", iw, -ih), ("Z",)]
    return outer + inner


def star_points(radius: float, cx: float = 0.0, cy: float = 0.0) -> list[Point]:
    """Regular five-pointed star, one point straight up; inner radius R·sin18°/cos36° (≈0.382 R)."""
    inner = radius * math.sin(math.radians(18)) / math.cos(math.radians(36))
    pts = []
    for i in range(10):
        r = radius if i % 2 == 0 else inner
        a = math.radians(36 * i)
        pts.append((cx + r * math.sin(a), cy - r * math.cos(a)))
    return pts


def polygon_path(points: list[Point]) -> list[tuple]:
    return [("M", *points[0]), *[("L", *p) for p in points[1:]], ("Z",)]


def star_box(radius: float, cx: float = 0.0, cy: float = 0.0) -> Box:
    """Axis-aligned box around a star (used as an obstacle for text)."""
    pts = star_points(radius, cx, cy)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return Box((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs), max(ys) - min(ys))
