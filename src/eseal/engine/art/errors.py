"""Errors of the seal-face renderer.

Every bad input raises :class:`SealArtError` (a ``ValueError``, stable ``code`` "art.input") whose message
names the problem, so
callers (CLI, web forms) can show it verbatim. Missing glyphs get their own subclass because the
platform reacts differently: it can offer another font or ask for an approved name variant.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["MissingGlyphError", "SealArtError"]


class SealArtError(ValueError):
    """A seal face cannot be rendered from the given input (the message says why). Base of the package."""

    code: ClassVar[str] = "art.input"


class MissingGlyphError(SealArtError):
    """No installed font in the fallback chain has a real glyph for some characters.

    ``characters`` lists them in order of first appearance, without duplicates. We never draw a
    ``.notdef`` box ("tofu") on a seal: a seal with a wrong character is worse than no seal.
    """

    code: ClassVar[str] = "art.missing_glyph"

    def __init__(self, characters: list[str] | str, fonts: list[str] | None = None) -> None:
        seen: list[str] = []
        for ch in characters:
            if ch not in seen:
                seen.append(ch)
        self.characters: list[str] = seen
        self.fonts: list[str] = list(fonts or [])
        listed = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in seen)
        where = f" in fonts {', '.join(self.fonts)}" if self.fonts else ""
        super().__init__(f"no installed font has a glyph for: {listed}{where}")
