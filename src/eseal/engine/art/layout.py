"""Layout: from a template and the seal text to a :class:`Scene` of shapes and glyph boxes (mm).

Arc text is spaced by arc length along the curve of the glyphs' *inner* edges (where rotated boxes
come closest), on the true inward offset of the border (for the invoice ellipse too), and each glyph
is rotated to the local normal. Long names first lose glyph width (engravers condense, 0.85 → 0.5 of
the height), then height (down to ``height_min``), then down to ``aspect_floor``; beyond that the
name is too long for the template. Every arrangement is checked with a separating-axis test against
its neighbours, the border and the obstacles (star, type text, codes) before it is accepted.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import eseal.engine.art.fonts as fonts

from .errors import SealArtError
from .geometry import (
    Box,
    inside_ellipse,
    inside_rect,
    polygon_path,
    rect_frame_path,
    ring_path,
    star_box,
    star_points,
)
from .scene import PlacedGlyph, Scene, Shape
from .templates import ArcSpec, CodeSpec, GridSpec, LineSpec, RowsSpec, Template

# Names on an arc (round and oval seals): 2-25 characters (the issue; max_chars comes from the template).
MIN_ARC_CHARS = 2
OBSTACLE_CLEARANCE = 0.6  # mm between arc text and the star / horizontal text / code
BORDER_MARGIN = 0.2  # mm: arc glyph boxes stay at least this far inside the inner border edge


@dataclass
class _Curve:
    """Samples of the border ellipse's inward offset curve by ``offset`` mm, with arc lengths."""

    a: float
    b: float
    offset: float
    ts: list[float]
    cum: list[float]

    @classmethod
    def build(cls, a: float, b: float, offset: float, t0: float, t1: float, samples: int = 1200) -> _Curve:
        ts, cum = [], []
        prev = None
        total = 0.0
        for i in range(samples + 1):
            t = t0 + (t1 - t0) * i / samples
            x, y = _offset_point(a, b, offset, t)
            if prev is not None:
                total += math.hypot(x - prev[0], y - prev[1])
            prev = (x, y)
            ts.append(t)
            cum.append(total)
        return cls(a, b, offset, ts, cum)

    def length_at(self, t: float) -> float:
        i = min(max(bisect.bisect_left(self.ts, t), 1), len(self.ts) - 1)
        t0, t1 = self.ts[i - 1], self.ts[i]
        f = (t - t0) / (t1 - t0) if t1 != t0 else 0.0
        return self.cum[i - 1] + f * (self.cum[i] - self.cum[i - 1])

    def t_at(self, s: float) -> float:
        i = min(max(bisect.bisect_left(self.cum, s), 1), len(self.cum) - 1)
        s0, s1 = self.cum[i - 1], self.cum[i]
        f = (s - s0) / (s1 - s0) if s1 != s0 else 0.0
        return self.ts[i - 1] + f * (self.ts[i] - self.ts[i - 1])


@lru_cache(maxsize=256)
def _curve(a: float, b: float, offset: float, t0: float, t1: float, samples: int = 1200) -> _Curve:
    """Cached: layouts try many spans and widths on the same few offset curves."""
    return _Curve.build(a, b, offset, t0, t1, samples)


def _normal(a: float, b: float, t: float) -> tuple[float, float]:
    """Outward unit normal of the ellipse (a sin t, -b cos t) (t = 0 at the top, clockwise)."""
    nx, ny = b * math.sin(t), -a * math.cos(t)
    n = math.hypot(nx, ny)
    return nx / n, ny / n


def _offset_point(a: float, b: float, d: float, t: float) -> tuple[float, float]:
    nx, ny = _normal(a, b, t)
    return a * math.sin(t) - d * nx, -b * math.cos(t) - d * ny


def _t_of_polar(a: float, b: float, phi: float) -> float:
    """Ellipse parameter of the border point at polar angle phi (radians, clockwise from up)."""
    return math.atan2(b * math.sin(phi), a * math.cos(phi))


def _rot_of_normal(nx: float, ny: float) -> float:
    return math.degrees(math.atan2(nx, -ny))


# ---- arc text -----------------------------------------------------------------------------------

