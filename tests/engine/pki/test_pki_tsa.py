"""RFC 3161: token issue/verify for SM2 and ECDSA TSAs, HTTP server + client, tamper detection, interop."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess

import httpx
import pytest
from asn1crypto import core, tsp
from pki_helpers import NOW, issue

from eseal.engine.gm.sm3 import sm3
from eseal.engine.pki.errors import InvalidTimeStamp, TimeStampUnavailable
from eseal.engine.pki.tsa import (
    DEFAULT_POLICY,
    HTTPTimeStampClient,
    TimeStampAuthority,
    TimeStampServer,
    build_request,
    obtain_time,
    parse_token,
    verify_token,
)

DATA = "合同正文 contract body".encode()
DAY = dt.timedelta(days=1)


def _verify(ca, token, family, **kw):
    kw.setdefault("data", DATA)
    return verify_token(token, trust_roots=ca.trust_roots(family), intermediates=ca.intermediates(family),
                        crls=ca.crls(family), **kw)


@pytest.mark.parametrize("md", ["sm3", "sha256", "sha512"])
def test_token_roundtrip(ca, family, md):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    token = ca.tsa(family).stamp_data(DATA, md)
    info = _verify(ca, token, family)
    assert before <= info.gen_time <= dt.datetime.now(dt.UTC)
    assert info.policy == DEFAULT_POLICY and info.accuracy_seconds == 1
    assert info.chain.ok and info.tsa_certificate.dump() == ca.certificate(family, "tsa").dump()
    assert info.hashed_message == {"sm3": sm3, "sha256": lambda d: hashlib.sha256(d).digest(),
                                   "sha512": lambda d: hashlib.sha512(d).digest()}[md](DATA)


def test_token_structure(ca, family):
    sd, tst, _ = parse_token(ca.tsa(family).stamp(sm3(DATA), "sm3"))
    assert sd["version"].native == "v3"
    si = sd["signer_infos"][0]
    digest_oid = {"sm2": "1.2.156.10197.1.401", "ecdsa": "2.16.840.1.101.3.4.2.1"}[family]
    sig_oid = {"sm2": "1.2.156.10197.1.501", "ecdsa": "1.2.840.10045.4.3.2"}[family]
    assert si["digest_algorithm"]["algorithm"].dotted == digest_oid
    assert si["signature_algorithm"]["algorithm"].dotted == sig_oid
    attrs = {a["type"].dotted for a in si["signed_attrs"]}
    assert attrs == {"1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.16.2.47"}
    assert {c.chosen.dump() for c in sd["certificates"]} == {  # a SET OF: DER order
        ca.certificate(family, "tsa").dump(), ca.certificate(family, "issuing").dump()}
    assert tst["message_imprint"]["hash_algorithm"]["algorithm"].dotted == "1.2.156.10197.1.401"


def test_openssl_ts_verifies_ecdsa_token(ca, tmp_path):
    (tmp_path / "data").write_bytes(DATA)
    (tmp_path / "tok.der").write_bytes(ca.tsa("ecdsa").stamp_data(DATA, "sha256"))
    d = ca.directory / "ecdsa"
    out = subprocess.run(["openssl", "ts", "-verify", "-data", str(tmp_path / "data"), "-in", str(tmp_path / "tok.der"),
                          "-token_in", "-CAfile", str(d / "root.pem"), "-untrusted", str(d / "issuing.pem")],
                         capture_output=True, timeout=30)
    assert out.returncode == 0 and b"Verification: OK" in out.stdout, out.stdout + out.stderr


def test_sm2_token_signature_checked_by_openssl_dgst(ca, tmp_path):
    """OpenSSL 3.0's TS/CMS code cannot set the SM2 ID, so verify the SignerInfo signature with dgst."""
    token = ca.tsa("sm2").stamp_data(DATA, "sm3")
    text = subprocess.run(["openssl", "ts", "-reply", "-in", "/dev/stdin", "-token_in", "-token_out", "-text"],
                          input=token, capture_output=True, timeout=30)
    assert text.returncode == 0 and b"Hash Algorithm: sm3" in text.stdout
    sd, _, _ = parse_token(token)
    si = sd["signer_infos"][0]
    (tmp_path / "attrs.der").write_bytes(b"\x31" + si["signed_attrs"].dump()[1:])
    (tmp_path / "sig.der").write_bytes(si["signature"].native)
    pub = subprocess.run(["openssl", "x509", "-noout", "-pubkey", "-in", str(ca.directory / "sm2" / "tsa.pem")],
                         capture_output=True, timeout=30).stdout
    (tmp_path / "pub.pem").write_bytes(pub)
    out = subprocess.run(["openssl", "dgst", "-sm3", "-verify", str(tmp_path / "pub.pem"), "-sigopt",
                          "distid:1234567812345678", "-signature", str(tmp_path / "sig.der"),
                          str(tmp_path / "attrs.der")], capture_output=True, timeout=30)
    assert out.returncode == 0 and b"Verified OK" in out.stdout, out.stdout + out.stderr


