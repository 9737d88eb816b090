"""Parse GB/T 38540 (v4), GM/T 0031-2014 (v1/v2) and GM/T 0031-2025 (v5) seals and signatures.

Version detection (as ofdrw's VersionParser, checked against both grammars):

* ``SESeal`` with 2 elements → v1/v2; with 4 → v4 (v5 when ``header.version == 5``); with 5 → v5.
* ``SES_Signature`` with 2 elements → v1/v2; with 4 or 5 → v4/v5 (by the embedded seal).
* Inside, ``SES_ESPropertyInfo`` is recognised by its own element count (7 = v4 layout with
  certListType, 6 = v1 layout), because early 政务 seals mixed the layouts.

Corrections to the research notes (gbt38540-and-ids.md), found while checking real code:

* §1.2 says ``SES_SealInfo.extDatas`` is untagged "in real files"; at least one Java producer
  writes it ``[0]``-tagged (``DERTaggedObject(0, extDatas)``), so both forms are accepted here.
* §1.1 implies whole-second GeneralizedTime; BouncyCastle (ofdrw ``timeInfo``) may write
  fractional seconds (``…05.123Z``), which DER allows — accepted.
* Some producers label the maker signature with OIDs other than 1.2.156.10197.1.501 for an SM2
  key (e.g. sm2sign 1.2.156.10197.1.301.1); the verifier treats those as SM2-with-SM3 and says so.

Everything that does not fit raises :class:`SesFormatError` naming the field; tolerated
deviations (trailing bytes, UTCTime in v4, untagged timeStamp/extDatas, …) are recorded in
``notes`` and surface in the ``*.format`` check.
"""

from __future__ import annotations

import datetime as _dt

import eseal.engine.ses.der as der
from eseal.engine.beijing import BEIJING
from eseal.engine.ses.certs import load_certificate
from eseal.engine.ses.errors import SesFormatError
from eseal.engine.ses.model import (
    CERT_LIST_CERTS,
    CERT_LIST_DIGESTS,
    FORMAT_V1,
    FORMAT_V4,
    FORMAT_V5,
    CertDigest,
    Extension,
    Header,
    Picture,
    Seal,
    SealInfo,
    Signature,
)
from eseal.engine.ses.timestamp import token_gen_time

_MAX_PICTURE_MM = 10_000
_PICTURE_TYPES = {"PNG", "SVG", "GIF", "JPG", "JPEG", "BMP", "OFD"}


