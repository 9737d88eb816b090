"""Generators for the E3 verdict tests: form PDFs, shadow attacks on fields, appended objects, renders.

Every file is built here from nothing: a one-page contract with a text field (pikepdf), signed with
the engine (GM profile, test PKI of ``_verify_pki``), then changed by an incremental update written
with pyHanko's ``IncrementalPdfFileWriter`` — what an attacker's tool would do.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pikepdf

FIELD_RECT = (60, 690, 400, 720)
HIDDEN_TEXT = b"AMOUNT 9,999,999.00"
SHOWN_TEXT = b"AMOUNT 1,000,000.00"


def _helv(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))


def form_pdf(*, value: str = "AMOUNT 1,000,000.00") -> bytes:
    """One page; the page text under the field says HIDDEN_TEXT; the field's opaque appearance shows SHOWN_TEXT.

    ``value`` is the field's /V (the attack of NeedAppearances uses a /V that differs from what is shown).
    """
    pdf = pikepdf.new()
    font = _helv(pdf)
    page = pdf.add_blank_page(page_size=(595.28, 841.89))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        b"BT /F1 14 Tf 72 760 Td (PURCHASE CONTRACT) Tj ET BT /F1 14 Tf 72 700 Td (" + HIDDEN_TEXT + b") Tj ET")
    x0, y0, x1, y1 = FIELD_RECT
    w, h = x1 - x0, y1 - y0
    ap = pdf.make_stream(
        b"1 1 1 rg 0 0 %d %d re f BT /Helv 14 Tf 0 0 0 rg 12 10 Td (" % (w, h) + SHOWN_TEXT + b") Tj ET",
        Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, w, h],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font)))
    field = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("amount"),
        V=pikepdf.String(value), DA=pikepdf.String("/Helv 14 Tf 0 g"), Rect=list(FIELD_RECT), F=4,
        MK=pikepdf.Dictionary(BG=[1, 1, 1]), AP=pikepdf.Dictionary(N=ap), P=page.obj))
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(
        Fields=[field], DA=pikepdf.String("/Helv 0 Tf 0 g"),
        DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def incremental(doc: bytes, edit: Callable[[Any], None]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(doc), strict=False)
    edit(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def field_named(w: Any, name: str) -> Any:
    for ref in w.root["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        if str(f.get("/T")) == name:
            return ref
    raise KeyError(name)


def set_need_appearances(doc: bytes) -> bytes:
    from pyhanko.pdf_utils import generic

    def edit(w: Any) -> None:
        form = w.root["/AcroForm"]
        form[generic.NameObject("/NeedAppearances")] = generic.BooleanObject(True)
        w.update_container(form)

    return incremental(doc, edit)


def empty_field(doc: bytes, name: str = "amount", new_value: str = "") -> bytes:
    """The field's value and appearance replaced by a transparent one (what was under it shows through)."""
    from pyhanko.pdf_utils import generic

    def edit(w: Any) -> None:
        ref = field_named(w, name)
        field = ref.get_object()
        x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
        text = (b"BT /Helv 14 Tf 0 0 0 rg 12 10 Td (" + new_value.encode() + b") Tj ET") if new_value else b""
        ap = w.add_object(generic.StreamObject({
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, x1 - x0, y1 - y0)]),
            generic.NameObject("/Resources"): field["/AP"]["/N"].get_object().get("/Resources",
                                                                                    generic.DictionaryObject()),
        }, stream_data=text))
        field[generic.NameObject("/V")] = generic.TextStringObject(new_value)
        field[generic.NameObject("/AP")] = generic.DictionaryObject({generic.NameObject("/N"): ap})
        w.update_container(field)

    return incremental(doc, edit)


def render_png(doc: bytes, path: str, page: int = 0) -> Any:
    """PDFium render with forms (as a viewer shows it); saves a PNG under test-output/; returns the PIL image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(doc)
    pdf.init_forms()
    img = pdf[page].render(scale=1.5, may_draw_forms=True).to_pil().convert("RGB")
    img.save(path)
    return img


def text_at(doc: bytes, rect: tuple[float, float, float, float], page: int = 0) -> str:
    """What a reader extracts inside ``rect`` (page text only, not field appearances)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(doc)
    tp = pdf[page].get_textpage()
    return str(tp.get_text_bounded(*rect))


def certify_pades(pdf: bytes, *, permission: int = 2, lock_all: bool = False, field_name: str = "Cert1") -> bytes:
    """Certify ``pdf`` with pyHanko (DocMDP P=``permission``); ``lock_all`` adds /Lock (FieldMDP All) to the field."""
    from _verify_pki import make_pki
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pki = make_pki()
    signer = signers.SimpleSigner(signing_cert=pki.signer.a_cert, signing_key=pki.signer.a_key,
                                  cert_registry=SimpleCertificateStore.from_certs([pki.root.a_cert]))
    lock = fields.FieldMDPSpec(action=fields.FieldMDPAction.ALL) if lock_all else None
    spec = fields.SigFieldSpec(field_name, on_page=0, box=(360, 560, 500, 700), field_mdp_spec=lock)
    meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256", certify=True,
                                        docmdp_permissions=MDPPerm(permission), subfilter=SigSeedSubFilter.PADES)
    w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, new_field_spec=spec).sign_pdf(w, output=out)
    return out.getvalue()


