"""Seal faces (印模): every seal kind rendered from millimetre templates to PNG, SVG and PDF.

Pure library (no web, no database). Public API::

    render_seal(kind, name, *, code=None, font=None, color=SEAL_RED, dpi=300, shape=None,
                anti_counterfeit=None) -> RenderedSeal
    render_handdrawn(strokes, *, color=SEAL_RED, dpi=300, width_mm=None) -> RenderedSeal
    personal_fonts() -> list[FontChoice]
    personal_previews(name) -> list[(FontChoice, RenderedSeal)]   (one per installed style)
    SEAL_KINDS, RenderedSeal, FontChoice, SealArtError, MissingGlyphError

Lower level, for benchmarks and tools: build_scene / strokes_scene (the millimetre scene) and the writers
to_png / to_svg / to_pdf, parse_color.
"""

from .errors import MissingGlyphError, SealArtError
from .fonts import FontChoice, personal_fonts, preload
from .handdrawn import strokes_scene
from .render import SEAL_RED, RenderedSeal, build_scene, personal_previews, render_handdrawn, render_seal
from .templates import SEAL_KINDS
from .writers import parse_color, to_pdf, to_png, to_svg

__all__ = [
    "SEAL_KINDS",
    "SEAL_RED",
    "FontChoice",
    "MissingGlyphError",
    "RenderedSeal",
    "SealArtError",
    "build_scene",
    "parse_color",
    "personal_fonts",
    "personal_previews",
    "preload",
    "render_handdrawn",
    "render_seal",
    "strokes_scene",
    "to_pdf",
    "to_png",
    "to_svg",
]
