"""Fonts for seal faces: a small registry of Debian-packaged faces, located at run time, loaded once.

Why fontTools and not a rasteriser: every output (PNG, SVG, PDF) is drawn from the same glyph
*outlines*, so the vector seal needs no embedded font (no licensing or re-typing issues) and the PNG
is the exact rasterisation of the vector. Glyph lookup is per character through a fallback chain;
a character that no face has raises :class:`MissingGlyphError` instead of drawing ``.notdef``.

Faces are looked up by file name in the usual font directories (plus ``ESEAL_FONT_DIRS``,
``os.pathsep``-separated), so a font installed elsewhere by the set-up is still found.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont

from .errors import MissingGlyphError, SealArtError

# A path command in font units: ("M", x, y) | ("L", x, y) | ("C", x1, y1, x2, y2, x3, y3) | ("Z",)
Command = tuple


@dataclass(frozen=True)
class FaceSpec:
    """A font face we know how to find: where Debian puts it and how to use it on a seal."""

    id: str
    label: str  # Chinese style name shown to users (宋体, 楷体 …)
    family: str
    files: tuple[tuple[str, int], ...]  # (file name, TTC face index) in order of preference
    package: str  # Debian package (or set-up script) that provides it
    embolden: float = 0.0  # extra stroke on each side, as a fraction of the glyph height (thin designs)
    personal: bool = False  # offered as a 个人方章 style


# Order matters twice: PERSONAL_ORDER is the order users see; FALLBACK_IDS is the glyph fallback chain.
FACES: dict[str, FaceSpec] = {
    spec.id: spec
    for spec in (
        FaceSpec("song", "宋体", "Noto Serif CJK SC Bold",
                 (("NotoSerifCJK-Bold.ttc", 2), ("NotoSerifCJKsc-Bold.otf", 0)), "fonts-noto-cjk", personal=True),
        FaceSpec("hei", "黑体", "Noto Sans CJK SC Bold",
                 (("NotoSansCJK-Bold.ttc", 2), ("NotoSansCJKsc-Bold.otf", 0)), "fonts-noto-cjk", personal=True),
        FaceSpec("kai", "楷体", "LXGW WenKai Bold",
                 (("LXGWWenKai-Bold.ttf", 0),), "fonts-lxgw-wenkai", personal=True),
        FaceSpec("fangsong", "仿宋", "FandolFang Regular",
                 (("FandolFang-Regular.otf", 0),), "texlive-lang-chinese (scripts/install-seal-fonts.sh)",
                 embolden=0.02, personal=True),
        FaceSpec("ukai", "古典楷体", "AR PL UKai CN",
                 (("ukai.ttc", 0),), "fonts-arphic-ukai", embolden=0.02, personal=True),
        FaceSpec("ming", "明体", "AR PL UMing CN", (("uming.ttc", 0),), "fonts-arphic-uming", embolden=0.012),
        FaceSpec("zenhei", "文泉驿正黑", "WenQuanYi Zen Hei", (("wqy-zenhei.ttc", 0),), "fonts-wqy-zenhei"),
        FaceSpec("arial", "Arial 体", "Liberation Sans",
                 (("LiberationSans-Regular.ttf", 0), ("DejaVuSansCondensed.ttf", 0), ("DejaVuSans.ttf", 0)),
                 "fonts-liberation2"),
    )
}
PERSONAL_ORDER: tuple[str, ...] = ("song", "kai", "fangsong", "hei", "ukai")
# Per-character fallback after the requested face: Noto covers ~30k hanzi incl. Ext-B name characters.
FALLBACK_IDS: tuple[str, ...] = ("song", "hei", "ukai", "ming", "zenhei")

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)


@dataclass(frozen=True)
class FontChoice:
    """One font style a user can pick for a 个人方章 (and the preview the platform renders with it)."""

    id: str
    label: str
    family: str
    installed: bool
    path: str | None
    package: str


@cache
def _font_index() -> dict[str, str]:
    """File name -> first path found, over the font directories (walked once per process)."""
    dirs = [d for d in os.environ.get("ESEAL_FONT_DIRS", "").split(os.pathsep) if d]
    dirs += list(_FONT_DIRS)
    found: dict[str, str] = {}
    for d in dirs:
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for dirpath, _dirnames, filenames in os.walk(root):
            for name in filenames:
                found.setdefault(name, os.path.join(dirpath, name))
    return found


def locate(face_id: str) -> tuple[str, int] | None:
    """(path, TTC index) of an installed face, or None."""
    spec = FACES.get(face_id)
    if spec is None:
        return None
    index = _font_index()
    for name, number in spec.files:
        if name in index:
            return index[name], number
    return None


def personal_fonts() -> list[FontChoice]:
    """The font styles offered for 个人方章 (manual §5.1 "字体"), installed or not."""
    out = []
    for fid in PERSONAL_ORDER:
        spec = FACES[fid]
        where = locate(fid)
        out.append(FontChoice(fid, spec.label, spec.family, where is not None,
                              where[0] if where else None, spec.package))
    return out


def font_ids() -> tuple[str, ...]:
    return tuple(FACES)


class _CubicPen(BasePen):
    """Records an outline with quadratic segments raised to cubics (PDF has no quadratic curves)."""

    def __init__(self, glyphset) -> None:
        super().__init__(glyphset)
        self.commands: list[Command] = []

    def _moveTo(self, pt):
        self.commands.append(("M", *pt))

    def _lineTo(self, pt):
        self.commands.append(("L", *pt))

    def _curveToOne(self, p1, p2, p3):
        self.commands.append(("C", *p1, *p2, *p3))

    def _qCurveToOne(self, p1, p2):
        p0 = self._getCurrentPoint()
        c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
        c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
        self.commands.append(("C", *c1, *c2, *p2))

    def _closePath(self):
        self.commands.append(("Z",))

    def _endPath(self):
        self.commands.append(("Z",))


@dataclass(frozen=True)
class Outline:
    """A glyph outline in font units (y up) with its ink box."""

    commands: tuple[Command, ...]
    bounds: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]


@dataclass
class Face:
    """A loaded face: cmap plus a cache of outlines (fontTools objects are not thread-safe: lock)."""

    spec: FaceSpec
    path: str
    number: int
    font: TTFont
    cmap: dict[int, str]
    upem: int
    _outlines: dict[str, Outline | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def id(self) -> str:
        return self.spec.id

    def has_glyph(self, ch: str) -> bool:
        return self.outline(ch) is not None

    def outline(self, ch: str) -> Outline | None:
        """The character's outline, or None if the face has no real (non-empty) glyph for it."""
        try:
            return self._outlines[ch]
        except KeyError:
            pass
        with self._lock:
            result = self._load_outline(ch)
            self._outlines[ch] = result
        return result

    def _load_outline(self, ch: str) -> Outline | None:
        if unicodedata.category(ch) == "Co":
            return None  # private-use code points mean different things in every font
        name = self.cmap.get(ord(ch))
        if name is None or name == ".notdef":
            return None
        glyphset = self.font.getGlyphSet()
        pen = _CubicPen(glyphset)
        glyphset[name].draw(pen)
        points = [c[i:i + 2] for c in pen.commands for i in range(1, len(c), 2)]
        if not points:
            return None  # mapped to an empty glyph: as bad as .notdef on a seal
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        # Control points bound the curve; for ink-box fitting the hull is precise enough (<1%).
        from fontTools.pens.boundsPen import BoundsPen

        bp = BoundsPen(glyphset)
        glyphset[name].draw(bp)
        bounds = bp.bounds or (min(xs), min(ys), max(xs), max(ys))
        return Outline(tuple(pen.commands), tuple(float(v) for v in bounds))  # type: ignore[arg-type]

    def reference(self, ch: str) -> Outline:
        """Ink box used as the nominal glyph size: 国 for CJK text, 0 for Latin letters and digits.

        Mapping the *reference* box (not each glyph's own box) onto the layout cell keeps 一 thin and
        国 full, as an engraver does; regulation glyph heights ("字高 4.2 mm") mean this box.
        """
        ref = "0" if ch.isascii() and ch.isalnum() else "国"  # punctuation such as · sits in the CJK box
        out = self.outline(ref)
        if out is None:
            fallback = self.outline(ch)
            assert fallback is not None
            return fallback
        return out


