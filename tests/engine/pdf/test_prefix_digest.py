"""The background input digest gives exactly the ByteRange digest pyHanko would have computed."""

from __future__ import annotations

import hashlib
import os

from _sign_fixtures import ca_material, make_pdf

from eseal.engine.gm.sm3 import sm3
from eseal.engine.pdf.io.prefix_digest import MIN_THREADED, PrefixDigest
from eseal.engine.pdf.report.model import CheckStatus, ItemCode
from eseal.engine.pdf.sign.gm import sign_gm
from eseal.engine.pdf.verify.verifier import verify_pdf


def _byte_range_sm3(out: bytes) -> bytes:
    a, b, c, d = (int(x) for x in out[out.rindex(b"/ByteRange"):].split(b"[", 1)[1].split(b"]", 1)[0].split())
    return sm3(out[a:a + b] + out[c:c + d])


def test_threaded_prefix_and_fallback_match_a_plain_digest() -> None:
    prefix = os.urandom(MIN_THREADED + 12345)
    out = bytearray(prefix + b"new revision" + b"<" + b"0" * 64 + b">" + b"trailer")
    start = out.index(b"<")
    end = start + 66
    expect = sm3(bytes(out[:start]) + bytes(out[end:]))
    assert PrefixDigest(prefix, "sm3").finish(memoryview(out), start, end, len(out)) == expect
    # an output whose head differs from the input is digested from scratch, not from the stale state
    tampered = bytearray(out)
    tampered[10] ^= 1
    expect2 = hashlib.new("sm3", bytes(tampered[:start]) + bytes(tampered[end:])).digest()
    assert PrefixDigest(prefix, "sm3").finish(memoryview(tampered), start, end, len(out)) == expect2


def test_gm_signature_on_a_large_input_has_the_right_data_hash() -> None:
    m = ca_material()
    import io

    import pikepdf

    doc = pikepdf.open(io.BytesIO(make_pdf(1)))
    doc.Root.Filler = doc.make_stream(os.urandom(2 * MIN_THREADED))  # > MIN_THREADED: the threaded path
    buf = io.BytesIO()
    doc.save(buf)
    big = buf.getvalue()
    out = sign_gm(big, seal_der=m.seal_der, signer=m.sm2_signer, signer_cert_der=m.sm2_cert_der,
                  claimed_time_only=True)
    assert out.startswith(big)
    from pyhanko.pdf_utils.reader import PdfFileReader

    from eseal.engine.pdf.io import gm_format
    from eseal.engine.ses.parse import parse_signature

    r = PdfFileReader(io.BytesIO(out), strict=False)
    sig = r.root["/AcroForm"]["/Fields"][0].get_object()["/V"]
    ses_sig = parse_signature(gm_format.trim_der(sig["/Contents"]))
    assert ses_sig.data_hash == _byte_range_sm3(out)
    (rep,) = verify_pdf(out).signatures
    assert rep.item(ItemCode.DOCUMENT_HASH).status is CheckStatus.PASS
