"""[E3] #11: a verification parses each certificate DER once (``VerifyContext.certificate``) and every
signature that carries it reads the one parsed object; nothing of it outlives the verification or decides
for another signature: a certificate revoked between two signatures fails the later one only, a trust
store that revokes it afterwards fails both, and a tampered copy still fails."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from _e3_fixtures import gm_crl
from _verify_pki import base_pdf, gm_pki, make_pki, sign_gm_pdf

from eseal.engine.pdf.report.model import Indication, SubIndication
from eseal.engine.pdf.verify import common
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pdf.verify.verifier import verify_pdf


def _trust(*crls) -> TrustStore:
    return TrustStore(anchors=[make_pki().root.a_cert, gm_pki().root], crls=list(crls))


def test_a_certificate_is_parsed_once_per_verification(monkeypatch):
    from eseal.engine.pdf.verify import verifier

    contexts = []

    class Remembered(common.VerifyContext):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            contexts.append(self)

    monkeypatch.setattr(verifier, "VerifyContext", Remembered)
    doc = sign_gm_pdf(sign_gm_pdf(base_pdf(2), timestamp=False), page=2, timestamp=False)
    for _ in range(2):
        report = verify_pdf(doc, trust=_trust(gm_crl()))
        assert report.indication is Indication.TOTAL_PASSED, [s.message for s in report.signatures]
    first, second = contexts
    signer = gm_pki().signer_cert.dump()
    assert signer in first.certs and signer in second.certs
    assert first.certs[signer] is not second.certs[signer]  # a new verification parses again
    assert first.certificate(signer) is first.certs[signer]
    assert first.certificate(signer[:-1] + bytes([signer[-1] ^ 1])) is not first.certs[signer]


def test_a_certificate_revoked_between_two_signatures_fails_the_later_one_only():
    doc = sign_gm_pdf(base_pdf(2))
    time.sleep(1.1)
    between = datetime.now(UTC)
    time.sleep(1.1)
    doc = sign_gm_pdf(doc, page=2)
    first, later = verify_pdf(doc, trust=_trust(gm_crl(revoked_at=between))).signatures
    assert first.indication is Indication.TOTAL_PASSED, first.message  # time-stamped before the revocation
    assert (later.indication, later.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.REVOKED)


def test_nothing_carries_to_the_next_verification():
    doc = sign_gm_pdf(sign_gm_pdf(base_pdf(2), timestamp=False), page=2, timestamp=False)
    assert verify_pdf(doc, trust=_trust(gm_crl())).indication is Indication.TOTAL_PASSED
    revoked = verify_pdf(doc, trust=_trust(gm_crl(revoked_at=datetime(2020, 1, 1, tzinfo=UTC))))
    assert [s.sub_indication for s in revoked.signatures] == [SubIndication.REVOKED] * 2
    at = doc.index(b"/ESeal.Pages")
    tampered = doc[:at] + b"/ESeal.Pagez" + doc[at + 12:]
    assert verify_pdf(tampered, trust=_trust(gm_crl())).indication is Indication.TOTAL_FAILED
    assert verify_pdf(doc, trust=_trust(gm_crl())).indication is Indication.TOTAL_PASSED
