"""PAdES profile: ECDSA/RSA CAdES-detached CMS from sign/cades.py, B-T with our TSA, B-LT with our CRLs; pyHanko + pdfsig."""

from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest
from _sign_fixtures import FailingTimeStamper, ca_material, make_pdf, pades_material, timestamper

from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.stamp.placement import StampRequest
from eseal.engine.pki.errors import TimeStampUnavailable


def _sign_ecdsa(pdf: bytes, **kw) -> bytes:
    m = ca_material()
    kw.setdefault("timestamper", m.ca.tsa("ecdsa"))
    return sign_pades(
        pdf, signer=m.ecdsa_signer, cert=m.ecdsa_cert, chain=m.ecdsa_chain, seal_der=m.seal_der, **kw
    )


def _validate(out: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    ca = ca_material().ca
    roots = [*ca.trust_roots("ecdsa"), pades_material().root]
    reader = PdfFileReader(io.BytesIO(out))
    results = []
    for s in reader.embedded_signatures:
        vc = ValidationContext(trust_roots=roots, crls=ca.crls("ecdsa"), allow_fetching=False, revocation_mode="soft-fail")
        results.append(validate_pdf_signature(s, vc, ts_validation_context=vc))
    return results


def _pdfsig(out: bytes, tmp_path) -> str:
    f = tmp_path / "signed.pdf"
    f.write_bytes(out)
    return subprocess.run(["pdfsig", "-nocert", str(f)], capture_output=True, text=True, check=False).stdout


def test_pades_bt_ecdsa_valid_in_pyhanko_and_pdfsig(tmp_path):
    out = _sign_ecdsa(make_pdf(2), signer_name="李四", request=StampRequest.from_mm(page=2, x_mm=30, y_mm=40))
    (st,) = _validate(out)
    assert st.bottom_line, st.pretty_print_details()
    assert st.intact and st.valid and st.trusted
    assert st.md_algorithm == "sha256" and "ecdsa" in st.pkcs7_signature_mechanism
    assert st.timestamp_validity is not None and st.timestamp_validity.trusted  # B-T
    report = _pdfsig(out, tmp_path)
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    pdf = pikepdf.open(io.BytesIO(out))
    sig = pdf.Root.AcroForm.Fields[0].V
    assert sig["/ESeal.TimeSource"] == gm_format.TIME_SOURCE_TSA and sig.SubFilter == gm_format.PADES_SUBFILTER


def test_pades_rsa_signer_valid(tmp_path):
    m = pades_material()
    out = sign_pades(
        make_pdf(1), signer=m.rsa_signer, cert=m.rsa_cert, chain=[m.root], seal_der=ca_material().seal_der,
        timestamper=timestamper(),
    )
    (st,) = _validate(out)
    assert st.bottom_line and "rsa" in st.pkcs7_signature_mechanism
    assert "Signature is Valid." in _pdfsig(out, tmp_path)


def test_pades_blt_adds_dss_with_our_crls(tmp_path):
    ca = ca_material().ca
    out = _sign_ecdsa(make_pdf(1), lt_crls=[c.dump() for c in ca.crls("ecdsa")], trust_roots=ca.trust_roots("ecdsa"))
    pdf = pikepdf.open(io.BytesIO(out))
    dss = pdf.Root.DSS
    assert len(dss.CRLs) >= 1 and len(dss.Certs) >= 2
    crl_bytes = {bytes(c.read_bytes()) for c in dss.CRLs}
    assert ca.crls("ecdsa")[0].dump() in crl_bytes
    (st,) = _validate(out)
    assert st.bottom_line
    assert "Signature is Valid." in _pdfsig(out, tmp_path)


def test_pades_successive_multi_page_and_seam_signatures_all_valid(tmp_path):
    first = _sign_ecdsa(make_pdf(3))
    second = _sign_ecdsa(first, request=StampRequest(mode="seam"))
    third = _sign_ecdsa(second, request=StampRequest(mode="multi"))
    results = _validate(third)
    assert [r.bottom_line for r in results] == [True, True, True]
    from pyhanko.sign.diff_analysis import ModificationLevel

    assert results[0].modification_level == ModificationLevel.FORM_FILLING
    assert results[2].modification_level == ModificationLevel.NONE
    assert _pdfsig(third, tmp_path).count("Signature is Valid.") == 3


def test_pades_claimed_time_only_is_bb_and_recorded():
    out = _sign_ecdsa(make_pdf(1), timestamper=None, claimed_time_only=True)
    (st,) = _validate(out)
    assert st.bottom_line and st.timestamp_validity is None
    pdf = pikepdf.open(io.BytesIO(out))
    assert pdf.Root.AcroForm.Fields[0].V["/ESeal.TimeSource"] == gm_format.TIME_SOURCE_CLAIMED


def test_pades_without_or_with_failing_tsa_fails_clearly():
    with pytest.raises(TimeStampUnavailable):
        _sign_ecdsa(make_pdf(1), timestamper=None)
    with pytest.raises(TimeStampUnavailable, match="refused"):
        _sign_ecdsa(make_pdf(1), timestamper=FailingTimeStamper())


def _certified(pdf: bytes, permission) -> bytes:  # type: ignore[no-untyped-def]
    """A document certified by pyHanko (author signature with /Perms /DocMDP)."""
    from _verify_pki import make_pki
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    pki = make_pki()
    signer = signers.SimpleSigner(signing_cert=pki.signer.a_cert, signing_key=pki.signer.a_key,
                                  cert_registry=None)
    meta = signers.PdfSignatureMetadata(field_name="Cert", certify=True, docmdp_permissions=permission)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, new_field_spec=fields.SigFieldSpec("Cert")).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    return out.getvalue()


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_certified_no_changes_document_is_refused_form_fill_is_allowed(profile):
    from _sign_fixtures import gm_material
    from pyhanko.sign.fields import MDPPerm

    from eseal.engine.pdf.errors import PdfInputError
    from eseal.engine.pdf.sign.gm import sign_gm

    def sign(doc: bytes) -> bytes:
        if profile == "gm":
            g = gm_material()
            return sign_gm(doc, seal_der=g.seal_der, signer=g.signer, signer_cert_der=g.signer_cert_der,
                           claimed_time_only=True)
        return _sign_ecdsa(doc, claimed_time_only=True)

    locked = _certified(make_pdf(1), MDPPerm.NO_CHANGES)
    with pytest.raises(PdfInputError, match="DocMDP P=1"):
        sign(locked)
    # P=2 allows signing existing empty fields only: a new seal field would break it, so it is refused too
    # (this used to assert that P=2 was signed "normally", which broke the certification: E3 #6)
    open_for_signatures = _certified(make_pdf(1), MDPPerm.FILL_FORMS)
    with pytest.raises(PdfInputError) as exc:
        sign(open_for_signatures)
    assert exc.value.code == "pdf.certified_needs_existing_field"
