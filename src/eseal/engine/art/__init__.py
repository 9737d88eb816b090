"""Seal faces (印模): every seal kind rendered from millimetre templates to PNG, SVG and PDF.

Pure library (no web, no database). Public API::

    render_seal(kind, name, *, code=None, font=None, color=SEAL_RED, dpi=300, shape=None,
                anti_counterfeit=None) -> RenderedSeal
    render_handdrawn(strokes, *, color=SEAL_RED, dpi=300, width_mm=None) -> RenderedSeal
    personal_fonts() -> list[FontChoice]
    personal_previews(name) -> list[(FontChoice, RenderedSeal)]   (one per installed style)
    SEAL_KINDS, RenderedSeal, FontChoice, SealArtError, MissingGlyphError
"""

from .errors import MissingGlyphError, SealArtError
from .fonts import FontChoice, personal_fonts, preload
from .render import SEAL_RED, RenderedSeal, personal_previews, render_handdrawn, render_seal
from .templates import SEAL_KINDS

__all__ = [
    "SEAL_KINDS",
    "SEAL_RED",
    "FontChoice",
    "MissingGlyphError",
    "RenderedSeal",
    "SealArtError",
    "personal_fonts",
    "personal_previews",
    "preload",
    "render_handdrawn",
    "render_seal",
]
