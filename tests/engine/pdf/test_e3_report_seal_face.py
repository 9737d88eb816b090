"""The report seal's Latin arc text is set at the size of the Chinese beside it (issue E3 #15): the
organisation "eseal 统一电子印章平台" drew "eseal" twice the size of the Chinese."""

from __future__ import annotations

from pathlib import Path

from eseal.engine.art import build_scene
from eseal.engine.pdf.report.seal import REPORT_TYPE_TEXT, report_seal_face

OUT = Path(__file__).resolve().parents[3] / "test-output" / "e3-report"


def _ink(glyph) -> tuple[float, float]:  # (width, height) of the glyph's ink in mm
    outline = glyph.face.outline(glyph.char)
    sx, sy, _ = glyph.ink_scale()
    return outline.width * sx, outline.height * sy


def test_latin_letters_on_the_arc_are_no_larger_than_the_chinese() -> None:
    scene = build_scene("contract", "eseal统一电子印章平台", purpose=REPORT_TYPE_TEXT)
    name = [g for g in scene.glyphs if g.role == "name"]
    latin = {g.char: _ink(g) for g in name if g.char.isascii()}
    guo = _ink(next(g for g in name if g.char == "统"))
    assert set(latin) == {"e", "s", "a", "l"}
    for ch in "esa":  # x-height letters: about half the Chinese height, never wider than it
        w, h = latin[ch]
        assert h < 0.7 * guo[1], (ch, h, guo)
        assert w < guo[0], (ch, w, guo)
    assert latin["l"][1] <= 1.02 * guo[1]  # an ascender reaches the Chinese height, not beyond
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report-seal-face.png").write_bytes(report_seal_face("eseal 统一电子印章平台").png)


def test_digits_of_the_credit_line_keep_their_own_boxes() -> None:
    scene = build_scene("invoice", "测试科技有限公司", code="91350100M000100Y43")
    credit = [g for g in scene.glyphs if g.role == "credit"]
    assert credit and all(_ink(g)[0] <= g.box.w + 1e-6 for g in credit)
