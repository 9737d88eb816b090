"""``eseal ca``: init, revoke (SEAL_DIR/cert.pem), crl, show — exit codes and one-line errors."""

from __future__ import annotations

import datetime as dt
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pki_helpers import issue

from eseal.cli import main
from eseal.engine.pki.ca import LocalCA
from eseal.engine.pki.certs import to_pem
from eseal.engine.pki.crl import find_entry, load_crl
from eseal.engine.pki.validation import Status


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def ca_dir(tmp_path_factory) -> Path:
    """One CA made through the real console script (entry point + cold start)."""
    d = tmp_path_factory.mktemp("cli") / "ca"
    exe = Path(sys.executable).with_name("eseal")
    res = subprocess.run([str(exe), "ca", "init", str(d)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "CA 已创建" in res.stdout and "maker" in res.stdout
    return d


def _seal_dir(ca_dir: Path, tmp_path: Path, family: str = "sm2") -> tuple[Path, object]:
    ca = LocalCA.open(ca_dir)
    _, cert = issue(ca, family)
    seal = tmp_path / "seal"
    seal.mkdir()
    (seal / "cert.pem").write_bytes(to_pem(cert))
    return seal, cert


def test_init_layout_and_refusal(ca_dir, capsys):
    assert stat.S_IMODE((ca_dir / "master.key").stat().st_mode) == 0o600
    assert (ca_dir / "sm2" / "maker.pem").is_file() and (ca_dir / "ecdsa" / "tsa.pem").is_file()
    code, _, err = run(capsys, "ca", "init", str(ca_dir))
    assert code == 2
    assert err.count("\n") == 1 and "not empty" in err and err.startswith("eseal: ")


@pytest.mark.parametrize("family", ["sm2", "ecdsa"])
def test_revoke_seal_dir_updates_crl(ca_dir, tmp_path, capsys, family):
    seal, cert = _seal_dir(ca_dir, tmp_path, family)
    code, out, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(seal), "--reason", "keyCompromise")
    assert code == 0, err
    assert "已吊销" in out and "keyCompromise" in out
    ca = LocalCA.open(ca_dir)
    result = ca.validate(cert)
    assert result.status is Status.REVOKED and result.revocation_reason == "key_compromise"
    crl_file = tmp_path / "out.crl"
    code, out, _ = run(capsys, "ca", "crl", "--ca", str(ca_dir), "--family", family, "--out", str(crl_file))
    assert code == 0 and find_entry(load_crl(crl_file.read_bytes()), cert.serial_number) is not None
    code, out, _ = run(capsys, "ca", "crl", "--ca", str(ca_dir), "--family", family)
    assert code == 0 and out.startswith("-----BEGIN X509 CRL-----")
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(seal))
    assert code == 2 and "already revoked" in err


def test_revoke_with_past_time(ca_dir, tmp_path, capsys):
    seal, cert = _seal_dir(ca_dir, tmp_path)
    at = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).replace(microsecond=0)
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(seal / "cert.pem"), "--at", at.isoformat(),
                       "--reason", "superseded")
    assert code == 0, err
    rev = LocalCA.open(ca_dir).revocation_of(cert)
    assert rev.revoked_at == at and rev.reason == "superseded"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reason", "bogus"], "未知的吊销原因"),
        (["--at", "2026-01-01T00:00:00"], "必须带时区"),
        (["--at", "yesterday"], "ISO 8601"),
    ],
)
def test_revoke_bad_input(ca_dir, tmp_path, capsys, args, message):
    seal, _ = _seal_dir(ca_dir, tmp_path)
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(seal), *args)
    assert code == 2 and message in err and err.count("\n") == 1


def test_revoke_missing_cert_or_ca(ca_dir, tmp_path, capsys):
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(tmp_path))
    assert code == 2 and "cert.pem" in err
    (tmp_path / "cert.pem").write_text("not a certificate")
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(tmp_path))
    assert code == 2 and "吊销失败" in err and "not a valid X.509" in err
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(tmp_path / "nope"), str(tmp_path))
    assert code == 2 and "无法打开 CA 目录" in err


def test_show_and_usage(ca_dir, capsys):
    code, out, _ = run(capsys, "ca", "show", "--ca", str(ca_dir))
    assert code == 0 and "eseal SM2 Root CA" in out and "吊销记录" in out
    code, out, _ = run(capsys, "ca")
    assert code == 2 and "init" in out


def test_revoke_before_not_before_is_refused(ca_dir, tmp_path, capsys):
    seal, cert = _seal_dir(ca_dir, tmp_path)  # notBefore = now - 30 days
    at = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).replace(microsecond=0)
    code, _, err = run(capsys, "ca", "revoke", "--ca", str(ca_dir), str(seal), "--at", at.isoformat())
    assert code == 2 and err.count("\n") == 1
    assert "早于证书生效时间" in err and "北京时间" in err
    assert LocalCA.open(ca_dir).revocation_of(cert) is None  # nothing was recorded
