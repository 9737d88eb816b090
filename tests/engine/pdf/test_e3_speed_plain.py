"""[E3] #11: the strict plain object reader (verify/plain_objects.py) and the analyses built on it.

The plain reader must either read an object exactly or say it is unsure; the page facts and the
"only signature fields were added" proof it feeds must equal the pyHanko-object versions on every
multi-revision file at hand (our seals, the attack corpus), and refuse a seal revision that also
changed something else. A verification of a seal on every page must not parse the later revisions'
page and widget dictionaries with pyHanko any more. (Speed itself: bench/pdf.py --multi.)
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from _verify_pki import base_pdf, full_trust, sign_gm_pdf

from eseal.engine.pdf.report.model import Indication
from eseal.engine.pdf.verify.plain_objects import (
    Keyword,
    PdfStream,
    PdfString,
    PlainObjects,
    Ref,
    Unsure,
    ascii_text,
    parse_object_at,
    same,
)
from eseal.engine.pdf.verify.verifier import verify_pdf

HERE = Path(__file__).parent


def _parse(body: bytes) -> object:
    return parse_object_at(b"7 0 obj" + body, 0, Ref(7, 0))


def test_plain_reader_reads_the_usual_objects():
    page = (b"\n<< /Type /Page /MediaBox [ 0 0 595.2756 841.8898 ] /Parent 2 0 R % comment\n"
            b"/Resources << /Font << /F1 5 0 R >> /ProcSet [ /PDF /Text ] >> /Rotate 0 /Trans << >>"
            b" /Annots [10 0 R 11 0 R] /T (ESeal\\0551) /V <41 42> /NeedAppearances true /X null /N -.5>>\nendobj\n")
    value = _parse(page)
    assert value == {
        "/Type": "/Page", "/MediaBox": [0, 0, Decimal("595.2756"), Decimal("841.8898")], "/Parent": Ref(2, 0),
        "/Resources": {"/Font": {"/F1": Ref(5, 0)}, "/ProcSet": ["/PDF", "/Text"]}, "/Rotate": 0, "/Trans": {},
        "/Annots": [Ref(10, 0), Ref(11, 0)], "/T": b"(ESeal\\0551)", "/V": b"<41 42>",
        "/NeedAppearances": "true", "/X": "null", "/N": Decimal("-0.5"),
    }
    assert isinstance(value["/T"], PdfString) and isinstance(value["/X"], Keyword)
    assert ascii_text(value["/T"]) == "ESeal-1"
    stream = _parse(b" <</Length 3>>stream\nabc\nendstream\nendobj")
    assert isinstance(stream, PdfStream) and stream == {"/Length": 3}


@pytest.mark.parametrize("body", [
    b" << /A 1 /A 2 >> endobj",  # repeated key: which one a reader keeps is not ours to guess
    b" << /A#20B 1 >> endobj",  # escaped name
    b" << /A\xe4 1 >> endobj",  # non-ASCII name
    b" (a (nested) string) endobj",
    b" [1 2 endobj",
    b" 1 2 endobj",  # two values
    b" << /A >> endobj",
    b" 1.2.3 endobj",
    b" << /A 1 >> trailing endobj",
    b" << /A 1 >>",  # no endobj
    b" foo endobj",
    b" [1 2 3 0 R] ] endobj",
    b" " + b"[" * 40 + b"]" * 40 + b" endobj",
    b" 1 0 stream\nabc\nendstream endobj",  # a stream without a dictionary
    b" <<>>%stream\nabc\nendstream endobj",  # a comment runs to the end of its line: no stream keyword
])
def test_plain_reader_is_unsure_rather_than_guessing(body):
    with pytest.raises(Unsure):
        _parse(body)


def test_plain_reader_checks_the_header_and_same_is_type_strict():
    with pytest.raises(Unsure):
        parse_object_at(b"8 0 obj 1 endobj", 0, Ref(7, 0))
    with pytest.raises(Unsure):
        ascii_text(PdfString(b"<4142>"))
    assert not same(1, Decimal(1)) and not same(Keyword("true"), "/true") and not same([1], [Decimal(1)])
    assert same({"/A": [Ref(1, 0), Decimal("1.5")]}, {"/A": [Ref(1, 0), Decimal("1.50")]})


def _multi_revision_files() -> list[tuple[str, bytes]]:
    files = [("three seals", sign_gm_pdf(sign_gm_pdf(sign_gm_pdf(base_pdf(3)), page=2), page=3))]
    for path in sorted((HERE / "golden" / "corpus").glob("*.pdf")):
        data = path.read_bytes()
        if data.count(b"%%EOF") > 1:
            files.append((path.name, data))
    return files


def test_plain_facts_equal_the_pyhanko_facts_on_every_multi_revision_file():
    """_plain_revision_changes == _revision_changes, and the plain proof never says more than pyHanko's."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.verify.page_history import PageHistory
    from eseal.engine.pdf.verify.revisions import _plain_revision_changes, _revision_changes
    from eseal.engine.pdf.verify.signature_revision import (
        added_signature_fields,
        plain_added_signature_fields,
    )

    decided = 0
    files = _multi_revision_files()
    assert len(files) > 5
    for name, data in files:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        objs, cache = PlainObjects(reader, data), PageHistory(reader)
        for rev in range(1, reader.xrefs.total_revisions):
            try:
                plain = _plain_revision_changes(objs, rev)
            except Unsure:
                continue
            assert plain == _revision_changes(reader, rev, cache), (name, rev)
            try:
                fast = plain_added_signature_fields(objs, rev)
            except Unsure:
                continue
            try:
                slow = added_signature_fields(reader, rev)
            except Exception:
                slow = None
            if fast is not None:
                assert fast == slow, (name, rev)  # the stricter /Info rule may only say None where pyHanko's says yes
            decided += 1
    assert decided > 5


