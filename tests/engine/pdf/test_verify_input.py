"""Bad input: clear typed errors (CLI exit 3), never a traceback; unsigned PDFs; fuzzing."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from _verify_pki import base_pdf, full_trust, sign_gm_pdf, sign_pades
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eseal.engine.pdf.errors import (
    EncryptedPdfError,
    NotAPdfError,
    PdfInputError,
    PdfTooLargeError,
    TruncatedPdfError,
)
from eseal.engine.pdf.report.model import Indication, SubIndication
from eseal.engine.pdf.verify.verifier import verify_pdf

ESEAL = [sys.executable, "-m", "eseal.cli"]


def test_verify_input_not_a_pdf():
    with pytest.raises(NotAPdfError):
        verify_pdf(b"hello, this is not a PDF" * 10)


def test_verify_input_truncated():
    with pytest.raises(TruncatedPdfError):
        verify_pdf(sign_pades(base_pdf())[:-3000])


def test_verify_input_encrypted():
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(base_pdf()))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(EncryptedPdfError):
        verify_pdf(out.getvalue())


def test_verify_input_too_large(tmp_path):
    p = tmp_path / "big.pdf"
    p.write_bytes(b"%PDF-1.7\n" + b"0" * 2000)
    with pytest.raises(PdfTooLargeError):
        verify_pdf(p, max_bytes=1000)
    with pytest.raises(PdfTooLargeError):
        verify_pdf(p.read_bytes(), max_bytes=1000)


def test_verify_input_unsigned_pdf_is_indeterminate_no_signature():
    report = verify_pdf(base_pdf(), trust=full_trust())
    assert report.signatures == []
    assert (report.indication, report.sub_indication) == (Indication.INDETERMINATE, SubIndication.NO_SIGNATURE)
    assert "没有" in report.message


@pytest.fixture(scope="module")
def signed_both() -> bytes:
    return sign_pades(sign_gm_pdf(base_pdf()), field_name="P2", page=1)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_verify_fuzz_mutated_pdfs_never_crash(signed_both, data):
    doc = bytearray(signed_both)
    n = data.draw(st.integers(min_value=1, max_value=8))
    for _ in range(n):
        kind = data.draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        pos = data.draw(st.integers(min_value=0, max_value=max(0, len(doc) - 1)))
        if kind == "flip":
            doc[pos] ^= data.draw(st.integers(min_value=1, max_value=255))
        elif kind == "delete":
            del doc[pos: pos + data.draw(st.integers(min_value=1, max_value=64))]
        elif kind == "insert":
            doc[pos:pos] = data.draw(st.binary(min_size=1, max_size=32))
        else:
            del doc[data.draw(st.integers(min_value=len(doc) // 2, max_value=len(doc))):]
    try:
        report = verify_pdf(bytes(doc), trust=full_trust())
    except PdfInputError:
        return
    assert report.indication in set(Indication)
    for s in report.signatures:
        assert len(s.items) == 8
        if bytes(doc) != signed_both and s.indication is Indication.TOTAL_PASSED:
            # a surviving pass must still have intact hashes over what it covers
            assert s.coverage is not None


def _cli(*args, cwd=None):
    return subprocess.run([*ESEAL, "verify", *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_verify_cli_exit_codes(tmp_path, signed_both):
    from _verify_pki import gm_pki, gm_root_crl, make_pki
    from asn1crypto import pem

    good = tmp_path / "good.pdf"
    good.write_bytes(signed_both)
    ca = tmp_path / "ca"
    ca.mkdir()
    (ca / "root.pem").write_bytes(make_pki().root.pem())
    (ca / "sm2-root.pem").write_bytes(pem.armor("CERTIFICATE", gm_pki().root.dump()))
    (ca / "root.crl").write_bytes(make_pki().crl_der)
    (ca / "sm2-root.crl").write_bytes(gm_root_crl().dump())  # E3 #4: without it the GM signer is TRY_LATER
    r = _cli(str(good), "--ca", str(ca))
    assert r.returncode == 0, r.stderr
    assert "TOTAL_PASSED" in r.stdout and "Traceback" not in r.stderr
    assert _cli(str(good)).returncode == 2  # untrusted chains
    trust_files = [str(ca / "root.pem"), "--trust", str(ca / "sm2-root.pem"), "--trust", str(ca / "root.crl"),
                   "--trust", str(ca / "sm2-root.crl")]
    r = _cli(str(good), "--json", "--trust", *trust_files)
    assert r.returncode == 0
    import json

    assert json.loads(r.stdout)["indication"] == "TOTAL_PASSED"
    bad = bytearray(signed_both)
    bad[bad.index(b"/MediaBox") + 1] = ord("N")
    (tmp_path / "bad.pdf").write_bytes(bytes(bad))
    assert _cli(str(tmp_path / "bad.pdf"), "--ca", str(ca)).returncode == 1
    (tmp_path / "unsigned.pdf").write_bytes(base_pdf())
    assert _cli(str(tmp_path / "unsigned.pdf")).returncode == 2
    for name, content in (("x.pdf", b"not a pdf"), ("t.pdf", signed_both[:5000])):
        (tmp_path / name).write_bytes(content)
        r = _cli(str(tmp_path / name))
        assert r.returncode == 3
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = _cli(str(good), "--max-size", "0.01")
    assert r.returncode == 3 and "超过" in r.stderr
    r = _cli(str(tmp_path / "missing.pdf"))
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert Path(good).exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_verify_cli_rejects_non_finite_or_negative_max_size(tmp_path, value):
    (tmp_path / "in.pdf").write_bytes(base_pdf())
    r = _cli(str(tmp_path / "in.pdf"), f"--max-size={value}")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "--max-size 必须是大于 0" in r.stderr
