"""Structured verification: one result per check with a stable code, real SM2 signatures."""

from __future__ import annotations

import datetime as dt

from asn1crypto import x509
from ses_helpers import DOC, make_seal

from eseal.engine import ses
from eseal.engine.gm.sm3 import sm3
from eseal.engine.ses.checks import REPORT_ITEMS, Status
from eseal.engine.ses.trust import local_ca_checker

SIG_CODES = [
    "signature.format", "signature.value", "signature.signer_in_seal", "signature.signer_cert_trust",
    "signature.signing_time", "signature.timestamp", "signature.data_hash",
    "seal.format", "seal.maker_signature", "seal.maker_cert", "seal.maker_cert_trust", "seal.holder_cert_trust",
    "seal.validity",
]


def statuses(results: list[ses.CheckResult]) -> dict[str, str]:
    return {r.code: str(r.status) for r in results}


def flip(der: bytes, needle: bytes) -> bytes:
    i = der.index(needle)
    return der[:i] + bytes([der[i] ^ 0x01]) + der[i + 1 :]


def test_good_signature_every_check(signature_der: bytes, ca) -> None:
    sig = ses.parse_signature(signature_der)
    results = ses.verify_signature(sig, data=DOC, cert_checker=local_ca_checker(ca))
    assert [r.code for r in results] == SIG_CODES
    st = statuses(results)
    assert st.pop("signature.timestamp") == "not_applicable"
    assert set(st.values()) == {"pass"}, results
    assert ses.overall(results) == Status.PASS
    assert all(r.item in REPORT_ITEMS.values() for r in results)
    assert set(REPORT_ITEMS.values()) >= {"电子印章数据格式", "电子印章签名值", "签章者证书有效性", "数字证书有效性",
                                          "电子印章有效性", "签章时间有效性", "时间戳有效性", "原文杂凑"}


def test_without_trust_or_document_results_are_unknown_not_pass(signature_der: bytes) -> None:
    st = statuses(ses.verify_signature(ses.parse_signature(signature_der)))
    assert st["signature.signer_cert_trust"] == st["seal.maker_cert_trust"] == "unknown"
    assert st["signature.data_hash"] == "unknown"
    assert st["signature.value"] == st["seal.maker_signature"] == "pass"


def test_data_hash_mismatch_and_hash_argument(signature_der: bytes) -> None:
    sig = ses.parse_signature(signature_der)
    assert statuses(ses.verify_signature(sig, data=DOC + b"x"))["signature.data_hash"] == "fail"
    assert statuses(ses.verify_signature(sig, data_hash=sm3(DOC)))["signature.data_hash"] == "pass"
    assert statuses(ses.verify_signature(sig, data_hash=sm3(b"other")))["signature.data_hash"] == "fail"


def test_tampered_seal_info_fails_maker_signature_only(seal_der: bytes, picture: bytes) -> None:
    seal = ses.parse_seal(flip(seal_der, picture[40:56]))  # one bit inside the picture bytes
    st = statuses(ses.verify_seal(seal))
    assert st["seal.maker_signature"] == "fail"
    assert st["seal.validity"] == "pass" and st["seal.format"] == "pass"


def test_tampered_tbs_fails_signature_value(signature_der: bytes) -> None:
    bad = flip(signature_der, b"PDF;ByteRange")
    sig = ses.parse_signature(bad)
    st = statuses(ses.verify_signature(sig, data=DOC))
    assert st["signature.value"] == "fail"
    assert st["seal.maker_signature"] == "pass"


def test_signature_by_a_key_outside_the_seal(seal_der: bytes, ca, company) -> None:
    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pki.signer import SM2SoftwareSigner

    other = SM2SoftwareSigner(SM2PrivateKey.generate())
    cert = ca.issue_enterprise("sm2", "冒用者公司", "91440300708461136T", other.public_key_info, days=30)
    der = ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=other,
                              signer_cert_der=cert.dump(), require_cert_in_seal=False)
    st = statuses(ses.verify_signature(ses.parse_signature(der), data=DOC))
    assert st["signature.value"] == "pass"  # cryptographically fine …
    assert st["signature.signer_in_seal"] == "fail"  # … but not an authorised signer of this seal


