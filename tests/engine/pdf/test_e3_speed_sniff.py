"""[E3] #11: what a signature's /Contents is (verifier._sniff) is told the same way when an SES_Signature is
tried first (a GM /SubFilter) as when CMS is: GM seals, PAdES CMS, damaged and foreign bytes."""

from __future__ import annotations

import io

from _verify_pki import base_pdf, sign_gm_pdf, sign_pades

from eseal.engine.pdf.verify.verifier import _sniff


def _contents(doc: bytes) -> list[bytes]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.verify.fields import find_signatures
    from eseal.engine.pdf.verify.verifier import _contents as contents_of

    reader = PdfFileReader(io.BytesIO(doc), strict=False)
    return [contents_of(s.sig_obj) for s in find_signatures(reader, doc)]


def test_ses_first_tells_the_same_kind():
    gm = _contents(sign_gm_pdf(sign_gm_pdf(base_pdf(2)), page=2, timestamp=False))
    cms = _contents(sign_pades(base_pdf(1)))
    samples = gm + cms + [c[: len(c) // 2] for c in gm + cms] + [b"", b"\x30\x00", b"\x30\x03\x06\x01\x00",
                                                                   b"garbage", gm[0][:1] + b"\x00" * 40]
    kinds = []
    for c in samples:
        first, second = _sniff(c, ses_first=True), _sniff(c)
        assert first[0] == second[0]
        assert (first[1] is None) == (second[1] is None)
        if first[1] is not None:
            assert first[1].signer_cert == second[1].signer_cert
        kinds.append(first[0])
    assert kinds.count("ses") >= 2 and kinds.count("cms") >= 1 and "unknown" in kinds

