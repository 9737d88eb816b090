"""A laid-out seal face: filled shapes and placed glyphs in millimetres, independent of the output.

Layout produces a :class:`Scene`; the writers turn the same scene into PDF, SVG and PNG, so the three
outputs agree exactly. Glyphs are kept as (character, face, box) until output so that tests can check
the geometry (boxes inside the border, no overlaps) without rasterising anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .fonts import Face
from .geometry import Box


@dataclass(frozen=True)
class Shape:
    """A filled path in mm (y down, origin at the seal centre), non-zero winding rule."""

    commands: tuple[tuple, ...]
    stroke: float = 0.0  # also stroke the outline with this width (emboldening thin fonts), mm


#: roles whose boxes are cells for Chinese characters (digits and codes have their own, narrower boxes)
_CJK_CELL_ROLES = frozenset({"name", "type", "grid"})


@dataclass(frozen=True)
class PlacedGlyph:
    """A character of a face fitted into ``box``: the face's reference box (国 / 0) maps onto it."""

    char: str
    face: Face
    box: Box
    role: str  # "name", "type", "code", "credit", "grid"

    def ink_scale(self) -> tuple[float, float, float]:
        """(sx, sy, stroke): font units -> mm scales and the emboldening stroke width."""
        outline = self.face.outline(self.char)
        assert outline is not None
        ref = self.face.reference(self.char)
        stroke = 2 * self.face.spec.embolden * self.box.h
        w, h = max(self.box.w - stroke, 0.01), max(self.box.h - stroke, 0.01)
        sx, sy = w / ref.width, h / ref.height
        if self.char.isascii() and self.char.isalnum() and self.role in _CJK_CELL_ROLES:
            # A Latin letter or digit in a cell sized for a Chinese character (an organisation name such
            # as "eseal 统一电子印章平台"): mapping the half-width "0" onto the whole cell drew it twice
            # the size of the Chinese beside it. Set it at the Chinese text's size instead (same scale as
            # 国 in this cell), as a typesetter mixes Latin into Chinese.
            cjk = self.face.reference("国")
            sx, sy = w / cjk.width, h / cjk.height
        # Never let a glyph's own ink leave its box: condense wide glyphs (M, W) horizontally and
        # tall ones vertically, as an engraver does, instead of shrinking them as a whole.
        sx = min(sx, w / max(outline.width, 1e-9))
        sy = min(sy, h / max(outline.height, 1e-9))
        return sx, sy, stroke

    def shape(self) -> Shape:
        outline = self.face.outline(self.char)
        assert outline is not None
        sx, sy, stroke = self.ink_scale()
        xmin, ymin, xmax, ymax = outline.bounds
        icx, icy = (xmin + xmax) / 2, (ymin + ymax) / 2
        r = math.radians(self.box.rot)
        c, s = math.cos(r), math.sin(r)
        a, b = c * sx, s * sx  # d(mm x, mm y)/d(font x)
        cc, d = s * sy, -c * sy  # d(mm x, mm y)/d(font y)
        ex = self.box.cx - a * icx - cc * icy
        ey = self.box.cy - b * icx - d * icy
        out: list[tuple] = []
        for cmd in outline.commands:
            if cmd[0] == "Z":
                out.append(cmd)
                continue
            pts = []
            for i in range(1, len(cmd), 2):
                x, y = cmd[i], cmd[i + 1]
                pts += [a * x + cc * y + ex, b * x + d * y + ey]
            out.append((cmd[0], *pts))
        return Shape(tuple(out), stroke)

    def ink_corners(self) -> list[tuple[float, float]]:
        """Corners of the glyph's actual ink box (plus stroke) after placement, for tests."""
        outline = self.face.outline(self.char)
        assert outline is not None
        sx, sy, stroke = self.ink_scale()
        ink = Box(self.box.cx, self.box.cy, outline.width * sx + stroke, outline.height * sy + stroke, self.box.rot)
        return ink.corners()


@dataclass
class Scene:
    kind: str
    width: float  # mm, the physical size of the seal face
    height: float
    shapes: list[Shape] = field(default_factory=list)
    glyphs: list[PlacedGlyph] = field(default_factory=list)
    obstacles: list[Box] = field(default_factory=list)  # star etc., for layout tests

    def all_shapes(self) -> list[Shape]:
        return [*self.shapes, *(g.shape() for g in self.glyphs)]
