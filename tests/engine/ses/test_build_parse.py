"""Building v4 seals/signatures and reading them back (fields, exact signed bytes, tolerance)."""

from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import core
from ses_helpers import DOC, make_seal

from eseal.engine import ses
from eseal.engine.gm import oids
from eseal.engine.gm.sm3 import sm3
from eseal.engine.ses import asn1


def test_seal_fields_round_trip(seal_der: bytes, company, picture: bytes, now: dt.datetime, ca) -> None:
    seal = ses.parse_seal(seal_der)
    assert seal.format == ses.FORMAT_V4 and seal.version == 4
    info = seal.info
    assert info.header.id == "ES" and info.header.vid == ses.DEFAULT_VID
    assert seal.es_id == ses.make_es_id("350100", 4, 42)
    assert info.seal_type == 4 and seal.name == "福州测试有限公司合同专用章"
    assert info.cert_list_type == 1 and info.certs == (company.cert_der,)
    assert info.create_date == now and info.valid_start == now
    assert info.valid_end == now + dt.timedelta(days=200)
    assert info.picture == ses.Picture("PNG", picture, 40, 40)
    assert seal.maker_cert == ca.maker_cert.dump()
    assert seal.sign_alg == oids.SM2_WITH_SM3
    assert seal.der == seal_der and seal.trailing_bytes == 0 and seal.notes == ()


def test_maker_signs_exactly_the_der_of_ses_sealinfo(seal_der: bytes, ca) -> None:
    """GB/T 38540: signedValue is over DER(SES_SealInfo) alone (not the v1 3-field range)."""
    seal = ses.parse_seal(seal_der)
    generic = core.Sequence.load(seal_der)
    info_der = generic[0].dump()
    assert seal.info.der == info_der
    assert seal.maker_signed_candidates[0] == ("SES_SealInfo", info_der)
    from eseal.engine.gm.sm2 import SM2PublicKey

    pub = SM2PublicKey.from_der(ca.maker_cert.public_key.dump())
    assert pub.verify(seal.signed_value, info_der)


def test_seal_der_is_valid_per_asn1crypto_spec(seal_der: bytes) -> None:
    parsed = asn1.SESealV4.load(seal_der, strict=True)
    assert parsed["eSealInfo"]["header"]["version"].native == 4
    assert parsed["eSealInfo"]["property"]["createDate"].dump()[0] == 0x18  # GeneralizedTime
    assert parsed.dump(force=True) == seal_der  # canonical DER: re-encoding changes nothing


def test_signature_fields_and_signed_bytes(signature_der: bytes, seal_der: bytes, company, now) -> None:
    sig = ses.parse_signature(signature_der)
    assert sig.format == ses.FORMAT_V4 and sig.version == 4
    assert sig.seal.der == seal_der
    assert sig.time_info == now + dt.timedelta(seconds=5)
    assert sig.data_hash == sm3(DOC) and sig.property_info == "PDF;ByteRange=[0 10 20 30]"
    assert sig.signer_cert == company.cert_der and sig.sign_alg == oids.SM2_WITH_SM3
    assert sig.timestamp is None
    tbs = core.Sequence.load(signature_der)[0].dump()
    assert sig.tbs_der == tbs
    assert company.signer.key.public_key.verify(sig.signature, tbs)
    parsed = asn1.SESSignatureV4.load(signature_der, strict=True)
    assert parsed.dump(force=True) == signature_der