def _place_upper(a: float, b: float, gap: float, h: float, w: float, n: int, span: float) -> list[Box]:
    curve = _curve(a, b, gap + h, -math.pi, math.pi)
    te = _t_of_polar(a, b, math.radians(span / 2))
    s0, s1 = curve.length_at(-te), curve.length_at(te)
    boxes = []
    for i in range(n):
        s = s0 + (s1 - s0) * (i / (n - 1) if n > 1 else 0.5)
        t = curve.t_at(s)
        nx, ny = _normal(a, b, t)
        d = gap + h / 2
        boxes.append(Box(a * math.sin(t) - d * nx, -b * math.cos(t) - d * ny, w, h, _rot_of_normal(nx, ny)))
    return boxes


def _inner_length(a: float, b: float, offset: float, span: float) -> float:
    curve = _curve(a, b, offset, -math.pi, math.pi)
    te = _t_of_polar(a, b, math.radians(span / 2))
    return curve.length_at(te) - curve.length_at(-te)


def _span_for_length(a: float, b: float, offset: float, length: float) -> float:
    lo, hi = 0.0, 359.0
    for _ in range(30):
        mid = (lo + hi) / 2
        if _inner_length(a, b, offset, mid) < length:
            lo = mid
        else:
            hi = mid
    return hi


def _adjacent_clear(boxes: Sequence[Box], gap: float) -> bool:
    return not any(p.inflate(gap / 2).overlaps(q.inflate(gap / 2)) for p, q in itertools.pairwise(boxes))


def _inside_border(boxes: Sequence[Box], a: float, b: float, margin: float) -> bool:
    return all(inside_ellipse(c, a, b, margin) for box in boxes for c in box.corners())


def _clear_of(boxes: Sequence[Box], obstacles: Sequence[Box], clearance: float) -> bool:
    return not any(box.inflate(clearance).overlaps(obs) for box in boxes for obs in obstacles)


def arc_boxes(a: float, b: float, spec: ArcSpec, n: int, obstacles: Sequence[Box]) -> list[Box]:
    """Boxes for an n-character name on the upper arc of the inner border ellipse (a, b)."""
    if n < MIN_ARC_CHARS:
        # A single glyph cannot form an arc (it would sit alone at the top like a title) and no
        # registered organisation name is one character: the spec allows 2-25 on arcs.
        raise SealArtError(f"name too short for this seal: {n} character(s), names on round/oval seals "
                           f"need {MIN_ARC_CHARS}-{spec.max_chars} characters")
    if n > spec.max_chars:
        raise SealArtError(f"name too long for this seal: {n} characters, at most {spec.max_chars}")
    h = spec.height
    while True:
        boxes = _arc_at_height(a, b, spec, n, h, obstacles)
        if boxes is not None:
            return boxes
        if h <= spec.height_min + 1e-9:
            break
        h = max(spec.height_min, round(h - 0.2, 3))
    raise SealArtError(f"name too long for this seal: {n} characters do not fit on the arc "
                       f"without overlapping (try the larger seal size or an approved short name)")


def _arc_at_height(a: float, b: float, spec: ArcSpec, n: int, h: float,
                   obstacles: Sequence[Box]) -> list[Box] | None:
    w_pref, g_pref = spec.aspect_max * h, spec.spacing * h
    offset = spec.gap + h
    if n > 1:
        natural = _span_for_length(a, b, offset, (n - 1) * (w_pref + g_pref))
        span0 = min(max(natural, spec.span_min), spec.span_max)
        if natural < spec.span_min:
            # a short name spread over the minimum span: widen the glyphs (扁体) into the gaps,
            # as engravers do, instead of leaving holes between narrow characters
            pitch = _inner_length(a, b, offset, span0) / (n - 1)
            w_pref = max(w_pref, min((spec.aspect_wide or spec.aspect_max) * h, pitch - g_pref))
    else:
        span0 = 0.0
    can_shrink_height = h > spec.height_min + 1e-9
    span = span0
    while span >= min(span0, 60.0) - 1e-9:
        if n > 1:
            pitch = _inner_length(a, b, offset, span) / (n - 1)
            w = min(w_pref, pitch - spec.letter_gap)
        else:
            w = w_pref
        if w < spec.aspect_min * h and can_shrink_height:
            return None
        boxes = _place_upper(a, b, spec.gap, h, w, n, span)
        for _ in range(40):
            if _adjacent_clear(boxes, spec.letter_gap):
                break
            w *= 0.97
            boxes = _place_upper(a, b, spec.gap, h, w, n, span)
        if w < spec.aspect_floor * h or (w < spec.aspect_min * h and can_shrink_height):
            return None
        if (_adjacent_clear(boxes, spec.letter_gap) and _inside_border(boxes, a, b, BORDER_MARGIN)
                and _clear_of(boxes, obstacles, OBSTACLE_CLEARANCE)):
            return boxes
        if n == 1:
            return None
        span -= 5.0
    return None


