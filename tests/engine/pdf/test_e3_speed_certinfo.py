"""[E3] #11: a verification makes the report's certificate facts (``CertificateInfo``) once per certificate
(``VerifyContext.certificate_info``): the signer and maker certificates recur in every seal. The JSON report
is the one made with ``certs.certificate_info`` called for each signature, byte for byte; the signatures of
one verification share the object, the next verification makes its own."""

from __future__ import annotations

from datetime import UTC, datetime

from _verify_pki import base_pdf, full_trust, gm_pki, make_pki, sign_gm_pdf

from eseal.engine.pdf.report.json import report_to_json
from eseal.engine.pdf.verify import certs, common
from eseal.engine.pdf.verify.verifier import verify_pdf

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _json(report) -> str:
    return report_to_json(report).replace(report.serial, "VR")


def test_reports_are_those_made_with_certificate_info_per_signature(monkeypatch):
    doc = sign_gm_pdf(sign_gm_pdf(sign_gm_pdf(base_pdf(2), timestamp=False), page=2, timestamp=False),
                      timestamp=False)
    trust = full_trust()
    first, second = verify_pdf(doc, trust=trust, now=NOW), verify_pdf(doc, trust=trust, now=NOW)
    assert len(first.signatures) == 3
    assert first.signatures[0].signer is first.signatures[2].signer
    assert first.signatures[0].seal.maker is first.signatures[1].seal.maker
    assert first.signatures[0].signer is not second.signatures[0].signer
    monkeypatch.setattr(common.VerifyContext, "certificate_info", lambda self, cert: certs.certificate_info(cert))
    each = verify_pdf(doc, trust=trust, now=NOW)
    assert each.signatures[0].signer is not each.signatures[2].signer
    assert _json(first) == _json(each) == _json(second)


def test_another_certificate_object_at_a_reused_address_is_described_again():
    ctx = common.VerifyContext(data=b"", reader=None, trust=full_trust(), now=NOW, lifecycle=None, revision_ends=[])
    a, b = gm_pki().signer_cert, make_pki().signer.a_cert
    ctx.infos[id(b)] = (a, certs.certificate_info(a))  # as if b now lived where a lived
    assert ctx.certificate_info(b) == certs.certificate_info(b) != certs.certificate_info(a)
    assert ctx.certificate_info(a) is ctx.certificate_info(a)