def test_timestamp_is_written_as_explicit_0_over_signature_value(seal_der: bytes, company) -> None:
    seen = []

    def tsa(value: bytes) -> bytes:
        seen.append(value)
        return b"\x30\x03\x02\x01\x07"  # any DER blob: this test is about placement only

    der = ses.build_signature(seal_der=seal_der, data_hash=b"\x00" * 32, property_info="x",
                              signer=company.signer, signer_cert_der=company.cert_der, timestamp=tsa)
    sig = ses.parse_signature(der)
    assert seen == [sig.signature]
    assert sig.timestamp == b"\x30\x03\x02\x01\x07" and sig.notes == ()
    from eseal.engine.ses import der as derlib

    outer, _ = derlib.outer(der, "sig")
    last = derlib.children(outer, "sig")[4]
    assert (last.cls, last.tag, last.constructed) == (2, 0, True)  # [0] constructed = EXPLICIT
    assert last.value == core.OctetBitString(b"\x30\x03\x02\x01\x07").dump()


def test_untagged_timestamp_is_accepted_with_a_note(signature_der: bytes) -> None:
    outer = core.Sequence.load(signature_der)
    items = [outer[i].dump() for i in range(4)] + [core.OctetBitString(b"\x30\x00").dump()]
    body = b"".join(items)
    der = b"\x30\x82" + len(body).to_bytes(2, "big") + body
    sig = ses.parse_signature(der)
    assert sig.timestamp == b"\x30\x00"
    assert any("untagged" in n for n in sig.notes)


def test_trailing_bytes_tolerated(seal_der: bytes, signature_der: bytes) -> None:
    seal = ses.parse_seal(seal_der + b"\x00" * 300)
    assert seal.trailing_bytes == 300 and seal.der == seal_der
    sig = ses.parse_signature(signature_der + b"\x00\x00junk")
    assert sig.trailing_bytes == 6 and sig.der == signature_der
    assert isinstance(ses.parse_any(seal_der + b"\x00"), ses.Seal)
    assert isinstance(ses.parse_any(signature_der), ses.Signature)


def test_cert_digest_list_and_extensions(ca, company, picture, now) -> None:
    ext = ses.Extension("1.3.6.1.4.1.99999.1", True, b"platform-data")
    der = make_seal(ca, company, picture, now, cert_list_type=2, extensions=[ext], picture_type="svg")
    seal = ses.parse_seal(der)
    assert seal.info.cert_list_type == 2 and seal.info.certs == ()
    assert [(d.type, d.value) for d in seal.info.cert_digests] == [("SM3", sm3(company.cert_der))]
    assert seal.info.extensions == (ext,)
    assert seal.info.picture.type == "SVG"
    sig = ses.parse_signature(ses.build_signature(
        seal_der=der, data_hash=b"\x01" * 32, property_info="p", signer=company.signer,
        signer_cert_der=company.cert_der))
    assert ses.find(ses.verify_signature(sig), "signature.signer_in_seal").status == ses.Status.PASS


def test_build_rejects_bad_inputs(ca, company, picture, now) -> None:
    with pytest.raises(ses.SesBuildError, match="es_id"):
        make_seal(ca, company, picture, now, es_id="印章1")
    with pytest.raises(ses.SesBuildError, match="valid_start"):
        make_seal(ca, company, picture, now, valid_end=now - dt.timedelta(days=1))
    with pytest.raises(ses.SesBuildError, match="expiry"):
        make_seal(ca, company, picture, now, valid_end=now + dt.timedelta(days=4000))
    with pytest.raises(ses.SesBuildError, match="timezone"):
        make_seal(ca, company, picture, now, valid_start=dt.datetime(2026, 1, 1))
    with pytest.raises(ses.SesBuildError, match="picture_type"):
        make_seal(ca, company, picture, now, picture_type="TIFF")
    with pytest.raises(ses.SesBuildError, match="does not match"):
        make_seal(ca, company, picture, now, maker_signer=company.signer)
    with pytest.raises(ses.SesFormatError, match="cert_list"):
        make_seal(ca, company, picture, now, cert_list=[b"not a certificate"])