def code_boxes(a: float, b: float, spec: CodeSpec, n: int) -> list[Box]:
    """Boxes of the 13-digit code on the lower edge: tops toward the centre, reading left to right."""
    d = spec.inset + spec.height / 2
    curve = _curve(a, b, d, 0.0, 2 * math.pi)
    mid = curve.length_at(math.pi)
    boxes = []
    for i in range(n):
        s = mid + ((n - 1) / 2 - i) * spec.pitch  # larger t is further left at the bottom
        t = curve.t_at(s)
        nx, ny = _normal(a, b, t)
        boxes.append(Box(a * math.sin(t) - d * nx, -b * math.cos(t) - d * ny, spec.char_width, spec.height,
                         (_rot_of_normal(nx, ny) + 180.0) % 360.0))
    return boxes


def line_boxes(spec: LineSpec, n: int) -> list[Box]:
    pitch = spec.pitch or (spec.total_width - spec.char_width) / max(n - 1, 1)
    if spec.center_y is not None:
        cy = spec.center_y
    else:
        cy = (spec.top or 0.0) + spec.height / 2
    return [Box(((i - (n - 1) / 2) * pitch), cy, spec.char_width, spec.height) for i in range(n)]


def _bounding(boxes: Sequence[Box]) -> Box:
    pts = [c for bx in boxes for c in bx.corners()]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return Box((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs), max(ys) - min(ys))


# ---- square seals -------------------------------------------------------------------------------

def grid_boxes(side_w: float, side_h: float, border: float, spec: GridSpec, n: int) -> list[Box]:
    """Cells of a square name seal, columns right to left, each column top to bottom."""
    cols = 1 if n == 1 else 2 if n <= 4 else 3
    rows = math.ceil(n / cols)
    inner_w = side_w - 2 * border - 2 * spec.padding
    inner_h = side_h - 2 * border - 2 * spec.padding
    cw = (inner_w - (cols - 1) * spec.cell_gap) / cols
    ch = (inner_h - (rows - 1) * spec.cell_gap) / rows
    boxes = []
    for i in range(n):
        col, row = divmod(i, rows)
        # a column with fewer characters (5 chars in 3 columns) spreads them over its height
        in_col = min(rows, n - col * rows)
        cell_h = (inner_h - (in_col - 1) * spec.cell_gap) / in_col
        cx = inner_w / 2 - cw / 2 - col * (cw + spec.cell_gap)
        cy = -inner_h / 2 + cell_h / 2 + row * (cell_h + spec.cell_gap)
        boxes.append(Box(cx, cy, cw * spec.fill, cell_h * spec.fill))
    del ch
    return boxes