def test_tampered_tokens_are_rejected(ca, other_ca, family):
    tsa = ca.tsa(family)
    token = tsa.stamp(hashlib.sha256(DATA).digest(), "sha256", nonce=123456789)
    _, tst, _ = parse_token(token)
    serial = core.Integer(tst["serial_number"].native).dump()
    assert token.count(serial) == 1
    pos = token.index(serial) + len(serial) - 1
    forged = token[:pos] + bytes([token[pos] ^ 0x01]) + token[pos + 1:]
    with pytest.raises(InvalidTimeStamp, match="messageDigest"):
        _verify(ca, forged, family)
    sd, _, _ = parse_token(token)
    sig = sd["signer_infos"][0]["signature"].native
    pos = token.index(sig) + 12
    bad_sig = token[:pos] + bytes([token[pos] ^ 0x01]) + token[pos + 1:]
    with pytest.raises(InvalidTimeStamp, match="signature does not verify"):
        _verify(ca, bad_sig, family)
    with pytest.raises(InvalidTimeStamp, match="imprint does not match"):
        _verify(ca, token, family, data=DATA + b"!")
    with pytest.raises(InvalidTimeStamp, match="nonce"):
        _verify(ca, token, family, nonce=1)
    assert _verify(ca, token, family, nonce=123456789).nonce == 123456789
    with pytest.raises(InvalidTimeStamp, match="NO_CHAIN"):
        _verify(other_ca, token, family)
    with pytest.raises(InvalidTimeStamp, match="malformed"):
        _verify(ca, token[:-20], family)


def test_tsa_needs_time_stamping_eku(ca, family):
    signer, ee = issue(ca, family)
    with pytest.raises(ValueError, match="timeStamping"):
        TimeStampAuthority(signer, ee)
    rogue = TimeStampAuthority.__new__(TimeStampAuthority)  # bypass the constructor's check
    rogue.__dict__.update(ca.tsa(family).__dict__, signer=signer, certificate=ee, chain=[])
    rogue._prepare()
    token = rogue.stamp_data(DATA, "sha256")
    with pytest.raises(InvalidTimeStamp, match="only extended key usage"):
        _verify(ca, token, family)


def test_revoked_tsa_certificate(fresh_ca, family):
    tsa = fresh_ca.tsa(family)
    old = TimeStampAuthority(tsa.signer, tsa.certificate, tsa.chain, clock=lambda: NOW - 20 * DAY)
    old_token = old.stamp_data(DATA, "sha256")
    fresh_ca.revoke(tsa.certificate, "keyCompromise", NOW - 10 * DAY)
    info = _verify(fresh_ca, old_token, family)  # genTime before the revocation: still proves its time
    assert info.gen_time == NOW - 20 * DAY and any("revoked later" in w for w in info.chain.warnings)
    with pytest.raises(InvalidTimeStamp, match="REVOKED"):
        _verify(fresh_ca, tsa.stamp_data(DATA, "sha256"), family)