_faces: dict[str, Face] = {}
_faces_lock = threading.Lock()


def load_face(face_id: str) -> Face:
    """Load (once per process) and return an installed face; SealArtError if unknown or missing."""
    face = _faces.get(face_id)
    if face is not None:
        return face
    spec = FACES.get(face_id)
    if spec is None:
        raise SealArtError(f"unknown font {face_id!r}; choose one of: {', '.join(FACES)}")
    where = locate(face_id)
    if where is None:
        raise SealArtError(f"font {face_id!r} ({spec.label}, {spec.family}) is not installed; "
                           f"install {spec.package}")
    with _faces_lock:
        face = _faces.get(face_id)
        if face is None:
            path, number = where
            font = TTFont(path, fontNumber=number, lazy=True) if path.lower().endswith((".ttc", ".otc")) \
                else TTFont(path, lazy=True)
            cmap = font.getBestCmap() or {}
            face = Face(spec, path, number, font, cmap, int(font["head"].unitsPerEm))
            _faces[face_id] = face
    return face


def installed(face_id: str) -> bool:
    return locate(face_id) is not None


def chain_for(primary: Iterable[str]) -> list[Face]:
    """The faces to try per character: the requested ones that are installed, then the fallbacks."""
    ids: list[str] = []
    for fid in [*primary, *FALLBACK_IDS]:
        if fid not in ids and installed(fid):
            ids.append(fid)
    return [load_face(fid) for fid in ids]


def resolve(text: str, chain: list[Face]) -> list[tuple[str, Face]]:
    """Pick a face per character (first in the chain with a real glyph); raise for the rest."""
    out: list[tuple[str, Face]] = []
    missing: list[str] = []
    for ch in text:
        face = next((f for f in chain if f.has_glyph(ch)), None)
        if face is None:
            missing.append(ch)
        else:
            out.append((ch, face))
    if missing:
        raise MissingGlyphError(missing, [f.spec.family for f in chain])
    return out


def preload(face_ids: Iterable[str] = ("song", "arial")) -> None:
    """Load faces ahead of the first request (a web worker calls this at start-up)."""
    for fid in face_ids:
        if installed(fid):
            load_face(fid).outline("国")
