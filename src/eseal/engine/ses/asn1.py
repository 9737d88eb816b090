"""asn1crypto specifications of the GB/T 38540-2020 (v4) and GM/T 0031-2014 (v1/v2) structures.

These classes are the *writer* side and the executable form of the ASN.1 in
docs/ses.md. Reading goes through :mod:`eseal.engine.ses.parse` (see der.py for why).

Notes that correct or sharpen the research notes (gbt38540-and-ids.md §1):
- ``SES_CertList`` is a CHOICE of two untagged ``SEQUENCE OF`` types, which is not decodable
  without ``certListType``. Writers here encode the chosen alternative directly (field type
  :class:`CertListAny`); the reader picks the branch from ``certListType``.
- BIT STRING values (signatures, dataHash, time stamps) are octet-aligned:
  ``OctetBitString`` = 0 unused bits.
- ``ExtData.critical`` is ``BOOLEAN DEFAULT FALSE``; DER omits the FALSE default, so we omit it
  (ofdrw writes it explicitly; the reader accepts both).
- Dates are GeneralizedTime in v4 and UTCTime in v1. asn1crypto writes fractional seconds if
  the datetime has microseconds; the builder truncates to whole seconds first.
"""

from __future__ import annotations

from asn1crypto import core


class ExtData(core.Sequence):
    _fields = [
        ("extnID", core.ObjectIdentifier),
        ("critical", core.Boolean, {"default": False}),
        ("extnValue", core.OctetString),
    ]


class ExtensionDatas(core.SequenceOf):
    _child_spec = ExtData


class SESHeader(core.Sequence):
    _fields = [
        ("ID", core.IA5String),
        ("version", core.Integer),
        ("Vid", core.IA5String),
    ]


class CertInfoList(core.SequenceOf):
    _child_spec = core.OctetString


class CertDigestObj(core.Sequence):
    _fields = [
        ("type", core.PrintableString),
        ("value", core.OctetString),
    ]


class CertDigestList(core.SequenceOf):
    _child_spec = CertDigestObj


# ``SES_CertList``: holds an encoded :class:`CertInfoList` or :class:`CertDigestList`. (A plain
# alias: asn1crypto only treats ``core.Any`` itself, not subclasses, as "any tag".)
CertListAny = core.Any


class SESESPropertyInfoV4(core.Sequence):
    _fields = [
        ("type", core.Integer),
        ("name", core.UTF8String),
        ("certListType", core.Integer),
        ("certList", CertListAny),
        ("createDate", core.GeneralizedTime),
        ("validStart", core.GeneralizedTime),
        ("validEnd", core.GeneralizedTime),
    ]


class SESESPictureInfo(core.Sequence):
    _fields = [
        ("type", core.IA5String),
        ("data", core.OctetString),
        ("width", core.Integer),
        ("height", core.Integer),
    ]


class SESSealInfoV4(core.Sequence):
    _fields = [
        ("header", SESHeader),
        ("esID", core.IA5String),
        ("property", SESESPropertyInfoV4),
        ("picture", SESESPictureInfo),
        ("extDatas", ExtensionDatas, {"optional": True}),
    ]


class SESealV4(core.Sequence):
    """GB/T 38540 §6.1 ``SESeal``. (GM/T 0031-2025 "v5" adds ``timeStamp [0]``; never written here.)"""

    _fields = [
        ("eSealInfo", SESSealInfoV4),
        ("cert", core.OctetString),
        ("signAlgID", core.ObjectIdentifier),
        ("signedValue", core.OctetBitString),
    ]


class TBSSignV4(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", core.Any),  # the embedded SESeal, copied byte for byte
        ("timeInfo", core.GeneralizedTime),
        ("dataHash", core.OctetBitString),
        ("propertyInfo", core.IA5String),
        ("extDatas", ExtensionDatas, {"explicit": 0, "optional": True}),
    ]


class SESSignatureV4(core.Sequence):
    _fields = [
        ("toSign", core.Any),  # the exact TBS_Sign bytes that were signed
        ("cert", core.OctetString),
        ("signatureAlgID", core.ObjectIdentifier),
        ("signature", core.OctetBitString),
        ("timeStamp", core.OctetBitString, {"explicit": 0, "optional": True}),
    ]


# ---- GM/T 0031-2014 (v1/v2): written only by tests, to exercise the reader ------------------


class SESESPropertyInfoV1(core.Sequence):
    _fields = [
        ("type", core.Integer),  # 1 = unit seal, 2 = personal seal
        ("name", core.UTF8String),
        ("certList", CertInfoList),
        ("createDate", core.UTCTime),
        ("validStart", core.UTCTime),
        ("validEnd", core.UTCTime),
    ]


class SESSealInfoV1(core.Sequence):
    _fields = [
        ("header", SESHeader),
        ("esID", core.IA5String),
        ("property", SESESPropertyInfoV1),
        ("picture", SESESPictureInfo),
        ("extDatas", ExtensionDatas, {"optional": True}),
    ]


class SESSignInfoV1(core.Sequence):
    _fields = [
        ("cert", core.OctetString),
        ("signatureAlgorithm", core.ObjectIdentifier),
        ("signData", core.OctetBitString),
    ]


class SESealV1(core.Sequence):
    _fields = [
        ("esealInfo", core.Any),
        ("signInfo", SESSignInfoV1),
    ]


class SealSignRangeV1(core.Sequence):
    """What the v1 seal maker signs: ``SEQUENCE { SES_SealInfo, cert, signatureAlgorithm }``."""

    _fields = [
        ("esealInfo", core.Any),
        ("cert", core.OctetString),
        ("signatureAlgorithm", core.ObjectIdentifier),
    ]


class TBSSignV1(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("eseal", core.Any),
        ("timeInfo", core.OctetBitString),
        ("dataHash", core.OctetBitString),
        ("propertyInfo", core.IA5String),
        ("cert", core.OctetString),
        ("signatureAlgorithm", core.ObjectIdentifier),
    ]


class SESSignatureV1(core.Sequence):
    _fields = [
        ("toSign", core.Any),
        ("signature", core.OctetBitString),
    ]
