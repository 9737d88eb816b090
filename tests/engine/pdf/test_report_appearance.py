"""PAdES (no SES picture): the report shows the widget's appearance from the signed revision instead of
"无印章图像"; a later revision that swaps the appearance does not change that picture."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pikepdf
from _sign_fixtures import ca_material, make_pdf
from PIL import Image

from eseal.engine.pdf.report.json import signature_to_dict
from eseal.engine.pdf.report.pdf import render_report_pdf
from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.verify.verifier import verify_pdf

OUT = Path(__file__).resolve().parents[3] / "test-output" / "report-appearance"


def _pades(pdf: bytes) -> bytes:
    m = ca_material()
    return sign_pades(pdf, signer=m.ecdsa_signer, cert=m.ecdsa_cert, chain=m.ecdsa_chain, seal_der=m.seal_der,
                      timestamper=m.ca.tsa("ecdsa"))


def _red_share(png: bytes) -> float:
    img = Image.open(io.BytesIO(png)).convert("RGBA")
    px = img.tobytes()
    n = len(px) // 4
    red = sum(1 for i in range(0, len(px), 4) if px[i + 3] > 128 and px[i] > 150 and px[i + 1] < 100 and px[i + 2] < 100)
    return red / n


def _images_in(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as p:
        return sum(1 for o in p.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image")


def test_pades_report_shows_the_widget_appearance() -> None:
    import pypdfium2 as pdfium

    signed = _pades(make_pdf(1))
    report = verify_pdf(signed)
    (sig,) = report.signatures
    assert sig.profile == "pades" and sig.seal is None
    assert sig.appearance_png is not None
    img = Image.open(io.BytesIO(sig.appearance_png))
    assert img.mode == "RGBA" and min(img.size) > 100
    assert _red_share(sig.appearance_png) > 0.05, "the red seal face"
    assert img.getpixel((0, 0))[3] == 0, "transparent around the seal, no page content"
    assert "appearance_png" not in str(signature_to_dict(sig))

    pdf = render_report_pdf(report)
    assert _images_in(pdf) >= 1, "the seal picture is drawn in the report (everything else is vector)"
    report = replace(report, signatures=[replace(sig, appearance_png=None)])  # the report is frozen: a copy
    assert _images_in(render_report_pdf(report)) == 0
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pades-report.pdf").write_bytes(pdf)
    doc = pdfium.PdfDocument(pdf)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "无印章图像" not in text
    for i in range(len(doc)):
        doc[i].render(scale=1.2).to_pil().save(OUT / f"pades-report-{i + 1}.png")


def test_picture_comes_from_the_signed_revision_not_a_later_one() -> None:
    signed = _pades(make_pdf(1))
    # a later incremental update replaces the widget's appearance with a black square
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page = w.root["/Pages"]["/Kids"][0]
    ref = next(a for a in page["/Annots"] if a.get_object().get("/Subtype") == "/Widget" and "/AP" in a.get_object())
    widget = ref.get_object()
    bbox = [float(v) for v in widget["/AP"]["/N"]["/BBox"]]
    black = generic.StreamObject({generic.NameObject("/Type"): generic.NameObject("/XObject"),
                                  generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                                  generic.NameObject("/BBox"): generic.ArrayObject(
                                      generic.FloatObject(v) for v in bbox)},
                                 stream_data=f"0 0 0 rg {bbox[0]} {bbox[1]} {bbox[2] - bbox[0]} {bbox[3] - bbox[1]} re f"
                                 .encode())
    widget["/AP"] = generic.DictionaryObject({generic.NameObject("/N"): w.add_object(black)})
    w.update_container(widget)
    out = io.BytesIO()
    w.write(out)
    later = verify_pdf(out.getvalue())
    assert later.revisions[-1].index == 2
    after = widget_now(out.getvalue())
    assert _red_share(after) < 0.01, "the newest revision really shows the black square"
    sig = later.signatures[0]
    assert sig.appearance_png is not None and _red_share(sig.appearance_png) > 0.05


def widget_now(pdf: bytes) -> bytes:
    from eseal.engine.pdf.stamp.widget_picture import widget_appearance_png

    with pikepdf.open(io.BytesIO(pdf)) as p:
        field = next(f for f in p.Root.AcroForm.Fields if f.get("/FT") == "/Sig")
        ref = field.objgen
    png = widget_appearance_png(pdf, ref)
    assert png is not None
    return png


def test_invisible_signature_has_no_picture() -> None:
    from _verify_pki import base_pdf
    from _verify_pki import sign_pades as sign_invisible

    report = verify_pdf(sign_invisible(base_pdf(), visible=False))
    assert report.signatures[0].appearance_png is None
