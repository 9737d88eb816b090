"""The PAdES profile's CMS container (engine/pdf/sign/cades.py) is the one pyHanko's ``Signer.async_sign(...,
use_pades=True)`` makes (which the profile used before, issue E3 #12): same signed attributes byte for byte, same
SignerInfo apart from the (randomised ECDSA) signature value, same embedded certificates, a signature time-stamp
over the signature value; and its signature verifies with the signer's public key."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from _sign_fixtures import ca_material, pades_material, timestamper
from asn1crypto import cms

from eseal.engine.pdf.errors import SigningError
from eseal.engine.pdf.sign.cades import cades_detached
from eseal.engine.pdf.sign.pades import pyhanko_signer
from eseal.engine.pki.errors import TimeStampUnavailable
from eseal.engine.pki.signer import verify_with_public_key_info

DIGEST = hashlib.sha256(b"the ByteRange of some document").digest()


def _pyhanko_container(signer, cert, chain, ts=None) -> cms.ContentInfo:  # type: ignore[no-untyped-def]
    return asyncio.run(pyhanko_signer(signer, cert, chain).async_sign(DIGEST, "sha256", use_pades=True,
                                                                      timestamper=ts))


def _signer_info(ci: cms.ContentInfo) -> cms.SignerInfo:
    return ci["content"]["signer_infos"][0]


@pytest.mark.parametrize("family", ["ecdsa", "rsa"])
def test_the_container_is_pyhankos_apart_from_the_signature_value(family: str) -> None:
    m = ca_material()
    if family == "ecdsa":
        signer, cert, chain = m.ecdsa_signer, m.ecdsa_cert, m.ecdsa_chain
    else:
        p = pades_material()
        signer, cert, chain = p.rsa_signer, p.rsa_cert, [p.root]
    ours = cades_detached(DIGEST, signer=signer, cert=cert, certs=chain)
    theirs = _pyhanko_container(signer, cert, chain)
    mine, ref = _signer_info(ours), _signer_info(theirs)
    assert mine["signed_attrs"].dump() == ref["signed_attrs"].dump()
    assert [a["type"].native for a in mine["signed_attrs"]] == ["content_type", "message_digest",
                                                                  "signing_certificate_v2"]
    for key in ("version", "sid", "digest_algorithm", "signature_algorithm"):
        assert mine[key].dump() == ref[key].dump(), key
    assert not mine["unsigned_attrs"].native and not ref["unsigned_attrs"].native
    for key in ("version", "digest_algorithms", "encap_content_info"):
        assert ours["content"][key].dump() == theirs["content"][key].dump(), key
    assert ({c.chosen.dump() for c in ours["content"]["certificates"]}
            == {c.chosen.dump() for c in theirs["content"]["certificates"]})
    signed = b"\x31" + mine["signed_attrs"].dump()[1:]  # signed as a SET OF, embedded [0] IMPLICIT (RFC 5652 5.4)
    assert verify_with_public_key_info(cert["tbs_certificate"]["subject_public_key_info"], mine["signature"].native,
                                       signed, mine["signature_algorithm"]["algorithm"].dotted)


def test_a_tsa_adds_the_signature_time_stamp_over_the_signature_value() -> None:
    m = ca_material()
    for ts in (m.ca.tsa("ecdsa"), timestamper()):  # an eseal time-stamp source and a pyHanko TimeStamper
        si = _signer_info(cades_detached(DIGEST, signer=m.ecdsa_signer, cert=m.ecdsa_cert, certs=m.ecdsa_chain,
                                         timestamper=ts))
        (attr,) = si["unsigned_attrs"]
        assert attr["type"].native == "signature_time_stamp_token"
        tst = attr["values"][0]["content"]["encap_content_info"]["content"].parsed
        assert tst["message_imprint"]["hashed_message"].native == hashlib.sha256(si["signature"].native).digest()


class _GarbageSource:
    def stamp(self, digest: bytes, hash_algorithm: str) -> bytes:
        return b"\x30\x03\x02\x01\x01"  # DER, but no time-stamp token


def test_a_tsa_answer_that_is_no_token_means_no_trusted_time() -> None:
    m = ca_material()
    with pytest.raises(TimeStampUnavailable):
        cades_detached(DIGEST, signer=m.ecdsa_signer, cert=m.ecdsa_cert, certs=m.ecdsa_chain,
                       timestamper=_GarbageSource())


def test_an_sm2_signer_is_refused_before_signing() -> None:
    m = ca_material()
    with pytest.raises(SigningError, match="GM profile"):
        cades_detached(DIGEST, signer=m.sm2_signer, cert=m.ecdsa_cert, certs=())
