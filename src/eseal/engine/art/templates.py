"""Seal templates: the millimetre geometry of each seal kind, loaded from ``templates.json``.

Geometry is data, not code, because it varies by province and engraver: a regional variant is a
JSON edit. The loader resolves ``extends`` (copy another entry, override keys) and turns each entry
into frozen dataclasses so the layout code reads named fields.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .errors import SealArtError

SEAL_KINDS: tuple[str, ...] = ("legal-name", "contract", "finance", "invoice", "legal-rep", "personal", "handdrawn")


@dataclass(frozen=True)
class StarSpec:
    diameter: float  # circumscribed circle
    center_y: float = 0.0


@dataclass(frozen=True)
class ArcSpec:
    """Text on the upper arc: glyph tops face the border, spaced at the glyphs' inner edge."""

    height: float  # nominal glyph height (reference box 国)
    height_min: float  # long names may shrink the height down to this
    gap: float  # from the inner edge of the border to the top of the text
    span_min: float  # degrees: short names spread their gaps up to this span
    span_max: float
    aspect_max: float  # width/height of a glyph box for short names
    aspect_min: float  # below this, reduce height first
    aspect_floor: float  # narrowest glyph allowed at height_min, else the name is too long
    spacing: float  # preferred gap between glyphs, as a fraction of the height
    letter_gap: float  # smallest gap between glyph boxes, mm
    max_chars: int
    aspect_wide: float = 0.0  # short names spread to span_min may widen glyphs up to this (0 = aspect_max)


@dataclass(frozen=True)
class LineSpec:
    """A horizontal line of text (type text such as 合同专用章, or the invoice credit code)."""

    height: float
    char_width: float
    text: str = ""
    pitch: float = 0.0  # centre-to-centre distance; 0 = total_width / count
    total_width: float = 0.0
    top: float | None = None  # y of the top of the line (below the centre is positive)
    center_y: float | None = None


@dataclass(frozen=True)
class CodeSpec:
    """The 13-digit anti-counterfeit code (印章编码) along the lower edge, tops towards the centre."""

    height: float
    char_width: float
    pitch: float  # along the arc at the glyph centres
    inset: float  # from the inner edge of the border


@dataclass(frozen=True)
class GridSpec:
    """个人方章 / 法定代表人章: characters in columns read right to left, top to bottom."""

    padding: float  # between the frame and the cells
    cell_gap: float
    fill: float  # reference box as a fraction of the cell
    max_chars: int


@dataclass(frozen=True)
class RowsSpec:
    """Square 财务专用章: the name in horizontal rows, then the type text as the last row."""

    type_text: str
    padding: float
    row_gap: float
    letter_gap: float
    fill: float
    max_per_row: int
    max_chars: int
    min_cell: float  # smallest glyph cell side (mm) before the name counts as too long


@dataclass(frozen=True)
class StrokesSpec:
    height: float  # target ink height of a hand-drawn seal, mm
    max_width: float
    padding: float
    pen_min: float  # stroke width range, mm
    pen_max: float
    min_points: int
    min_extent: float  # mm: ink smaller than this in both directions is a dot, not a signature


@dataclass(frozen=True)
class Template:
    kind: str
    shape: str
    label: str
    outline: str  # "ellipse" | "rect" | "none"
    width: float
    height: float
    border: float
    fonts: tuple[str, ...] = ("song",)
    star: StarSpec | None = None
    name: ArcSpec | None = None
    code: CodeSpec | None = None
    type_text: LineSpec | None = None
    credit_line: LineSpec | None = None
    grid: GridSpec | None = None
    rows: RowsSpec | None = None
    strokes: StrokesSpec | None = None

    @property
    def inner_rx(self) -> float:
        return self.width / 2 - self.border

    @property
    def inner_ry(self) -> float:
        return self.height / 2 - self.border


_SECTIONS = {
    "star": StarSpec, "name": ArcSpec, "code": CodeSpec, "type_text": LineSpec,
    "credit_line": LineSpec, "grid": GridSpec, "rows": RowsSpec, "strokes": StrokesSpec,
}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@cache
def _raw() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("templates.json").read_text(encoding="utf-8")
    return json.loads(text)


def _resolved(kind: str, shape: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    key = f"{kind}/{shape}"
    if key in seen:
        raise ValueError(f"templates.json: 'extends' cycle at {key}")
    entry = _raw()[kind]["shapes"][shape]
    parent = entry.get("extends")
    if parent:
        pkind, pshape = parent.split("/")
        base = _resolved(pkind, pshape, (*seen, key))
        entry = _merge(base, {k: v for k, v in entry.items() if k != "extends"})
    return entry


def shapes(kind: str) -> tuple[str, ...]:
    _check_kind(kind)
    return tuple(_raw()[kind]["shapes"])


def default_shape(kind: str) -> str:
    _check_kind(kind)
    return str(_raw()[kind]["default"])


def _check_kind(kind: str) -> None:
    if kind not in SEAL_KINDS:
        raise SealArtError(f"unknown seal kind {kind!r}; choose one of: {', '.join(SEAL_KINDS)}")


@cache
def get_template(kind: str, shape: str | None = None) -> Template:
    """The template of a seal kind in a shape variant (None = the kind's default shape)."""
    _check_kind(kind)
    shape = shape or default_shape(kind)
    if shape not in _raw()[kind]["shapes"]:
        raise SealArtError(f"seal kind {kind!r} has no shape {shape!r}; choose one of: "
                           f"{', '.join(shapes(kind))}")
    data = _resolved(kind, shape)
    fields: dict[str, Any] = {
        "kind": kind, "shape": shape, "label": _raw()[kind]["label"],
        "outline": data["outline"], "width": float(data["width"]), "height": float(data["height"]),
        "border": float(data["border"]), "fonts": tuple(data.get("fonts", ("song",))),
    }
    for key, cls in _SECTIONS.items():
        if key in data:
            fields[key] = cls(**data[key])
    return Template(**fields)
