"""个人手绘章: a hand-drawn seal from signature-pad stroke data, cleaned, cropped, at physical size.

Input is what a web signature pad (e.g. signature_pad ``toData()``) produces: a list of strokes,
each a list of points ``{"x", "y", "t"?: ms, "p"?: pressure 0..1}`` in CSS pixels. We render on the
server from the points (not from the client's PNG) so the result is resolution independent and the
same in PNG, SVG and PDF.

Cleaning: drop points closer than 1.5 px to the previous one, two [1,2,1]/4 low-pass passes (the
digitiser's jitter; endpoints kept), Catmull-Rom through the points. Width: signature_pad's velocity
rule (fast = thin) blended with stylus pressure when present. Each stroke becomes one filled ribbon
(left offsets forward, right offsets back) plus round caps and round joins at sharp turns, all with
the same orientation so non-zero filling unites them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from .errors import SealArtError
from .geometry import ellipse_path
from .scene import Scene, Shape
from .templates import StrokesSpec, get_template

MAX_POINTS = 20_000
MAX_COORD = 1e6
MIN_STEP = 1.5  # px: closer points are digitiser noise
DOT_EXTENT = 5.0  # px: ink smaller than this both ways is a dot, not a signature


@dataclass
class _Point:
    x: float
    y: float
    t: float | None
    p: float | None


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SealArtError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def parse_strokes(strokes: object) -> list[list[_Point]]:
    """Validate the JSON structure; SealArtError naming the first bad stroke/point."""
    if not isinstance(strokes, list):
        raise SealArtError("strokes must be a list of strokes (each a list of points)")
    if not strokes:
        raise SealArtError("hand-drawn seal has no strokes: draw the signature first")
    out: list[list[_Point]] = []
    total = 0
    for i, stroke in enumerate(strokes, start=1):
        if isinstance(stroke, dict) and isinstance(stroke.get("points"), list):
            stroke = stroke["points"]  # signature_pad PointGroup
        if not isinstance(stroke, list):
            raise SealArtError(f"stroke {i} must be a list of points")
        pts = []
        for j, pt in enumerate(stroke, start=1):
            if not isinstance(pt, dict):
                raise SealArtError(f"stroke {i} point {j} must be an object with x and y")
            if "x" not in pt or "y" not in pt:
                raise SealArtError(f"stroke {i} point {j} has no x/y")
            x, y = _number(pt["x"], f"stroke {i} point {j} x"), _number(pt["y"], f"stroke {i} point {j} y")
            if abs(x) > MAX_COORD or abs(y) > MAX_COORD:
                raise SealArtError(f"stroke {i} point {j} is out of range")
            t_raw = pt.get("t", pt.get("time"))
            t = _number(t_raw, f"stroke {i} point {j} t") if t_raw is not None else None
            p_raw = pt.get("p", pt.get("pressure"))
            p = _number(p_raw, f"stroke {i} point {j} pressure") if p_raw is not None else None
            if p is not None and not 0.0 <= p <= 1.0:
                raise SealArtError(f"stroke {i} point {j} pressure must be within 0..1, got {p}")
            pts.append(_Point(x, y, t, p))
        total += len(pts)
        if total > MAX_POINTS:
            raise SealArtError(f"too many points in the hand-drawn seal (more than {MAX_POINTS})")
        if pts:
            out.append(pts)
    if not out:
        raise SealArtError("hand-drawn seal has no points: draw the signature first")
    xs = [p.x for s in out for p in s]
    ys = [p.y for s in out for p in s]
    if max(max(xs) - min(xs), max(ys) - min(ys)) < DOT_EXTENT:
        raise SealArtError("hand-drawn seal is a single dot: draw the signature, not a tap")
    return out


def _dedupe(stroke: list[_Point]) -> list[_Point]:
    kept = [stroke[0]]
    for p in stroke[1:]:
        if math.hypot(p.x - kept[-1].x, p.y - kept[-1].y) >= MIN_STEP:
            kept.append(p)
    if len(kept) > 1 and kept[-1] is not stroke[-1]:
        kept[-1] = stroke[-1]  # keep the real end point
    return kept


def _smooth(values: list[float], passes: int = 2) -> list[float]:
    for _ in range(passes):
        if len(values) < 3:
            return values
        values = [values[0]] + [(values[i - 1] + 2 * values[i] + values[i + 1]) / 4
                                for i in range(1, len(values) - 1)] + [values[-1]]
    return values


def _widths(stroke: list[_Point]) -> list[float]:
    """0..1 per point: signature_pad's velocity rule, blended with pressure when there is any."""
    n = len(stroke)
    has_t = all(p.t is not None for p in stroke)
    pressures = [p.p for p in stroke]
    has_p = any(p is not None and p > 0 for p in pressures)
    vel = [0.0] * n
    if has_t and n > 1:
        v = 0.0
        for i in range(1, n):
            dt = max((stroke[i].t or 0) - (stroke[i - 1].t or 0), 1.0)
            d = math.hypot(stroke[i].x - stroke[i - 1].x, stroke[i].y - stroke[i - 1].y)
            v = 0.7 * (d / dt) + 0.3 * v  # velocityFilterWeight 0.7
            vel[i] = v
        vel[0] = vel[1]
        speed = [1.0 / (v + 1.0) for v in vel]  # 1 at rest, → 0 when fast (maxWidth/(v+1))
    else:
        speed = [0.6] * n
    if has_p:
        press = [p if p is not None else 0.5 for p in pressures]
        w = [0.4 * s + 0.6 * q for s, q in zip(speed, press, strict=True)] if has_t else press
    else:
        w = speed
    return _smooth([min(max(x, 0.0), 1.0) for x in w])


