"""The seal picture of each verified signature, for the 验签详情 page: the SES seal picture (GB/T 38540) when it is
an image, else the widget's appearance in the signed revision (PAdES and foreign signatures), as a PNG of at most
:data:`MAX_SIDE` px, kept as a blob beside the report (``platform.signatures[i].picture_url`` in the owner's JSON,
served to the same owner as the report)."""

from __future__ import annotations

import io
import logging

from eseal.engine.pdf import SignatureReport

log = logging.getLogger(__name__)

MAX_SIDE = 480
IMAGE_TYPES = ("PNG", "JPG", "JPEG", "GIF", "BMP")


def seal_picture_png(sig: SignatureReport) -> bytes | None:
    """A PNG of the signature's seal picture, or None when the signature carries none that can be shown."""
    picture = None
    if sig.seal is not None and sig.seal.picture and (sig.seal.picture_type or "").upper() in IMAGE_TYPES:
        picture = sig.seal.picture
    elif sig.appearance_png:
        picture = sig.appearance_png
    if picture is None:
        return None
    from PIL import Image

    try:
        im: Image.Image = Image.open(io.BytesIO(picture))
        im.load()
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA")
        im.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        im.save(out, "PNG")
        return out.getvalue()
    except Exception as exc:  # a picture PIL cannot read: the page says there is none to show
        log.info("signature %s: seal picture not readable: %s", sig.index, exc)
        return None


def picture_path(serial: str, index: int) -> str:
    return f"/api/v1/verify/{serial}/signatures/{index}/picture.png"
