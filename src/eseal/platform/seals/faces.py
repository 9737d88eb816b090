"""The face (印模) of a seal, rendered by the art engine: a 300 dpi PNG and the same face as a vector PDF."""

from __future__ import annotations

from typing import Any

from eseal.engine.art import RenderedSeal, SealArtError, render_handdrawn, render_seal
from eseal.platform.core import PlatformError
from eseal.platform.seals.kinds import SealKind


def normalize_strokes(strokes: Any) -> list[list[dict[str, float]]]:
    """Strokes as the art engine reads them: points ``[x, y(, pressure)]`` (S1b's stored form) or objects
    ``{"x", "y"(, "pressure")}`` (signature_pad) become objects."""
    if not isinstance(strokes, list | tuple):
        raise PlatformError("seal.invalid_strokes", "请先手绘签名", "strokes")
    out: list[list[dict[str, float]]] = []
    for stroke in strokes:
        if isinstance(stroke, dict) and isinstance(stroke.get("points"), list):
            stroke = stroke["points"]
        if not isinstance(stroke, list | tuple):
            raise PlatformError("seal.invalid_strokes", "手绘签名数据不正确", "strokes")
        points = []
        for pt in stroke:
            if isinstance(pt, list | tuple) and len(pt) in (2, 3):
                point = {"x": pt[0], "y": pt[1]}
                if len(pt) == 3:
                    point["pressure"] = pt[2]
                points.append(point)
            elif isinstance(pt, dict):
                points.append(pt)
            else:
                raise PlatformError("seal.invalid_strokes", "手绘签名数据不正确", "strokes")
        out.append(points)
    return out


def render_face(kind: SealKind, name: str, *, credit_code: str | None = None, font: str | None = None,
                strokes: Any = None) -> RenderedSeal:
    """Render the face of ``kind`` for ``name`` (the enterprise, the legal representative or the person);
    bad input (a name too long for the seal, a character no font has, unusable strokes) → ``seal.face_invalid``."""
    try:
        if kind.art_kind == "handdrawn":
            return render_handdrawn(normalize_strokes(strokes))
        code = credit_code if kind.art_kind == "invoice" else None
        return render_seal(kind.art_kind, name, code=code, font=font if kind.art_kind == "personal" else None)
    except SealArtError as exc:
        field = "strokes" if kind.art_kind == "handdrawn" else "name"
        raise PlatformError("seal.face_invalid", "无法生成印章图案，请检查名称或手绘内容", field) from exc
