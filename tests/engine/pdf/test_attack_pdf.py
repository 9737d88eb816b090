"""Attack files, each built here, each must come out TOTAL_FAILED (or flagged) — GM and PAdES."""

from __future__ import annotations

import io
import re

import pytest
from _report_language import assert_chinese_report
from _verify_pki import base_pdf, full_trust, gm_pki, sign_gm_pdf, sign_pades

from eseal.engine.pdf.report.model import CheckStatus, Indication, ItemCode, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf


def _verify(doc):
    """Verify, and check on every attack file that the human strings of the report are Chinese."""
    report = verify_pdf(doc, trust=full_trust())
    assert_chinese_report(report)
    return report


@pytest.fixture(scope="module")
def gm_doc() -> bytes:
    return sign_gm_pdf(base_pdf())


@pytest.fixture(scope="module")
def pades_doc() -> bytes:
    return sign_pades(base_pdf())


@pytest.fixture(params=["gm", "pades"])
def signed(request, gm_doc, pades_doc) -> bytes:
    return gm_doc if request.param == "gm" else pades_doc


def test_attack_baselines_pass(signed):
    assert _verify(signed).indication is Indication.TOTAL_PASSED


def test_attack_byte_changed_inside_signed_range(signed):
    doc = bytearray(signed)
    pos = doc.index(b"/MediaBox")  # inside segment 1
    doc[pos + 1] = ord("N")  # /MediaBox -> /NediaBox: same length
    sig = _verify(bytes(doc)).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.HASH_FAILURE)
    assert sig.item(ItemCode.DOCUMENT_HASH).status is CheckStatus.FAIL


def _incremental(doc: bytes, edit) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(doc), strict=False)
    edit(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_attack_shadow_overlay_content_stream(signed):
    """Incremental update adds a content stream drawing a new amount over page 1."""
    from pyhanko.pdf_utils import generic

    def edit(w):
        font = w.add_object(generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")}))
        w.add_stream_to_page(0, generic.StreamObject(stream_data=b"q 1 1 1 rg 60 700 400 30 re f 0 0 0 rg "
                                                         b"BT /FX 14 Tf 72 710 Td (AMOUNT: 999,999.00) Tj ET Q"),
                             resources=generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
                                 {generic.NameObject("/FX"): font})}))

    report = _verify(_incremental(signed, edit))
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)
    assert not sig.coverage.permitted and sig.coverage.later_revisions == 1
    last = report.revisions[-1]
    assert not last.permitted and last.changes["pages_with_changed_content"] == [1]


def test_attack_shadow_overlay_annotation(signed):
    """Incremental update adds a FreeText annotation (visible content) over the signed page."""
    from pyhanko.pdf_utils import generic

    def edit(w):
        page_ref = w.root["/Pages"]["/Kids"][0]
        page = page_ref.get_object()
        annot = w.add_object(generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(x) for x in (60, 700, 460, 730)]),
            generic.NameObject("/Contents"): generic.TextStringObject("AMOUNT 999,999"),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g")}))
        annots = page.get("/Annots")
        arr = generic.ArrayObject(list(annots.get_object()) if annots is not None else [])
        arr.append(annot)
        page[generic.NameObject("/Annots")] = arr
        w.update_container(page)

    sig = _verify(_incremental(signed, edit)).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)


def test_attack_page_added_after_signing(signed):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints

    def edit(w):
        w.insert_page(generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 595, 842)]),
            generic.NameObject("/Contents"): w.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 50 50 100 100 re f")),
            generic.NameObject("/Resources"): generic.DictionaryObject()}))

    _ = (RawContent, BoxConstraints)
    report = _verify(_incremental(signed, edit))
    sig = report.signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)
    assert report.revisions[-1].changes["pages_added"] == 1
    assert report.document.pages == 3


def _byte_range_span(doc: bytes) -> re.Match:
    m = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", doc)
    assert m
    return m


def _rewrite_byte_range(doc: bytes, values) -> bytes:
    m = _byte_range_span(doc)
    old = m.group(0)
    new = b"/ByteRange [" + b" ".join(str(v).encode() for v in values) + b"]"
    new = new.ljust(len(old))  # keep every offset identical
    assert len(new) == len(old)
    return doc[: m.start()] + new + doc[m.end():]


