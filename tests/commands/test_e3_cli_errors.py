"""Every CLI error line is Chinese from commands/texts.py (by the error's code), the English technical
detail after it: ``eseal: <中文>（技术细节：<English>）``, one line (issue E3 #14)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pikepdf
import pytest

from eseal.cli import main
from eseal.commands.texts import TECHNICAL_LABEL, error_line, error_zh, technical
from eseal.engine.pdf import PlacementError, TruncatedPdfError

SEP = f"（{TECHNICAL_LABEL}："


def _pdf(pages: int = 1) -> bytes:
    p = pikepdf.new()
    for _ in range(pages):
        p.add_blank_page(page_size=(595, 842))
    buf = io.BytesIO()
    p.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return buf.getvalue()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli-errors")
    assert main(["ca", "init", str(root / "ca")]) == 0
    assert main(["seal", "make", "--ca", str(root / "ca"), "--kind", "contract", "--name", "测试科技有限公司",
                 "--code", "91350100M000100Y43", "--out", str(root / "seal")]) == 0
    (root / "one.pdf").write_bytes(_pdf(1))
    return root


def _sign_err(env: Path, src: bytes, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    (env / "in.pdf").write_bytes(src)
    capsys.readouterr()
    rc = main(["sign", str(env / "in.pdf"), str(env / "out.pdf"), "--seal", str(env / "seal"), "--claimed-time",
               *extra])
    return rc, capsys.readouterr().err


def _split(err: str) -> tuple[str, str]:
    """(Chinese head, English detail) of a one-line error; the head carries no English words."""
    assert err.startswith("eseal: ") and err.count("\n") == 1 and err.endswith("）\n"), err
    assert SEP in err, err
    head, detail = err[len("eseal: "):-2].split(SEP, 1)
    assert not re.search(r"[A-Za-z]{4,}", head.replace("DocMDP", "")), f"English in the Chinese part: {head}"
    return head, detail


def test_seam_on_one_page(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, err = _sign_err(env, _pdf(1), "--mode", "seam", capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and head == "骑缝签章至少需要 2 页" and "at least 2 pages" in detail


def test_seam_pages_not_consecutive(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, err = _sign_err(env, _pdf(4), "--mode", "seam", "--pages", "1,3", capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and head == "骑缝签章需要连续的页面" and "consecutive" in detail


def test_seal_does_not_fit_on_page(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, err = _sign_err(env, _pdf(1), "--x", "195", "--y", "10", capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and head.startswith("印章超出页面范围") and "does not fit on page 1" in detail


def test_page_out_of_range(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, err = _sign_err(env, _pdf(1), "--page", "9", capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and head == "页码超出文档的页数" and "page 9 is out of range" in detail


def test_encrypted_file(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    enc = io.BytesIO()
    pikepdf.open(io.BytesIO(_pdf(1))).save(enc, encryption=pikepdf.Encryption(owner="o", user=""))
    rc, err = _sign_err(env, enc.getvalue(), capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and head == "PDF文件已加密，无法签章（请先去除密码）" and "encrypted" in detail
    # eseal verify says it in the same shape, naming the file
    (env / "enc.pdf").write_bytes(enc.getvalue())
    assert main(["verify", str(env / "enc.pdf")]) == 3
    v_err = capsys.readouterr().err
    assert v_err.startswith(f"eseal: PDF文件已加密，无法验证：{env / 'enc.pdf'}{SEP}") and v_err.count("\n") == 1


def _certified_no_changes(pdf: bytes) -> bytes:
    from asn1crypto import keys, x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm

    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "Author")])
    now = datetime.now(UTC)
    cert = (cx509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .sign(key, hashes.SHA256()))
    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=None)
    meta = signers.PdfSignatureMetadata(field_name="Cert", certify=True, docmdp_permissions=MDPPerm.NO_CHANGES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, new_field_spec=fields.SigFieldSpec("Cert")).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    return out.getvalue()


def test_certified_document_docmdp(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, err = _sign_err(env, _certified_no_changes(_pdf(1)), capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and "DocMDP P=1" in head and head.endswith("拒绝签章") and "P=1" in detail


def test_damaged_pdf_and_no_double_hex_prefix(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = _pdf(1).replace(b"trailer <<", b"trailer XX<<")
    rc, err = _sign_err(env, damaged, capsys=capsys)
    head, detail = _split(err)
    assert rc == 2 and head == "PDF文件不完整或已损坏"
    assert "0x0x" not in err and re.search(r"at byte 0x[0-9a-f]+\b", detail), detail


def test_error_lookup_by_code_and_parent_code() -> None:
    assert error_zh(PlacementError("x", code="pdf.placement.seam_min_pages"), "?") == "骑缝签章至少需要 2 页"
    assert error_zh(PlacementError("x", code="pdf.placement.something_new"), "?") == "印章位置或页码无效"
    assert error_zh(ValueError("no code"), "兜底") == "兜底"
    line = error_line(TruncatedPdfError("damaged PDF: at byte 0x0x2aff01\n  more"), fallback="?")
    assert line == f"PDF文件不完整或已损坏{SEP}damaged PDF: at byte 0x2aff01 more）"
    assert len(technical("x" * 5000)) == 300
