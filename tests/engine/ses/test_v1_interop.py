"""Reading GM/T 0031-2014 (v1/v2) structures built per the standard by a test-only writer."""

from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import core
from ses_helpers import DOC
from ses_v1 import build_v1_seal, build_v1_signature

from eseal.engine import ses
from eseal.engine.gm.sm3 import sm3


@pytest.fixture(scope="module")
def v1_seal(ca, company, picture, now) -> bytes:
    return build_v1_seal(maker_signer=ca.maker_signer(), maker_cert=ca.maker_cert.dump(), certs=[company.cert_der],
                         name="旧版个人印章", es_id="V1-0001", seal_type=2, picture=picture, start=now,
                         end=now + dt.timedelta(days=100))


def test_v1_seal_is_detected_and_read(v1_seal: bytes, company, now) -> None:
    seal = ses.parse_seal(v1_seal)
    assert seal.format == ses.FORMAT_V1 and seal.version == 2
    assert seal.name == "旧版个人印章" and seal.es_id == "V1-0001"
    assert seal.info.seal_type == 2 and ses.type_label(2, seal.version) == "个人印章"
    assert seal.info.certs == (company.cert_der,) and seal.info.cert_list_type == 1
    assert seal.info.valid_start == now and seal.notes == ()
    assert seal.maker_signed_candidates[0][0].startswith("SEQUENCE{SES_SealInfo")


def test_v1_maker_signature_verifies_over_the_three_field_range(v1_seal: bytes) -> None:
    res = ses.verify_seal(ses.parse_seal(v1_seal))
    maker = ses.find(res, "seal.maker_signature")
    assert maker is not None and maker.status == ses.Status.PASS
    assert maker.details["signed_input"] == "SEQUENCE{SES_SealInfo,cert,signatureAlgorithm}"


@pytest.mark.parametrize("kind", ["utctime", "gentime", "ascii"])
def test_v1_signature_time_info_variants(v1_seal: bytes, company, now, kind: str) -> None:
    t = now + dt.timedelta(minutes=3)
    time_info = {
        "utctime": core.UTCTime(t).dump(),
        "gentime": core.GeneralizedTime(t).dump(),
        "ascii": t.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S").encode(),
    }[kind]
    der = build_v1_signature(seal_der=v1_seal, signer=company.signer, signer_cert=company.cert_der,
                             time_info=time_info, data_hash=sm3(DOC), property_info="OFD;Doc_0/Signs/Sign_0")
    sig = ses.parse_signature(der)
    assert sig.format == ses.FORMAT_V1 and sig.version == 2
    assert sig.time_info == t
    assert sig.signer_cert == company.cert_der and sig.seal.format == ses.FORMAT_V1
    res = ses.verify_signature(sig, data=DOC)
    st = {r.code: str(r.status) for r in res}
    assert st["signature.value"] == "pass"  # v1: cert + algorithm are inside the signed TBS_Sign
    assert st["signature.signer_in_seal"] == st["seal.maker_signature"] == st["signature.data_hash"] == "pass"
    assert st["signature.timestamp"] == "not_applicable"


def test_v1_signature_tamper_detected(v1_seal: bytes, company) -> None:
    der = build_v1_signature(seal_der=v1_seal, signer=company.signer, signer_cert=company.cert_der,
                             time_info=b"2026-01-01 10:00:00", data_hash=sm3(DOC), property_info="abc")
    i = der.index(b"abc")
    bad = der[:i] + b"abd" + der[i + 3 :]
    st = {r.code: str(r.status) for r in ses.verify_signature(ses.parse_signature(bad))}
    assert st["signature.value"] == "fail"


def test_v1_unreadable_time_info_is_a_format_error(v1_seal: bytes, company) -> None:
    der = build_v1_signature(seal_der=v1_seal, signer=company.signer, signer_cert=company.cert_der,
                             time_info=b"yesterday", data_hash=sm3(DOC), property_info="abc")
    with pytest.raises(ses.SesFormatError, match=r"SES_Signature\.toSign\.timeInfo"):
        ses.parse_signature(der)


def test_v1_seal_cannot_be_signed_as_v4(v1_seal: bytes, company) -> None:
    with pytest.raises(ses.SesBuildError, match="only v4"):
        ses.build_signature(seal_der=v1_seal, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                            signer_cert_der=company.cert_der)