def _resign_with_byte_range(doc: bytes, values) -> bytes:
    """The attacker's way: rewrite /ByteRange, then sign *that* range with his own (here: the test) key.

    Digest and signature value are then correct for the forged range, so only the ByteRange structure
    check can catch the attack (editing the ByteRange without re-signing only breaks the digest).
    """
    import asyncio
    from datetime import UTC, datetime

    from eseal.engine.pdf.io.digests import digest_byte_range

    _a, b, c, _d = (int(x) for x in _byte_range_span(doc).groups())
    forged = bytearray(_rewrite_byte_range(doc, values))
    if b"GBT38540" in doc:
        from _verify_pki import gm_timestamper

        from eseal.engine.pdf.io import gm_format
        from eseal.engine.pdf.sign.trusted_time import token_over
        from eseal.engine.ses.build import build_signature

        g = gm_pki()
        digest = digest_byte_range(bytes(forged), list(values), ("sm3",))["sm3"]
        tsa = gm_timestamper()
        contents = build_signature(
            seal_der=g.seal_der, data_hash=digest, signer=g.signer, signer_cert_der=g.signer_cert.dump(),
            property_info=gm_format.format_property_info(values, "single", [1], False),
            timestamp=lambda value: token_over(tsa, value), time=datetime.now(UTC).replace(microsecond=0))
    else:
        from _verify_pki import make_pki
        from pyhanko.sign import signers, timestamps
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        pki = make_pki()
        signer = signers.SimpleSigner(signing_cert=pki.signer.a_cert, signing_key=pki.signer.a_key,
                                      cert_registry=SimpleCertificateStore.from_certs([pki.root.a_cert]))
        tsa = timestamps.DummyTimeStamper(tsa_cert=pki.tsa.a_cert, tsa_key=pki.tsa.a_key,
                                          certs_to_embed=SimpleCertificateStore.from_certs([pki.root.a_cert]))
        digest = digest_byte_range(bytes(forged), list(values), ("sha256",))["sha256"]
        contents = asyncio.run(signer.async_sign(digest, "sha256", use_pades=True, timestamper=tsa)).dump()
    hex_len = c - b - 2  # the original placeholder <...> stays where it was: offsets unchanged
    body = contents.hex().encode().ljust(hex_len, b"0")
    assert len(body) == hex_len
    forged[b + 1 : c - 1] = body
    return bytes(forged)


def _assert_caught_by_byte_range_check(sig, expected: str) -> None:
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.FORMAT_FAILURE)
    assert any(expected in p for p in sig.coverage.byte_range_problems), sig.coverage.byte_range_problems
    assert "ByteRange" in sig.message and "签名字节范围" in sig.message, sig.message
    # the forged range is correctly signed: the digest matches, the ByteRange check is what fails it
    hash_item = sig.item(ItemCode.DOCUMENT_HASH)
    assert hash_item.status is CheckStatus.FAIL and "杂凑值一致，但" in hash_item.reason, hash_item.reason
    assert not any(p.sub_indication is SubIndication.HASH_FAILURE for p in sig.problems)


def test_attack_byte_range_not_covering_whole_file(signed):
    """Re-signed with a second segment 20 bytes short: the file tail is outside the signature."""
    a, b, c, d = (int(x) for x in _byte_range_span(signed).groups())
    doc = _resign_with_byte_range(signed, (a, b, c, d - 20))
    _assert_caught_by_byte_range_check(_verify(doc).signatures[0], "but the signed revision ends at")


def test_attack_signature_wrapping_gap_points_elsewhere(signed):
    """Re-signed with the unsigned gap widened over '/Contents ': it is no longer exactly /Contents."""
    a, b, c, d = (int(x) for x in _byte_range_span(signed).groups())
    doc = _resign_with_byte_range(signed, (a, b - 10, c, d))
    _assert_caught_by_byte_range_check(_verify(doc).signatures[0], "not exactly one hex string")


def test_attack_appended_unsigned_bytes_detected(signed):
    """Bytes appended after the signed %%EOF without a valid revision: not covered."""
    doc = signed + b"\n% appended after signing\n1 0 obj (x) endobj\n"
    try:
        report = _verify(doc)
    except Exception as exc:
        from eseal.engine.pdf.errors import PdfInputError

        assert isinstance(exc, PdfInputError)
        return
    sig = report.signatures[0]
    assert not sig.coverage.covers_whole_file
    # E3 #2: "1 0 obj" redefines an object: an xref-recovering reader shows it -> not TOTAL_PASSED
    # (this test used to accept TOTAL_PASSED with a warning)
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.DISALLOWED_MODIFICATION)
    reason = sig.item(ItemCode.DOCUMENT_HASH).reason
    assert "重新定义了对象 1 0" in reason and "未被修改" not in reason, reason


def test_attack_appended_junk_without_objects_is_a_warning(signed):
    """Junk after the signed %%EOF that defines no object: covers_whole_file false, a warning only."""
    sig = _verify(signed + b"\n% appended after signing, no object\n").signatures[0]
    assert not sig.coverage.covers_whole_file
    assert sig.indication is Indication.TOTAL_PASSED
    reason = sig.item(ItemCode.DOCUMENT_HASH).reason
    assert "未签名的附加数据" in reason and "未被修改" not in reason, reason


