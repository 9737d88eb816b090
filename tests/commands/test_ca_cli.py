"""``eseal ca``: the guard against revoking the CA's own service certificates, init messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eseal.cli import main
from eseal.engine.pki.ca import LocalCA

CODE = "91350100M000100Y43"


@pytest.fixture(scope="module")
def ca_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One CA for the module, never changed: a test that revokes works on its own copy (in any order the tests
    run, this CA has revoked nothing)."""
    d = tmp_path_factory.mktemp("ca-cli") / "ca"
    assert main(["ca", "init", str(d)]) == 0
    return d


@pytest.mark.parametrize("rel", ["sm2/issuing.pem", "sm2/tsa.pem", "sm2/maker.pem", "ecdsa/tsa.pem",
                                 "platform-seal/cert.pem", "platform-seal"])
def test_revoke_refuses_the_cas_own_certificates(ca_dir: Path, rel: str, capsys) -> None:
    capsys.readouterr()
    assert main(["ca", "revoke", "--ca", str(ca_dir), str(ca_dir / rel)]) == 2
    err = capsys.readouterr().err.strip()
    assert "拒绝吊销" in err and "--force-ca-certificate" in err and "\n" not in err
    assert LocalCA.open(ca_dir).revocations() == []


def test_revoke_ca_certificate_with_explicit_flag(tmp_path: Path) -> None:
    d = tmp_path / "ca"
    LocalCA.init(d)
    assert main(["ca", "revoke", "--ca", str(d), str(d / "ecdsa" / "tsa.pem"), "--force-ca-certificate"]) == 0
    assert [r.family for r in LocalCA.open(d).revocations()] == ["ecdsa"]


def test_revoke_ordinary_seal_certificate_needs_no_flag(ca_dir: Path, tmp_path: Path) -> None:
    ca = shutil.copytree(ca_dir, tmp_path / "ca")
    out = tmp_path / "seal"
    assert main(["seal", "make", "--ca", str(ca), "--kind", "contract", "--name", "福州星河数智科技有限公司",
                 "--code", CODE, "--serial", "5", "--out", str(out)]) == 0
    assert main(["ca", "revoke", "--ca", str(ca), str(out)]) == 0
    assert len(LocalCA.open(ca).revocations()) == 1


def test_init_on_an_existing_file_says_it_is_a_file(tmp_path: Path, capsys) -> None:
    f = tmp_path / "ca.txt"
    f.write_text("not a CA", encoding="utf-8")
    capsys.readouterr()
    assert main(["ca", "init", str(f)]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a directory" in err and "not empty" not in err
    assert f.read_text(encoding="utf-8") == "not a CA"
    d = tmp_path / "used"
    d.mkdir()
    (d / "x").write_text("x", encoding="utf-8")
    assert main(["ca", "init", str(d)]) == 2
    assert "not empty" in capsys.readouterr().err
