"""Public entry points: ``render_seal`` and ``render_handdrawn`` -> :class:`RenderedSeal`."""

from __future__ import annotations

from dataclasses import dataclass, replace

import eseal.engine.art.fonts as fonts

from .errors import SealArtError
from .handdrawn import strokes_scene
from .layout import layout_seal
from .scene import Scene
from .templates import SEAL_KINDS, Template, get_template
from .text import clean_text, square_seal_text, validate_code13, validate_uscc
from .writers import parse_color, to_pdf, to_png, to_svg

SEAL_RED = "#E60012"
DPI_RANGE = (72, 2400)


@dataclass(frozen=True)
class RenderedSeal:
    """One seal face in every output form, at true physical size."""

    kind: str
    width_mm: float
    height_mm: float
    png: bytes  # transparent RGBA PNG at ``dpi`` (pHYs chunk records the dpi)
    svg: str  # width/height attributes in mm, user unit = 1 mm
    pdf: bytes  # one page, MediaBox exactly width_mm × height_mm, vector paths only (no fonts)
    dpi: int


def _check_dpi(dpi: object) -> int:
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise SealArtError(f"dpi must be an integer from {DPI_RANGE[0]} to {DPI_RANGE[1]}, got {dpi!r}")
    return dpi


PURPOSE_CHARS = (2, 8)


def _with_purpose(template: Template, purpose: str) -> Template:
    """Replace the line under the star (合同专用章 -> e.g. 人事专用章, 验证报告专用章).

    A longer line keeps the template's span: characters get a narrower pitch and width, as an
    engraver would cut them; the layout's collision checks still judge the result.
    """
    line = template.type_text
    if line is None or template.grid is not None or template.rows is not None:
        raise SealArtError(f"the {template.kind} seal ({template.shape}) has no purpose line under the star")
    text = clean_text(purpose, "purpose")
    if not PURPOSE_CHARS[0] <= len(text) <= PURPOSE_CHARS[1]:
        raise SealArtError(f"purpose text must have {PURPOSE_CHARS[0]}-{PURPOSE_CHARS[1]} characters, got {len(text)}")
    default_count = len(line.text) or len(text)
    scale = min(1.0, default_count / len(text))
    pitch = line.pitch * scale if line.pitch else 0.0
    return replace(template, label=text,
                   type_text=replace(line, text=text, char_width=line.char_width * scale, pitch=pitch))


def build_scene(kind: str, name: str, *, code: str | None = None, font: str | None = None,
                shape: str | None = None, anti_counterfeit: str | None = None,
                purpose: str | None = None) -> Scene:
    """Validate the input and lay the seal out (no rasterising): used by render_seal and the tests."""
    if kind == "handdrawn":
        raise SealArtError("a hand-drawn seal is made from strokes: use render_handdrawn")
    if kind not in SEAL_KINDS:
        raise SealArtError(f"unknown seal kind {kind!r}; choose one of: {', '.join(SEAL_KINDS)}")
    template = get_template(kind, shape)
    if purpose is not None:
        template = _with_purpose(template, purpose)
    text = clean_text(name, "name")
    credit = None
    if template.credit_line is not None:
        if code is None:
            raise SealArtError(f"the {kind} seal needs the 18-character credit code (统一社会信用代码)")
        credit = validate_uscc(code)
    elif code is not None:
        raise SealArtError(f"the {kind} seal prints no credit code; pass code only for the invoice seal")
    code13 = None
    if anti_counterfeit is not None:
        if template.code is None:
            raise SealArtError(f"the {kind} seal ({template.shape}) has no place for an anti-counterfeit code")
        code13 = validate_code13(anti_counterfeit)
    if template.grid is not None:
        text = square_seal_text(text, max_chars=template.grid.max_chars)
    if font is not None:
        if font not in fonts.FACES:
            raise SealArtError(f"unknown font {font!r}; choose one of: {', '.join(fonts.FACES)}")
        fonts.load_face(font)  # explicit choice must be installed (raises with the package name)
        primary: tuple[str, ...] = (font,)
    else:
        primary = template.fonts
    cjk_chain = fonts.chain_for(primary)
    digit_chain = fonts.chain_for(("arial",))
    return layout_seal(template, text, cjk_chain=cjk_chain, digit_chain=digit_chain,
                       code13=code13, credit=credit)


def render_scene(scene: Scene, *, color: str = SEAL_RED, dpi: int = 300) -> RenderedSeal:
    rgb = parse_color(color)
    dpi = _check_dpi(dpi)
    shapes = scene.all_shapes()  # glyph outlines placed once, written twice
    pdf = to_pdf(scene, rgb, shapes)
    return RenderedSeal(scene.kind, scene.width, scene.height, to_png(pdf, scene.width, scene.height, dpi, rgb),
                        to_svg(scene, rgb, shapes), pdf, dpi)


def render_seal(kind: str, name: str, *, code: str | None = None, font: str | None = None,
                color: str = SEAL_RED, dpi: int = 300, shape: str | None = None,
                anti_counterfeit: str | None = None, purpose: str | None = None) -> RenderedSeal:
    """Render a seal face of ``kind`` (see SEAL_KINDS) at its template's physical size.

    ``name``: the organisation name (round/oval seals, finance square) or the person's name (square
    name seals; 之印/印 is added to 2/3-character names). ``code``: the 18-character credit code,
    invoice seal only. ``anti_counterfeit``: the 13-digit 印章编码 of round seals, printed as given.
    ``font``: a font id (see ``fonts.FACES``, ``personal_fonts()``); default per template.
    ``shape``: a shape variant of the kind (e.g. "round-40", "square"); default per template.
    ``purpose``: replaces the line under the star of round special-purpose seals (e.g. 人事专用章).
    Raises SealArtError (MissingGlyphError for characters no installed font has).
    """
    parse_color(color)  # fail fast on bad presentation arguments, before any layout work
    _check_dpi(dpi)
    scene = build_scene(kind, name, code=code, font=font, shape=shape, anti_counterfeit=anti_counterfeit,
                        purpose=purpose)
    return render_scene(scene, color=color, dpi=dpi)


def render_handdrawn(strokes: list[list[dict]], *, color: str = SEAL_RED, dpi: int = 300,
                     width_mm: float | None = None) -> RenderedSeal:
    """Render a 个人手绘章 from signature-pad strokes (see :mod:`.handdrawn`), cropped to the ink."""
    parse_color(color)
    _check_dpi(dpi)
    scene = strokes_scene(strokes, width_mm=width_mm)
    return render_scene(scene, color=color, dpi=dpi)


def personal_previews(name: str, *, color: str = SEAL_RED, dpi: int = 150,
                      shape: str | None = None) -> list[tuple[fonts.FontChoice, RenderedSeal]]:
    """A 个人方章 preview in every installed font style (the "字体" picker of manual §5.1/§5.2.1)."""
    return [(choice, render_seal("personal", name, font=choice.id, color=color, dpi=dpi, shape=shape))
            for choice in fonts.personal_fonts() if choice.installed]
