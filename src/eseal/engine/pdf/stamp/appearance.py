"""The seal's visible appearance: a picture with a true physical size, turned into PDF objects.

A seal is printed at the size it was made (``SES_ESPictureInfo.width/height`` in mm): a Ø42 mm seal
must measure 42 mm on paper at 100 % scale, whatever the pixel size of its picture. The picture
becomes one image XObject (RGB + DeviceGray /SMask for the transparency, so the seal overlays the text
like ink); every widget of a signature, and every slice of a seam seal, references that same image.
"""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import dataclass
from typing import Any

from eseal.engine.pdf.errors import SealAppearanceError
from eseal.engine.pdf.stamp.geometry import mm_to_pt
from eseal.engine.pdf.stamp.seal_picture import picture_from_seal

log = logging.getLogger(__name__)


MAX_VECTOR_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class SealAppearance:
    """A raster seal picture (PNG/JPEG/GIF/BMP bytes) and its physical size in millimetres.

    ``vector_pdf``, when given, is the same face as a one-page PDF whose MediaBox is exactly
    ``width_mm`` × ``height_mm`` (the art engine's ``RenderedSeal.pdf``, paths only). It is then the
    appearance — sharp at any zoom and in print, and smaller than a 600 dpi PNG — and the raster
    picture is the fallback should the vector file be unusable.
    """

    image: bytes
    width_mm: float
    height_mm: float
    vector_pdf: bytes | None = None

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

        kind, data, w_mm, h_mm = picture_from_seal(seal_der)
        if kind.upper() not in ("PNG", "JPG", "JPEG", "GIF", "BMP"):
            raise SealAppearanceError(f"seal picture type {kind!r} is not a raster image")
        return cls(image=data, width_mm=float(w_mm), height_mm=float(h_mm))

    @classmethod
    def from_seal_dir(cls, seal_dir: Any) -> SealAppearance:
        """The face of a seal directory at the manifest's exact mm size: seal.pdf (vector) with seal.png
        as the fallback; without a manifest picture, the SES picture inside seal.esl."""
        m = seal_dir.manifest
        if m.get("picture_file") and m.get("width_mm") and m.get("height_mm"):
            return cls(seal_dir.picture_png, float(m["width_mm"]), float(m["height_mm"]),
                       vector_pdf=seal_dir.picture_pdf)
        return cls.from_ses_seal(seal_dir.seal_der)


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


def add_seal_xobject(writer, appearance: SealAppearance):
    """The seal face as an XObject that paints the unit square (like an image XObject does).

    The vector form when the appearance has one and it can be used, else the raster image; either
    way the appearance forms draw it with the same ``w 0 0 h x 0 cm /Seal Do``.
    """
    if appearance.vector_pdf:
        try:
            return add_vector_xobject(writer, appearance)
        except SealAppearanceError as exc:
            log.warning("vector seal appearance not used, falling back to the raster picture: %s", exc)
    return add_image_xobject(writer, appearance)


def add_vector_xobject(writer, appearance: SealAppearance):
    """Import page 1 of ``appearance.vector_pdf`` as a form XObject mapped onto the unit square.

    pyHanko copies the page's content stream and resources into the incremental update
    (``import_page_as_xobject``); ``/Matrix [1/w 0 0 1/h ...]`` then maps its /BBox (the MediaBox,
    the seal's true size) onto 0..1 so it is interchangeable with the raster image XObject.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = appearance.vector_pdf or b""
    if len(data) > MAX_VECTOR_BYTES:
        raise SealAppearanceError(f"vector seal PDF too large ({len(data)} bytes)")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if int(reader.root["/Pages"]["/Count"]) != 1:
            raise SealAppearanceError("vector seal PDF must have exactly one page")
        ref = writer.import_page_as_xobject(reader, 0)
        form = ref.get_object()
        x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
    except SealAppearanceError:
        raise
    except Exception as exc:  # pyHanko raises assorted errors on malformed input
        raise SealAppearanceError(f"vector seal PDF is not usable: {exc}") from exc
    w, h = x1 - x0, y1 - y0
    if abs(w - appearance.width_pt) > 0.5 or abs(h - appearance.height_pt) > 0.5:
        raise SealAppearanceError(
            f"vector seal PDF is {w:.1f}x{h:.1f} pt, the seal is {appearance.width_pt:.1f}x{appearance.height_pt:.1f} pt"
        )
    # 8 decimals: 1/113.3858 rounded to 4 would shrink a 40 mm seal by 0.1 mm
    form[pdf_name("/Matrix")] = generic.ArrayObject(
        [generic.FloatObject(round(v, 8)) for v in (1 / w, 0.0, 0.0, 1 / h, -x0 / w, -y0 / h)]
    )
    return ref


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

    # explicit clip to the slice as well as /BBox: a vector seal's paths extend past a seam slice
    content = b"q 0 0 %s %s re W n q %s 0 0 %s %s 0 cm /Seal Do Q Q" % (
        _num(bbox_w),
        _num(bbox_h),
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