def test_seal_validity_evaluated_at_signing_time(ca, company, picture, now) -> None:
    seal_der = make_seal(ca, company, picture, now, valid_start=now + dt.timedelta(days=10),
                         valid_end=now + dt.timedelta(days=20))
    seal = ses.parse_seal(seal_der)
    assert statuses(ses.verify_seal(seal, at=now))["seal.validity"] == "fail"
    assert statuses(ses.verify_seal(seal, at=now + dt.timedelta(days=15)))["seal.validity"] == "pass"
    assert statuses(ses.verify_seal(seal, at=now + dt.timedelta(days=21)))["seal.validity"] == "fail"
    early = ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                                signer_cert_der=company.cert_der, time=now + dt.timedelta(days=1))
    st = statuses(ses.verify_signature(ses.parse_signature(early)))
    assert st["seal.validity"] == "fail"
    late = ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                               signer_cert_der=company.cert_der, time=now + dt.timedelta(days=400))
    st = statuses(ses.verify_signature(ses.parse_signature(late)))
    assert st["signature.signing_time"] == "fail"  # signer cert (365 days) expired at that time


def test_revoked_signer_cert_fails_trust(ca, picture, now) -> None:
    from ses_helpers import Party

    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pki.signer import SM2SoftwareSigner

    signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    cert = ca.issue_enterprise("sm2", "将被吊销公司", "91350100M000100Y43", signer.public_key_info, days=100,
                              not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))  # revoked below, after notBefore
    party = Party(signer, cert.dump())
    seal_der = make_seal(ca, party, picture, now, valid_end=now + dt.timedelta(days=50))
    sig = ses.parse_signature(ses.build_signature(
        seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=signer, signer_cert_der=party.cert_der,
        time=dt.datetime.now(dt.UTC)))
    checker = local_ca_checker(ca)
    assert statuses(ses.verify_signature(sig, cert_checker=checker))["signature.signer_cert_trust"] == "pass"
    ca.revoke(x509.Certificate.load(party.cert_der), reason="key_compromise",
              when=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    res = ses.verify_signature(sig, cert_checker=checker)
    assert statuses(res)["signature.signer_cert_trust"] == "fail"
    assert ses.overall(res) == Status.FAIL


def test_raw_r_s_maker_signature_is_accepted(seal_der: bytes, ca) -> None:
    """Some producers store 64-byte raw r||s instead of DER SEQUENCE{r,s}."""
    from eseal.engine.gm.sm2 import decode_signature

    seal = ses.parse_seal(seal_der)
    r, s = decode_signature(seal.signed_value)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    der = ses.assemble_seal(seal.info.der, maker_cert=seal.maker_cert, sign_alg=seal.sign_alg, signed_value=raw)
    assert statuses(ses.verify_seal(ses.parse_seal(der)))["seal.maker_signature"] == "pass"


def test_results_are_json_ready(signature_der: bytes) -> None:
    import json

    out = [r.to_dict() for r in ses.verify_signature(ses.parse_signature(signature_der))]
    text = json.dumps(out, ensure_ascii=False)
    assert '"code": "signature.value"' in text and '"item": "电子印章签名值"' in text


def test_timestamp_from_local_tsa_verifies(seal_der: bytes, company, ca) -> None:
    from eseal.engine.ses.trust import local_ca_timestamp_checker

    tsa = ca.tsa("sm2")
    der = ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                              signer_cert_der=company.cert_der, timestamp=lambda v: tsa.stamp_data(v, "sm3"))
    sig = ses.parse_signature(der)
    assert sig.timestamp is not None
    res = ses.verify_signature(sig, data=DOC, cert_checker=local_ca_checker(ca),
                               timestamp_checker=local_ca_timestamp_checker(ca))
    st = statuses(res)
    assert st["signature.timestamp"] == "pass", ses.find(res, "signature.timestamp")
    assert ses.find(res, "signature.signing_time").details["source"] == "time stamp"
    assert ses.overall(res) == Status.PASS
    # without a TSA validator: imprint checked, trust unknown
    assert statuses(ses.verify_signature(sig))["signature.timestamp"] == "unknown"