def test_attack_contents_do_not_match_subfilter(pades_doc):
    """PAdES file whose SubFilter is renamed to GB/T 38540 (CMS bytes under the SES SubFilter): FORMAT_FAILURE.

    The opposite (SES bytes under the CMS SubFilter) is test_attack_gm_ses_bytes_under_cms_subfilter:
    the longer name cannot be swapped in place, so that file is written with correct offsets instead.
    """
    # the shorter name, padded with PDF whitespace inside the dictionary to keep every offset
    tampered = pades_doc.replace(b"/ETSI.CAdES.detached", b"/GBT38540.SES       ", 1)
    assert tampered != pades_doc
    sig = _verify(tampered).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.FORMAT_FAILURE)
    assert "GB/T 38540" in sig.message, sig.message


def test_attack_gm_ses_bytes_under_cms_subfilter(monkeypatch):
    """A correctly written file (real offsets, valid SM2 signature) whose dictionary names the CMS
    SubFilter while /Contents is a GB/T 38540 SES_Signature: FORMAT_FAILURE, not a crash nor a pass."""
    from eseal.engine.pdf.io import gm_format

    monkeypatch.setattr(gm_format, "SUBFILTER", "/ETSI.CAdES.detached")
    doc = sign_gm_pdf(base_pdf())
    monkeypatch.undo()
    assert b"/SubFilter /ETSI.CAdES.detached" in doc and b"/GBT38540.SES" not in doc
    sig = _verify(doc).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.FORMAT_FAILURE)
    assert "CMS" in sig.message and "/ETSI.CAdES.detached" in sig.message, sig.message


def test_attack_signature_copied_from_another_document(signed):
    """Same signature dictionary bytes transplanted onto a different document (copy /Contents)."""
    other = sign_gm_pdf(base_pdf(3)) if b"GBT38540" in signed else sign_pades(base_pdf(3))
    src = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", signed)
    dst = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", other)
    assert src and dst
    hex_src = src.group(1)
    hex_dst_len = len(dst.group(1))
    if len(hex_src) > hex_dst_len:
        hex_src = hex_src[:hex_dst_len]
    forged = other[: dst.start(1)] + hex_src.ljust(hex_dst_len, b"0") + other[dst.end(1):]
    sig = _verify(forged).signatures[0]
    assert sig.indication is Indication.TOTAL_FAILED
    assert sig.sub_indication in (SubIndication.HASH_FAILURE, SubIndication.FORMAT_FAILURE)


def test_attack_seal_validity_excludes_signing_time():
    doc = sign_gm_pdf(base_pdf(), seal_der=gm_pki().expired_seal_der)
    sig = _verify(doc).signatures[0]
    assert (sig.indication, sig.sub_indication) == (Indication.TOTAL_FAILED, SubIndication.SEAL_INVALID)
    assert sig.item(ItemCode.SEAL_VALIDITY).status is CheckStatus.FAIL


def test_verify_second_signature_is_permitted_change(gm_doc):
    doc = sign_pades(gm_doc, field_name="Later", page=1)
    report = _verify(doc)
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 2
    first = report.signatures[0]
    assert first.coverage.modification_level == "FORM_FILLING" and first.coverage.permitted
    assert report.revisions[-1].classification == "signature"


def _strip_signature_fields(doc: bytes) -> bytes:
    """A later incremental update that empties /AcroForm /Fields; the widget stays on the page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(doc))
    form_ref = w.root.raw_get("/AcroForm")
    w.root["/AcroForm"][generic.pdf_name("/Fields")] = generic.ArrayObject()
    if isinstance(form_ref, generic.IndirectObject):
        w.mark_update(form_ref)
    else:
        w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_attack_signature_field_removed_by_later_revision(signed):
    doc = _strip_signature_fields(signed)
    assert b"/Annots" in doc  # the seal is still drawn
    rep = _verify(doc)
    assert rep.indication is Indication.TOTAL_FAILED  # was: INDETERMINATE / NO_SIGNATURE ("没有电子签章")
    assert rep.sub_indication is SubIndication.DISALLOWED_MODIFICATION
    (sig,) = rep.signatures
    assert sig.profile == "removed"
    assert "被从表单中移除" in sig.message
    import json

    from test_verify_pades import _check_schema

    from eseal.engine.pdf.report.json import JSON_SCHEMA, report_to_json

    _check_schema(json.loads(report_to_json(rep)), JSON_SCHEMA)
    classes = [r.classification for r in rep.revisions]
    assert classes[-2] == "signature" and classes[-1] == "other", classes  # not "签章前的修订"
