"""Shared material of the E3 signing tests: documents with unusual structure, both profiles, checks."""

from __future__ import annotations

import io

import pikepdf
from _sign_fixtures import ca_material, make_pdf

from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.stamp.placement import StampRequest


def trust():  # type: ignore[no-untyped-def]
    from eseal.engine.pdf.verify.trust import TrustStore

    return TrustStore.from_directory(ca_material().ca.directory)


def sign(profile: str, pdf: bytes, request: StampRequest | None = None, **kw) -> bytes:
    """One seal of the test company on ``pdf`` with ``profile`` (trusted time from the test CA)."""
    m = ca_material()
    request = request or StampRequest(mode="single", page=1)
    if profile == "gm":
        return sign_gm(pdf, seal_der=m.seal_der, signer=m.sm2_signer, signer_cert_der=m.sm2_cert_der,
                       request=request, timestamper=m.ca.tsa("sm2"), **kw)
    return sign_pades(pdf, signer=m.ecdsa_signer, cert=m.ecdsa_cert, chain=m.ecdsa_chain, seal_der=m.seal_der,
                      request=request, timestamper=m.ca.tsa("ecdsa"), **kw)


def contract_workflow(profile: str, pdf: bytes) -> bytes:
    """Company seal on page 1, then the legal representative's seal on every page (multi)."""
    first = sign(profile, pdf, StampRequest(mode="single", page=1))
    return sign(profile, first, StampRequest.from_mm(mode="multi", x_mm=20, y_mm=20))


def save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def form_pdf(pages: int = 2, value: str = "100.00") -> bytes:
    """Pages with a filled text field "amount" on page 1 (a contract amount), built with pikepdf."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(pages)))
    page = pdf.pages[0]
    ap = pdf.make_stream(b"/Tx BMC BT /Helv 12 Tf 2 6 Td (" + value.encode() + b") Tj ET EMC")
    ap.Type, ap.Subtype, ap.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 150, 20]
    field = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("amount"),
        V=pikepdf.String(value), Rect=[300, 700, 450, 720], F=4, P=page.obj, DA=pikepdf.String("/Helv 12 Tf 0 g"),
        AP=pikepdf.Dictionary(N=ap),
    ))
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array([field])))
    return save(pdf)


def fill_field(pdf: bytes, name: str, value: str) -> bytes:
    """A later revision that changes the value of form field ``name`` (what a form filler does)."""
    from pyhanko.pdf_utils.generic import pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for ref in w.root["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        if str(f.get("/T")) == name:
            f["/V"] = pdf_string(value)
            w.update_container(f)
            break
    else:
        raise AssertionError(f"no field {name}")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def pyhanko_modifications(pdf: bytes):  # type: ignore[no-untyped-def]
    """pyHanko's own difference analysis after every signature, with the FieldMDP/DocMDP each states.

    Works for both profiles (pyHanko's ``embedded_signatures`` would try to parse the GM /Contents as CMS).
    Returns ``{field name: DiffResult | SuspiciousModification}``.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
    from pyhanko.sign.fields import FieldMDPSpec, enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import read_certification_data

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    cert = read_certification_data(reader)
    out = {}
    for name, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
        sig_ref = field_ref.get_object().raw_get("/V")
        sig = sig_ref.get_object()
        lock = None
        for ref in sig.get("/Reference", ()):
            ref = ref.get_object()
            if ref.get("/TransformMethod") == "/FieldMDP":
                lock = FieldMDPSpec.from_pdf_object(ref["/TransformParams"])
        rev = reader.xrefs.get_last_change(sig_ref.reference)
        out[name] = DEFAULT_DIFF_POLICY.review_file(
            reader, rev, field_mdp_spec=lock, doc_mdp=cert.permission if cert is not None else None,
        )
    return out


def pyhanko_pades_status(pdf: bytes):  # type: ignore[no-untyped-def]
    """pyHanko's validation of every PAdES signature (trust = the test CA)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    ca = ca_material().ca
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    out = {}
    for s in reader.embedded_signatures:
        vc = ValidationContext(trust_roots=ca.trust_roots("ecdsa"), crls=ca.crls("ecdsa"), allow_fetching=False,
                               revocation_mode="soft-fail")
        out[s.field_name] = validate_pdf_signature(s, vc, ts_validation_context=vc)
    return out
