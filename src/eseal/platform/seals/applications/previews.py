"""Previews while applying: a 个人方章 in each font, a 个人手绘章 from the drawn strokes (PNG, engine/art)."""

from __future__ import annotations

from eseal.engine.art import SealArtError, render_handdrawn, render_seal
from eseal.platform.accounts import Actor
from eseal.platform.core import PlatformError
from eseal.platform.seals.kinds import normalize_font

PREVIEW_DPI = 150


def font_preview(*, actor: Actor, font: str) -> bytes:
    """The acting person's name as a 个人方章 in ``font`` (song|kai|fangsong|hei|gukai)."""
    owner = actor.acting_as if actor.acting_as is not None else actor.user  # acting for an enterprise: refused
    if owner.is_enterprise or not owner.person_name:
        raise PlatformError("realname_required", "请先完成实名认证", "font")
    try:
        return render_seal("personal", owner.person_name, font=normalize_font(font), dpi=PREVIEW_DPI).png
    except SealArtError as exc:
        raise PlatformError("seal.face_invalid", "无法用该字体生成印章", "font") from exc


def handdrawn_preview(*, actor: Actor, strokes: object) -> bytes:
    """The strokes cleaned and cropped by the engine's hand-drawn renderer."""
    actor.user  # noqa: B018 - login required
    try:
        return render_handdrawn(strokes, dpi=PREVIEW_DPI).png  # type: ignore[arg-type]
    except SealArtError as exc:
        raise PlatformError("seal_application.bad_strokes", "手绘印章内容无效，请重新绘制", "strokes") from exc
