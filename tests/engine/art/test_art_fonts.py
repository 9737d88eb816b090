"""Fonts: real glyphs for rare name characters (checked against the cmap), per-character fallback,
a clear error (never a .notdef box) when no installed font has a character, and the font choices."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from eseal.engine.art import MissingGlyphError, SealArtError, personal_fonts, personal_previews, render_seal
from eseal.engine.art import fonts as art_fonts
from eseal.engine.art.render import build_scene

RARE = "堃喆昇\u4dae\U0002020c"  # 堃 喆 昇 䶮 (Ext-A) 𠈌 (U+2020C, Ext-B, outside the BMP)


def _cmap(face: art_fonts.Face) -> dict[int, str]:
    """Independent check: open the font file again with fontTools and read its cmap."""
    font = TTFont(face.path, fontNumber=face.number, lazy=True)
    try:
        return font.getBestCmap()
    finally:
        font.close()


@pytest.mark.parametrize("kind", ["legal-name", "personal"])
def test_rare_characters_render_with_real_glyphs(kind: str, out_dir) -> None:
    name = "张" + RARE[:3] if kind == "personal" else "北京" + RARE + "科技有限公司"
    scene = build_scene(kind, name)
    placed = {g.char: g for g in scene.glyphs}
    for ch in name:
        g = placed[ch]
        assert ord(ch) in _cmap(g.face), f"{ch} drawn from {g.face.id} which has no cmap entry"
        assert _cmap(g.face)[ord(ch)] != ".notdef"
        outline = g.face.outline(ch)
        assert outline is not None and outline.width > 0 and outline.height > 0
    seal = render_seal(kind, name)
    (out_dir / f"rare_{kind}.png").write_bytes(seal.png)
    assert len(seal.png) > 1000


def test_ext_b_character_outside_bmp_is_found() -> None:
    scene = build_scene("legal-name", "\U0002020c记商贸有限公司")
    g = scene.glyphs[0]
    assert g.char == "\U0002020c"
    assert 0x2020C in _cmap(g.face)


def test_fallback_per_character_keeps_the_chosen_font_for_the_rest() -> None:
    """FandolFang (仿宋) covers GB2312 only: 喆 falls back, 张 and 印 stay in 仿宋."""
    scene = build_scene("personal", "张喆", font="fangsong")
    faces = {g.char: g.face.id for g in scene.glyphs}
    assert faces["张"] == "fangsong" and faces["印"] == "fangsong"
    assert faces["喆"] != "fangsong"
    assert 0x5586 not in _cmap(art_fonts.load_face("fangsong"))


def test_missing_glyph_with_restricted_font_chain(monkeypatch) -> None:
    """With the fallback chain cut to 仿宋 only, the rare characters cannot be drawn: clear error."""
    monkeypatch.setattr(art_fonts, "FALLBACK_IDS", ())
    with pytest.raises(MissingGlyphError) as info:
        render_seal("personal", "张堃喆", font="fangsong")
    assert info.value.characters == ["堃", "喆"]
    assert "U+5803" in str(info.value) and "堃" in str(info.value)
    assert isinstance(info.value, SealArtError)


def test_character_no_font_has_is_refused() -> None:
    """A private-use code point has no meaningful glyph anywhere: error listing it, no tofu."""
    with pytest.raises(MissingGlyphError) as info:
        render_seal("legal-name", "北京\ue000\ue001科技有限公司")
    assert info.value.characters == ["\ue000", "\ue001"]
    assert "U+E000" in str(info.value)


def test_missing_glyph_reported_even_when_name_is_also_too_long() -> None:
    with pytest.raises(MissingGlyphError):
        render_seal("legal-name", "\ue000" * 30)


def test_personal_font_choices() -> None:
    choices = personal_fonts()
    installed = [c for c in choices if c.installed]
    assert len(installed) >= 4
    labels = {c.label for c in installed}
    assert {"宋体", "楷体", "仿宋", "黑体"} <= labels
    assert len({c.id for c in choices}) == len(choices)
    for c in installed:
        assert c.path and c.path.endswith((".ttf", ".otf", ".ttc"))


def test_each_personal_font_renders_a_distinct_preview(out_dir) -> None:
    pngs = {}
    for choice in personal_fonts():
        if not choice.installed:
            continue
        seal = render_seal("personal", "欧阳明", font=choice.id)
        scene = build_scene("personal", "欧阳明", font=choice.id)
        assert {g.face.id for g in scene.glyphs} == {choice.id}
        (out_dir / f"personal_{choice.id}.png").write_bytes(seal.png)
        pngs[choice.id] = seal.png
    assert len(set(pngs.values())) == len(pngs)  # every style looks different


def test_unknown_or_missing_font_is_a_clear_error(monkeypatch) -> None:
    with pytest.raises(SealArtError, match="unknown font 'comic'"):
        render_seal("personal", "张三", font="comic")
    monkeypatch.setattr(art_fonts, "locate", lambda face_id: None)
    monkeypatch.setattr(art_fonts, "_faces", {})
    with pytest.raises(SealArtError, match="not installed"):
        render_seal("personal", "张三", font="kai")


def test_invoice_uses_fangsong_and_arial_like_digits() -> None:
    scene = build_scene("invoice", "北京星河数智科技有限公司", code="91350100M000100Y43")
    assert {g.face.id for g in scene.glyphs if g.role in ("name", "type")} == {"fangsong"}
    digits = {g.face.spec.family for g in scene.glyphs if g.role == "credit"}
    assert digits == {"Liberation Sans"}


def test_personal_previews_one_per_installed_style() -> None:
    previews = personal_previews("张三")
    assert [c.id for c, _ in previews] == [c.id for c in personal_fonts() if c.installed]
    assert all(seal.kind == "personal" and seal.dpi == 150 for _, seal in previews)
