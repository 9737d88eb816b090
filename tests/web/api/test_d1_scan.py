"""扫码 API (POST /api/v1/scan/photo): QR codes made by the ``qrcode`` package, photographed badly (noise, blur,
rotation, perspective-free tilt, JPEG), decoded on the server by zxing-cpp; our report QR → report, a signing-task
QR → task, anything else → a clear Chinese message."""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from apihelpers import api_error
from test_d1_verify import make_pdf

pytestmark = pytest.mark.db


def qr_png(text: str, box: int = 8) -> Any:
    import qrcode

    qr = qrcode.QRCode(box_size=box, border=4)
    qr.add_data(text)
    return qr.make_image().get_image().convert("RGB")


def photo(text: str, *, angle: float = 0, noise: int = 0, fmt: str = "JPEG", blur: float = 0) -> bytes:
    """The QR code on a larger grey 'desk', rotated, with noise and blur: what a phone camera gives."""
    from PIL import Image, ImageFilter

    code = qr_png(text)
    desk = Image.new("RGB", (code.width * 2, code.height * 2), (170, 160, 150))
    desk.paste(code, (code.width // 2, code.height // 3))
    if angle:
        desk = desk.rotate(angle, expand=True, fillcolor=(170, 160, 150))
    if noise:
        rnd = random.Random(7)
        px = desk.load()
        for _ in range(desk.width * desk.height // 10):
            x, y = rnd.randrange(desk.width), rnd.randrange(desk.height)
            r, g, b = px[x, y]
            d = rnd.randint(-noise, noise)
            px[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))
    if blur:
        desk = desk.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    desk.save(out, fmt, **({"quality": 70} if fmt == "JPEG" else {}))
    return out.getvalue()


def scan(client: Any, data: bytes, name: str = "photo.jpg", ctype: str = "image/jpeg") -> Any:
    return client.post("/api/v1/scan/photo", files={"file": (name, data, ctype)})


def test_report_qr_from_a_real_report_and_from_noisy_rotated_photos(app, client):
    out = client.post("/api/v1/verify", files={"file": ("a.pdf", make_pdf(), "application/pdf")}).json()
    url = out["public_url"]
    for kwargs in ({}, {"angle": 90}, {"angle": 17, "noise": 60}, {"angle": -33, "blur": 1.2}, {"fmt": "PNG"}):
        r = scan(client, photo(url, **kwargs))
        assert r.status_code == 200, (kwargs, r.text)
        assert r.json() == {"kind": "report", "url": url, "path": "/r/" + out["serial"]}
    # the report PDF itself, rendered as a picture (a screenshot of the report)
    import pypdfium2

    pdf = client.get(out["report_pdf_url"]).content
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()
    buf = io.BytesIO()
    page.save(buf, "PNG")
    assert scan(client, buf.getvalue(), "shot.png", "image/png").json()["kind"] == "report"
    # the engine's own payload (a report of `eseal verify --report`) of a report kept here
    engine = f"ESEAL-VR:{out['serial']};SHA256={'0' * 64};IND=INDETERMINATE;T=20260101000000"
    assert scan(client, photo(engine)).json()["url"] == url


def test_task_qr_unknown_report_foreign_and_no_code(client):
    r = scan(client, photo("http://127.0.0.1:8000/sign/42", angle=8, noise=30))
    assert r.status_code == 200 and r.json() == {"kind": "task", "url": "http://127.0.0.1:8000/sign/42",
                                                 "path": "/sign/42"}
    r = scan(client, photo("http://127.0.0.1:8000/r/VR20260101ABCDEF0123"))
    assert r.status_code == 400 and api_error(r) == {"code": "scan.report_unknown", "field": None,
                                                     "message": "未找到该二维码对应的验证报告"}
    for text in ("https://evil.example/r/VR20260101ABCDEF0123", "http://127.0.0.1:8000/sign/abc", "hello",
                 "http://127.0.0.1:8000/admin"):
        r = scan(client, photo(text))
        assert r.status_code == 400 and api_error(r)["code"] == "scan.unrecognized", text
        assert api_error(r)["message"].startswith("无法识别的二维码")
    from PIL import Image

    blank = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 200, 200)).save(blank, "JPEG")
    r = scan(client, blank.getvalue())
    assert r.status_code == 400 and api_error(r)["code"] == "scan.no_code"
    assert api_error(r)["message"].startswith("图片中未找到二维码")


def test_picture_rules(client):
    r = scan(client, make_pdf(), "x.jpg")
    assert r.status_code == 400 and api_error(r)["code"] == "scan.not_image"
    big = b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024)
    r = scan(client, big)
    assert r.status_code == 413 and api_error(r)["code"] == "scan.too_large"
    r = client.post("/api/v1/scan/photo", content=b"x", headers={
        "Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(6 * 1024 * 1024)})
    assert r.status_code == 413 and api_error(r)["code"] == "body_too_large"
    # a decompression bomb (a tiny PNG claiming 100 megapixels) is refused before decoding
    from PIL import Image

    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")
    r = scan(client, bomb.getvalue(), "bomb.png", "image/png")
    assert r.status_code == 400 and api_error(r)["code"] == "scan.not_image"