def _status(resp_der: bytes) -> tuple[str, set]:
    info = tsp.PKIStatusInfo.load(core.SequenceOf.load(resp_der)[0].dump())
    return info["status"].native, set(info["fail_info"].native or ())


def test_bad_requests_get_rejections(ca):
    tsa = ca.tsa("sm2")
    assert _status(tsa.respond(b"\x30\x03garbage")) == ("rejection", {"bad_data_format"})
    sha1 = tsp.TimeStampReq({"version": "v1", "message_imprint": {
        "hash_algorithm": {"algorithm": "sha1"}, "hashed_message": b"\x00" * 20}}).dump()
    assert _status(tsa.respond(sha1)) == ("rejection", {"bad_alg"})
    short = build_request(b"\x00" * 31, "sha256").dump()
    assert _status(tsa.respond(short)) == ("rejection", {"bad_data_format"})
    policy = build_request(b"\x00" * 32, "sha256", policy="1.2.3.4").dump()
    assert _status(tsa.respond(policy)) == ("rejection", {"unaccepted_policy"})
    ok = tsp.TimeStampResp.load(tsa.respond(build_request(b"\x00" * 32, "sm3", nonce=7).dump()))
    assert ok["status"]["status"].native == "granted"
    broken = TimeStampAuthority(tsa.signer, tsa.certificate, tsa.chain, clock=lambda: None)
    assert _status(broken.respond(build_request(b"\x00" * 32).dump())) == ("rejection", {"time_not_available"})


