"""Shared steps of the S1 seal end-to-end tests: pictures to upload, the dev SMS outbox links, the certificate
authentication by a second phone (its own browser context), drawing with the mouse."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import httpx
from h5_flows import pass_simulated_face_check
from playwright.sync_api import expect

VIEWPORT = {"width": 375, "height": 812}  # the phone of the `page` fixture
LINK = re.compile(r"/cert-auth/([A-Za-z0-9_-]+)")


def picture(path: Path, label: str, size=(640, 400), fmt="PNG") -> Path:
    """A real picture (Pillow) standing for an ID card / licence photo."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (236, 242, 250))
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, size[0] - 20, size[1] - 20], outline=(40, 90, 170), width=6)
    draw.text((40, 40), label, fill=(20, 20, 20))
    img.save(path, fmt)
    return path


def big_picture(path: Path) -> Path:
    """A valid PNG over 5 MB (noise does not compress)."""
    import os

    from PIL import Image

    img = Image.frombytes("RGB", (1500, 1400), os.urandom(1500 * 1400 * 3))
    img.save(path, "PNG", compress_level=0)
    assert path.stat().st_size > 5 * 1024 * 1024
    return path


def latest_link(live_server, phone: str) -> str:
    """The newest certificate-application link sent to ``phone`` (dev SMS outbox)."""
    res = httpx.get(f"{live_server}/dev/sms-outbox.json", params={"phone": phone}, timeout=5)
    res.raise_for_status()
    for message in res.json()["messages"]:
        found = LINK.search(message["text"])
        if found:
            return f"/cert-auth/{found.group(1)}"
    raise AssertionError(f"no certificate link sent to {phone}")


def draw(pg, selector: str, *, shape: str = "signature") -> None:
    """Draw strokes with the mouse on a canvas."""
    box = pg.locator(selector).bounding_box()
    assert box is not None
    x0, y0, w, h = box["x"], box["y"], box["width"], box["height"]
    strokes = ([[(0.15, 0.5), (0.3, 0.3), (0.45, 0.7), (0.6, 0.35), (0.8, 0.6)],
                [(0.25, 0.75), (0.5, 0.8), (0.75, 0.75)]] if shape == "signature"
               else [[(0.3, 0.25), (0.3, 0.75)], [(0.2, 0.45), (0.7, 0.45)], [(0.55, 0.2), (0.6, 0.8), (0.8, 0.7)]])
    for stroke in strokes:
        pg.mouse.move(x0 + stroke[0][0] * w, y0 + stroke[0][1] * h)
        pg.mouse.down()
        for (ax, ay), (bx, by) in pairwise(stroke):
            for i in range(1, 9):
                t = i / 8
                pg.mouse.move(x0 + (ax + (bx - ax) * t) * w, y0 + (ay + (by - ay) * t) * h)
        pg.mouse.up()


def authenticate_by_link(browser, live_server, link: str, shot, name: str) -> str:
    """A signer's phone (own browser context) opens the SMS link: 前往签署 → form → 下一步 → simulated face check →
    完成身份认证 → signature → 确认. Returns the text of the done screen."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=2, locale="zh-CN",
                                  base_url=str(live_server), is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        pg.goto(link)
        expect(pg.locator('[data-view="open"]')).to_be_visible()
        shot(pg, f"{name}_1_landing")
        pg.reload()  # a GET (link scanners, a second look) consumes nothing
        expect(pg.locator("#go-sign")).to_be_visible()
        pg.click("#go-sign")
        expect(pg.locator('[data-view="form"]')).to_be_visible()
        img = pg.locator("#form-img")
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") >= 700
        shot(pg, f"{name}_2_form")
        pg.click("#form-next")
        pass_simulated_face_check(pg, None)
        pg.wait_for_url(re.compile(r"/cert-auth/.+face_check_id="))
        expect(pg.locator("#face-complete")).to_be_visible()
        shot(pg, f"{name}_3_face_passed")
        pg.click("#face-complete")
        expect(pg.locator('[data-view="signature"]')).to_be_visible()
        pg.click("#sign-ok")  # empty pad: refused on the page
        expect(pg.locator("#toast")).to_have_text("请先在签名区签名")
        draw(pg, "#sign-canvas")
        shot(pg, f"{name}_4_signature")
        pg.click("#sign-ok")
        expect(pg.locator('[data-view="done"]')).to_be_visible(timeout=30_000)
        shot(pg, f"{name}_5_done")
        text = pg.locator("#done-text").inner_text()
        pg.goto(link)  # reused link
        expect(pg.locator('[data-view="closed"]')).to_be_visible()
        expect(pg.locator("#closed-text")).to_contain_text("已使用")
        shot(pg, f"{name}_6_reused")
        return text
    finally:
        context.close()
        assert not errors, f"JavaScript errors: {errors}"
