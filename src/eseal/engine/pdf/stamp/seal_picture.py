"""Read the picture, its size and the esID out of an SESeal without full validation.

Stamping only needs what the seal looks like; whether the seal is *valid* is checked by the SES
engine and by verification. Works for GB/T 38540 v4 and GM/T 0031 v1/v2 seals alike, because in both
``SESeal[0]`` is ``SES_SealInfo`` = ``{header, esID, property, picture, ...}``.
"""

from __future__ import annotations

from asn1crypto import core

from eseal.engine.pdf.errors import SealAppearanceError


def _seal_info(seal_der: bytes) -> core.Sequence:
    try:
        seal = core.Sequence.load(seal_der)
        return core.Sequence.load(seal[0].dump())
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise SealAppearanceError(f"not a GB/T 38540 / GM/T 0031 seal (SESeal): {exc}") from exc


def picture_from_seal(seal_der: bytes) -> tuple[str, bytes, int, int]:
    """(type, data, width_mm, height_mm) of ``SES_ESPictureInfo``."""
    info = _seal_info(seal_der)
    try:
        pic = core.Sequence.load(info[3].dump())
        kind = core.IA5String.load(pic[0].dump()).native
        data = core.OctetString.load(pic[1].dump()).native
        width = core.Integer.load(pic[2].dump()).native
        height = core.Integer.load(pic[3].dump()).native
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise SealAppearanceError(f"seal picture info is malformed: {exc}") from exc
    return kind, data, width, height


def es_id_from_seal(seal_der: bytes) -> str:
    info = _seal_info(seal_der)
    try:
        return core.IA5String.load(info[1].dump()).native
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise SealAppearanceError(f"seal esID is malformed: {exc}") from exc
