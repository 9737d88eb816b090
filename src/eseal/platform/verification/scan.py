"""扫码 from a photo: decode the QR code of an uploaded picture on the server (zxing-cpp) and say what it is.

* our report QR: ``<public_url>/r/<serial>`` (what the platform's PDF reports carry) or the engine's own
  ``ESEAL-VR:<serial>;…`` payload (reports made by ``eseal verify --report``), for a report kept on this platform
  → ``report`` and the public page URL;
* a signing task: ``<public_url>/sign/<document id>`` → ``task`` and that URL (access is checked when the page is
  opened: the scan itself reveals nothing about the document);
* anything else → ``scan.unrecognized`` (无法识别的二维码), no QR code at all → ``scan.no_code``.

Pictures: JPEG/PNG/WebP/BMP/GIF by content, ≤ 5 MB, at most 40 megapixels (a decompression bomb is refused before
it is decoded); large photos are scaled to 2,000 px on the long side before decoding (a phone photo of a QR code
still has its modules several pixels wide there).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import select

from eseal.platform.accounts import Actor
from eseal.platform.core import DbSession, PlatformError, Services, ratelimit
from eseal.platform.verification.models import VerificationReport
from eseal.platform.verification.service import PUBLIC_PAGE_PATH, public_report_url

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
DECODE_SIDE = 2000
SCANS_PER_HOUR = 120
TASK_PATH = "/sign/"
_SERIAL = re.compile(r"VR\d{8}[0-9A-F]{10}")
_ENGINE_PAYLOAD = re.compile(r"^ESEAL-VR:(VR\d{8}[0-9A-F]{10});")


@dataclass(frozen=True)
class ScanResult:
    kind: str  # report | task
    url: str  # where the app goes: the public report page or the signing task
    path: str  # the same, as a path of this site


def task_url(svc: Services, document_id: int) -> str:
    """What a signing-task QR code carries (printed by whoever hands a document over to be signed)."""
    return svc.settings.public_url.rstrip("/") + TASK_PATH + str(document_id)


def _read_photo(source: BinaryIO) -> bytes:
    data = source.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise PlatformError("scan.too_large", "图片超过5MB，请重新拍摄或压缩后上传", field="file")
    if not data:
        raise PlatformError("scan.not_image", "请上传包含二维码的图片", field="file")
    return data


def _decode(data: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG", "WEBP", "BMP", "GIF", "MPO"):
                raise PlatformError("scan.not_image", "仅支持JPG、PNG格式的图片", field="file")
            if probe.width * probe.height > MAX_PIXELS:
                raise PlatformError("scan.not_image", "图片尺寸过大，请重新拍摄", field="file")
            image = ImageOps.exif_transpose(probe).convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PlatformError("scan.not_image", "仅支持JPG、PNG格式的图片", field="file") from exc
    if max(image.size) > DECODE_SIDE:
        image.thumbnail((DECODE_SIDE, DECODE_SIDE))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode), try_rotate=True,
                                   try_downscale=True)
    return [r.text for r in found if r.text]


def _classify(db: DbSession, svc: Services, text: str) -> ScanResult | None:
    base = urlsplit(svc.settings.public_url.rstrip("/"))
    serial = None
    engine = _ENGINE_PAYLOAD.match(text)
    if engine:
        serial = engine.group(1)
    else:
        url = urlsplit(text.strip())
        if (url.scheme, url.netloc) != (base.scheme, base.netloc):
            return None  # another site: never opened from our scanner
        path = url.path[len(base.path):] if base.path and url.path.startswith(base.path) else url.path
        if path.startswith(PUBLIC_PAGE_PATH) and _SERIAL.fullmatch(path[len(PUBLIC_PAGE_PATH):]):
            serial = path[len(PUBLIC_PAGE_PATH):]
        elif path.startswith(TASK_PATH) and re.fullmatch(r"[1-9]\d{0,17}", path[len(TASK_PATH):]):
            return ScanResult("task", task_url(svc, int(path[len(TASK_PATH):])), path)
    if serial is None:
        return None
    if db.scalars(select(VerificationReport.id).where(VerificationReport.serial == serial)).first() is None:
        raise PlatformError("scan.report_unknown", "未找到该二维码对应的验证报告")
    return ScanResult("report", public_report_url(svc, serial), PUBLIC_PAGE_PATH + serial)


def scan_photo(db: DbSession, svc: Services, *, actor: Actor, source: BinaryIO) -> ScanResult:
    """Decode the photo's QR code(s) and classify the first one we recognise (see the module docstring)."""
    key = str(actor.account.id) if actor.account is not None else (actor.ip or "unknown")
    ratelimit.hit(db, svc.clock.now(), "scan.photo", key, limit=SCANS_PER_HOUR, window=timedelta(hours=1),
                  message="扫码过于频繁，请稍后再试")
    texts = _decode(_read_photo(source))
    if not texts:
        raise PlatformError("scan.no_code", "图片中未找到二维码，请对准二维码重新拍摄")
    for text in texts:
        result = _classify(db, svc, text)
        if result is not None:
            return result
    raise PlatformError("scan.unrecognized", "无法识别的二维码：不是本平台的验证报告或签署任务")
