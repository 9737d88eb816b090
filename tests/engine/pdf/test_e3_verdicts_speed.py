"""[E3] #11 pieces of the shared revision analysis: the fast hex-string reader reads exactly as pyHanko
does, the signature-only whitelist recognises our seals (and nothing more), and a verification of a
multi-seal file diffs each later revision once. (Speed itself is measured by bench/pdf.py.)"""

from __future__ import annotations

import io

import pytest
from _verify_pki import base_pdf, full_trust, sign_gm_pdf

from eseal.engine.pdf.report.model import Indication
from eseal.engine.pdf.verify import hex_strings
from eseal.engine.pdf.verify.verifier import verify_pdf

CASES = [b"<>", b"<41>", b"<4142 43\n44\r\n\t45>", b"<414>", b"<41 % a comment\n42>", b"<4G>", b"<41",
         b"<" + b"ab" * 70000 + b">", b"<  >rest", b"<e4b8ad>(x)"]


def _read(fn, data: bytes):
    s = io.BytesIO(data)
    try:
        value = fn(s)
    except Exception as exc:  # the same error class as pyHanko's reader
        return ("error", type(exc).__name__, None)
    return (type(value).__name__, bytes(value.original_bytes), s.tell())


@pytest.mark.parametrize("data", CASES)
def test_fast_hex_reader_reads_as_pyhanko_does(data):
    from pyhanko.pdf_utils import generic

    hex_strings.install()
    original = hex_strings._original
    assert generic.read_hex_string_from_stream is hex_strings.read_hex_string
    assert _read(hex_strings.read_hex_string, data) == _read(original, data)


def test_each_later_revision_is_diffed_once_for_all_signatures(monkeypatch):
    """Three seals: pyHanko's full diff is never run per signature; our seals take the whitelist path."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
    from pyhanko.sign.validation import pdf_embedded

    doc = sign_gm_pdf(sign_gm_pdf(sign_gm_pdf(base_pdf())))
    calls = {"apply": 0, "review_file": 0}
    apply, review = type(DEFAULT_DIFF_POLICY).apply, pdf_embedded.EmbeddedPdfSignature.evaluate_modifications

    def counting_apply(self, *a, **k):
        calls["apply"] += 1
        return apply(self, *a, **k)

    def counting_review(self, *a, **k):
        calls["review_file"] += 1
        return review(self, *a, **k)

    monkeypatch.setattr(type(DEFAULT_DIFF_POLICY), "apply", counting_apply)
    monkeypatch.setattr(pdf_embedded.EmbeddedPdfSignature, "evaluate_modifications", counting_review)
    report = verify_pdf(doc, trust=full_trust())
    assert report.indication is Indication.TOTAL_PASSED, [s.message for s in report.signatures]
    assert calls == {"apply": 0, "review_file": 0}
    assert [r.classification for r in report.revisions] == ["initial", "signature", "signature", "signature"]
    assert [s.coverage.modification_level for s in report.signatures] == ["FORM_FILLING", "FORM_FILLING", "NONE"]


def test_whitelist_names_our_seal_and_refuses_other_changes():
    """added_signature_fields: our seal revision -> its field; a page edit or a form edit -> None (full diff)."""
    from _e3_fixtures import empty_field, form_pdf, incremental
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.verify.signature_revision import added_signature_fields

    twice = sign_gm_pdf(sign_gm_pdf(base_pdf()))
    reader = PdfFileReader(io.BytesIO(twice), strict=False)
    assert added_signature_fields(reader, 2) == ["ESeal-2"]

    def rotate(w):
        page = w.root["/Pages"]["/Kids"][0].get_object()
        page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
        w.update_container(page)

    rotated = incremental(twice, rotate)
    assert added_signature_fields(PdfFileReader(io.BytesIO(rotated), strict=False), 3) is None
    filled = empty_field(sign_gm_pdf(form_pdf()))
    assert added_signature_fields(PdfFileReader(io.BytesIO(filled), strict=False), 2) is None
    report = verify_pdf(rotated, trust=full_trust())
    assert report.signatures[0].indication is Indication.TOTAL_FAILED
