"""Helpers shared by the seal-face tests (module name unique across the test tree)."""

from __future__ import annotations

import io

from PIL import Image


def png_image(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img
