"""SES check ``seal.holder_cert_trust`` reaches the PDF report's 签章者证书有效性 item.

Every certificate in the seal's certificate list must be valid and trusted at the signing time: a
seal whose (other) holder certificate was revoked or has expired can no longer be used, even though
the signer's own certificate is fine and the maker's signature still verifies.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from _report_language import assert_chinese_report
from _verify_pki import NOW, _png, base_pdf, full_trust, gm_pki, gm_timestamper

from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf

HOLDER = "印章持有人乙"


def _holder_cert(not_before: datetime, not_after: datetime, *, untrusted_root: bool = False):  # type: ignore[no-untyped-def]
    from eseal.engine.gm.sm2 import SM2PrivateKey
    from eseal.engine.pki import certs as pki_certs
    from eseal.engine.pki.signer import SM2SoftwareSigner

    g = gm_pki()
    issuer_signer, issuer_name = g.root_signer, g.root.subject
    if untrusted_root:
        issuer_signer = SM2SoftwareSigner(SM2PrivateKey.generate())
        issuer_name = pki_certs.build_name([("C", "CN"), ("O", "eseal 测试"), ("CN", "不受信任的根")])
    key = SM2SoftwareSigner(SM2PrivateKey.generate())
    return pki_certs.build_certificate(
        subject=pki_certs.build_name([("C", "CN"), ("O", "杭州测试科技有限公司"), ("CN", HOLDER)]),
        subject_public_key_info=key.public_key_info, issuer_signer=issuer_signer, issuer_name=issuer_name,
        issuer_public_key_info=issuer_signer.public_key_info, not_before=not_before, not_after=not_after,
        extensions=pki_certs.end_entity_extensions(),
    )


def _signed_with_holders(holder, seal_end: datetime) -> bytes:  # type: ignore[no-untyped-def]
    """Signed by the normal (valid) signer with a seal listing [signer, holder]."""
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.ses.build import build_seal

    g = gm_pki()
    seal = build_seal(
        es_id="33010004000000053", seal_type=4, name="杭州测试科技有限公司合同专用章",
        cert_list=[g.signer_cert.dump(), holder.dump()], picture=_png(), picture_type="PNG",
        width_mm=40, height_mm=40, valid_start=NOW - timedelta(days=20), valid_end=seal_end,
        maker_signer=g.root_signer, maker_cert=g.root.dump(),
    )
    return sign_gm(base_pdf(), seal_der=seal, signer=g.signer, signer_cert_der=g.signer_cert.dump(),
                   timestamper=gm_timestamper())


@cache
def _revoked_case() -> tuple[bytes, object]:
    from eseal.engine.pki.crl import RevokedEntry, build_crl

    g = gm_pki()
    holder = _holder_cert(NOW - timedelta(days=30), NOW + timedelta(days=365))
    crl = build_crl(issuer_cert=g.root, issuer_signer=g.root_signer,
                    entries=[RevokedEntry(holder.serial_number, NOW - timedelta(days=2), "key_compromise")],
                    this_update=NOW - timedelta(days=1), next_update=NOW + timedelta(days=30), crl_number=1)
    trust = full_trust()
    trust.crls.append(crl)
    return _signed_with_holders(holder, NOW + timedelta(days=300)), trust


def test_gm_holder_certificate_revoked_before_signing_fails():
    doc, trust = _revoked_case()
    report = verify_pdf(doc, trust=trust)  # type: ignore[arg-type]
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.REVOKED)
    item = sig.item(ItemCode.SIGNER_CERTIFICATE)
    assert item.status is CheckStatus.FAIL
    assert HOLDER in item.reason and "吊销" in item.reason, item.reason
    assert "holder certificate" in item.details["holder_check"]  # the SES engine's English, as detail
    # the signer's own certificate and the seal are fine: only this item fails
    assert sig.item(ItemCode.SEAL_VALIDITY).status is CheckStatus.PASS
    assert sig.item(ItemCode.SIGNING_TIME).status is CheckStatus.PASS
    assert_chinese_report(report)


def test_gm_holder_certificate_expired_before_signing_fails():
    holder = _holder_cert(NOW - timedelta(days=60), NOW - timedelta(days=10))
    report = verify_pdf(_signed_with_holders(holder, NOW - timedelta(days=11)), trust=full_trust())
    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_FAILED
    assert SubIndication.EXPIRED in {p.sub_indication for p in sig.problems}, sig.problems
    item = sig.item(ItemCode.SIGNER_CERTIFICATE)
    assert item.status is CheckStatus.FAIL
    assert HOLDER in item.reason and "已过期" in item.reason, item.reason
    assert_chinese_report(report)


def test_gm_holder_certificate_untrusted_is_unknown():
    holder = _holder_cert(NOW - timedelta(days=30), NOW + timedelta(days=365), untrusted_root=True)
    report = verify_pdf(_signed_with_holders(holder, NOW + timedelta(days=300)), trust=full_trust())
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.INDETERMINATE,
                                                    SubIndication.NO_CERTIFICATE_CHAIN_FOUND)
    item = sig.item(ItemCode.SIGNER_CERTIFICATE)
    assert item.status is CheckStatus.UNKNOWN
    assert HOLDER in item.reason and "不能链接到受信任的根证书" in item.reason, item.reason
    assert_chinese_report(report)


def test_gm_holder_certificates_valid_still_pass():
    holder = _holder_cert(NOW - timedelta(days=30), NOW + timedelta(days=365))
    report = verify_pdf(_signed_with_holders(holder, NOW + timedelta(days=300)), trust=full_trust())
    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, sig.problems
    item = sig.item(ItemCode.SIGNER_CERTIFICATE)
    assert item.status is CheckStatus.PASS and "属于印章授权的签章者" in item.reason
    assert "holder_check" not in item.details


def test_gm_normal_seal_still_passes():
    from _verify_pki import sign_gm_pdf

    sig = verify_pdf(sign_gm_pdf(base_pdf()), trust=full_trust()).signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).status is CheckStatus.PASS
