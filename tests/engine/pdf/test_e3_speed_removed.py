"""[E3] #11: the plain walk of an earlier revision's form (``fields._plain_filled_sig_refs``, which proves that
no signature was removed) steps over bare widgets (no /FT, /V or /Kids: a seal on every page has one a
page) without walking them; it still finds what pyHanko's walk (``fields._filled_sig_refs``) finds, in every
revision of files with seals on every page, seam seals and hand-made forms (a /V inherited from a /Sig
parent under a bare widget listed twice, a field with kids next to widgets)."""

from __future__ import annotations

from _verify_pki import base_pdf, gm_pki
from pyhanko.pdf_utils import generic
from test_e3_speed_written import _files, _reader, _update

from eseal.engine.pdf.verify.fields import _filled_sig_refs, _plain_filled_sig_refs
from eseal.engine.pdf.verify.plain_objects import PlainObjects, Unsure


def _sealed(pages: int) -> bytes:
    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.stamp.placement import StampRequest

    g = gm_pki()
    doc = base_pdf(pages)
    for req in (StampRequest(page=pages), StampRequest(mode="multi"), StampRequest(mode="seam", seam_max_pages=2),
                StampRequest(page=1)):
        doc = sign_gm(doc, seal_der=g.seal_der, signer=g.signer, signer_cert_der=g.signer_cert.dump(), request=req,
                      claimed_time_only=True, signer_name="杭州测试科技有限公司")
    return doc


def _hand_made_form() -> bytes:
    doc = base_pdf(1)
    reader = _reader(doc)
    size = int(reader.trailer["/Size"])
    root = reader.trailer.raw_get("/Root")
    pages = reader.root.raw_get("/Pages")
    form, field, widget, kid, sig = range(size, size + 5)
    catalog = b"<< /Type /Catalog /Pages %d %d R /AcroForm %d 0 R >>" % (pages.idnum, pages.generation, form)
    return _update(doc, [
        (root.idnum, root.generation, catalog),
        (form, 0, b"<< /Fields [ %d 0 R %d 0 R ] >>" % (field, widget)),
        (field, 0, b"<< /FT /Sig /T (a) /Kids [ %d 0 R %d 0 R %d 0 R ] >>" % (widget, widget, kid)),
        (widget, 0, b"<< /Type /Annot /Subtype /Widget /Rect [ 0 0 1 1 ] >>"),
        (kid, 0, b"<< /T (b) /V %d 0 R >>" % sig),
        (sig, 0, b"<< /Type /Sig >>"),
    ])


def _pyhanko_refs(reader, rev: int) -> set[tuple[int, int]]:
    return {(v.idnum, v.generation) for _name, v in _filled_sig_refs(reader.get_historical_resolver(rev))
            if isinstance(v, generic.IndirectObject)}


def test_the_plain_form_walk_finds_what_pyhankos_finds():
    files = [_sealed(5), _sealed(3), _hand_made_form(), *_files()]
    compared = found = 0
    for data in files:
        reader = _reader(data)
        objs = PlainObjects(reader, data)
        for rev in range(reader.xrefs.total_revisions):
            try:
                plain = _plain_filled_sig_refs(objs, rev)
            except Unsure:
                continue
            assert plain == _pyhanko_refs(reader, rev), rev
            compared += 1
            found += len(plain)
    assert compared > 30 and found > 40


def test_a_signature_below_a_bare_widget_listed_twice_is_found():
    data = _hand_made_form()
    reader = _reader(data)
    last = reader.xrefs.total_revisions - 1
    size = int(_reader(base_pdf(1)).trailer["/Size"])
    assert _plain_filled_sig_refs(PlainObjects(reader, data), last) == _pyhanko_refs(reader, last) == {(size + 4, 0)}