def _patch_last_revision(doc: bytes, old: bytes, new: bytes) -> bytes:
    """Replace ``old`` by ``new`` (same length: offsets stay valid) in the last revision's bytes."""
    assert len(old) == len(new)
    start = doc.rindex(b"%%EOF", 0, len(doc) - 10)
    at = doc.index(old, start)
    return doc[:at] + new + doc[at + len(old):]


def test_plain_proof_names_our_seal_and_refuses_a_seal_revision_that_changes_more():
    """A seal revision whose rewritten page also changed its /MediaBox (or whose form turned on
    NeedAppearances) is not "only signature fields": the plain proof says None (full analysis)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.verify.signature_revision import plain_added_signature_fields

    twice = sign_gm_pdf(sign_gm_pdf(base_pdf()))

    def proof(doc: bytes) -> list[str] | None:
        reader = PdfFileReader(io.BytesIO(doc), strict=False)
        return plain_added_signature_fields(PlainObjects(reader, doc), reader.xrefs.total_revisions - 1)

    assert proof(twice) == ["ESeal-2"]
    tail = twice[twice.rindex(b"%%EOF", 0, len(twice) - 10):]
    assert b"/MediaBox" in tail and b"/SigFlags 3" in tail
    box = tail[tail.index(b"/MediaBox"):tail.index(b"]", tail.index(b"/MediaBox")) + 1]
    bigger = box.replace(b"595", b"999", 1)
    assert bigger != box
    assert proof(_patch_last_revision(twice, box, bigger)) is None
    assert proof(_patch_last_revision(twice, b"/SigFlags 3", b"/SigFlags 1")) == ["ESeal-2"]  # allowed key
    assert proof(_patch_last_revision(twice, b"/SigFlags 3", b"/NeedAppe 3")) is None


def test_a_seal_on_every_page_parses_no_later_widget_or_page_with_pyhanko(monkeypatch):
    """Before: each later revision's page and widget dictionaries went through pyHanko's parser
    (hundreds for 30 pages). Now the plain reader reads them and pyHanko reads about one object per
    signature and revision, whatever the number of pages."""
    from _verify_pki import gm_pki
    from pyhanko.pdf_utils import reader as pyhanko_reader

    from eseal.engine.pdf.sign.gm import sign_gm
    from eseal.engine.pdf.stamp.placement import StampRequest

    g = gm_pki()
    doc = base_pdf(30)
    for req in (StampRequest(page=30), StampRequest(mode="multi"), StampRequest(mode="seam", seam_max_pages=10),
                StampRequest(page=1)):
        doc = sign_gm(doc, seal_der=g.seal_der, signer=g.signer, signer_cert_der=g.signer_cert.dump(), request=req,
                      claimed_time_only=True, signer_name="杭州测试科技有限公司")
    reads = {"n": 0}
    original = pyhanko_reader.PdfFileReader._read_object

    def counting(self, *a, **k):
        reads["n"] += 1
        return original(self, *a, **k)

    monkeypatch.setattr(pyhanko_reader.PdfFileReader, "_read_object", counting)
    report = verify_pdf(doc, trust=full_trust())
    assert report.indication is Indication.TOTAL_PASSED, [s.message for s in report.signatures]
    assert [r.classification for r in report.revisions] == ["initial"] + ["signature"] * 4
    assert reads["n"] < 60, reads  # 198 before (30 pages x 3 rewrites, 60 widgets), 11 now


def test_checks_shared_by_several_signatures_are_made_once_per_verification(monkeypatch):
    """pki.shared_verifications: inside verify_pdf the certificates and the seal that several signatures
    share are verified once; a different input is verified again, and nothing is remembered after the
    block (so a second verification of the same file does all its checks again)."""
    import contextlib

    from _verify_pki import gm_pki

    from eseal.engine.gm import SM2PublicKey
    from eseal.engine.pdf.verify import verifier
    from eseal.engine.pki import shared_verifications, verify_with_public_key_info

    calls = {"n": 0}
    original = SM2PublicKey.verify

    def counting(self, *a, **k):
        calls["n"] += 1
        return original(self, *a, **k)

    monkeypatch.setattr(SM2PublicKey, "verify", counting)
    cert = gm_pki().signer_cert
    issuer_key = gm_pki().root.public_key
    tbs, sig = cert["tbs_certificate"].dump(), cert["signature_value"].native
    oid = cert["signature_algorithm"]["algorithm"].dotted
    with shared_verifications():
        assert verify_with_public_key_info(issuer_key, sig, tbs, oid) is True
        assert verify_with_public_key_info(issuer_key, sig, tbs, oid) is True
        assert calls["n"] == 1
        assert verify_with_public_key_info(issuer_key, sig, tbs + b"x", oid) is False
        assert calls["n"] == 2
    assert verify_with_public_key_info(issuer_key, sig, tbs, oid) is True
    assert calls["n"] == 3

    doc = sign_gm_pdf(sign_gm_pdf(sign_gm_pdf(base_pdf(3), timestamp=False), page=2, timestamp=False), page=3,
                      timestamp=False)
    verify_pdf(doc, trust=full_trust())  # warm-up: the trust store's own CRL checks are cached by it
    calls["n"] = 0
    report = verify_pdf(doc, trust=full_trust())
    assert report.indication is Indication.TOTAL_PASSED, [s.message for s in report.signatures]
    shared = calls["n"]
    monkeypatch.setattr(verifier, "shared_verifications", contextlib.nullcontext)  # as before
    calls["n"] = 0
    assert verify_pdf(doc, trust=full_trust()).indication is Indication.TOTAL_PASSED
    # three signature values + the seal and the certificate they share, once (before: 10 verifications;
    # without the shared block the verification's own path memo, VerifyContext.paths, still finds each
    # certificate chain once: 3 values + 3 seals + 1 chain)
    assert (shared, calls["n"]) == (3 + 2, 7)
