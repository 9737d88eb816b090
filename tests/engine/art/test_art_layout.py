"""Geometric invariants of every template for name lengths 1–25 (not snapshots).

For each layout that is accepted: every glyph box and every glyph's real ink box lies inside the
inner edge of the border; no two glyph boxes overlap; no glyph touches the star. Lengths a template
cannot take must be refused with a clear SealArtError, never drawn overlapping. Names on an arc
(round/oval seals) need 2–25 characters: a 1-character arc name is refused as too short.
"""

from __future__ import annotations

import itertools

import pytest

from eseal.engine.art.errors import SealArtError
from eseal.engine.art.geometry import Box, inside_ellipse, inside_rect
from eseal.engine.art.render import build_scene
from eseal.engine.art.templates import SEAL_KINDS, get_template, shapes

POOL = "北京星河数智科技有限公司广西壮族自治区南宁市青秀区民族大道"
CREDIT = "91350100M000100Y43"
CODE13 = "4501030012345"
TEMPLATES = [(k, s) for k in SEAL_KINDS if k != "handdrawn" for s in shapes(k)]
# The longest name each template must accept (the issue: 2–25 for names on arcs; square name seals
# hold a person's name, up to 6 characters; the square 财务专用章 takes long company names).
MUST_FIT = {"legal-rep": 6, "personal": 6}


def _kwargs(kind: str, shape: str) -> dict:
    t = get_template(kind, shape)
    kw: dict = {"shape": shape}
    if t.credit_line is not None:
        kw["code"] = CREDIT
    if t.code is not None:
        kw["anti_counterfeit"] = CODE13
    return kw


def _inside(t, point, margin=0.0) -> bool:
    if t.outline == "ellipse":
        return inside_ellipse(point, t.inner_rx, t.inner_ry, margin)
    return inside_rect(point, t.width / 2 - t.border, t.height / 2 - t.border, margin)


@pytest.mark.parametrize(("kind", "shape"), TEMPLATES)
def test_every_length_lays_out_inside_border_without_overlaps(kind: str, shape: str) -> None:
    t = get_template(kind, shape)
    must_fit = MUST_FIT.get(kind, 25)
    on_arc = t.name is not None
    for n in range(1, 26):
        name = POOL[:n]
        try:
            scene = build_scene(kind, name, **_kwargs(kind, shape))
        except SealArtError as exc:
            if n == 1:
                assert "too short" in str(exc), exc
                assert not on_arc or "2-25" in str(exc), exc
                continue
            assert n > must_fit, f"{kind}/{shape} refused a {n}-character name: {exc}"
            assert "too long" in str(exc)
            continue
        assert not (n == 1 and on_arc), f"{kind}/{shape} accepted a 1-character name on an arc"
        glyphs = scene.glyphs
        assert glyphs, f"{kind}/{shape} n={n}: nothing laid out"
        for g in glyphs:
            for corner in g.box.corners():
                assert _inside(t, corner), f"{kind}/{shape} n={n}: box of {g.char} crosses the border"
            for corner in g.ink_corners():
                assert _inside(t, corner), f"{kind}/{shape} n={n}: ink of {g.char} crosses the border"
        for p, q in itertools.combinations(glyphs, 2):
            assert not p.box.overlaps(q.box), f"{kind}/{shape} n={n}: {p.char} overlaps {q.char}"
        for g, star in itertools.product(glyphs, scene.obstacles):
            assert not g.box.overlaps(star), f"{kind}/{shape} n={n}: {g.char} touches the star"
        names = [g for g in glyphs if g.role in ("name", "grid")]
        assert "".join(g.char for g in names).startswith(name[:2])


@pytest.mark.parametrize(("kind", "shape"), [ks for ks in TEMPLATES if get_template(*ks).name is not None])
def test_arc_names_are_evenly_spaced_and_symmetric(kind: str, shape: str) -> None:
    for n in (2, 5, 12, 25):
        scene = build_scene(kind, POOL[:n], **_kwargs(kind, shape))
        arc = [g.box for g in scene.glyphs if g.role == "name"]
        assert len(arc) == n
        # left to right, symmetric about the vertical axis, same box for every character
        assert arc[0].cx < 0 < arc[-1].cx
        for a, b in zip(arc, reversed(arc), strict=True):
            assert a.cx == pytest.approx(-b.cx, abs=0.02)
            assert a.cy == pytest.approx(b.cy, abs=0.02)
        assert len({(round(b.w, 6), round(b.h, 6)) for b in arc}) == 1
        if t_is_circle(kind, shape):
            angles = [b.rot for b in arc]
            steps = [y - x for x, y in itertools.pairwise(angles)]
            assert max(steps) - min(steps) < 0.5  # evenly spaced (degrees)


def t_is_circle(kind: str, shape: str) -> bool:
    t = get_template(kind, shape)
    return t.width == t.height


def test_long_names_get_narrower_glyphs_like_an_engraver() -> None:
    widths = [next(g.box for g in build_scene("legal-name", POOL[:n]).glyphs).w for n in (8, 14, 20, 25)]
    assert widths == sorted(widths, reverse=True)
    short = next(g.box for g in build_scene("legal-name", POOL[:8]).glyphs)
    assert short.h == pytest.approx(6.5)  # regulation height kept for ordinary names
    assert 0.7 <= short.w / short.h <= 0.9


