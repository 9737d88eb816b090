"""Application materials (申请材料): JPG/PNG pictures, judged by content, at most 5 MB, re-encoded without
metadata (EXIF, text chunks, ICC profiles), stored as blobs with their hash, plus a thumbnail.

The size limit is enforced while reading: at most ``MAX_BYTES + 1`` bytes are ever held.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

import eseal.platform.seals.applications.states as states
from eseal.platform.accounts import Actor
from eseal.platform.core import PlatformError, Services, audit
from eseal.platform.seals.applications.application import load
from eseal.platform.seals.applications.catalogue import materials_for, required_slots
from eseal.platform.seals.applications.models import SealApplication, SealApplicationMaterial
from eseal.platform.storage import store_blob

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 5 MB PNG can inflate to gigabytes: refuse bombs before decoding
THUMB_PX = 320
CHUNK = 64 * 1024
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NOT_AN_IMAGE = "仅支持JPG、PNG格式的图片"
TOO_LARGE = "图片大小不能超过5MB"


def read_limited(source: BinaryIO | bytes, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``source``, refusing (``seal_application.material_too_large``) as soon as it exceeds ``limit``."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    parts, size = [], 0
    while True:
        chunk = source.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise PlatformError("seal_application.material_too_large", TOO_LARGE, "file")
        parts.append(chunk)
    return b"".join(parts)


def sniff(data: bytes) -> str:
    """``"jpeg"`` or ``"png"`` by magic bytes (never by file name or declared type)."""
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    if data.startswith(PNG_MAGIC):
        return "png"
    raise PlatformError("seal_application.material_not_image", NOT_AN_IMAGE, "file")


def reencode(data: bytes) -> tuple[bytes, bytes, str, int, int]:
    """(clean image, thumbnail, content type, width, height): decoded by Pillow, written again without metadata."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    fmt = sniff(data)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG") or probe.format.lower() != fmt:
                raise PlatformError("seal_application.material_not_image", NOT_AN_IMAGE, "file")
            if probe.width * probe.height > MAX_PIXELS:
                raise PlatformError("seal_application.material_too_large", "图片尺寸过大", "file")
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            img: Image.Image = ImageOps.exif_transpose(opened)  # keep what the camera meant, then drop the EXIF
    except PlatformError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PlatformError("seal_application.material_not_image", "图片已损坏或格式不受支持", "file") from exc
    clean, thumb = io.BytesIO(), io.BytesIO()
    if fmt == "jpeg":
        img = img.convert("RGB")
        img.save(clean, "JPEG", quality=90, optimize=True)  # no exif=, no icc_profile=: nothing but pixels
        small = img.copy()
        small.thumbnail((THUMB_PX, THUMB_PX))
        small.save(thumb, "JPEG", quality=80)
        content_type = "image/jpeg"
    else:
        if img.mode not in ("RGB", "RGBA", "L", "LA"):
            img = img.convert("RGBA")
        img.save(clean, "PNG", optimize=True)  # no pnginfo=: text/eXIf/time chunks are gone
        small = img.copy()
        small.thumbnail((THUMB_PX, THUMB_PX))
        small.save(thumb, "PNG")
        content_type = "image/png"
    return clean.getvalue(), thumb.getvalue(), content_type, img.width, img.height


def upload(db: Session, svc: Services, *, actor: Actor, application_id: int, slot: str,
           source: BinaryIO | bytes) -> SealApplicationMaterial:
    app = load(db, svc, actor=actor, application_id=application_id)
    states.require_step(app.kind, app.state, "materials")
    if slot not in {code for code, _label, _req in materials_for(app.kind)}:
        raise PlatformError("seal_application.invalid_slot", "材料类型不正确", "slot")
    clean, thumb, content_type, width, height = reencode(read_limited(source))
    main = store_blob(db, svc, actor=actor, data=clean, content_type=content_type)
    small = store_blob(db, svc, actor=actor, data=thumb, content_type=content_type)
    now = svc.clock.now()
    row = db.scalar(select(SealApplicationMaterial).where(SealApplicationMaterial.application_id == app.id,
                                                         SealApplicationMaterial.slot == slot))
    if row is None:
        row = SealApplicationMaterial(application_id=app.id, slot=slot)
        db.add(row)
    row.blob_sha256, row.thumb_sha256, row.content_type = main.sha256, small.sha256, content_type
    row.width, row.height, row.size, row.created_at = width, height, len(clean), now
    db.flush()
    if required_slots(app.kind) <= set(slots_of(db, app)):
        app.state = states.advance(app.kind, app.state, "materials")
    app.updated_at = now
    audit.record(db, now, "seal_application.material", actor=actor.user.id, subject=f"seal_application:{app.id}",
                 ip=actor.ip, slot=slot, sha256=main.sha256)
    return row


def slots_of(db: Session, app: SealApplication) -> dict[str, SealApplicationMaterial]:
    rows = db.scalars(select(SealApplicationMaterial).where(SealApplicationMaterial.application_id == app.id))
    return {row.slot: row for row in rows}


def material_blob(db: Session, svc: Services, *, actor: Actor, application_id: int, slot: str,
                  thumbnail: bool) -> tuple[str, str]:
    """(sha256, content type) of one material picture of the acting account's application."""
    app = load(db, svc, actor=actor, application_id=application_id)
    row = slots_of(db, app).get(slot)
    if row is None:
        raise PlatformError("not_found", "材料不存在", "slot")
    return (row.thumb_sha256 if thumbnail else row.blob_sha256), row.content_type
