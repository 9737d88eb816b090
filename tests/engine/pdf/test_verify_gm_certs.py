"""GM signatures with a signer certificate outside its validity at the signing time (T6 of the audit)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from _verify_pki import NOW, _png, base_pdf, full_trust, gm_pki, gm_timestamper

from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf


def _signed_with_cert(not_before, not_after) -> bytes:  # type: ignore[no-untyped-def]
    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pki import certs as pki_certs
    from eseal.engine.pki.signer import SM2SoftwareSigner
    from eseal.engine.ses.build import build_seal

    g = gm_pki()
    signer = SM2SoftwareSigner(SM2PrivateKey.generate())
    cert = pki_certs.build_certificate(
        subject=pki_certs.build_name([("C", "CN"), ("O", "杭州测试科技有限公司"), ("CN", "过期证书")]),
        subject_public_key_info=signer.public_key_info, issuer_signer=g.root_signer, issuer_name=g.root.subject,
        issuer_public_key_info=g.root.public_key, not_before=not_before, not_after=not_after,
        extensions=pki_certs.end_entity_extensions(),
    )
    seal = build_seal(
        es_id="33010004000000045", seal_type=4, name="杭州测试科技有限公司合同专用章", cert_list=[cert.dump()],
        picture=_png(), picture_type="PNG", width_mm=40, height_mm=40,
        valid_start=not_before, valid_end=not_after,  # a seal cannot outlive its certificates
        maker_signer=g.root_signer, maker_cert=g.root.dump(),
    )
    return sign_gm(base_pdf(), seal_der=seal, signer=signer, signer_cert_der=cert.dump(),
                   timestamper=gm_timestamper())


@pytest.mark.parametrize(
    ("window", "sub"),
    [
        ((NOW - timedelta(days=60), NOW - timedelta(days=10)), SubIndication.EXPIRED),
        ((NOW + timedelta(days=10), NOW + timedelta(days=60)), SubIndication.NOT_YET_VALID),
    ],
)
def test_gm_signer_certificate_outside_validity_fails(window, sub):
    sig = verify_pdf(_signed_with_cert(*window), trust=full_trust()).signatures[0]
    assert sig.indication is Indication.TOTAL_FAILED
    # the seal's window equals the certificate's (build_seal insists), so SEAL_INVALID may rank first
    assert sub in {p.sub_indication for p in sig.problems}, sig.problems
    assert sig.item(ItemCode.SIGNING_TIME).status is CheckStatus.FAIL
