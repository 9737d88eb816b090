"""[E3] #11: ``fields._filled_sig_fields`` (pyHanko's ``enumerate_sig_fields(filled_status=True)`` step for step,
bare widgets read by the plain reader; each kid's reference compared as its (number, generation) pair)
lists what pyHanko lists on every file at hand, seals on every page and seam seals included, and raises
pyHanko's error on a form whose field is its own kid, directly or through a kid of a kid."""

from __future__ import annotations

import pytest
from _verify_pki import base_pdf
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.sign.fields import enumerate_sig_fields
from test_e3_speed_removed import _sealed
from test_e3_speed_written import _files, _reader, _update

from eseal.engine.pdf.verify.fields import _filled_sig_fields
from eseal.engine.pdf.verify.plain_objects import PlainObjects


def _listed(found) -> list[tuple[str, object, tuple[int, int]]]:
    return [(name, (v.idnum, v.generation) if hasattr(v, "idnum") else v, (f.idnum, f.generation))
            for name, v, f in found]


def test_filled_fields_are_pyhankos():
    compared = 0
    for data in [_sealed(5), _sealed(3), *_files()]:
        reader = _reader(data)
        expected = _listed(enumerate_sig_fields(reader, filled_status=True))
        assert _listed(_filled_sig_fields(reader, PlainObjects(reader, data))) == expected
        compared += len(expected)
    assert compared > 30


@pytest.mark.parametrize("loop", ["self", "grandchild"])
def test_a_field_that_is_its_own_kid_is_pyhankos_error(loop):
    doc = base_pdf(1)
    reader = _reader(doc)
    size = int(reader.trailer["/Size"])
    root, pages = reader.trailer.raw_get("/Root"), reader.root.raw_get("/Pages")
    form, field, kid = size, size + 1, size + 2
    back = field if loop == "self" else kid
    doc = _update(doc, [
        (root.idnum, root.generation,
         b"<< /Type /Catalog /Pages %d %d R /AcroForm %d 0 R >>" % (pages.idnum, pages.generation, form)),
        (form, 0, b"<< /Fields [ %d 0 R ] >>" % field),
        (field, 0, b"<< /FT /Sig /T (a) /Kids [ %d 0 R %d 0 R ] >>" % (kid, back if loop == "self" else kid)),
        (kid, 0, b"<< /T (b) /Kids [ %d 0 R ] >>" % (field if loop == "grandchild" else kid)),
    ])
    reader = _reader(doc)
    with pytest.raises(PdfReadError, match="Circular"):
        list(enumerate_sig_fields(reader, filled_status=True))
    with pytest.raises(PdfReadError, match="Circular"):
        list(_filled_sig_fields(reader, PlainObjects(reader, doc)))
