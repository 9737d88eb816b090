"""[E3] #11: inside ``shared_verifications()`` (one verify_pdf) identical checks are made once, and a
seal or signature that differs in one bit is still checked on its own."""

from __future__ import annotations

from ses_helpers import DOC

from eseal.engine import ses
from eseal.engine.pki import shared_verifications
from eseal.engine.ses.trust import local_ca_checker


def _statuses(sig_der: bytes, checker) -> dict[str, str]:
    results = ses.verify_signature(ses.parse_signature(sig_der), data=DOC, cert_checker=checker)
    return {r.code: str(r.status) for r in results}


def _flip_last(der: bytes) -> bytes:  # the last byte of the signature value (no time-stamp after it)
    return der[:-1] + bytes([der[-1] ^ 0x01])


def test_same_seal_with_a_tampered_signature_value_still_fails(signature_der: bytes, ca) -> None:
    checker = local_ca_checker(ca)
    with shared_verifications():
        good = _statuses(signature_der, checker)
        bad = _statuses(_flip_last(signature_der), checker)
        again = _statuses(signature_der, checker)
    assert good["signature.value"] == again["signature.value"] == "pass"
    assert bad["signature.value"] == "fail"
    assert bad["seal.maker_signature"] == good["seal.maker_signature"] == "pass"  # the seal itself is intact
