"""The seal's visible appearance: a picture with a true physical size, turned into PDF objects.

A seal is printed at the size it was made (``SES_ESPictureInfo.width/height`` in mm): a Ø42 mm seal
must measure 42 mm on paper at 100 % scale, whatever the pixel size of its picture. The picture
becomes one image XObject (RGB + DeviceGray /SMask for the transparency, so the seal overlays the text
like ink); every widget of a signature, and every slice of a seam seal, references that same image.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from eseal.engine.pdf.errors import SealAppearanceError
from eseal.engine.pdf.geometry import mm_to_pt


@dataclass(frozen=True)
class SealAppearance:
    """A raster seal picture (PNG/JPEG/GIF/BMP bytes) and its physical size in millimetres."""

    image: bytes
    width_mm: float
    height_mm: float

    def __post_init__(self) -> None:
        if not (5 <= self.width_mm <= 300 and 5 <= self.height_mm <= 300):
            raise SealAppearanceError(
                f"implausible seal size {self.width_mm}x{self.height_mm} mm (expected 5..300 mm)"
            )

    @property
    def width_pt(self) -> float:
        return mm_to_pt(self.width_mm)

    @property
    def height_pt(self) -> float:
        return mm_to_pt(self.height_mm)

    @classmethod
    def from_ses_seal(cls, seal_der: bytes) -> SealAppearance:
        """Take picture and size from a GB/T 38540 SESeal (``SES_ESPictureInfo``)."""
        from eseal.engine.pdf._seal_picture import picture_from_seal

        kind, data, w_mm, h_mm = picture_from_seal(seal_der)
        if kind.upper() not in ("PNG", "JPG", "JPEG", "GIF", "BMP"):
            raise SealAppearanceError(f"seal picture type {kind!r} is not a raster image")
        return cls(image=data, width_mm=float(w_mm), height_mm=float(h_mm))


@dataclass(frozen=True)
class _DecodedImage:
    width: int
    height: int
    rgb: bytes
    alpha: bytes | None


def decode_image(data: bytes) -> _DecodedImage:
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise SealAppearanceError(f"seal picture is not a readable image: {exc}") from exc
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    if has_alpha:
        rgba = img.convert("RGBA")
        alpha = rgba.getchannel("A").tobytes()
        rgb = rgba.convert("RGB").tobytes()
    else:
        rgb = img.convert("RGB").tobytes()
        alpha = None
    return _DecodedImage(img.width, img.height, rgb, alpha)


def add_image_xobject(writer, appearance: SealAppearance):
    """Add the seal picture to a pyHanko writer as an image XObject; returns its indirect reference."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    img = decode_image(appearance.image)
    smask_ref = None
    if img.alpha is not None:
        smask = generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Image"),
                pdf_name("/Width"): generic.NumberObject(img.width),
                pdf_name("/Height"): generic.NumberObject(img.height),
                pdf_name("/ColorSpace"): pdf_name("/DeviceGray"),
                pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                pdf_name("/Filter"): pdf_name("/FlateDecode"),
            },
            encoded_data=zlib.compress(img.alpha, 6),
        )
        smask_ref = writer.add_object(smask)
    entries = {
        pdf_name("/Type"): pdf_name("/XObject"),
        pdf_name("/Subtype"): pdf_name("/Image"),
        pdf_name("/Width"): generic.NumberObject(img.width),
        pdf_name("/Height"): generic.NumberObject(img.height),
        pdf_name("/ColorSpace"): pdf_name("/DeviceRGB"),
        pdf_name("/BitsPerComponent"): generic.NumberObject(8),
        pdf_name("/Filter"): pdf_name("/FlateDecode"),
    }
    if smask_ref is not None:
        entries[pdf_name("/SMask")] = smask_ref
    image = generic.StreamObject(entries, encoded_data=zlib.compress(img.rgb, 6))
    return writer.add_object(image)


def add_form_xobject(
    writer,
    image_ref,
    *,
    bbox_w: float,
    bbox_h: float,
    image_w: float,
    image_h: float,
    offset_x: float,
    matrix: list[float],
):
    """An appearance form: the image scaled to image_w x image_h, shifted left by ``offset_x``.

    The form's /BBox (bbox_w x bbox_h) clips the drawing, which is how a seam-seal slice shows only
    its part of the shared image. /Matrix cancels the page rotation (see geometry.appearance_matrix).
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    content = b"q %s 0 0 %s %s 0 cm /Seal Do Q" % (
        _num(image_w),
        _num(image_h),
        _num(-offset_x),
    )
    form = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(
                [generic.FloatObject(0), generic.FloatObject(0), _f(bbox_w), _f(bbox_h)]
            ),
            pdf_name("/Matrix"): generic.ArrayObject([_f(v) for v in matrix]),
            pdf_name("/Resources"): generic.DictionaryObject(
                {
                    pdf_name("/XObject"): generic.DictionaryObject({pdf_name("/Seal"): image_ref}),
                }
            ),
        },
        stream_data=content,
    )
    return writer.add_object(form)


def _num(v: float) -> bytes:
    return (f"{v:.4f}".rstrip("0").rstrip(".") or "0").encode()


def _f(v: float):
    from pyhanko.pdf_utils import generic

    return generic.FloatObject(round(float(v), 4))
