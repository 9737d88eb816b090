"""Test-only writer of GM/T 0031-2014 ("v1/v2") seals and signatures, to exercise the reader.

Follows GM/T 0031-2014 §6: the maker signs DER(SEQUENCE{SES_SealInfo, cert, signatureAlgorithm});
the signer signs DER(TBS_Sign) which contains the signer certificate and algorithm; dates are
UTCTime; ``timeInfo`` is a BIT STRING (contents vary by vendor: DER UTCTime, token or ASCII text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from asn1crypto import core

from eseal.engine.gm import oids
from eseal.engine.ses import asn1


def build_v1_seal(*, maker_signer: Any, maker_cert: bytes, certs: list[bytes], name: str, es_id: str,
                  seal_type: int, picture: bytes, start: dt.datetime, end: dt.datetime,
                  header_version: int = 2) -> bytes:
    info = asn1.SESSealInfoV1({
        "header": {"ID": "ES", "version": header_version, "Vid": "legacy-vendor"},
        "esID": es_id,
        "property": {
            "type": seal_type, "name": name, "certList": certs,
            "createDate": start, "validStart": start, "validEnd": end,
        },
        "picture": {"type": "PNG", "data": picture, "width": 40, "height": 40},
    })
    info_der = info.dump()
    signed_range = asn1.SealSignRangeV1({
        "esealInfo": core.Any.load(info_der), "cert": maker_cert, "signatureAlgorithm": oids.SM2_WITH_SM3,
    }).dump()
    return asn1.SESealV1({
        "esealInfo": core.Any.load(info_der),
        "signInfo": {"cert": maker_cert, "signatureAlgorithm": oids.SM2_WITH_SM3,
                     "signData": maker_signer.sign(signed_range)},
    }).dump()


def build_v1_signature(*, seal_der: bytes, signer: Any, signer_cert: bytes, time_info: bytes, data_hash: bytes,
                       property_info: str, version: int = 2) -> bytes:
    tbs = asn1.TBSSignV1({
        "version": version, "eseal": core.Any.load(seal_der), "timeInfo": time_info, "dataHash": data_hash,
        "propertyInfo": property_info, "cert": signer_cert, "signatureAlgorithm": oids.SM2_WITH_SM3,
    }).dump()
    return asn1.SESSignatureV1({"toSign": core.Any.load(tbs), "signature": signer.sign(tbs)}).dump()