def test_name_too_long_for_round_seal_is_refused() -> None:
    with pytest.raises(SealArtError, match="too long"):
        build_scene("legal-name", (POOL * 2)[:26])


def test_code_reads_left_to_right_along_the_bottom() -> None:
    scene = build_scene("contract", POOL[:12], anti_counterfeit=CODE13)
    code = [g for g in scene.glyphs if g.role == "code"]
    assert "".join(g.char for g in code) == CODE13
    xs = [g.box.cx for g in code]
    assert xs == sorted(xs)
    assert all(g.box.cy > 15 for g in code)  # at the bottom edge of a Ø40 seal
    mid = code[len(code) // 2].box
    assert abs(mid.rot) < 1 or abs(mid.rot - 360) < 1  # upright at the bottom: tops toward the centre


def test_invoice_geometry_follows_the_tax_bureau_rule() -> None:
    scene = build_scene("invoice", POOL[:12], code=CREDIT)
    t = get_template("invoice")
    assert (t.width, t.height, t.border) == (40, 30, 1)
    credit = [g.box for g in scene.glyphs if g.role == "credit"]
    assert len(credit) == 18
    span = credit[-1].cx + credit[-1].w / 2 - (credit[0].cx - credit[0].w / 2)
    assert span == pytest.approx(26.0, abs=0.01)
    assert all(b.h == pytest.approx(3.7) and b.w == pytest.approx(1.3) for b in credit)
    typ = [g.box for g in scene.glyphs if g.role == "type"]
    assert "".join(g.char for g in scene.glyphs if g.role == "type") == "发票专用章"
    assert typ[0].cy - typ[0].h / 2 == pytest.approx(4.2)  # top 4.2 mm below the centre line
    name = [g.box for g in scene.glyphs if g.role == "name"]
    assert name[0].h == pytest.approx(4.2)
    # top of the name text 0.5 mm inside the inner border at the top of the arc (odd count: one on top)
    name = [g.box for g in build_scene("invoice", POOL[:11], code=CREDIT).glyphs if g.role == "name"]
    top = name[5]
    assert top.rot == pytest.approx(0, abs=1e-6)
    assert top.cy - top.h / 2 == pytest.approx(-(15 - 1 - 0.5), abs=0.1)


def test_square_name_seal_reads_right_column_first() -> None:
    scene = build_scene("personal", "欧阳明")
    cells = [(g.char, g.box) for g in scene.glyphs]
    assert "".join(c for c, _ in cells) == "欧阳明印"
    right = [b for c, b in cells if c in "欧阳"]
    left = [b for c, b in cells if c in "明印"]
    assert all(r.cx > 0 for r in right) and all(b.cx < 0 for b in left)
    assert right[0].cy < right[1].cy and left[0].cy < left[1].cy


@pytest.mark.parametrize(("name", "worded"), [("张三", "张三之印"), ("欧阳明", "欧阳明印"), ("王建国", "王建国印"),
                                              ("欧阳明月", "欧阳明月"), ("买买提江", "买买提江")])
def test_square_seal_wording(name: str, worded: str) -> None:
    for kind in ("personal", "legal-rep"):
        assert "".join(g.char for g in build_scene(kind, name).glyphs) == worded


def test_box_overlap_helper_detects_rotated_contact() -> None:
    a = Box(0, 0, 2, 2, 45)
    assert a.overlaps(Box(2.0, 0, 2, 2, 45))
    assert not a.overlaps(Box(2.9, 0, 2, 2, 45))
    assert not Box(0, 0, 1, 1).overlaps(Box(1.01, 0, 1, 1))


def test_short_names_spread_and_widen_their_glyphs() -> None:
    """A 5-character name is spread over the minimum span with wider (扁) glyphs, not holes."""
    boxes = [g.box for g in build_scene("legal-name", "桂林米粉店").glyphs if g.role == "name"]
    t = get_template("legal-name")
    assert boxes[0].w / boxes[0].h > t.name.aspect_max
    assert boxes[0].w / boxes[0].h <= t.name.aspect_wide + 1e-9
    span = boxes[-1].rot - boxes[0].rot
    assert span == pytest.approx(t.name.span_min, abs=0.5)


@pytest.mark.parametrize("purpose", ["人事", "人事专用章", "验证报告专用章", "电子政务业务专用章"[:8]])
@pytest.mark.parametrize("n", [4, 12, 20])
def test_purpose_line_fits_without_overlaps(purpose: str, n: int) -> None:
    t = get_template("contract")
    scene = build_scene("contract", POOL[:n], purpose=purpose)
    line = [g for g in scene.glyphs if g.role not in ("name", "grid", "code")]
    assert "".join(g.char for g in line) == purpose
    for g in scene.glyphs:
        for corner in g.ink_corners():
            assert _inside(t, corner)
    for p, q in itertools.combinations(scene.glyphs, 2):
        assert not p.box.overlaps(q.box), f"{p.char} overlaps {q.char}"
    for g, star in itertools.product(scene.glyphs, scene.obstacles):
        assert not g.box.overlaps(star)


def test_purpose_is_refused_where_there_is_no_line() -> None:
    with pytest.raises(SealArtError, match="no purpose line"):
        build_scene("personal", "张三", purpose="人事专用章")
    with pytest.raises(SealArtError, match="2-8 characters"):
        build_scene("contract", "某某公司", purpose="一二三四五六七八九")
