"""Page lists are attacker-controlled text: bounded parsing, and the signed pages must match the document."""

from __future__ import annotations

import time

import pytest
from _verify_pki import base_pdf, full_trust, sign_gm_pdf

from eseal.engine.pdf.io import gm_format
from eseal.engine.pdf.report.model import Indication, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf


def test_parse_pages_rejects_huge_range_without_materialising():
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="beyond the limit"):
        gm_format.parse_pages("1-99999999999")
    assert time.monotonic() - t0 < 0.5
    assert gm_format.parse_page_ranges("5,1-3,4,9") == ((1, 5), (9, 9))
    assert gm_format.parse_pages("3,1-2") == (1, 2, 3)


def _sign_claiming(monkeypatch, pages_text: str) -> bytes:
    real = gm_format.format_property_info

    def forged(byte_range, mode, pages, claimed_time_only):  # the signer (own key) writes any text
        return real(byte_range, mode, pages, claimed_time_only).replace(
            f"Pages={gm_format.format_pages(pages)}", f"Pages={pages_text}")

    monkeypatch.setattr(gm_format, "format_property_info", forged)
    try:
        return sign_gm_pdf(base_pdf())
    finally:
        monkeypatch.setattr(gm_format, "format_property_info", real)


def test_verify_gm_property_info_claiming_3e9_pages_is_flagged_quickly(monkeypatch):
    doc = _sign_claiming(monkeypatch, "1-3000000000")
    assert len(doc) < 200_000
    t0 = time.monotonic()
    rep = verify_pdf(doc, trust=full_trust())
    assert time.monotonic() - t0 < 20  # was: OOM-kill materialising 3e9 ints
    sig = rep.signatures[0]
    assert sig.indication is Indication.TOTAL_FAILED
    assert sig.sub_indication is SubIndication.FORMAT_FAILURE
    assert "超出文档页数" in sig.message


def test_verify_gm_property_info_pages_differ_from_widgets_is_flagged(monkeypatch):
    doc = _sign_claiming(monkeypatch, "2")  # the seal is drawn on page 1; the document has 2 pages
    sig = verify_pdf(doc, trust=full_trust()).signatures[0]
    assert sig.indication is Indication.TOTAL_FAILED
    assert "不一致" in sig.message and "所在页 1" in sig.message


def test_verify_gm_honest_pages_still_pass():
    assert verify_pdf(sign_gm_pdf(base_pdf()), trust=full_trust()).indication is Indication.TOTAL_PASSED