def test_signature_requires_signer_in_seal(seal_der: bytes, ca) -> None:
    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pki.signer import SM2SoftwareSigner

    other = SM2SoftwareSigner(SM2PrivateKey.generate())
    cert = ca.issue_enterprise("sm2", "另一家公司", "91440300708461136T", other.public_key_info, days=30)
    with pytest.raises(ses.SesBuildError, match="certificate list"):
        ses.build_signature(seal_der=seal_der, data_hash=b"\x01" * 32, property_info="p", signer=other,
                            signer_cert_der=cert.dump())
    with pytest.raises(ses.SesBuildError, match="ASCII"):
        ses.build_signature(seal_der=seal_der, data_hash=b"\x01" * 32, property_info="范围", signer=other,
                            signer_cert_der=cert.dump(), require_cert_in_seal=False)


def test_version_detection_errors_name_the_field(seal_der: bytes) -> None:
    three = core.Sequence.load(seal_der)
    body = b"".join(three[i].dump() for i in range(3))
    with pytest.raises(ses.SesFormatError, match="SESeal: has 3 elements"):
        ses.parse_seal(b"\x30\x82" + len(body).to_bytes(2, "big") + body)
    with pytest.raises(ses.SesFormatError, match=r"^SES_Signature"):
        ses.parse_signature(seal_der)


def test_v5_seal_with_timestamp_is_detected(seal_der: bytes) -> None:
    """GM/T 0031-2025: SESeal gains timeStamp [0] over signedValue; we read it (never write it)."""
    outer = core.Sequence.load(seal_der)
    body = b"".join(outer[i].dump() for i in range(4))
    tagged = b"\xa0\x05" + core.OctetBitString(b"\x30\x00").dump()
    body += tagged
    der = b"\x30\x82" + len(body).to_bytes(2, "big") + body
    seal = ses.parse_seal(der)
    assert seal.format == ses.FORMAT_V5 and seal.timestamp == b"\x30\x00"
    st = {r.code: str(r.status) for r in ses.verify_seal(seal)}
    assert st["seal.maker_signature"] == "pass"


def test_tagged_sealinfo_extdatas_and_fractional_times_are_accepted(ca, company, picture, now) -> None:
    """Variants seen in other producers' code: [0]-tagged SES_SealInfo.extDatas, GeneralizedTime
    with fractional seconds. Built by hand, signed by the maker, then read back."""
    from eseal.engine.gm import oids as o

    info = asn1.SESSealInfoV4.load(ses.build_seal_info(
        es_id="X", seal_type=1, name="n", cert_list=[company.cert_der], picture=picture, picture_type="PNG",
        width_mm=40, height_mm=40, valid_start=now, valid_end=now + dt.timedelta(days=1), create_date=now))
    prop = info["property"]
    frac = core.GeneralizedTime(now.replace(microsecond=123000))
    items = [info["header"].dump(), info["esID"].dump()]
    p_items = [prop[k].dump() for k in ("type", "name", "certListType", "certList")] + [frac.dump()] * 3
    p_body = b"".join(p_items)
    items.append(b"\x30\x82" + len(p_body).to_bytes(2, "big") + p_body)
    items.append(info["picture"].dump())
    ext = asn1.ExtensionDatas([{"extnID": "1.2.3.4", "extnValue": b"v"}]).dump()
    items.append(b"\xa0" + bytes([len(ext)]) + ext)
    i_body = b"".join(items)
    info_der = b"\x30\x82" + len(i_body).to_bytes(2, "big") + i_body
    seal_der = ses.assemble_seal(info_der, maker_cert=ca.maker_cert.dump(), sign_alg=o.SM2_SIGN,
                                 signed_value=ca.maker_signer().sign(info_der))
    seal = ses.parse_seal(seal_der)
    assert seal.info.create_date == now.replace(microsecond=123000)
    assert seal.info.extensions == (ses.Extension("1.2.3.4", False, b"v"),)
    assert any("[0]-tagged" in n for n in seal.notes)
    maker = ses.find(ses.verify_seal(seal), "seal.maker_signature")
    assert maker.status == ses.Status.PASS  # sm2sign OID on an SM2 key accepted as SM2-with-SM3