def test_http_server_and_client(ca, family):
    with TimeStampServer(ca.tsa(family)) as srv:
        assert srv.url.startswith("http://127.0.0.1:")
        client = HTTPTimeStampClient(srv.url)
        token = client.stamp_data(DATA, "sm3")
        assert _verify(ca, token, family).chain.ok
        with pytest.raises(TimeStampUnavailable, match="bad_data_format"):
            client.stamp(b"\x01" * 5, "sha256")
        assert httpx.get(srv.url).status_code == 405
        assert httpx.post(srv.url, content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415
        url = srv.url
    with pytest.raises(TimeStampUnavailable, match="unreachable"):
        HTTPTimeStampClient(url, timeout=2).stamp(sm3(DATA), "sm3")


def test_time_is_never_silent(ca):
    digest = sm3(DATA)
    with pytest.raises(TimeStampUnavailable, match="no time-stamp authority"):
        obtain_time(None, digest, "sm3")
    with TimeStampServer(ca.tsa("sm2")) as srv:
        dead = HTTPTimeStampClient(srv.url, timeout=2)
    with pytest.raises(TimeStampUnavailable):
        obtain_time(dead, digest, "sm3")
    claimed = obtain_time(dead, digest, "sm3", allow_claimed_time=True)
    assert claimed.trusted is False and claimed.source == "claimed" and claimed.token is None
    assert "unreachable" in claimed.reason
    trusted = obtain_time(ca.tsa("sm2"), digest, "sm3")
    assert trusted.trusted and trusted.source == "tsa"
    assert trusted.time == _verify(ca, trusted.token, "sm2", data=None, digest=digest).gen_time


@pytest.mark.parametrize("transport", ["http", "in-process"])
def test_pyhanko_pades_bt_with_our_ecdsa_tsa(ca, tmp_path, transport):
    """The PDF colleague's use: pyHanko PAdES B-T with our ECDSA TSA, validated with the TSA trusted."""
    import io

    import pikepdf
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from eseal.engine.pki.certs import to_pem
    from eseal.engine.pki.tsa.pyhanko_stamper import LocalPyHankoTimeStamper

    signer, cert = issue(ca, "ecdsa", name="PAdES Test Co")
    (tmp_path / "key.pem").write_bytes(signer.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (tmp_path / "cert.pem").write_bytes(to_pem(cert))
    py_signer = signers.SimpleSigner.load(str(tmp_path / "key.pem"), str(tmp_path / "cert.pem"),
                                          ca_chain_files=(str(ca.directory / "ecdsa" / "chain.pem"),))
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buf = io.BytesIO()
    pdf.save(buf)
    buf.seek(0)
    meta = signers.PdfSignatureMetadata(field_name="Seal1", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    srv = TimeStampServer(ca.tsa("ecdsa")).start()
    try:
        stamper = HTTPTimeStamper(srv.url) if transport == "http" else LocalPyHankoTimeStamper(ca.tsa("ecdsa"))
        out = signers.sign_pdf(IncrementalPdfFileWriter(buf), meta, signer=py_signer, timestamper=stamper)
    finally:
        srv.stop()
    vc = ValidationContext(trust_roots=ca.trust_roots("ecdsa"), other_certs=ca.intermediates("ecdsa"),
                           crls=[c.dump() for c in ca.crls("ecdsa")], allow_fetching=False)
    status = validate_pdf_signature(PdfFileReader(out).embedded_signatures[0], signer_validation_context=vc,
                                    ts_validation_context=vc)
    assert status.bottom_line, status.pretty_print_details()
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert status.timestamp_validity.signing_cert.dump() == ca.certificate("ecdsa", "tsa").dump()


def _der_len(n: int) -> bytes:
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def test_gm_t_0010_wrapped_token_and_cert_req_false(ca):
    """Some Chinese TSAs wrap the SignedData under the GM/T 0010 OID 1.2.156.10197.6.1.4.2.2."""
    from asn1crypto import cms

    token = ca.tsa("sm2").stamp_data(DATA, "sm3")
    body = core.ObjectIdentifier("1.2.156.10197.6.1.4.2.2").dump() + cms.ContentInfo.load(token)["content"].dump()
    gm_token = b"\x30" + _der_len(len(body)) + body
    assert _verify(ca, gm_token, "sm2").gen_time == _verify(ca, token, "sm2").gen_time
    bare = ca.tsa("sm2").stamp(sm3(DATA), "sm3", cert_req=False)  # no certificates inside
    with pytest.raises(InvalidTimeStamp, match="certificate not found"):
        _verify(ca, bare, "sm2")
    assert _verify(ca, bare, "sm2", tsa_certificates=[ca.certificate("sm2", "tsa")]).chain.ok


def _granted(token_tlv: bytes) -> bytes:
    """A TimeStampResp with status granted followed by ``token_tlv`` (raw, possibly not a ContentInfo)."""
    body = tsp.PKIStatusInfo({"status": "granted"}).dump() + token_tlv
    return b"\x30" + bytes([len(body)]) + body


class _CannedTSA:
    """A TSA answering a fixed, crafted TimeStampResp through the real response parser."""

    def __init__(self, response: bytes) -> None:
        self.response = response

    def stamp(self, digest: bytes, hash_algorithm: str = "sha256") -> bytes:
        from eseal.engine.pki.tsa import token_from_response

        return token_from_response(self.response, digest=digest, nonce=None)


@pytest.mark.parametrize("token_tlv", [
    b"",  # granted, no token
    b"\x02\x01\x05",  # an INTEGER where the ContentInfo belongs
    b"\x04\x07garbage",  # an OCTET STRING of garbage
    b"\x30\x0b\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02",  # signedData OID without content
], ids=["no-token", "integer", "octets", "empty-signed-data"])
def test_granted_response_without_usable_token_is_typed_and_falls_back(token_tlv):
    from eseal.engine.pki.errors import TimeStampError

    digest = sm3(DATA)
    tsa = _CannedTSA(_granted(token_tlv))
    with pytest.raises(TimeStampError):
        tsa.stamp(digest, "sm3")
    with pytest.raises(TimeStampUnavailable):
        obtain_time(tsa, digest, "sm3")
    claimed = obtain_time(tsa, digest, "sm3", allow_claimed_time=True)
    assert claimed.trusted is False and claimed.source == "claimed" and claimed.reason
