"""[E3] #11: what the validator keeps between calls (each name prepared once, kept per DER) and the
checks shared inside ``shared_verifications()`` never carry a verdict over to another certificate or
another time."""

from __future__ import annotations

import datetime as dt

from asn1crypto import x509
from pki_helpers import NOW, issue

from eseal.engine.pki import shared_verifications
from eseal.engine.pki.validation import Status, name_key, validate_certificate

DAY = dt.timedelta(days=1)


def _validate(ca, cert, family, at):
    return validate_certificate(cert, trust_roots=ca.trust_roots(family), intermediates=ca.intermediates(family),
                                crls=ca.crls(family), at=at)


def test_same_certificate_before_and_after_its_revocation_in_one_block(fresh_ca, family):
    _, cert = issue(fresh_ca, family, not_before=NOW - 30 * DAY, name="Shared Memo Co")
    revoked_at = NOW - 10 * DAY
    fresh_ca.revoke(cert, "keyCompromise", revoked_at)
    with shared_verifications():
        before = _validate(fresh_ca, cert, family, revoked_at - dt.timedelta(seconds=1))
        after = _validate(fresh_ca, cert, family, revoked_at + DAY)
        again = _validate(fresh_ca, cert, family, revoked_at - dt.timedelta(seconds=1))
    assert before.status is Status.VALID and again.status is Status.VALID
    assert after.status is Status.REVOKED and after.revocation_time == revoked_at


def test_a_forged_copy_of_a_validated_certificate_still_fails(ca, family):
    _, cert = issue(ca, family, name="Shared Tamper Co")
    sig = bytearray(cert["signature_value"].native)
    sig[10] ^= 0x01
    flipped = x509.Certificate.load(x509.Certificate({
        "tbs_certificate": cert["tbs_certificate"], "signature_algorithm": cert["signature_algorithm"],
        "signature_value": bytes(sig)}).dump())
    renamed = x509.Certificate.load(cert.dump().replace(b"Shared Tamper Co", b"Shared Tamper Cx"))
    with shared_verifications():
        assert _validate(ca, cert, family, NOW).status is Status.VALID
        assert _validate(ca, flipped, family, NOW).status is Status.BAD_SIGNATURE
        assert _validate(ca, renamed, family, NOW).status is Status.BAD_SIGNATURE
        assert _validate(ca, cert, family, NOW).status is Status.VALID


def _name(*rdns: list[tuple[str, str]]) -> x509.Name:
    seq = x509.RDNSequence([
        x509.RelativeDistinguishedName([
            x509.NameTypeAndValue({"type": t, "value": x509.DirectoryString(name="utf8_string", value=v)})
            for t, v in rdn])
        for rdn in rdns])
    return x509.Name.load(x509.Name(name="", value=seq).dump())


def test_name_keys_compare_as_rfc5280_names_do():
    names = [
        _name([("country_name", "CN")], [("common_name", "Foo  Bar")]),
        _name([("country_name", "CN")], [("common_name", "foo bar")]),  # equal after preparation
        _name([("country_name", "CN")], [("common_name", "foo bar2")]),
        _name([("common_name", "foo bar")], [("country_name", "CN")]),  # another order
        _name([("country_name", "CN"), ("common_name", "foo bar")]),  # one multi-valued RDN
        _name([("common_name", "foo bar"), ("country_name", "CN")]),
        _name([("common_name", "foo bar"), ("common_name", "foo bar")]),
        _name([("common_name", "foo bar")]),
        _name([("organization_name", "中文 机构")], [("common_name", "测试")]),
        _name([("organization_name", "中文  机构")], [("common_name", "测试")]),
    ]
    for a in names:
        for b in names:
            assert (name_key(a) == name_key(b)) == (a == b), (a.human_friendly, b.human_friendly)
    assert name_key(names[0]) == name_key(names[1]) and name_key(names[4]) == name_key(names[5])
