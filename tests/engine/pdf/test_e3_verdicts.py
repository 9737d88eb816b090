"""[E3] items 1-3: what the verifier says about revisions after a signature (shadow attacks, trailing
objects, true wording). Every file is generated here; each test names the verdict and the Chinese reason."""

from __future__ import annotations

import io

import pytest
from _e3_fixtures import (
    FIELD_RECT,
    append_raw_revision,
    certify_pades,
    empty_field,
    form_pdf,
    incremental,
    redefine_after_eof,
    render_png,
    set_need_appearances,
)
from _report_language import english_leaks
from _verify_pki import base_pdf, full_trust, sign_gm_pdf
from PIL import ImageChops

from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf

OUT = "test-output"


def _verify(doc: bytes):
    """Verify; every human string is Chinese (document names allowed: the form field, PDF keys named)."""
    report = verify_pdf(doc, trust=full_trust())
    leaks = english_leaks(report, ("amount", "/NeedAppearances", "DocMDP", "/Info"))
    assert not leaks, leaks
    return report


@pytest.fixture(scope="module")
def signed_form() -> bytes:
    """The field shows 1,000,000 (opaque, over page text saying 9,999,999); its /V says 9,999,999."""
    return sign_gm_pdf(form_pdf(value="AMOUNT 9,999,999.00"))


def _visible_change(before: bytes, after: bytes, name: str) -> tuple[int, int, int, int]:
    import pathlib

    pathlib.Path(OUT).mkdir(exist_ok=True)
    a = render_png(before, f"{OUT}/e3_{name}_before.png")
    b = render_png(after, f"{OUT}/e3_{name}_after.png")
    box = ImageChops.difference(a, b).getbbox()
    assert box is not None, "PDFium shows no difference: the attack file does not attack"
    # the change is inside the field's rectangle (scale 1.5, y from the top of an A4 page)
    x0, y0, x1, y1 = FIELD_RECT
    assert box[0] >= x0 * 1.5 - 2 and box[2] <= x1 * 1.5 + 2
    assert box[1] >= (841.89 - y1) * 1.5 - 2 and box[3] <= (841.89 - y0) * 1.5 + 2
    return box


def test_baseline_form_document_passes(signed_form):
    assert _verify(signed_form).indication is Indication.TOTAL_PASSED


def test_need_appearances_after_signature_is_disallowed(signed_form):
    attacked = set_need_appearances(signed_form)
    _visible_change(signed_form, attacked, "need_appearances")  # PDFium redraws the field from its /V
    report = _verify(attacked)
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)
    last = report.revisions[-1]
    assert not last.permitted and last.classification == "other"
    assert "NeedAppearances" in last.message and "重新生成" in last.message, last.message
    assert "追加验证数据" not in last.message
    assert sig.item(ItemCode.DOCUMENT_HASH).status is CheckStatus.FAIL


def test_opaque_field_emptied_after_signature_is_disallowed(signed_form):
    attacked = empty_field(signed_form)
    _visible_change(signed_form, attacked, "field_emptied")  # the hidden page text shows through
    report = _verify(attacked)
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)
    last = report.revisions[-1]
    assert not last.permitted
    assert "amount" in last.message and "第 1 页" in last.message, last.message
    assert "amount" in sig.item(ItemCode.DOCUMENT_HASH).reason


def test_field_changed_value_after_signature_is_disallowed(signed_form):
    attacked = empty_field(signed_form, new_value="AMOUNT 5.00")
    _visible_change(signed_form, attacked, "field_changed")
    sig = _verify(attacked).signatures[0]
    assert sig.sub_indication is SubIndication.DISALLOWED_MODIFICATION


def test_form_fill_permitted_by_docmdp_p2():
    """The document's own certification (DocMDP P=2) allows form filling: the change is permitted and named."""
    certified = certify_pades(form_pdf())
    filled = empty_field(certified, new_value="AMOUNT 2,000.00")
    report = _verify(filled)
    assert report.signatures[0].indication is Indication.TOTAL_PASSED, report.signatures[0].message
    last = report.revisions[-1]
    assert last.permitted and last.classification == "form_filling"
    assert "amount" in last.message and "第 1 页" in last.message and "P=2" in last.message, last.message


