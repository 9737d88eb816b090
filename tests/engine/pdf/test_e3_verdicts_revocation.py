"""[E3] #4: a signer whose revocation status cannot be established is INDETERMINATE / TRY_LATER by default.

Revocation evidence is read from the trust store (CRLs), from the document's DSS (CRLs and OCSP
responses) and from the CMS signature's revocation-info attribute; a VerificationPolicy can choose
soft-fail explicitly.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from _e3_fixtures import gm_crl, gm_ocsp, with_dss
from _verify_pki import base_pdf, gm_pki, make_pki, sign_gm_pdf

from eseal.engine.pdf import VerificationPolicy
from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.trust import TrustStore
from eseal.engine.pdf.verify.verifier import verify_pdf


def _trust(*crls) -> TrustStore:
    return TrustStore(anchors=[make_pki().root.a_cert, gm_pki().root], crls=list(crls))


@pytest.fixture(scope="module")
def gm_doc() -> bytes:
    return sign_gm_pdf(base_pdf())


def test_no_revocation_info_is_try_later_by_default(gm_doc):
    sig = verify_pdf(gm_doc, trust=_trust()).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.INDETERMINATE, SubIndication.TRY_LATER)
    item = sig.item(ItemCode.SIGNER_CERTIFICATE)
    assert item.status is CheckStatus.UNKNOWN and "吊销状态" in item.reason, item.reason
    assert item.details["revocation_checked"] is False


def test_soft_fail_policy_passes_with_a_note(gm_doc):
    report = verify_pdf(gm_doc, trust=_trust(), policy=VerificationPolicy.soft_fail())
    sig = report.signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED
    assert "未检查吊销状态" in sig.item(ItemCode.SIGNER_CERTIFICATE).reason
    assert report.policy is not None and "soft-fail" in report.policy.revocation


def test_crl_in_trust_store_passes(gm_doc):
    sig = verify_pdf(gm_doc, trust=_trust(gm_crl())).signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).details["revocation_source"] == "crl"


def test_crl_from_the_dss_is_read(gm_doc):
    sig = verify_pdf(with_dss(gm_doc, crls=[gm_crl()]), trust=_trust()).signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).details["revocation_source"] == "crl"


@pytest.mark.parametrize("alg", ["sha1", "sha256"])
def test_good_ocsp_from_the_dss_is_read(gm_doc, alg):
    sig = verify_pdf(with_dss(gm_doc, ocsps=[gm_ocsp(hash_algorithm=alg)]), trust=_trust()).signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).details["revocation_source"] == "ocsp"


def test_revoked_ocsp_from_the_dss_fails(gm_doc):
    revoked = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)  # before the signing time
    sig = verify_pdf(with_dss(gm_doc, ocsps=[gm_ocsp(revoked_at=revoked)]), trust=_trust()).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.REVOKED)


def test_ocsp_with_a_forged_signature_is_not_evidence(gm_doc):
    resp = gm_ocsp()
    basic = resp["response_bytes"]["response"].parsed
    sig = bytearray(basic["signature"].native)
    sig[-3] ^= 0xFF
    from asn1crypto import ocsp

    forged_basic = ocsp.BasicOCSPResponse({"tbs_response_data": basic["tbs_response_data"],
                                           "signature_algorithm": basic["signature_algorithm"],
                                           "signature": bytes(sig)})
    forged = ocsp.OCSPResponse({"response_status": "successful", "response_bytes": {
        "response_type": "basic_ocsp_response", "response": forged_basic}})
    s = verify_pdf(with_dss(gm_doc, ocsps=[forged]), trust=_trust()).signatures[0]
    assert s.sub_indication is SubIndication.TRY_LATER


def test_crl_in_the_cms_revocation_info_attribute_is_read():
    """adbe.pkcs7.detached with embedded revocation info (adbe-revocationInfoArchival): no CRL in the trust."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = make_pki()
    signer = signers.SimpleSigner(signing_cert=pki.signer.a_cert, signing_key=pki.signer.a_key,
                                  cert_registry=SimpleCertificateStore.from_certs([pki.root.a_cert]))
    vc = ValidationContext(trust_roots=[pki.root.a_cert], crls=[pki.a_crl], allow_fetching=False)
    meta = signers.PdfSignatureMetadata(field_name="Sig1", md_algorithm="sha256", embed_validation_info=True,
                                        validation_context=vc, subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(base_pdf()), strict=False),
                                                    output=out)
    doc = out.getvalue()
    no_crl = TrustStore(anchors=[pki.root.a_cert])
    sig = verify_pdf(doc, trust=no_crl).signatures[0]
    assert sig.indication is Indication.TOTAL_PASSED, sig.message
    assert sig.item(ItemCode.SIGNER_CERTIFICATE).details["revocation_source"] == "crl"
