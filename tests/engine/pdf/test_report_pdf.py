"""The Chinese PDF report: renders, embeds the CJK font, carries the QR payload, can be signed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _verify_pki import base_pdf, full_trust, make_pki, sign_gm_pdf, sign_pades

from eseal.engine.pdf.report.model import Indication
from eseal.engine.pdf.report.pdf import qr_payload, render_report_pdf
from eseal.engine.pdf.verify.verifier import verify_pdf

OUT = Path(__file__).resolve().parents[3] / "test-output" / "verify-report"


@pytest.fixture(scope="module")
def report():
    doc = sign_pades(sign_gm_pdf(base_pdf()), field_name="P2", page=1)
    return verify_pdf(doc, trust=full_trust(), name="采购合同.pdf")


def test_report_pdf_renders_with_embedded_cjk_font(report):
    import pikepdf
    import pypdfium2 as pdfium

    pdf = render_report_pdf(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.pdf").write_bytes(pdf)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) >= 2
    text = doc[0].get_textpage().get_text_range()
    assert "电子签章验证报告" in text and report.serial in text and report.document.sm3 in text
    assert "采购合同.pdf" in text
    for i in range(len(doc)):
        img = doc[i].render(scale=1.2).to_pil()
        img.save(OUT / f"report-{i + 1}.png")
        assert img.getbbox() is not None
    with pikepdf.open(io.BytesIO(pdf)) as p:
        fonts = [f for page in p.pages for f in page.Resources.Font.values()]
        embedded = [f for f in fonts if "/FontDescriptor" in f and "/FontFile2" in f.FontDescriptor]
        assert embedded, "the CJK TrueType font must be embedded"


def test_report_pdf_qr_payload_names_serial_and_hash(report):
    payload = qr_payload(report)
    assert report.serial in payload and report.document.sha256 in payload and "TOTAL_PASSED" in payload


def test_report_pdf_signed_by_platform_key_verifies(report):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = make_pki()
    platform = signers.SimpleSigner(signing_cert=pki.signer.a_cert, signing_key=pki.signer.a_key,
                                    cert_registry=SimpleCertificateStore.from_certs([pki.root.a_cert]))
    signed = render_report_pdf(report, signer=platform)
    check = verify_pdf(signed, trust=full_trust())
    assert len(check.signatures) == 1 and check.indication is Indication.TOTAL_PASSED
    assert check.signatures[0].coverage.covers_whole_file


def test_report_pdf_accepts_sign_pdf_protocol(report):
    calls = []

    class Closure:
        def sign_pdf(self, pdf: bytes) -> bytes:
            calls.append(len(pdf))
            return sign_pades(pdf, field_name="Platform", visible=False)

    signed = render_report_pdf(report, signer=Closure())
    assert calls and verify_pdf(signed, trust=full_trust()).indication is Indication.TOTAL_PASSED


def test_report_pdf_for_failed_and_unsigned_documents():
    bad = bytearray(sign_gm_pdf(base_pdf()))
    bad[bad.index(b"/MediaBox") + 1] = ord("N")
    for doc in (bytes(bad), base_pdf()):
        r = verify_pdf(doc, trust=full_trust())
        pdf = render_report_pdf(r)
        assert pdf.startswith(b"%PDF")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report-failed.pdf").write_bytes(render_report_pdf(verify_pdf(bytes(bad), trust=full_trust())))