def _seq_wrap(content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return b"\x30" + bytes([n]) + content
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\x30" + bytes([0x80 | len(ln)]) + ln + content


def _extensions(tlv: der.Tlv | None, path: str, notes: list[str], *, tagged_ok: bool) -> tuple[Extension, ...]:
    if tlv is None:
        return ()
    if tlv.is_context(0):
        inner = der.children(tlv, path)
        if len(inner) != 1:
            raise SesFormatError(path, "[0] EXPLICIT must wrap exactly one SEQUENCE OF ExtData")
        if not tagged_ok:
            notes.append(f"{path}: [0]-tagged where the grammar has it untagged")
        tlv = inner[0]
    elif tagged_ok:
        notes.append(f"{path}: untagged where the grammar says [0] EXPLICIT")
    der.expect_universal(tlv, der.SEQUENCE, path)
    out = []
    for i, item in enumerate(der.children(tlv, path)):
        p = f"{path}[{i}]"
        r = der.SeqReader(item, p)
        ext_oid = der.oid(r.next("extnID"), r.field_path("extnID"))
        critical = False
        nxt = r.peek()
        if nxt is not None and nxt.is_universal(der.BOOLEAN):
            critical = der.boolean(r.next("critical"), r.field_path("critical"))
        value = der.octets(r.next("extnValue"), r.field_path("extnValue"))
        r.done()
        out.append(Extension(ext_oid, critical, value))
    return tuple(out)


def _header(tlv: der.Tlv, path: str) -> Header:
    r = der.SeqReader(tlv, path)
    hid = der.ia5(r.next("ID"), r.field_path("ID"), max_len=64)
    version = der.integer(r.next("version"), r.field_path("version"), lo=0, hi=2**31 - 1)
    vid = der.ia5(r.next("Vid"), r.field_path("Vid"), max_len=1024)
    r.done()
    if hid != "ES":
        raise SesFormatError(f"{path}.ID", f"must be 'ES', found {hid[:16]!r}")
    return Header(hid, version, vid)


def _time(tlv: der.Tlv, path: str, want: int, notes: list[str]) -> _dt.datetime:
    value = der.time_value(tlv, path)
    if tlv.tag != want:
        notes.append(f"{path}: {der.tag_name(tlv.tag)} where {der.tag_name(want)} is specified")
    return value


def _cert_list(tlv: der.Tlv, list_type: int, path: str) -> tuple[tuple[bytes, ...], tuple[CertDigest, ...]]:
    der.expect_universal(tlv, der.SEQUENCE, path)
    items = der.children(tlv, path)
    if list_type == CERT_LIST_CERTS:
        certs = []
        for i, item in enumerate(items):
            p = f"{path}[{i}]"
            c = der.octets(item, p)
            load_certificate(c, p)
            certs.append(c)
        return tuple(certs), ()
    digests = []
    for i, item in enumerate(items):
        p = f"{path}[{i}]"
        r = der.SeqReader(item, p)
        t = der.printable(r.next("type"), r.field_path("type"))
        v = der.octets(r.next("value"), r.field_path("value"))
        r.done()
        digests.append(CertDigest(t, v))
    return (), tuple(digests)


def _seal_info(tlv: der.Tlv, path: str, notes: list[str]) -> SealInfo:
    r = der.SeqReader(tlv, path)
    header = _header(r.next("header"), r.field_path("header"))
    es_id = der.ia5(r.next("esID"), r.field_path("esID"), max_len=1024)
    prop_path = r.field_path("property")
    pr = der.SeqReader(r.next("property"), prop_path)
    seal_type = der.integer(pr.next("type"), pr.field_path("type"), lo=-(2**31), hi=2**31 - 1)
    name = der.utf8(pr.next("name"), pr.field_path("name"))
    if len(pr) >= 7:  # v4 layout
        want_time = der.GENERALIZED_TIME
        list_type = der.integer(pr.next("certListType"), pr.field_path("certListType"), lo=-(2**31), hi=2**31)
        if list_type not in (CERT_LIST_CERTS, CERT_LIST_DIGESTS):
            raise SesFormatError(pr.field_path("certListType"), f"must be 1 (certs) or 2 (digests), found {list_type}")
        if header.version < 3:
            notes.append(f"{prop_path}: v4 property layout with header.version {header.version}")
    else:  # v1 layout
        want_time = der.UTC_TIME
        list_type = CERT_LIST_CERTS
        if header.version >= 4:
            notes.append(f"{prop_path}: v1 property layout with header.version {header.version}")
    certs, digests = _cert_list(pr.next("certList"), list_type, pr.field_path("certList"))
    create = _time(pr.next("createDate"), pr.field_path("createDate"), want_time, notes)
    start = _time(pr.next("validStart"), pr.field_path("validStart"), want_time, notes)
    end = _time(pr.next("validEnd"), pr.field_path("validEnd"), want_time, notes)
    pr.done()

    pic_path = r.field_path("picture")
    pic = der.SeqReader(r.next("picture"), pic_path)
    ptype = der.ia5(pic.next("type"), pic.field_path("type"), max_len=16)
    pdata = der.octets(pic.next("data"), pic.field_path("data"))
    width = der.integer(pic.next("width"), pic.field_path("width"), lo=0, hi=_MAX_PICTURE_MM)
    height = der.integer(pic.next("height"), pic.field_path("height"), lo=0, hi=_MAX_PICTURE_MM)
    pic.done()
    if ptype.upper() not in _PICTURE_TYPES:
        notes.append(f"{pic_path}.type: unusual picture type {ptype!r}")

    exts = _extensions(r.peek() and r.next("extDatas"), r.field_path("extDatas"), notes, tagged_ok=False)
    r.done()
    return SealInfo(
        header=header, es_id=es_id, seal_type=seal_type, name=name, cert_list_type=list_type,
        certs=certs, cert_digests=digests, create_date=create, valid_start=start, valid_end=end,
        picture=Picture(ptype, pdata, width, height), extensions=exts, der=tlv.encoded,
    )


def _timestamp_field(tlv: der.Tlv, path: str, notes: list[str]) -> bytes:
    """``[0] EXPLICIT BIT STRING`` (the standard / ofdrw) or a plain BIT STRING (Chingliu, Go)."""
    if tlv.is_context(0):
        inner = der.children(tlv, path)
        if len(inner) != 1:
            raise SesFormatError(path, "[0] EXPLICIT must wrap exactly one BIT STRING")
        return der.bit_string(inner[0], path)
    notes.append(f"{path}: untagged BIT STRING where [0] EXPLICIT is specified")
    return der.bit_string(tlv, path)


def _seal(tlv: der.Tlv, path: str, trailing: int = 0) -> Seal:
    r = der.SeqReader(tlv, path)
    notes: list[str] = []
    if trailing:
        notes.append(f"{trailing} trailing byte(s) after the DER object ignored")
    n = len(r)
    if n == 2:
        info_tlv = r.next("esealInfo")
        info = _seal_info(info_tlv, r.field_path("esealInfo"), notes)
        si_path = r.field_path("signInfo")
        si = der.SeqReader(r.next("signInfo"), si_path)
        cert_tlv = si.next("cert")
        cert = der.octets(cert_tlv, si.field_path("cert"))
        alg_tlv = si.next("signatureAlgorithm")
        alg = der.oid(alg_tlv, si.field_path("signatureAlgorithm"))
        signed = der.bit_string(si.next("signData"), si.field_path("signData"))
        si.done()
        r.done()
        fmt, timestamp = FORMAT_V1, None
        ranged = _seq_wrap(info_tlv.encoded + cert_tlv.encoded + alg_tlv.encoded)
        candidates = (("SEQUENCE{SES_SealInfo,cert,signatureAlgorithm}", ranged), ("SES_SealInfo", info.der))
        cert_path = f"{si_path}.cert"
    elif n in (4, 5):
        info_tlv = r.next("eSealInfo")
        info = _seal_info(info_tlv, r.field_path("eSealInfo"), notes)
        cert_tlv = r.next("cert")
        cert = der.octets(cert_tlv, r.field_path("cert"))
        alg_tlv = r.next("signAlgID")
        alg = der.oid(alg_tlv, r.field_path("signAlgID"))
        signed = der.bit_string(r.next("signedValue"), r.field_path("signedValue"))
        timestamp = None
        if n == 5:
            timestamp = _timestamp_field(r.next("timeStamp"), r.field_path("timeStamp"), notes)
        r.done()
        fmt = FORMAT_V5 if (n == 5 or info.header.version == 5) else FORMAT_V4
        ranged = _seq_wrap(info_tlv.encoded + cert_tlv.encoded + alg_tlv.encoded)
        candidates = (("SES_SealInfo", info.der), ("SEQUENCE{SES_SealInfo,cert,signAlgID}", ranged))
        cert_path = r.field_path("cert")
    else:
        raise SesFormatError(path, f"has {n} elements; expected 2 (GM/T 0031-2014) or 4 (GB/T 38540)")
    load_certificate(cert, cert_path)
    return Seal(
        format=fmt, info=info, maker_cert=cert, sign_alg=alg, signed_value=signed,
        maker_signed_candidates=candidates, der=tlv.encoded, timestamp=timestamp,
        trailing_bytes=trailing, notes=tuple(notes),
    )


_V1_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y%m%d%H%M%S")


def _v1_time_info(raw: bytes, path: str, notes: list[str]) -> tuple[_dt.datetime | None, bytes | None]:
    """The v1 ``timeInfo`` BIT STRING holds, depending on the vendor, a DER UTCTime/GeneralizedTime
    (infosec NetSeal), a DER TimeStampToken (NetSeal with TSA) or ASCII ``yyyy-MM-dd HH:mm:ss``
    (ofdrw; local time — we read it as China Standard Time, UTC+8)."""
    if raw[:1] in (b"\x17", b"\x18"):
        t = der.read_tlv(raw, 0, len(raw), path)
        return der.time_value(t, path), None
    if raw[:1] == b"\x30":
        gen = token_gen_time(raw)
        if gen is None:
            raise SesFormatError(path, "holds a SEQUENCE that is not a readable TimeStampToken")
        return gen, raw
    try:
        text = raw.decode("ascii").strip()
    except UnicodeDecodeError as exc:
        raise SesFormatError(path, "is neither a DER time, a TimeStampToken nor ASCII time text") from exc
    for fmt in _V1_TIME_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt).replace(tzinfo=BEIJING).astimezone(_dt.UTC), None
        except ValueError:
            continue
    raise SesFormatError(path, f"unrecognised time text {text[:40]!r}")


