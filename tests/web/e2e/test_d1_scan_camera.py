"""[D1] 扫码 with the camera: the live-frame decode path (getUserMedia → canvas → the vendored jsQR, every frame) in
Debian's chromium with its fake camera playing a Y4M video made here from the QR code of a real verification
report; the page must open that report's public page. (The photo path and the no-camera fallback are in
test_d1_documents.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from d1_flows import download_api, issue_seal, login_demo_person, make_pdf, sign_api, upload_api
from playwright.sync_api import expect
from s1_flows import VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.db, pytest.mark.slow]

FRAME_W, FRAME_H = 640, 480


def write_y4m(picture: object, path: Path, *, frames: int = 3) -> Path:
    """A Y4M video (4:2:0 planar, ``C420jpeg``: full-resolution Y, Cb and Cr at half size, written without numpy) of
    ``picture`` centred on a white frame — the format ``--use-file-for-fake-video-capture`` plays in a loop."""
    from PIL import Image

    frame = Image.new("RGB", (FRAME_W, FRAME_H), "white")
    qr = picture.convert("RGB")  # type: ignore[attr-defined]
    side = min(FRAME_H - 40, qr.width)
    qr = qr.resize((side, side), Image.Resampling.NEAREST)
    frame.paste(qr, ((FRAME_W - side) // 2, (FRAME_H - side) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (FRAME_W // 2, FRAME_H // 2)
    planes = y.tobytes() + cb.resize(half, Image.Resampling.BOX).tobytes() + cr.resize(half, Image.Resampling.BOX).tobytes()
    assert len(planes) == FRAME_W * FRAME_H * 3 // 2
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{FRAME_W} H{FRAME_H} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return path


# the e2e browser's flags (tests/web/e2e/conftest.py) plus Chromium's fake camera
CAMERA_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync",
               "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture
def camera_browser(browser):
    """``camera_browser(video)`` → a second chromium (same Playwright) whose camera plays ``video``; the permission
    prompt is answered yes."""
    executable = shutil.which("chromium")
    launched = []

    def launch(video: Path):
        b = browser.browser_type.launch(executable_path=executable, headless=True,
                                        args=[*CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"])
        launched.append(b)
        return b

    yield launch
    for b in launched:
        b.close()


def test_d1_scan_camera_frame_opens_the_public_report(page, camera_browser, live_server, shot, tmp_path):
    import qrcode

    demo = login_demo_person(page, live_server)
    seal_id = issue_seal(live_server, demo)
    doc = upload_api(page, make_pdf(1, "camera"), "扫码摄像头合同.pdf")
    sign_api(page, doc["id"], seal_id)
    h = {"X-CSRF-Token": next(c["value"] for c in page.context.cookies() if c["name"] == "eseal_csrf")}
    r = page.request.post("/api/v1/verify", headers=h, multipart={
        "file": {"name": "s.pdf", "mimeType": "application/pdf", "buffer": download_api(page, doc["id"])}})
    assert r.status == 201, r.text()
    report = r.json()
    assert report["public_url"].endswith(f"/r/{report['serial']}")
    video = write_y4m(qrcode.make(report["public_url"], border=4), tmp_path / "report-qr.y4m")

    ctx = camera_browser(video).new_context(
        viewport=VIEWPORT, device_scale_factor=2, locale="zh-CN", base_url=str(live_server), is_mobile=True,
        has_touch=True, permissions=["camera"])
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login_demo_person(page, live_server)
    page.goto("/scan")
    page.wait_for_url(f"**/r/{report['serial']}")  # decoded from a live camera frame, no photo chosen
    expect(page.locator("#p-label")).to_have_text("验证通过")
    shot(page, "camera_public_report")
    assert page.evaluate("document.referrer").endswith("/scan")
    ctx.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_d1_scan_camera_foreign_code_is_named_not_opened(page, camera_browser, live_server, shot, tmp_path):
    import qrcode

    video = write_y4m(qrcode.make("https://example.com/not-ours", border=4), tmp_path / "foreign.y4m")
    ctx = camera_browser(video).new_context(viewport=VIEWPORT, device_scale_factor=2, locale="zh-CN",
                                            base_url=str(live_server), is_mobile=True, has_touch=True,
                                            permissions=["camera"])
    cam = ctx.new_page()
    login_demo_person(cam, live_server)
    cam.goto("/scan")
    expect(cam.locator("#scan-result")).to_be_visible(timeout=15_000)
    expect(cam.locator("#scan-result-title")).to_have_text("无法识别的二维码")
    expect(cam.locator("#scan-result-text")).to_contain_text("https://example.com/")
    assert cam.url.endswith("/scan")  # nothing opened
    expect(cam.locator("#scan-off")).to_be_hidden()  # the camera is on: this came from a live frame
    shot(cam, "camera_foreign_code")
    ctx.close()