def rows_boxes(side: float, border: float, spec: RowsSpec, n_name: int) -> list[Box]:
    """Square 财务专用章: the name in horizontal rows, then the type text in one or two rows.

    The row split is chosen to make the glyph cells as large (and as square) as possible.
    """
    n_type = len(spec.type_text)
    inner = side - 2 * border - 2 * spec.padding

    def split(count: int, rows: int) -> list[int]:
        return [count // rows + (1 if i < count % rows else 0) for i in range(rows)]

    best: tuple[float, list[int]] | None = None
    for r in range(1, 6):
        for k in (1, 2):
            counts = split(n_name, r) + split(n_type, k)[::-1]  # 财务 / 专用章, not 财务专 / 用章
            if max(counts) > spec.max_per_row or min(counts) < 1:
                continue
            cell_h = (inner - (len(counts) - 1) * spec.row_gap) / len(counts)
            cell_w = min((inner - (c - 1) * spec.letter_gap) / c for c in counts)
            score = min(cell_w, cell_h)
            if best is None or score > best[0] + 1e-9:
                best = (score, counts)
    if best is None or best[0] < spec.min_cell:
        raise SealArtError(f"name too long for this seal: {n_name} characters do not fit a "
                           f"{side:g} mm square")
    counts = best[1]
    cell_h = (inner - (len(counts) - 1) * spec.row_gap) / len(counts)
    glyph_w = min(cell_h, min((inner - (c - 1) * spec.letter_gap) / c for c in counts)) * spec.fill
    boxes = []
    for row, count in enumerate(counts):
        cy = -inner / 2 + cell_h / 2 + row * (cell_h + spec.row_gap)
        # justify: first and last glyph at the row ends, like an engraved block
        step = (inner - glyph_w) / (count - 1) if count > 1 else 0.0
        for i in range(count):
            cx = -inner / 2 + glyph_w / 2 + i * step if count > 1 else 0.0
            boxes.append(Box(cx, cy, glyph_w, cell_h * spec.fill))
    return boxes


# ---- whole seals --------------------------------------------------------------------------------

def _placed(text: str, chain: list[fonts.Face], boxes: Sequence[Box], role: str) -> list[PlacedGlyph]:
    resolved = fonts.resolve(text, chain)
    return [PlacedGlyph(ch, face, box, role) for (ch, face), box in zip(resolved, boxes, strict=True)]


def layout_seal(template: Template, text: str, *, cjk_chain: list[fonts.Face], digit_chain: list[fonts.Face],
                code13: str | None = None, credit: str | None = None) -> Scene:
    """The scene of an organisation or name seal. ``text`` is already validated (and worded)."""
    t = template
    scene = Scene(t.kind, t.width, t.height)
    if t.outline == "ellipse":
        a, b = t.inner_rx, t.inner_ry
        scene.shapes.append(Shape(tuple(ring_path(t.width / 2, t.height / 2, t.border))))
        obstacles: list[Box] = []
        glyphs: list[PlacedGlyph] = []
        if t.star is not None:
            r = t.star.diameter / 2
            scene.shapes.append(Shape(tuple(polygon_path(star_points(r, 0.0, t.star.center_y)))))
            obstacles.append(star_box(r, 0.0, t.star.center_y))
        if t.type_text is not None:
            boxes = line_boxes(t.type_text, len(t.type_text.text))
            glyphs += _placed(t.type_text.text, cjk_chain, boxes, "type")
            obstacles.append(_bounding(boxes))
        if credit is not None:
            if t.credit_line is None:
                raise SealArtError(f"{t.kind} seal has no credit-code line")
            boxes = line_boxes(t.credit_line, len(credit))
            glyphs += _placed(credit, digit_chain, boxes, "credit")
            obstacles.append(_bounding(boxes))
        if code13 is not None:
            if t.code is None:
                raise SealArtError(f"{t.kind} seal has no place for an anti-counterfeit code")
            boxes = code_boxes(a, b, t.code, len(code13))
            glyphs += _placed(code13, digit_chain, boxes, "code")
            obstacles += boxes
        assert t.name is not None
        # resolve fonts before the geometry so a missing glyph is reported even for a too-long name
        fonts.resolve(text, cjk_chain)
        boxes = arc_boxes(a, b, t.name, len(text), obstacles)
        scene.glyphs = _placed(text, cjk_chain, boxes, "name") + glyphs
        scene.obstacles = [star_box(t.star.diameter / 2, 0.0, t.star.center_y)] if t.star else []
        return scene
    if t.outline == "rect":
        scene.shapes.append(Shape(tuple(rect_frame_path(t.width / 2, t.height / 2, t.border))))
        if t.grid is not None:
            fonts.resolve(text, cjk_chain)
            boxes = grid_boxes(t.width, t.height, t.border, t.grid, len(text))
            scene.glyphs = _placed(text, cjk_chain, boxes, "grid")
        elif t.rows is not None:
            fonts.resolve(text, cjk_chain)
            if len(text) > t.rows.max_chars:
                raise SealArtError(f"name too long for this seal: {len(text)} characters, "
                                   f"at most {t.rows.max_chars}")
            boxes = rows_boxes(t.width, t.border, t.rows, len(text))
            scene.glyphs = _placed(text + t.rows.type_text, cjk_chain, boxes, "grid")
        for g in scene.glyphs:
            assert all(inside_rect(c, t.width / 2 - t.border, t.height / 2 - t.border) for c in g.box.corners())
        return scene
    raise SealArtError(f"template {t.kind}/{t.shape} has no text layout")