def test_timestamp_over_other_bytes_fails(seal_der: bytes, company, ca) -> None:
    tsa = ca.tsa("sm2")
    der = ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                              signer_cert_der=company.cert_der, timestamp=lambda v: tsa.stamp_data(b"other", "sm3"))
    res = ses.verify_signature(ses.parse_signature(der))
    r = ses.find(res, "signature.timestamp")
    assert r.status == Status.FAIL and "imprint" in r.message


def test_timestamp_far_from_claimed_time_fails(seal_der: bytes, company, ca, now) -> None:
    tsa = ca.tsa("sm2")
    der = ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p", signer=company.signer,
                              signer_cert_der=company.cert_der, time=now - dt.timedelta(days=3),
                              timestamp=lambda v: tsa.stamp_data(v, "sha256"))
    r = ses.find(ses.verify_signature(ses.parse_signature(der)), "signature.timestamp")
    assert r.status == Status.FAIL and "differs from the claimed signing time" in r.message


def test_algorithm_mismatch_is_named(seal_der: bytes, company) -> None:
    from eseal.engine.ses import asn1

    sig = ses.parse_signature(ses.build_signature(seal_der=seal_der, data_hash=sm3(DOC), property_info="p",
                                                  signer=company.signer, signer_cert_der=company.cert_der))
    from asn1crypto import core

    der = asn1.SESSignatureV4({"toSign": core.Any.load(sig.tbs_der), "cert": sig.signer_cert,
                               "signatureAlgID": "1.2.840.10045.4.3.2", "signature": sig.signature}).dump()
    r = ses.find(ses.verify_signature(ses.parse_signature(der)), "signature.value")
    assert r.status == Status.FAIL and "does not match the signer certificate's sm2 key" in r.message


def test_trust_hook_exception_is_a_failure_but_missing_trust_material_is_unknown(seal_der: bytes) -> None:
    seal = ses.parse_seal(seal_der)

    def malformed(der: bytes, at: dt.datetime, role: str) -> tuple[Status, str]:
        raise ValueError("Insufficient data - 23 bytes requested\nwhile parsing Extension")

    def no_ca_files(der: bytes, at: dt.datetime, role: str) -> tuple[Status, str]:
        raise FileNotFoundError("ca/sm2/root.pem")

    bad = ses.find(ses.verify_seal(seal, cert_checker=malformed), "seal.maker_cert_trust")
    assert bad is not None and bad.status is Status.FAIL and "\n" not in bad.message
    missing = ses.find(ses.verify_seal(seal, cert_checker=no_ca_files), "seal.maker_cert_trust")
    assert missing is not None and missing.status is Status.UNKNOWN


def test_seal_holder_certificate_checked_at_the_verification_time(ca, picture, now) -> None:
    from ses_helpers import Party

    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pki.signer import SM2SoftwareSigner

    signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    cert = ca.issue_enterprise("sm2", "印章证书将吊销公司", "91350100M000100Y43", signer.public_key_info, days=100,
                              not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))  # revoked below, after notBefore
    seal = ses.parse_seal(make_seal(ca, Party(signer, cert.dump()), picture, now,
                                    valid_end=now + dt.timedelta(days=50)))
    checker = local_ca_checker(ca)
    r = ses.find(ses.verify_seal(seal, cert_checker=checker), "seal.holder_cert_trust")
    assert r is not None and r.status is Status.PASS and r.item == "签章者证书有效性"
    r = ses.find(ses.verify_seal(seal, at=now + dt.timedelta(days=200), cert_checker=checker),
                 "seal.holder_cert_trust")
    assert r is not None and r.status is Status.FAIL and "expired" in r.message
    r = ses.find(ses.verify_seal(seal), "seal.holder_cert_trust")
    assert r is not None and r.status is Status.UNKNOWN
    ca.revoke(cert, reason="key_compromise", when=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    res = ses.verify_seal(seal, cert_checker=checker)
    r = ses.find(res, "seal.holder_cert_trust")
    assert r is not None and r.status is Status.FAIL and "revoked" in r.message
    assert ses.find(res, "seal.maker_signature").status is Status.PASS  # type: ignore[union-attr]
    assert ses.overall(res) is Status.FAIL
