"""E3 #5: a second seal never makes the first fail, whatever the document's structure.

The normal contract workflow (company seal on page 1, then the legal representative's seal on every
page) on documents whose /Info is the same object as the catalog, the page tree or the AcroForm, whose
/Info is a direct dictionary, and whose pages keep their annotations as direct dictionaries in direct
/Annots arrays. Both signatures must verify (ours and pyHanko's difference analysis).
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from _e3_signing_helpers import contract_workflow, pyhanko_modifications, pyhanko_pades_status, save, trust
from _sign_fixtures import make_pdf

from eseal.engine.pdf import Indication, verify_pdf


def _doc(kind: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(make_pdf(3)))
    if kind == "info_is_catalog":
        pdf.trailer.Info = pdf.Root
    elif kind == "info_is_page_tree":
        pdf.Root.Pages.Producer = pikepdf.String("generator")
        pdf.trailer.Info = pdf.Root.Pages
    elif kind == "info_is_acroform":
        form = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array(), Producer=pikepdf.String("generator")))
        pdf.Root.AcroForm = form
        pdf.trailer.Info = form
    elif kind == "direct_annotations":
        for page in pdf.pages:  # a direct /Annots array holding a direct link annotation
            link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[10, 10, 50, 50],
                                      Border=[0, 0, 0])
            page.obj.Annots = pikepdf.Array([link])
    return save(pdf)


def _direct_info() -> bytes:
    """/Info as a direct dictionary in the trailer (hand-written: pikepdf makes it indirect)."""
    body = make_pdf(2)
    pdf = pikepdf.open(io.BytesIO(body))
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    raw = save(pdf)
    head, _, _ = raw.rpartition(b"trailer")
    trailer_start = raw.rindex(b"trailer")
    tail = raw[trailer_start:]
    tail = tail.replace(b"<<", b"<< /Info << /Producer (direct) /Title (contract) >>", 1)
    return head + tail


KINDS = ["info_is_catalog", "info_is_page_tree", "info_is_acroform", "direct_annotations", "direct_info"]


@pytest.mark.parametrize("profile", ["gm", "pades"])
@pytest.mark.parametrize("kind", KINDS)
def test_contract_workflow_keeps_both_seals_valid(kind, profile):
    doc = _direct_info() if kind == "direct_info" else _doc(kind)
    out = contract_workflow(profile, doc)
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    mods = pyhanko_modifications(out)
    assert isinstance(mods["ESeal-1"], DiffResult), mods["ESeal-1"]
    assert mods["ESeal-1"].modification_level <= ModificationLevel.FORM_FILLING
    report = verify_pdf(out, trust=trust())
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 2, [
        s.message for s in report.signatures]
    if profile == "pades":
        assert all(st.bottom_line for st in pyhanko_pades_status(out).values())


def test_stamping_leaves_a_shared_info_object_alone():
    """/Info shared with the catalog: the seal's revision writes a fresh /Info, never the catalog for it."""
    out = contract_workflow("gm", _doc("info_is_catalog"))
    doc = pikepdf.open(io.BytesIO(out))
    assert doc.trailer.Info.objgen != doc.Root.objgen
    assert "/ModDate" not in doc.Root and "/Producer" not in doc.Root


def test_direct_annotations_under_a_foreign_signature_are_refused(monkeypatch):
    """Signed by someone who left direct annotations: a seal on such a page is refused, not a silent break."""
    from _e3_signing_helpers import sign

    import eseal.engine.pdf.sign.prelude as prelude
    from eseal.engine.pdf.errors import PdfInputError
    from eseal.engine.pdf.stamp.placement import StampRequest

    with monkeypatch.context() as m:  # a signer that does not repair the annotations (not ours)
        m.setattr(prelude, "make_annotations_indirect", lambda writer, pages, touched: 0)
        foreign = sign("gm", _doc("direct_annotations"))
    with pytest.raises(PdfInputError) as exc:
        sign("gm", foreign, StampRequest.from_mm(mode="multi", x_mm=20, y_mm=20))
    assert exc.value.code == "pdf.signed_direct_annotations"