def redefine_after_eof(doc: bytes, obj_num: int, body: bytes) -> bytes:
    """Append ``obj_num 0 obj`` with new content after the last %%EOF, no xref, ending as the signed file ends.

    A reader that trusts the xref shows the signed content; one that rebuilds the xref (PDFium on a
    damaged file, ``qpdf --recover`` style tools) takes the last definition of the object.
    """
    tail = doc[doc.rindex(b"startxref"):]
    return doc + b"%d 0 obj\n" % obj_num + body + b"\nendobj\n" + tail


def append_raw_revision(doc: bytes, body: bytes) -> bytes:
    """A proper incremental update (xref table + trailer /Prev) that adds one object nothing refers to.

    Written by hand because pyHanko's writer also rewrites /Info (ModDate, Producer) in every update.
    """
    import re

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(doc), strict=False)
    trailer = reader.trailer
    size = int(trailer["/Size"])
    prev = int(re.findall(rb"startxref\s+(\d+)", doc)[-1])
    root = trailer.raw_get("/Root")
    info = trailer.raw_get("/Info") if "/Info" in trailer else None
    out = bytearray(doc if doc.endswith(b"\n") else doc + b"\n")
    offset = len(out)
    out += b"%d 0 obj\n" % size + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (size, offset)
    out += b"trailer\n<< /Size %d /Root %d %d R /Prev %d" % (size + 1, root.idnum, root.generation, prev)
    if info is not None:
        out += b" /Info %d %d R" % (info.idnum, info.generation)
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def gm_crl(*, revoked_at: Any = None) -> Any:
    """A CRL of the SM2 test root (``_verify_pki.gm_pki``), listing the GM signer when ``revoked_at`` is given."""
    from datetime import UTC, datetime, timedelta

    from _verify_pki import gm_pki

    from eseal.engine.pki import RevokedEntry
    from eseal.engine.pki.crl import build_crl

    g = gm_pki()
    now = datetime.now(UTC)
    entries = [RevokedEntry(g.signer_cert.serial_number, revoked_at, "key_compromise")] if revoked_at else []
    return build_crl(issuer_cert=g.root, issuer_signer=g.root_signer, entries=entries,
                     this_update=now - timedelta(hours=1), next_update=now + timedelta(days=7), crl_number=1)


def gm_ocsp(*, revoked_at: Any = None, hash_algorithm: str = "sha1") -> Any:
    """An OCSP response for the GM signer certificate, signed by the SM2 test root itself (good or revoked)."""
    from datetime import UTC, datetime, timedelta

    from _verify_pki import gm_pki
    from asn1crypto import core, ocsp

    g = gm_pki()
    issuer, cert = g.root, g.signer_cert
    now = datetime.now(UTC).replace(microsecond=0)
    cert_id = ocsp.CertId({
        "hash_algorithm": {"algorithm": hash_algorithm},
        "issuer_name_hash": getattr(issuer.subject, hash_algorithm),
        "issuer_key_hash": getattr(issuer.public_key, hash_algorithm),
        "serial_number": cert.serial_number,
    })
    status = (ocsp.CertStatus(name="revoked", value={"revocation_time": revoked_at, "revocation_reason": "key_compromise"})
              if revoked_at else ocsp.CertStatus(name="good", value=core.Null()))
    tbs = ocsp.ResponseData({
        "responder_id": ocsp.ResponderId(name="by_key", value=issuer.public_key.sha1),
        "produced_at": now,
        "responses": [{"cert_id": cert_id, "cert_status": status, "this_update": now,
                       "next_update": now + timedelta(days=1)}],
    })
    sig_alg = g.root_signer.signature_algorithm  # type: ignore[attr-defined]
    basic = ocsp.BasicOCSPResponse({"tbs_response_data": tbs, "signature_algorithm": sig_alg,
                                    "signature": g.root_signer.sign(tbs.dump())})  # type: ignore[attr-defined]
    return ocsp.OCSPResponse({"response_status": "successful",
                              "response_bytes": {"response_type": "basic_ocsp_response", "response": basic}})


def with_dss(doc: bytes, *, crls: Any = None, ocsps: Any = None) -> bytes:
    """Append a DSS revision holding the given CRLs / OCSP responses (as a PAdES-LT augmentation does)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(doc), strict=False)
    contents = bytes(reader.root["/AcroForm"]["/Fields"][0].get_object()["/V"]["/Contents"])
    buf = io.BytesIO(doc)
    DocumentSecurityStore.add_dss(buf, contents, crls=crls, ocsps=ocsps, force_write=True, strict=False)
    return buf.getvalue()
