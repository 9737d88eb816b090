"""Chain validation at a time T with CRL revocation, for SM2 and ECDSA chains."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from asn1crypto import x509
from pki_helpers import KEY_ALGO, NOW, issue

from eseal.engine.pki import certs
from eseal.engine.pki.signer import generate_signer
from eseal.engine.pki.validation import Status, validate_certificate

DAY = dt.timedelta(days=1)


def _validate(ca, cert, family, at=None, **kw):
    return validate_certificate(cert, trust_roots=ca.trust_roots(family), intermediates=ca.intermediates(family),
                                crls=ca.crls(family), at=at or NOW, **kw)


def test_valid_chain(ca, family):
    _, cert = issue(ca, family)
    r = _validate(ca, cert, family, key_usage={"digital_signature", "non_repudiation"})
    assert r.status is Status.VALID and r.ok and r.warnings == ()
    assert [c.dump() for c in r.path] == [c.dump() for c in ca.chain_for(cert)]
    assert r.as_dict()["status"] == "VALID" and len(r.as_dict()["path"]) == 3
    assert ca.validate(cert).ok


def test_revoked_at_time(fresh_ca, family):
    _, cert = issue(fresh_ca, family, not_before=NOW - 30 * DAY)
    revoked_at = NOW - 10 * DAY
    fresh_ca.revoke(cert, "keyCompromise", revoked_at)
    before = _validate(fresh_ca, cert, family, at=revoked_at - dt.timedelta(seconds=1))
    assert before.status is Status.VALID
    assert any("revoked later" in w for w in before.warnings)
    at_instant = _validate(fresh_ca, cert, family, at=revoked_at)
    assert at_instant.status is Status.REVOKED  # revocationDate <= T
    now = _validate(fresh_ca, cert, family)
    assert now.status is Status.REVOKED
    assert now.revocation_time == revoked_at and now.revocation_reason == "key_compromise"
    assert now.failing_certificate.dump() == cert.dump() and len(now.path) == 3


def test_expired_and_not_yet_valid(ca, family):
    _, cert = issue(ca, family, not_before=NOW - 30 * DAY, days=10)
    assert _validate(ca, cert, family, at=NOW - 25 * DAY).status is Status.VALID
    expired = _validate(ca, cert, family)
    assert expired.status is Status.EXPIRED and "expired at" in expired.message
    early = _validate(ca, cert, family, at=NOW - 31 * DAY)
    assert early.status is Status.NOT_YET_VALID


def test_wrong_issuer_is_no_chain(ca, other_ca, family):
    _, foreign = issue(other_ca, family)  # same subject names, different keys
    r = _validate(ca, foreign, family)
    assert r.status is Status.NO_CHAIN and r.path == ()
    other = "ecdsa" if family == "sm2" else "sm2"
    _, mine = issue(ca, family)
    assert _validate(ca, mine, other).status is Status.NO_CHAIN


def test_tampered_certificate_is_bad_signature(ca, family):
    _, cert = issue(ca, family, name="Tamper Test Co")
    der = cert.dump()
    assert der.count(b"Tamper Test Co") == 2
    forged = x509.Certificate.load(der.replace(b"Tamper Test Co", b"Tamper Best Co"))
    r = _validate(ca, forged, family)
    assert r.status is Status.BAD_SIGNATURE and r.failing_certificate.dump() == forged.dump()
    # a flipped bit in the signature value is caught the same way
    sig = bytearray(cert["signature_value"].native)
    sig[10] ^= 0x01
    flipped = x509.Certificate({"tbs_certificate": cert["tbs_certificate"],
                                "signature_algorithm": cert["signature_algorithm"],
                                "signature_value": bytes(sig)})
    assert _validate(ca, x509.Certificate.load(flipped.dump()), family).status is Status.BAD_SIGNATURE


def test_missing_or_foreign_crl(ca, other_ca, family):
    _, cert = issue(ca, family)
    no_crl = validate_certificate(cert, trust_roots=ca.trust_roots(family),
                                  intermediates=ca.intermediates(family), at=NOW)
    assert no_crl.status is Status.REVOCATION_UNKNOWN
    lenient = validate_certificate(cert, trust_roots=ca.trust_roots(family),
                                   intermediates=ca.intermediates(family), at=NOW, require_revocation=False)
    assert lenient.status is Status.VALID and any("no valid CRL" in w for w in lenient.warnings)
    # CRLs with the right issuer *name* but signed by another CA's key are ignored
    forged = validate_certificate(cert, trust_roots=ca.trust_roots(family),
                                  intermediates=ca.intermediates(family), crls=other_ca.crls(family), at=NOW)
    assert forged.status is Status.REVOCATION_UNKNOWN


def test_stale_crl_after_next_update(ca, family):
    _, cert = issue(ca, family, days=300)
    r = _validate(ca, cert, family, at=NOW + 30 * DAY)
    assert r.status is Status.REVOCATION_UNKNOWN and "expired at" in r.message


def test_revoked_issuing_ca_revokes_the_leaf(fresh_ca, family):
    _, cert = issue(fresh_ca, family)
    issuing = fresh_ca.certificate(family, "issuing")
    fresh_ca.revoke(issuing, "cACompromise", NOW - DAY)
    r = _validate(fresh_ca, cert, family)
    assert r.status is Status.REVOKED and r.failing_certificate.dump() == issuing.dump()
    assert r.revocation_reason == "ca_compromise"


def test_wrong_usage_and_tsa_usage(ca, family):
    _, cert = issue(ca, family)
    r = _validate(ca, cert, family, extended_key_usage={"time_stamping"})
    assert r.status is Status.WRONG_USAGE
    tsa = ca.certificate(family, "tsa")
    assert _validate(ca, tsa, family, extended_key_usage={"1.3.6.1.5.5.7.3.8"}).ok
    assert _validate(ca, tsa, family, key_usage={"key_cert_sign"}).status is Status.WRONG_USAGE


def test_end_entity_cannot_act_as_ca(ca, family):
    signer, ee = issue(ca, family)
    victim = generate_signer(KEY_ALGO[family])
    sub = certs.build_certificate(
        subject=certs.build_name([("CN", "sub")]), subject_public_key_info=victim.public_key_info,
        issuer_signer=signer, issuer_name=ee.subject, issuer_public_key_info=ee.public_key,
        not_before=NOW - DAY, not_after=NOW + DAY, extensions=certs.end_entity_extensions())
    r = validate_certificate(sub, trust_roots=ca.trust_roots(family), intermediates=[*ca.intermediates(family), ee],
                             crls=ca.crls(family), at=NOW)
    assert r.status is Status.INVALID_CA and r.failing_certificate.dump() == ee.dump()


def test_unsupported_critical_extension(ca, family):
    issuing_signer = ca.signer(family, "issuing")
    issuing = ca.certificate(family, "issuing")
    exts = [*certs.end_entity_extensions(),
            {"extn_id": "certificate_policies", "critical": True, "extn_value": [{"policy_identifier": "2.5.29.32.0"}]}]
    cert = certs.build_certificate(
        subject=certs.build_name([("CN", "policy")]), subject_public_key_info=generate_signer(KEY_ALGO[family]).public_key_info,
        issuer_signer=issuing_signer, issuer_name=issuing.subject, issuer_public_key_info=issuing.public_key,
        not_before=NOW - DAY, not_after=NOW + DAY, extensions=exts)
    assert _validate(ca, cert, family).status is Status.UNSUPPORTED_CRITICAL_EXTENSION


def test_naive_time_rejected(ca):
    with pytest.raises(ValueError, match="timezone-aware"):
        validate_certificate(ca.certificate("sm2", "root"), trust_roots=ca.trust_roots("sm2"),
                             at=dt.datetime(2026, 1, 1))


def test_pyhanko_certvalidator_accepts_our_ecdsa_chain_and_crl(fresh_ca):
    """Interop: pyhanko-certvalidator (used by the PDF verifier) validates our ECDSA chain and CRLs.

    Our certificates carry no CRL distribution point unless ``crl_base_url`` is set, so pyHanko only
    consults the supplied CRLs with ``revocation_mode="require"`` ("hard-fail" silently skips them)."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import RevokedError

    _, good = issue(fresh_ca, "ecdsa")
    _, bad = issue(fresh_ca, "ecdsa")
    fresh_ca.revoke(bad, "keyCompromise", NOW - DAY)

    def run(cert):
        vc = ValidationContext(trust_roots=fresh_ca.trust_roots("ecdsa"), other_certs=fresh_ca.intermediates("ecdsa"),
                               crls=[c.dump() for c in fresh_ca.crls("ecdsa")], allow_fetching=False,
                               revocation_mode="require")  # moment = now: pyHanko rejects CRLs newer than the moment
        return asyncio.run(CertificateValidator(cert, validation_context=vc).async_validate_usage(
            {"digital_signature", "non_repudiation"}))

    path = run(good)
    assert len(path) == 3
    with pytest.raises(RevokedError):
        run(bad)