def _catmull_rom(pts: list[tuple[float, float, float]], step: float) -> list[tuple[float, float, float]]:
    """Uniform Catmull-Rom through (x, y, w), sampled about every ``step`` mm."""
    out: list[tuple[float, float, float]] = []
    if len(pts) < 3:
        for (x0, y0, w0), (x1, y1, w1) in itertools.pairwise(pts):
            k = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
            out += [(x0 + (x1 - x0) * i / k, y0 + (y1 - y0) * i / k, w0 + (w1 - w0) * i / k) for i in range(k)]
        return [*out, pts[-1]]
    ext = [pts[0], *pts, pts[-1]]
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        k = max(1, min(16, math.ceil(math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / step)))
        for j in range(k):
            t = j / k
            t2, t3 = t * t, t * t * t
            x, y, w = (
                0.5 * (2 * p1[c] + (-p0[c] + p2[c]) * t + (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * t2
                       + (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * t3)
                for c in range(3))
            out.append((x, y, w))
    out.append(pts[-1])
    return out


def _signed_area(poly: list[tuple[float, float]]) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True))


def _stroke_shapes(samples: list[tuple[float, float, float]]) -> list[Shape]:
    """A ribbon plus round caps/joins, all the same orientation (non-zero fill unites them)."""
    if len(samples) == 1:
        x, y, w = samples[0]
        return [Shape(tuple(ellipse_path(w / 2, w / 2, x, y)))]
    left, right, joins = [], [], []
    n = len(samples)
    for i, (x, y, w) in enumerate(samples):
        xa, ya, _ = samples[max(i - 1, 0)]
        xb, yb, _ = samples[min(i + 1, n - 1)]
        dx, dy = xb - xa, yb - ya
        d = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / d, dx / d
        left.append((x + nx * w / 2, y + ny * w / 2))
        right.append((x - nx * w / 2, y - ny * w / 2))
        if 0 < i < n - 1:
            ux, uy = x - xa, y - ya
            vx, vy = xb - x, yb - y
            nu, nv = math.hypot(ux, uy), math.hypot(vx, vy)
            if nu > 0 and nv > 0 and (ux * vx + uy * vy) / (nu * nv) < math.cos(math.radians(35)):
                joins.append((x, y, w))
    ribbon = left + right[::-1]
    clockwise = _signed_area(ribbon) > 0  # y down: positive area = clockwise on screen
    shapes = [Shape((("M", *ribbon[0]), *(("L", *p) for p in ribbon[1:]), ("Z",)))]
    for x, y, w in [samples[0], *joins, samples[-1]]:
        shapes.append(Shape(tuple(ellipse_path(w / 2, w / 2, x, y, clockwise=clockwise))))
    return shapes


def strokes_scene(strokes: object, *, width_mm: float | None = None) -> Scene:
    """Validate, clean, scale to the template's size (or ``width_mm``) and crop to the ink."""
    spec = get_template("handdrawn").strokes
    assert isinstance(spec, StrokesSpec)
    parsed = [_dedupe(s) for s in parse_strokes(strokes)]
    if width_mm is not None:
        width_mm = _number(width_mm, "width_mm")
        if not 5.0 <= width_mm <= 200.0:
            raise SealArtError(f"width_mm must be within 5..200 mm, got {width_mm:g}")
    xs = [p.x for s in parsed for p in s]
    ys = [p.y for s in parsed for p in s]
    bw, bh = max(xs) - min(xs), max(ys) - min(ys)
    if width_mm is not None:
        scale = (width_mm - 2 * spec.padding - spec.pen_max) / max(bw, 1e-9)
    else:
        scale = spec.height / max(bh, 1e-9)
        if bw * scale > spec.max_width:
            scale = spec.max_width / max(bw, 1e-9)
    shapes: list[Shape] = []
    ink: list[tuple[float, float, float]] = []
    for stroke in parsed:
        xs_s = _smooth([p.x for p in stroke])
        ys_s = _smooth([p.y for p in stroke])
        ws = _widths(stroke)
        pts = [((x - min(xs)) * scale, (y - min(ys)) * scale, spec.pen_min + f * (spec.pen_max - spec.pen_min))
               for x, y, f in zip(xs_s, ys_s, ws, strict=True)]
        samples = _catmull_rom(pts, step=0.25)
        ink += samples
        shapes += _stroke_shapes(samples)
    x0 = min(x - w / 2 for x, _, w in ink) - spec.padding
    x1 = max(x + w / 2 for x, _, w in ink) + spec.padding
    y0 = min(y - w / 2 for _, y, w in ink) - spec.padding
    y1 = max(y + w / 2 for _, y, w in ink) + spec.padding
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if width_mm is not None:  # exact requested width, ink centred (the scale left room for the pen)
        x0, x1 = cx - width_mm / 2, cx + width_mm / 2
    moved = [Shape(tuple(c if c[0] == "Z" else (c[0], *[v - (cx if k % 2 == 0 else cy)
                                                       for k, v in enumerate(c[1:])]) for c in s.commands))
             for s in shapes]
    return Scene("handdrawn", round(x1 - x0, 3), round(y1 - y0, 3), shapes=moved)
