"""E3 #9: the 20 MB limit applies to what users upload; what the platform signed always verifies.

Rule (docs/pdf-signing.md): an unsigned document is accepted up to ``max_bytes`` (the upload limit) for
signing and for verification; a document that already carries a signature up to ``max_bytes`` plus
``SIGNED_ALLOWANCE_BYTES`` (what our seals add); signing never writes an output beyond that bound.
"""

from __future__ import annotations

import io
import os
from functools import cache

import pikepdf
import pytest
from _e3_signing_helpers import sign, trust
from _sign_fixtures import make_pdf

from eseal.engine.pdf import Indication, verify_pdf
from eseal.engine.pdf.errors import PdfTooLargeError, SigningError
from eseal.engine.pdf.io.source import DEFAULT_MAX_BYTES
from eseal.engine.pdf.stamp.placement import StampRequest


@cache
def _near_limit(delta: int) -> bytes:
    """A 3-page document of exactly DEFAULT_MAX_BYTES + delta bytes (an incompressible payload stream)."""
    target = DEFAULT_MAX_BYTES + delta
    payload = os.urandom(target)
    n = target - 20_000
    for _ in range(4):
        pdf = pikepdf.open(io.BytesIO(make_pdf(3)))
        pdf.Root.ESealTestPayload = pdf.make_stream(payload[:n])
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        data = out.getvalue()
        if len(data) == target:
            return data
        n += target - len(data)
    raise AssertionError(f"could not build a {target}-byte document ({len(data)})")


def test_signed_output_over_the_upload_limit_verifies_and_takes_a_second_seal():
    doc = _near_limit(-10_000)
    assert len(doc) <= DEFAULT_MAX_BYTES
    first = sign("gm", doc, StampRequest(mode="single", page=1))
    assert len(first) > DEFAULT_MAX_BYTES  # our own seal pushed it over 20 MB
    second = sign("gm", first, StampRequest.from_mm(mode="multi", x_mm=20, y_mm=20))
    report = verify_pdf(second, trust=trust())
    assert [s.indication for s in report.signatures] == [Indication.TOTAL_PASSED] * 2
    assert report.policy.max_bytes == DEFAULT_MAX_BYTES


def test_unsigned_upload_over_the_limit_is_refused_for_signing_and_verification():
    doc = _near_limit(+1_000)
    assert len(doc) > DEFAULT_MAX_BYTES
    with pytest.raises(PdfTooLargeError):
        sign("gm", doc)
    with pytest.raises(PdfTooLargeError):
        verify_pdf(doc)


def test_output_beyond_the_allowance_is_refused(monkeypatch):
    import eseal.engine.pdf.io.document as document

    monkeypatch.setattr(document, "SIGNED_ALLOWANCE_BYTES", 0)
    with pytest.raises(SigningError) as exc:
        sign("gm", _near_limit(-10_000))
    assert exc.value.code == "sign.output_too_large"