def _signature(tlv: der.Tlv, path: str, trailing: int) -> Signature:
    r = der.SeqReader(tlv, path)
    notes: list[str] = []
    if trailing:
        notes.append(f"{trailing} trailing byte(s) after the DER object ignored")
    n = len(r)
    tbs_path = r.field_path("toSign")
    if n == 2:
        tbs_tlv = r.next("toSign")
        t = der.SeqReader(tbs_tlv, tbs_path)
        version = der.integer(t.next("version"), t.field_path("version"), lo=0, hi=2**31 - 1)
        seal = _seal(t.next("eseal"), t.field_path("eseal"))
        ti_tlv = t.next("timeInfo")
        timestamp = None
        if ti_tlv.cls == der.UNIVERSAL and ti_tlv.tag in (der.UTC_TIME, der.GENERALIZED_TIME):
            notes.append(f"{t.field_path('timeInfo')}: a time value where a BIT STRING is specified")
            time_info: _dt.datetime | None = der.time_value(ti_tlv, t.field_path("timeInfo"))
        else:
            raw = der.bit_string(ti_tlv, t.field_path("timeInfo"))
            time_info, timestamp = _v1_time_info(raw, t.field_path("timeInfo"), notes)
        data_hash = der.bit_string(t.next("dataHash"), t.field_path("dataHash"))
        prop = der.ia5(t.next("propertyInfo"), t.field_path("propertyInfo"))
        cert_path = t.field_path("cert")
        cert = der.octets(t.next("cert"), cert_path)
        alg = der.oid(t.next("signatureAlgorithm"), t.field_path("signatureAlgorithm"))
        t.done()
        sig = der.bit_string(r.next("signature"), r.field_path("signature"))
        r.done()
        fmt = FORMAT_V1
        exts: tuple[Extension, ...] = ()
    elif n in (4, 5):
        tbs_tlv = r.next("toSign")
        t = der.SeqReader(tbs_tlv, tbs_path)
        version = der.integer(t.next("version"), t.field_path("version"), lo=0, hi=2**31 - 1)
        seal = _seal(t.next("eseal"), t.field_path("eseal"))
        time_info = _time(t.next("timeInfo"), t.field_path("timeInfo"), der.GENERALIZED_TIME, notes)
        data_hash = der.bit_string(t.next("dataHash"), t.field_path("dataHash"))
        prop = der.ia5(t.next("propertyInfo"), t.field_path("propertyInfo"))
        exts = _extensions(t.peek() and t.next("extDatas"), t.field_path("extDatas"), notes, tagged_ok=True)
        t.done()
        cert_path = r.field_path("cert")
        cert = der.octets(r.next("cert"), cert_path)
        alg = der.oid(r.next("signatureAlgID"), r.field_path("signatureAlgID"))
        sig = der.bit_string(r.next("signature"), r.field_path("signature"))
        timestamp = None
        if n == 5:
            timestamp = _timestamp_field(r.next("timeStamp"), r.field_path("timeStamp"), notes)
        r.done()
        fmt = FORMAT_V5 if seal.format == FORMAT_V5 else FORMAT_V4
        if seal.format == FORMAT_V1:
            notes.append(f"{tbs_path}.eseal: GM/T 0031-2014 seal inside a GB/T 38540 signature")
    else:
        raise SesFormatError(path, f"has {n} elements; expected 2 (GM/T 0031-2014) or 4-5 (GB/T 38540)")
    load_certificate(cert, cert_path)
    if version != seal.version:
        notes.append(f"{tbs_path}.version {version} differs from the seal header version {seal.version}")
    return Signature(
        format=fmt, version=version, seal=seal, time_info=time_info, data_hash=data_hash,
        property_info=prop, signer_cert=cert, sign_alg=alg, signature=sig, tbs_der=tbs_tlv.encoded,
        der=tlv.encoded, timestamp=timestamp, extensions=exts, trailing_bytes=trailing,
        notes=tuple(notes),
    )


def parse_seal(data: bytes) -> Seal:
    """Parse an SESeal (any supported version). Raises :class:`SesFormatError` only."""
    tlv, trailing = der.outer(data, "SESeal")
    return _seal(tlv, "SESeal", trailing)


def parse_signature(data: bytes) -> Signature:
    """Parse an SES_Signature (any supported version). Raises :class:`SesFormatError` only."""
    tlv, trailing = der.outer(data, "SES_Signature")
    return _signature(tlv, "SES_Signature", trailing)


def parse_any(data: bytes) -> Seal | Signature:
    """Decide whether ``data`` is a seal or a signature, then parse it.

    A signature's first element (TBS_Sign) starts with an INTEGER; a seal's first element
    (SES_SealInfo) starts with a SEQUENCE (the header).
    """
    tlv, trailing = der.outer(data, "SES object")
    items = der.children(tlv, "SES object")
    if not items:
        raise SesFormatError("SES object", "empty SEQUENCE")
    first = items[0]
    der.expect_universal(first, der.SEQUENCE, "SES object[0]")
    inner = der.children(first, "SES object[0]")
    if inner and inner[0].is_universal(der.INTEGER):
        return _signature(tlv, "SES_Signature", trailing)
    return _seal(tlv, "SESeal", trailing)
