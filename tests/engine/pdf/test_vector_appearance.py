"""Vector seal appearance: the art engine's one-page PDF (paths only, MediaBox = the seal's mm size)
becomes the appearance form; seam slices clip it; the raster picture stays the fallback.
Checked through pikepdf (structure), PDFium (what a viewer shows), pyHanko (diff analysis) and pdfsig.
"""

from __future__ import annotations

import io
import subprocess
from functools import cache

import pikepdf
import pytest
from _sign_fixtures import ca_material, gm_material, make_pdf
from PIL import Image

from eseal.engine.pdf.io.preview import render_page
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.sign.pades import sign_pades
from eseal.engine.pdf.stamp.appearance import SealAppearance
from eseal.engine.pdf.stamp.placement import StampRequest

ROOT_OUT = __import__("pathlib").Path(__file__).resolve().parents[3] / "test-output" / "pdf-vector-seal"


@cache
def _rendered():  # type: ignore[no-untyped-def]
    from eseal.engine.art import render_seal

    return render_seal("contract", "测试科技有限公司")


def _appearance(vector: bytes | None = None) -> SealAppearance:
    r = _rendered()
    return SealAppearance(r.png, float(r.width_mm), float(r.height_mm), vector_pdf=r.pdf if vector is None else vector)


def _gm(pdf: bytes, request: StampRequest, appearance: SealAppearance) -> bytes:
    m = gm_material()
    return sign_gm(pdf, seal_der=m.seal_der, signer=m.signer, signer_cert_der=m.signer_cert_der, request=request,
                   claimed_time_only=True, appearance=appearance)


def _seal_xobjects(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return [kid.AP.N.Resources.XObject.Seal for f in pdf.Root.AcroForm.Fields for kid in f.Kids]


def _subtypes(out: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(out)) as pdf:
        return [str(x.Subtype) for x in _seal_xobjects(pdf)]


def _red(img: Image.Image, box) -> int:  # type: ignore[no-untyped-def]
    data = img.convert("RGB").crop(box).tobytes()
    return sum(1 for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True) if r > 150 and g < 90 and b < 90)


def _red_bbox(img: Image.Image):  # type: ignore[no-untyped-def]
    mask = img.convert("RGB").point(lambda v: 255 if v > 150 else 0)
    r, g, b = mask.split()
    from PIL import ImageChops

    red_only = ImageChops.subtract(r, ImageChops.add(g, b))
    return red_only.getbbox()


def test_vector_form_is_the_appearance_at_true_size():
    out = _gm(make_pdf(1), StampRequest.from_mm(page=1, x_mm=100, y_mm=150), _appearance())
    pdf = pikepdf.open(io.BytesIO(out))
    (seal,) = _seal_xobjects(pdf)
    assert seal.Subtype == "/Form"  # not an /Image: the art engine's paths
    x0, y0, x1, y1 = (float(v) for v in seal.BBox)
    a, _b, _c, d, e, f = (float(v) for v in seal.Matrix)
    assert (a * x0 + e, d * y0 + f) == pytest.approx((0, 0), abs=1e-6)
    assert (a * x1 + e, d * y1 + f) == pytest.approx((1, 1), abs=1e-6)  # unit square, like an image
    # no raster anywhere in the signing revision's appearance
    assert b"/Subtype /Image" not in out[len(make_pdf(1)):]
    # PDFium shows it where it was put, 40 mm wide
    p = render_page(out, 1, width=1191, fmt="png")  # 1191 px / 595.28 pt = 2 px per pt
    img = Image.open(io.BytesIO(p.data))
    ROOT_OUT.mkdir(parents=True, exist_ok=True)
    img.save(ROOT_OUT / "single.png")
    px_per_mm = 1191 / 595.28 * 72 / 25.4
    left, top, right, _bottom = _red_bbox(img)
    assert left / px_per_mm == pytest.approx(100, abs=0.5) and top / px_per_mm == pytest.approx(150, abs=0.5)
    assert (right - left) / px_per_mm == pytest.approx(_rendered().width_mm, abs=0.5)


