"""个人手绘章 from signature-pad strokes: rejected when empty or a dot, cropped and transparent otherwise."""

from __future__ import annotations

import copy

import pytest
from art_helpers import png_image

from eseal.engine.art import SealArtError, render_handdrawn
from eseal.engine.art.handdrawn import strokes_scene


def test_empty_strokes_are_rejected() -> None:
    with pytest.raises(SealArtError, match="no strokes"):
        render_handdrawn([])
    with pytest.raises(SealArtError, match="no points"):
        render_handdrawn([[], []])


def test_single_dot_is_rejected() -> None:
    with pytest.raises(SealArtError, match="single dot"):
        render_handdrawn([[{"x": 10, "y": 10}]])
    with pytest.raises(SealArtError, match="single dot"):
        render_handdrawn([[{"x": 10, "y": 10, "t": 0}, {"x": 11.5, "y": 10.8, "t": 16}]])


@pytest.mark.parametrize(
    ("strokes", "message"),
    [
        ("not a list", "must be a list"),
        ([{"x": 1, "y": 2}], "stroke 1 must be a list"),
        ([[{"x": 1}]], "stroke 1 point 1 has no x/y"),
        ([[{"x": "a", "y": 2}, {"x": 30, "y": 2}]], "x must be a finite number"),
        ([[{"x": float("nan"), "y": 2}, {"x": 30, "y": 2}]], "finite"),
        ([[{"x": 1, "y": 2, "p": 3}, {"x": 30, "y": 2}]], "pressure must be within 0..1"),
    ],
)
def test_malformed_strokes_are_rejected(strokes, message: str) -> None:
    with pytest.raises(SealArtError, match=message):
        render_handdrawn(strokes)


def test_signature_renders_cropped_on_transparent_background(signature, out_dir) -> None:
    seal = render_handdrawn(signature())
    (out_dir / "handdrawn.png").write_bytes(seal.png)
    img = png_image(seal.png)
    assert img.mode == "RGBA"
    alpha = img.getchannel("A")
    assert alpha.getpixel((0, 0)) == 0 and alpha.getpixel((img.width - 1, img.height - 1)) == 0
    bbox = alpha.getbbox()
    assert bbox is not None
    # cropped to the ink: at most the 1 mm padding (≈12 px at 300 dpi) plus anti-aliasing on each side
    pad = 1.0 / 25.4 * 300
    assert bbox[0] <= pad + 2 and bbox[1] <= pad + 2
    assert img.width - bbox[2] <= pad + 2 and img.height - bbox[3] <= pad + 2
    assert seal.height_mm == pytest.approx(13 + 2 * 1.0, abs=1.2)  # 13 mm of ink, pen width, padding
    assert 'width="' in seal.svg and "mm" in seal.svg
    # ink is seal red, pixels with full coverage exist (strokes are solid, not hairlines)
    assert alpha.getextrema()[1] == 255
    assert img.getpixel(next((x, y) for y in range(img.height) for x in range(img.width)
                             if alpha.getpixel((x, y)) == 255))[:3] == (0xE6, 0x00, 0x12)


def test_requested_width_and_black_ink(signature) -> None:
    seal = render_handdrawn(signature(pressure=True), width_mm=30, color="#141414")
    assert seal.width_mm == pytest.approx(30)
    assert png_image(seal.png).width == round(30 / 25.4 * 300)


def test_signature_pad_point_groups_are_accepted(signature) -> None:
    groups = [{"penColor": "black", "minWidth": 0.5, "maxWidth": 2.5,
               "points": [{"x": p["x"], "y": p["y"], "time": p["t"], "pressure": 0} for p in stroke]}
              for stroke in signature()]
    seal = render_handdrawn(groups)
    assert seal.width_mm > 20


def test_jitter_is_smoothed_and_translation_does_not_matter(signature) -> None:
    base = strokes_scene(signature())
    moved = copy.deepcopy(signature())
    for stroke in moved:
        for p in stroke:
            p["x"] += 500
            p["y"] += 200
    other = strokes_scene(moved)
    assert (base.width, base.height) == pytest.approx((other.width, other.height), abs=1e-6)
