"""Build GB/T 38540-2020 (v4) seals and signatures.

Signing inputs (verified against ofdrw's v4 ``SESealTest``/``SESV4Container`` and the Chingliu
verifier, see docs/ses.md §3):

* the seal maker (制章者) signs DER(``SES_SealInfo``) — *not* the v1 3-field range;
* the signer (签章者) signs DER(``TBS_Sign``), which embeds the complete SESeal;
* ``dataHash`` is a plain SM3 of the protected bytes (no Z prefix) — computed by the caller;
* ``timeStamp`` is a TimeStampToken over the ``signature`` BIT STRING *value bytes*, written
  ``[0] EXPLICIT BIT STRING``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Any

from asn1crypto import core

import eseal.engine.ses.asn1 as asn1
from eseal.engine.gm import oids
from eseal.engine.ses.certs import CertView, cert_in_seal, load_certificate
from eseal.engine.ses.errors import SesBuildError, SesFormatError
from eseal.engine.ses.model import CERT_LIST_CERTS, CERT_LIST_DIGESTS, Extension
from eseal.engine.ses.parse import parse_seal

SES_VERSION = 4
DEFAULT_VID = "eseal"  # SES_Header.Vid: our vendor ID (厂商标识)
PICTURE_TYPES = ("PNG", "SVG", "GIF", "JPG", "BMP", "OFD")

TimestampSource = Callable[[bytes], bytes]


def _utc_seconds(value: _dt.datetime, what: str) -> _dt.datetime:
    if not isinstance(value, _dt.datetime):
        raise SesBuildError(f"{what} must be a datetime")
    if value.tzinfo is None:
        raise SesBuildError(f"{what} must be timezone-aware")
    return value.astimezone(_dt.UTC).replace(microsecond=0)


def _ascii(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.isascii():
        raise SesBuildError(f"{what} must be an ASCII string (IA5String)")
    return value


def _sig_oid(signer: Any) -> str:
    alg = getattr(signer, "signature_algorithm", None)
    if alg is None:
        return oids.SM2_WITH_SM3
    if isinstance(alg, str):
        return alg
    return alg["algorithm"].dotted


def _check_key_matches(signer: Any, cert: CertView, what: str) -> None:
    pki = getattr(signer, "public_key_info", None)
    if pki is not None and pki.dump() != cert.spki_der:
        raise SesBuildError(f"{what}: the signer's key does not match the certificate's public key")


def _ext_datas(extensions: Sequence[Extension], **params: Any) -> asn1.ExtensionDatas:
    items = []
    for e in extensions:
        item: dict[str, Any] = {"extnID": e.oid, "extnValue": e.value}
        if e.critical:
            item["critical"] = True
        items.append(item)
    return asn1.ExtensionDatas(items, **params)


def build_seal_info(
    *,
    es_id: str,
    seal_type: int,
    name: str,
    cert_list: Sequence[bytes],
    picture: bytes,
    picture_type: str,
    width_mm: float,
    height_mm: float,
    valid_start: _dt.datetime,
    valid_end: _dt.datetime,
    create_date: _dt.datetime | None = None,
    cert_list_type: int = CERT_LIST_CERTS,
    vid: str = DEFAULT_VID,
    extensions: Sequence[Extension] = (),
) -> bytes:
    """DER ``SES_SealInfo`` (v4). Exposed so callers with a remote maker key can sign it themselves."""
    _ascii(es_id, "es_id")
    if not es_id:
        raise SesBuildError("es_id must not be empty")
    if not isinstance(name, str) or not name.strip():
        raise SesBuildError("name must be a non-empty string")
    ptype = _ascii(picture_type, "picture_type").upper()
    if ptype not in PICTURE_TYPES:
        raise SesBuildError(f"picture_type must be one of {', '.join(PICTURE_TYPES)}")
    if not picture:
        raise SesBuildError("picture must not be empty")
    w, h = round(width_mm), round(height_mm)
    if not (0 < w <= 1000 and 0 < h <= 1000):
        raise SesBuildError("width_mm/height_mm must be between 1 and 1000 mm")
    start = _utc_seconds(valid_start, "valid_start")
    end = _utc_seconds(valid_end, "valid_end")
    created = _utc_seconds(create_date or _dt.datetime.now(_dt.UTC), "create_date")
    if start >= end:
        raise SesBuildError("valid_start must be before valid_end")
    if not cert_list:
        raise SesBuildError("cert_list must hold at least one signer certificate")
    views = [load_certificate(bytes(c), f"cert_list[{i}]") for i, c in enumerate(cert_list)]
    for i, v in enumerate(views):
        if end > v.not_after:
            raise SesBuildError(
                f"valid_end {end.isoformat()} is after cert_list[{i}] expiry {v.not_after.isoformat()}"
            )
    if cert_list_type == CERT_LIST_CERTS:
        cert_list_value: core.Asn1Value = asn1.CertInfoList([v.der for v in views])
    elif cert_list_type == CERT_LIST_DIGESTS:
        cert_list_value = asn1.CertDigestList([{"type": "SM3", "value": v.sm3} for v in views])
    else:
        raise SesBuildError("cert_list_type must be 1 (certificates) or 2 (SM3 digests)")
    info: dict[str, Any] = {
        "header": {"ID": "ES", "version": SES_VERSION, "Vid": _ascii(vid, "vid")},
        "esID": es_id,
        "property": {
            "type": int(seal_type),
            "name": name,
            "certListType": cert_list_type,
            "certList": cert_list_value,
            "createDate": created,
            "validStart": start,
            "validEnd": end,
        },
        "picture": {"type": ptype, "data": bytes(picture), "width": w, "height": h},
    }
    if extensions:
        info["extDatas"] = _ext_datas(extensions)
    return asn1.SESSealInfoV4(info).dump()


def build_seal(
    *,
    es_id: str,
    seal_type: int,
    name: str,
    cert_list: Sequence[bytes],
    picture: bytes,
    picture_type: str,
    width_mm: float,
    height_mm: float,
    valid_start: _dt.datetime,
    valid_end: _dt.datetime,
    maker_signer: Any,
    maker_cert: bytes,
    create_date: _dt.datetime | None = None,
    cert_list_type: int = CERT_LIST_CERTS,
    vid: str = DEFAULT_VID,
    extensions: Sequence[Extension] = (),
) -> bytes:
    """A maker-signed SESeal v4 (DER).

    ``maker_signer`` is a :class:`eseal.engine.pki.signer.Signer` (normally SM2) whose key belongs
    to ``maker_cert`` (DER); ``cert_list`` are the DER certificates of the signers allowed to use
    the seal.
    """
    maker = load_certificate(bytes(maker_cert), "maker_cert")
    _check_key_matches(maker_signer, maker, "maker_signer")
    info_der = build_seal_info(
        es_id=es_id, seal_type=seal_type, name=name, cert_list=cert_list, picture=picture,
        picture_type=picture_type, width_mm=width_mm, height_mm=height_mm, valid_start=valid_start,
        valid_end=valid_end, create_date=create_date, cert_list_type=cert_list_type, vid=vid,
        extensions=extensions,
    )
    return assemble_seal(info_der, maker_cert=maker.der, sign_alg=_sig_oid(maker_signer),
                         signed_value=maker_signer.sign(info_der))


def assemble_seal(info_der: bytes, *, maker_cert: bytes, sign_alg: str, signed_value: bytes) -> bytes:
    """SESeal from an already signed SES_SealInfo (for makers whose key is elsewhere)."""
    return asn1.SESealV4({
        "eSealInfo": asn1.SESSealInfoV4.load(info_der),
        "cert": maker_cert,
        "signAlgID": sign_alg,
        "signedValue": signed_value,
    }).dump()


def build_tbs_sign(
    *,
    seal_der: bytes,
    data_hash: bytes,
    property_info: str,
    time: _dt.datetime,
    extensions: Sequence[Extension] = (),
) -> bytes:
    """DER ``TBS_Sign`` (v4): what the signer signs."""
    seal = parse_seal(seal_der)  # SesFormatError if the seal is unusable
    if seal.info.header.version != SES_VERSION:
        raise SesBuildError(f"seal_der is a version {seal.info.header.version} seal; only v4 seals can be signed")
    if not isinstance(data_hash, bytes | bytearray) or not data_hash:
        raise SesBuildError("data_hash must be non-empty bytes (SM3 of the protected content)")
    tbs: dict[str, Any] = {
        "version": seal.info.header.version,
        "eseal": core.Any.load(seal.der),
        "timeInfo": _utc_seconds(time, "time"),
        "dataHash": bytes(data_hash),
        "propertyInfo": _ascii(property_info, "property_info"),
    }
    if extensions:
        tbs["extDatas"] = _ext_datas(extensions)
    return asn1.TBSSignV4(tbs).dump()


def build_signature(
    *,
    seal_der: bytes,
    data_hash: bytes,
    property_info: str,
    signer: Any,
    signer_cert_der: bytes,
    timestamp: TimestampSource | bytes | None = None,
    time: _dt.datetime | None = None,
    extensions: Sequence[Extension] = (),
    require_cert_in_seal: bool = True,
) -> bytes:
    """A signed SES_Signature v4 (DER).

    ``timestamp`` is either a callable receiving the signature value bytes and returning a DER
    TimeStampToken over them (e.g. a TSA client), ready-made token bytes, or None.
    ``require_cert_in_seal`` enforces GB/T 38540 §7.2 step 3 (the signer certificate must be in
    the seal's certList) before signing.
    """
    seal = parse_seal(seal_der)
    signer_view = load_certificate(bytes(signer_cert_der), "signer_cert_der")
    _check_key_matches(signer, signer_view, "signer")
    if require_cert_in_seal and not cert_in_seal(signer_view, seal.info.certs, seal.info.cert_digests):
        raise SesBuildError("signer_cert_der is not in the seal's certificate list (re-make the seal)")
    tbs_der = build_tbs_sign(
        seal_der=seal.der, data_hash=data_hash, property_info=property_info,
        time=time or _dt.datetime.now(_dt.UTC), extensions=extensions,
    )
    sig_value = signer.sign(tbs_der)
    out: dict[str, Any] = {
        "toSign": core.Any.load(tbs_der),
        "cert": signer_view.der,
        "signatureAlgID": _sig_oid(signer),
        "signature": sig_value,
    }
    if timestamp is not None:
        token = timestamp(sig_value) if callable(timestamp) else timestamp
        if not isinstance(token, bytes | bytearray) or not token:
            raise SesBuildError("timestamp source returned no token bytes")
        out["timeStamp"] = bytes(token)
    return asn1.SESSignatureV4(out).dump()


__all__ = [
    "PICTURE_TYPES",
    "SES_VERSION",
    "SesBuildError",
    "SesFormatError",
    "assemble_seal",
    "build_seal",
    "build_seal_info",
    "build_signature",
    "build_tbs_sign",
    "cert_in_seal",
]
