"""GM profile: GB/T 38540 SES_Signature in /Contents, SM3 over the ByteRange, SM2 TSA token, revisions."""

from __future__ import annotations

import io

import pikepdf
import pytest
from _sign_fixtures import FailingTimeStamper, ca_material, gm_material, make_pdf

from eseal.engine.gm.sm2 import SM2PublicKey
from eseal.engine.gm.sm3 import sm3
from eseal.engine.pdf.errors import PdfInputError, SigningError
from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pki.errors import TimeStampUnavailable
from eseal.engine.ses.parse import parse_signature


def _sign(pdf: bytes, **kw) -> bytes:
    m = ca_material()
    kw.setdefault("timestamper", m.ca.tsa("sm2"))
    return sign_gm(pdf, seal_der=m.seal_der, signer=m.sm2_signer, signer_cert_der=m.sm2_cert_der, **kw)


_OPEN: list = []  # keep pikepdf documents alive while their objects are used


def _sig_dicts(out: bytes) -> list:
    pdf = pikepdf.open(io.BytesIO(out))
    _OPEN.append(pdf)
    return [f.V for f in pdf.Root.AcroForm.Fields if f.get("/FT") == "/Sig" and "/V" in f]


def _covered(out: bytes, br) -> bytes:
    a, b, c, d = (int(v) for v in br)
    return out[a : a + b] + out[c : c + d]


def test_gm_signature_contents_are_a_verifiable_ses_signature():
    m = ca_material()
    out = _sign(make_pdf(2), signer_name="张三", request=StampRequest.from_mm(page=2, x_mm=20, y_mm=20))
    (sig,) = _sig_dicts(out)
    assert sig.Filter == gm_format.FILTER and sig.SubFilter == gm_format.SUBFILTER
    assert sig["/ESeal.TimeSource"] == gm_format.TIME_SOURCE_TSA
    assert str(sig.Name) == "张三"
    br = [int(v) for v in sig.ByteRange]
    assert br[0] == 0 and br[2] + br[3] == len(out)  # covers the whole file but /Contents
    ses = parse_signature(gm_format.trim_der(bytes(sig.Contents)))
    assert ses.version == 4
    assert ses.data_hash == sm3(_covered(out, br))
    prop = gm_format.parse_property_info(ses.property_info)
    assert list(prop.byte_range) == br and prop.mode == "single" and prop.pages == (2,)
    assert not prop.claimed_time_only
    assert ses.signer_cert == m.sm2_cert_der
    assert ses.seal.der == m.seal_der
    assert ses.sign_alg == gm_format.SM2_SM3_OID
    pub = SM2PublicKey.from_der(m.sm2_signer.public_key_info.dump())
    assert pub.verify(ses.signature, ses.tbs_der)
    # RFC 3161 token over the signature value, from the local CA's SM2 TSA, with an SM3 imprint
    from eseal.engine.pki.tsa import parse_token

    _sd, tst, _ = parse_token(ses.timestamp)
    imprint = tst["message_imprint"]
    assert imprint["hash_algorithm"]["algorithm"].dotted == gm_format.SM3_OID
    assert imprint["hashed_message"].native == sm3(ses.signature)
    assert ses.time_info.strftime("%Y%m%d%H%M%S") == str(sig.M)[2:16]


def test_gm_tampered_byte_changes_data_hash():
    out = bytearray(_sign(make_pdf(1)))
    (sig,) = _sig_dicts(bytes(out))
    ses = parse_signature(gm_format.trim_der(bytes(sig.Contents)))
    i = int(sig.ByteRange[1]) // 2  # somewhere in the signed first range
    out[i] ^= 0x01
    assert sm3(_covered(bytes(out), sig.ByteRange)) != ses.data_hash


def test_gm_successive_signatures_keep_earlier_signature_valid():
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel

    src = make_pdf(3)
    first = _sign(src)
    second = _sign(first, request=StampRequest(mode="seam"))
    third = _sign(second, request=StampRequest(mode="multi", pages=(1, 3)), claimed_time_only=True)
    assert third.startswith(second) and second.startswith(first)
    sigs = _sig_dicts(third)
    assert [str(s["/ESeal.Mode"]) for s in sigs] == ["/single", "/seam", "/multi"]
    for sig in sigs:
        ses = parse_signature(gm_format.trim_der(bytes(sig.Contents)))
        assert ses.data_hash == sm3(_covered(third, sig.ByteRange))
    reader = PdfFileReader(io.BytesIO(third))
    base = reader.xrefs.total_revisions - 3  # revision of the first signature
    for rev in (base, base + 1):
        result = DEFAULT_DIFF_POLICY.review_file(reader, rev)
        assert not isinstance(result, Exception), result
        assert result.modification_level <= ModificationLevel.FORM_FILLING


def test_gm_claimed_time_only_is_recorded_and_has_no_token():
    out = _sign(make_pdf(1), timestamper=None, claimed_time_only=True)
    (sig,) = _sig_dicts(out)
    assert sig["/ESeal.TimeSource"] == gm_format.TIME_SOURCE_CLAIMED
    ses = parse_signature(gm_format.trim_der(bytes(sig.Contents)))
    assert ses.timestamp is None
    assert gm_format.parse_property_info(ses.property_info).claimed_time_only


def test_gm_without_tsa_fails_clearly_before_any_work():
    with pytest.raises(TimeStampUnavailable, match="claimed"):
        _sign(make_pdf(1), timestamper=None)


def test_gm_tsa_down_fails_clearly():
    with pytest.raises(TimeStampUnavailable, match="refused"):
        _sign(make_pdf(1), timestamper=FailingTimeStamper())


def test_gm_signer_not_in_seal_is_refused():
    other = gm_material()  # a different signer certificate, not in the CA seal's list
    m = ca_material()
    with pytest.raises(SigningError, match="certificate list"):
        sign_gm(
            make_pdf(1), seal_der=m.seal_der, signer=other.signer, signer_cert_der=other.signer_cert_der,
            claimed_time_only=True,
        )


def test_gm_bad_inputs():
    with pytest.raises(PdfInputError, match="not a PDF"):
        _sign(b"hello, this is not a pdf" * 10)
    with pytest.raises(PdfInputError, match="limit"):
        _sign(make_pdf(2), max_bytes=1000)
    enc = io.BytesIO()
    pikepdf.open(io.BytesIO(make_pdf(1))).save(enc, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(PdfInputError, match="encrypted"):
        _sign(enc.getvalue())