def test_seam_slices_clip_the_vector_form_and_join(tmp_path):
    out = _gm(make_pdf(3), StampRequest(mode="seam"), _appearance())
    pdf = pikepdf.open(io.BytesIO(out))
    (field,) = list(pdf.Root.AcroForm.Fields)
    slices = [k.AP.N for k in field.Kids]
    assert len(slices) == 3
    for s in slices:
        w = float(s.BBox[2])
        assert s.read_bytes().startswith(b"q 0 0 %s " % f"{w:.4f}".rstrip("0").rstrip(".").encode())
        assert b" re W n " in s.read_bytes()
        assert s.Resources.XObject.Seal.Subtype == "/Form"
    # each page shows one third of the seal at its right edge; together the slices are the whole seal
    strips = []
    for page, s in zip((1, 2, 3), slices, strict=True):
        img = Image.open(io.BytesIO(render_page(out, page, width=1191, fmt="png").data))
        sw = round(float(s.BBox[2]) * img.width / 595.28) + 1  # slice width in pixels
        strip = img.crop((img.width - sw, 0, img.width, img.height))
        assert _red(strip, (0, 0, strip.width, strip.height)) > 300
        assert _red(img, (0, 0, img.width - sw - 1, img.height)) == 0  # clipped: nothing outside the slice
        strips.append(strip)
    joined = Image.new("RGB", (sum(s.width for s in strips), strips[0].height), "white")
    x = 0
    for s in strips:
        joined.paste(s, (x, 0))
        x += s.width
    ROOT_OUT.mkdir(parents=True, exist_ok=True)
    joined.save(ROOT_OUT / "seam-join.png")
    left, _top, right, _bottom = _red_bbox(joined)
    px_per_mm = 1191 / 595.28 * 72 / 25.4
    assert (right - left) / px_per_mm == pytest.approx(_rendered().width_mm, abs=0.8)  # whole seal across 3 pages


def test_unusable_vector_falls_back_to_raster(caplog):
    out = _gm(make_pdf(1), StampRequest(page=1), _appearance(vector=b"%PDF-1.7 not really"))
    assert _subtypes(out) == ["/Image"]
    assert "falling back to the raster picture" in caplog.text
    # a vector PDF of the wrong size is refused too: the seal must print at its true size
    wrong = pikepdf.new()
    wrong.add_blank_page(page_size=(100, 100))
    buf = io.BytesIO()
    wrong.save(buf)
    assert _subtypes(_gm(make_pdf(1), StampRequest(page=1), _appearance(vector=buf.getvalue()))) == ["/Image"]


def test_gm_vector_verifies_and_later_vector_seal_is_a_permitted_change():
    from eseal.engine.pdf.report.model import CheckStatus, ItemCode
    from eseal.engine.pdf.verify.verifier import verify_pdf

    first = _gm(make_pdf(2), StampRequest(page=1), _appearance())
    both = _gm(first, StampRequest(mode="seam"), _appearance())
    rep = verify_pdf(both)
    assert [r.permitted for r in rep.revisions] == [True, True, True]
    for sig in rep.signatures:
        assert sig.item(ItemCode.DOCUMENT_HASH).status is CheckStatus.PASS
        assert sig.item(ItemCode.SEAL_SIGNATURE).status is CheckStatus.PASS
        assert sig.coverage is not None and sig.coverage.modification_level in (None, "NONE", "FORM_FILLING")


def test_pades_vector_valid_in_pdfsig_and_pyhanko(tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    m = ca_material()
    out = sign_pades(make_pdf(2), signer=m.ecdsa_signer, cert=m.ecdsa_cert, chain=m.ecdsa_chain,
                     seal_der=m.seal_der, timestamper=m.ca.tsa("ecdsa"), appearance=_appearance(),
                     request=StampRequest(mode="seam"))
    assert set(_subtypes(out)) == {"/Form"}
    f = tmp_path / "pades-vector.pdf"
    f.write_bytes(out)
    report = subprocess.run(["pdfsig", "-nocert", str(f)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid." in report, report
    vc = ValidationContext(trust_roots=m.ca.trust_roots("ecdsa"), crls=m.ca.crls("ecdsa"), allow_fetching=False)
    (emb,) = PdfFileReader(io.BytesIO(out)).embedded_signatures
    st = validate_pdf_signature(emb, vc)
    assert st.bottom_line, st.pretty_print_details()
