"""E3 #6, #7, #8: documents and seals that cannot be signed are refused with a code, before anything is written."""

from __future__ import annotations

import io

import pytest
from _e3_signing_helpers import sign
from _sign_fixtures import ca_material, make_pdf

from eseal.engine.pdf.errors import PdfInputError
from eseal.engine.pdf.sign.pades import pyhanko_signer


def _certified(perm: int, *, empty_field: bool = False) -> bytes:
    """A document certified by pyHanko (DocMDP P=perm), optionally with an empty signature field."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm

    m = ca_material()
    w = IncrementalPdfFileWriter(io.BytesIO(make_pdf(2)))
    if empty_field:
        fields.append_signature_field(w, fields.SigFieldSpec("Approval", on_page=1, box=(300, 100, 450, 160)))
    meta = signers.PdfSignatureMetadata(field_name="Author", certify=True, docmdp_permissions=MDPPerm(perm))
    out = signers.PdfSigner(meta, signer=pyhanko_signer(m.ecdsa_signer, m.ecdsa_cert, m.ecdsa_chain)).sign_pdf(w)
    return out.getvalue()


@pytest.mark.parametrize("perm", [2, 3])
@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_certified_p2_p3_is_refused_not_silently_broken(perm, profile):
    with pytest.raises(PdfInputError) as exc:
        sign(profile, _certified(perm))
    assert exc.value.code == "pdf.certified_needs_existing_field"
    assert f"P={perm}" in str(exc.value) and "none" in str(exc.value)


def test_certified_with_empty_field_names_it_in_the_refusal():
    with pytest.raises(PdfInputError) as exc:
        sign("gm", _certified(2, empty_field=True))
    assert exc.value.code == "pdf.certified_needs_existing_field" and "Approval" in str(exc.value)


def test_certified_p1_still_refused():
    with pytest.raises(PdfInputError) as exc:
        sign("gm", _certified(1))
    assert exc.value.code == "pdf.certified_no_changes"


def _seal_valid(start_days: float, end_days: float) -> bytes:
    from datetime import timedelta

    from _sign_fixtures import NOW, red_seal_png

    from eseal.engine.ses.build import build_seal

    m = ca_material()
    return build_seal(
        es_id="35010001000000099", seal_type=1, name="测试科技有限公司", cert_list=[m.sm2_cert_der],
        picture=red_seal_png(), picture_type="PNG", width_mm=42, height_mm=42,
        valid_start=NOW + timedelta(days=start_days), valid_end=NOW + timedelta(days=end_days),
        maker_signer=m.ca.maker_signer(), maker_cert=m.ca.maker_cert.dump(),
    )


@pytest.mark.parametrize(("window", "code"), [((2, 30), "sign.seal_not_yet_valid"), ((-30, -2), "sign.seal_expired")])
def test_seal_outside_its_validity_is_refused_with_the_dates(window, code):
    from eseal.commands.texts import signing_refused_zh
    from eseal.engine.pdf import (
        SealMaterial,
        SealOutsideValidity,
        SigningPolicy,
        StampRequest,
        TimeSource,
        seal_document,
    )
    from eseal.engine.pdf.stamp.appearance import SealAppearance

    m = ca_material()
    seal_der = _seal_valid(*window)
    seal = SealMaterial(family="sm2", signer=m.sm2_signer, seal_der=seal_der, cert_der=m.sm2_cert_der,
                        appearance=SealAppearance.from_ses_seal(seal_der))
    policy = SigningPolicy(profile="gm", request=StampRequest(), time_source=TimeSource.CA, ca=m.ca)
    with pytest.raises(SealOutsideValidity) as exc:
        seal_document(make_pdf(1), seal, policy)
    err = exc.value
    assert err.code == code and err.valid_start.isoformat() in str(err) and err.valid_end.isoformat() in str(err)
    line = signing_refused_zh(err, "SEAL")
    bj = err.valid_start.astimezone(__import__("datetime").timezone(__import__("datetime").timedelta(hours=8)))
    assert bj.strftime("%Y-%m-%d %H:%M") in line and "北京时间" in line, line
    assert ("尚未生效" if code == "sign.seal_not_yet_valid" else "已过期") in line


def _generation_65536_pdf() -> bytes:
    """Hand-written PDF whose content stream is object ``4 65536`` (past the 65535 the spec allows; PyMuPDF writes such files)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 65536 R >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append((0, len(out)))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    stream = b"BT /F1 12 Tf 72 720 Td (contract) Tj ET"
    offsets.append((65536, len(out)))
    out += b"4 65536 obj\n<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    for gen, off in offsets:
        out += b"%010d %05d n \n" % (off, gen)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize("profile", ["gm", "pades"])
def test_generation_65536_signs_without_traceback(profile):
    from _e3_signing_helpers import trust

    from eseal.engine.pdf import Indication, verify_pdf

    m = ca_material()
    lt = {} if profile == "gm" else {"lt_crls": [c.dump() for c in m.ca.crls("ecdsa")],
                                     "trust_roots": m.ca.trust_roots("ecdsa")}  # B-LT: the strict re-read
    out = sign(profile, _generation_65536_pdf(), **lt)
    (rep,) = verify_pdf(out, trust=trust()).signatures
    assert rep.indication is Indication.TOTAL_PASSED, rep.message
