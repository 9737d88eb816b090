"""E3 #6 / #12: the DocMDP refusal reads the certification from the document's own dictionaries (no
pyhanko.sign), including the corner cases pyHanko's reader got wrong or crashed on."""

from __future__ import annotations

import io

import pikepdf
import pytest
from _e3_signing_helpers import save, sign
from _sign_fixtures import make_pdf

from eseal.engine.pdf.errors import PdfInputError
from eseal.engine.pdf.io.document import certification_level, empty_signature_fields


def _doc(reference: list | None, *, fields: list | None = None) -> bytes:
    """A document whose /Perms /DocMDP names a signature dictionary with ``reference`` as its /Reference."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(1)))
    sig = pikepdf.Dictionary(Type=pikepdf.Name.Sig, Filter=pikepdf.Name("/Adobe.PPKLite"))
    if reference is not None:
        sig.Reference = pikepdf.Array(reference)
    sig = pdf.make_indirect(sig)
    pdf.Root.Perms = pikepdf.Dictionary(DocMDP=sig)
    if fields is not None:
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array(fields)))
    return save(pdf)


def _docmdp(params: pikepdf.Dictionary | None) -> pikepdf.Dictionary:
    ref = pikepdf.Dictionary(Type=pikepdf.Name.SigRef, TransformMethod=pikepdf.Name.DocMDP)
    if params is not None:
        ref.TransformParams = params
    return ref


def _reader(doc: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(doc), strict=False)


@pytest.mark.parametrize("p", [1, 2, 3])
def test_the_level_is_read_from_the_docmdp_transform(p):
    doc = _doc([_docmdp(pikepdf.Dictionary(Type=pikepdf.Name.TransformParams, P=p, V=pikepdf.Name("/1.2")))])
    assert certification_level(_reader(doc)) == p


def test_a_docmdp_transform_without_p_is_level_2_and_refused_as_such():
    # ISO 32000-1 Table 254: /P absent means 2. pyHanko's reader called this unreadable.
    doc = _doc([_docmdp(pikepdf.Dictionary(Type=pikepdf.Name.TransformParams))])
    assert certification_level(_reader(doc)) == 2
    with pytest.raises(PdfInputError) as exc:
        sign("gm", doc)
    assert exc.value.code == "pdf.certified_needs_existing_field" and "P=2" in str(exc.value)


@pytest.mark.parametrize("reference", [None, [], [pikepdf.Dictionary(TransformMethod=pikepdf.Name.FieldMDP)]])
def test_a_certification_without_a_docmdp_transform_is_unreadable_not_a_crash(reference):
    # before: pyHanko gave permission None and the refusal's message raised AttributeError (a traceback)
    with pytest.raises(PdfInputError) as exc:
        sign("gm", _doc(reference))
    assert exc.value.code == "pdf.certification_unreadable"


def test_a_level_outside_1_to_3_is_unreadable():
    doc = _doc([_docmdp(pikepdf.Dictionary(P=7))])
    with pytest.raises(PdfInputError) as exc:
        sign("pades", doc)
    assert exc.value.code == "pdf.certification_unreadable"


def test_empty_signature_fields_are_named_fully_qualified_with_inherited_type():
    kid_empty = pikepdf.Dictionary(T=pikepdf.String("approve"))
    kid_filled = pikepdf.Dictionary(T=pikepdf.String("done"), V=pikepdf.Dictionary(Type=pikepdf.Name.Sig))
    parent = pikepdf.Dictionary(T=pikepdf.String("board"), FT=pikepdf.Name.Sig)
    text = pikepdf.Dictionary(T=pikepdf.String("amount"), FT=pikepdf.Name.Tx)
    top = pikepdf.Dictionary(T=pikepdf.String("Signer2"), FT=pikepdf.Name.Sig,
                             Kids=pikepdf.Array([pikepdf.Dictionary(Subtype=pikepdf.Name.Widget)]))
    pdf = pikepdf.open(io.BytesIO(make_pdf(1)))
    kids = [pdf.make_indirect(kid_empty), pdf.make_indirect(kid_filled)]
    parent.Kids = pikepdf.Array(kids)
    parent = pdf.make_indirect(parent)
    for k in kids:
        k.Parent = parent
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(
        Fields=pikepdf.Array([parent, pdf.make_indirect(text), pdf.make_indirect(top)])))
    assert empty_signature_fields(_reader(save(pdf))) == ["board.approve", "Signer2"]