def test_form_fill_of_field_locked_by_signature_is_disallowed():
    """DocMDP P=2 would allow the fill, but the certifying signature's /Lock (FieldMDP All) locks the field."""
    certified = certify_pades(form_pdf(), lock_all=True)
    filled = empty_field(certified, new_value="AMOUNT 2,000.00")
    report = _verify(filled)
    sig = report.signatures[0]
    assert sig.sub_indication is SubIndication.DISALLOWED_MODIFICATION, sig.message
    last = report.revisions[-1]
    assert not last.permitted and "锁定" in last.message and "amount" in last.message, last.message


def test_second_seal_on_form_document_still_permitted(signed_form):
    """Signing again (a new signature field) stays a permitted change."""
    twice = sign_gm_pdf(signed_form)
    report = _verify(twice)
    assert report.indication is Indication.TOTAL_PASSED, [s.message for s in report.signatures]


# --- item 2: objects redefined after the last %%EOF, junk after a DSS revision


def _content_obj(doc: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    r = PdfFileReader(io.BytesIO(doc), strict=False)
    return int(r.root["/Pages"]["/Kids"][0].get_object().raw_get("/Contents").idnum)


@pytest.fixture(scope="module")
def gm_doc() -> bytes:
    return sign_gm_pdf(base_pdf())


def test_object_redefined_after_last_eof_is_not_passed(gm_doc):
    body = b"BT /F1 24 Tf 72 700 Td (AMOUNT 9,999,999) Tj ET"
    attacked = redefine_after_eof(gm_doc, _content_obj(gm_doc),
                                  b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    assert attacked.endswith(gm_doc[gm_doc.rindex(b"startxref"):])  # ends exactly like the signed file
    sig = _verify(attacked).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)
    reason = sig.item(ItemCode.DOCUMENT_HASH).reason
    assert f"重新定义了对象 {_content_obj(gm_doc)} 0" in reason, reason


def test_trailing_junk_after_dss_revision_is_reported(gm_doc):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(gm_doc), strict=False)
    contents = bytes(reader.root["/AcroForm"]["/Fields"][0].get_object()["/V"]["/Contents"])
    buf = io.BytesIO(gm_doc)
    DocumentSecurityStore.add_dss(buf, contents, certs=[full_trust().anchors[0]], force_write=True, strict=False)
    with_dss = buf.getvalue()
    junk = with_dss + b"\n% junk after the DSS revision\n" + b"x" * 40 + b"\n"
    report = _verify(junk)
    assert len(report.revisions) == 3 and report.revisions[-1].classification == "lta_update"
    sig = report.signatures[0]
    reason = sig.item(ItemCode.DOCUMENT_HASH).reason
    assert "文件末尾另有" in reason and "字节" in reason, reason
    assert sig.indication is Indication.TOTAL_PASSED  # junk that defines nothing: a warning


# --- item 3: true wording of later revisions


def test_metadata_only_revision_says_metadata(gm_doc):
    from pyhanko.pdf_utils import generic

    def edit(w):
        info = w.trailer["/Info"]
        info[generic.NameObject("/Title")] = generic.TextStringObject("changed title")
        w.update_container(info)

    report = _verify(incremental(gm_doc, edit))
    last = report.revisions[-1]
    assert last.classification == "metadata" and last.permitted, (last.classification, last.message)
    assert "元数据" in last.message and "验证数据" not in last.message
    assert report.indication is Indication.TOTAL_PASSED


def test_xmp_only_revision_says_metadata(gm_doc):
    from pyhanko.pdf_utils import generic

    def edit(w):
        xmp = w.add_object(generic.StreamObject({generic.NameObject("/Type"): generic.NameObject("/Metadata"),
                                                 generic.NameObject("/Subtype"): generic.NameObject("/XML")},
                                                stream_data=b"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
                                                            b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/><?xpacket end='w'?>"))
        w.root[generic.NameObject("/Metadata")] = xmp
        w.update_root()

    last = _verify(incremental(gm_doc, edit)).revisions[-1]
    assert last.classification == "metadata", (last.classification, last.message, last.technical_detail)
    assert "XMP" in last.message


def test_unreferenced_object_revision_says_so(gm_doc):
    body = b"BT /F1 24 Tf 72 700 Td (hidden) Tj ET"
    doc = append_raw_revision(gm_doc, b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    report = _verify(doc)
    last = report.revisions[-1]
    assert last.classification == "unreferenced", (last.classification, last.message)
    assert "未被文档引用" in last.message and "验证数据" not in last.message
