"""``eseal seal make`` and ``eseal ses inspect`` end to end, with a real LocalCA and real keys."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eseal.cli import main
from eseal.engine import ses
from eseal.engine.gm.sm3 import sm3
from eseal.engine.pki.ca import LocalCA
from eseal.engine.ses import SealDirError, open_seal_dir

CODE = "91350100M000100Y43"


@pytest.fixture(scope="module")
def ca_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli-ca") / "ca"
    LocalCA.init(d)
    return d


@pytest.fixture(scope="module")
def contract_dir(ca_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seals") / "contract"
    assert main(["seal", "make", "--ca", str(ca_dir), "--kind", "contract", "--name", "福州星河数智科技有限公司",
                 "--code", CODE, "--serial", "123", "--days", "30", "--out", str(out)]) == 0
    return out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    capsys.readouterr()
    rc = main(list(argv))
    return rc, json.loads(capsys.readouterr().out)


def test_seal_make_writes_a_complete_seal_dir(contract_dir: Path, ca_dir: Path) -> None:
    files = sorted(p.name for p in contract_dir.iterdir())
    assert files == ["cert.pem", "seal.esl", "seal.json", "seal.pdf", "seal.png", "signer.key.json"]
    assert (contract_dir / "signer.key.json").stat().st_mode & 0o077 == 0
    assert b"PRIVATE KEY" not in (contract_dir / "signer.key.json").read_bytes()
    m = json.loads((contract_dir / "seal.json").read_text(encoding="utf-8"))
    assert m["kind"] == "contract" and m["type_code"] == "04" and m["family"] == "sm2"
    assert m["es_id"] == ses.make_es_id("350100", 4, 123)  # area from credit code positions 3-8
    assert m["seal_name"] == "福州星河数智科技有限公司合同专用章" and m["placeholder_picture"] is False
    assert m["key_protection"] == "ca-master-key"
    seal = ses.parse_seal((contract_dir / "seal.esl").read_bytes())
    assert seal.es_id == m["es_id"] and seal.info.seal_type == 4 and seal.name == m["seal_name"]
    assert seal.info.picture.data == (contract_dir / "seal.png").read_bytes()
    assert seal.info.picture.width_mm == round(m["width_mm"])
    sd = open_seal_dir(contract_dir)
    assert seal.info.certs == (sd.cert_der,)
    assert m["vector_file"] == "seal.pdf" and sd.picture_pdf is not None and sd.picture_pdf.startswith(b"%PDF-")
    assert seal.info.valid_end.isoformat() == m["valid_end"]


def test_seal_dir_key_signs_and_verifies(contract_dir: Path, ca_dir: Path) -> None:
    sd = open_seal_dir(contract_dir)
    signer = sd.signer()
    der = ses.build_signature(seal_der=sd.seal_der, data_hash=sm3(b"doc"), property_info="p", signer=signer,
                              signer_cert_der=sd.cert_der)
    from eseal.engine.ses.trust import local_ca_checker

    res = ses.verify_signature(ses.parse_signature(der), data=b"doc", cert_checker=local_ca_checker(LocalCA.open(ca_dir)))
    assert ses.overall(res) == ses.Status.PASS


def test_inspect_seal_json(contract_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, doc = run_json(capsys, "ses", "inspect", str(contract_dir / "seal.esl"), "--json")
    assert rc == 0
    assert doc["kind"] == "seal" and doc["version"] == 4 and doc["format"] == "v4"
    assert doc["es_id"].startswith("35010004") and doc["seal_name"].endswith("合同专用章")
    assert doc["maker_signature_valid"] is True
    assert doc["seal_type"] == {"code": 4, "label": "合同专用章"}
    assert doc["picture"]["type"] == "PNG" and doc["picture"]["width_px"] > 100
    assert doc["certificates"]["signers"][0]["key"] == "SM2"
    assert {c["code"] for c in doc["checks"]} >= {"seal.maker_signature", "seal.validity"}


def test_inspect_signature_json_with_ca(contract_dir: Path, ca_dir: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    sd = open_seal_dir(contract_dir)
    tsa = LocalCA.open(ca_dir).tsa("sm2")
    der = ses.build_signature(seal_der=sd.seal_der, data_hash=sm3(b"doc"), property_info="PDF;ByteRange=[0 1 2 3]",
                              signer=sd.signer(), signer_cert_der=sd.cert_der,
                              timestamp=lambda v: tsa.stamp_data(v, "sm3"))
    f = tmp_path / "sig.der"
    f.write_bytes(der + b"\x00" * 64)  # zero padding as in PDF /Contents
    rc, doc = run_json(capsys, "ses", "inspect", str(f), "--json", "--ca", str(ca_dir))
    assert rc == 0, doc["checks"]
    assert doc["kind"] == "signature" and doc["version"] == 4
    assert doc["signature_value_valid"] is True and doc["maker_signature_valid"] is True
    assert doc["seal"]["kind"] == "seal" and doc["seal"]["es_id"] == doc["es_id"]
    assert doc["timestamp"]["gen_time"] and doc["trailing_bytes"] == 64
    st = {c["code"]: c["status"] for c in doc["checks"] + doc["seal"]["checks"]}
    assert st["signature.timestamp"] == st["signature.signer_cert_trust"] == st["seal.maker_cert_trust"] == "pass"
    assert st["signature.data_hash"] == "unknown"  # no document given to inspect
    # base64 text of the same signature is accepted too
    f.write_text(base64.encodebytes(der).decode())
    rc, doc = run_json(capsys, "ses", "inspect", str(f), "--json")
    assert rc == 0 and doc["kind"] == "signature"


def test_inspect_tampered_signature_exits_1(contract_dir: Path, tmp_path: Path, capsys) -> None:
    sd = open_seal_dir(contract_dir)
    der = ses.build_signature(seal_der=sd.seal_der, data_hash=sm3(b"doc"), property_info="ABCDEF", signer=sd.signer(),
                              signer_cert_der=sd.cert_der)
    i = der.index(b"ABCDEF")
    f = tmp_path / "bad.der"
    f.write_bytes(der[:i] + b"ABCDEG" + der[i + 6 :])
    rc, doc = run_json(capsys, "ses", "inspect", str(f), "--json")
    assert rc == 1
    assert doc["signature_value_valid"] is False and doc["maker_signature_valid"] is True
    capsys.readouterr()
    assert main(["ses", "inspect", str(f)]) == 1
    text = capsys.readouterr().out
    assert "[不通过] 电子印章签名值 (signature.value)" in text


@pytest.mark.parametrize("content", [b"", b"hello world", b"\x30\x03\x02\x01", b"\x30\x00" + b"\x00" * 10])
def test_inspect_garbage_exits_2_with_one_line(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "x.bin"
    f.write_bytes(content)
    p = subprocess.run([str(Path(sys.executable).parent / "eseal"), "ses", "inspect", str(f)], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stdout == "" and len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert "不是可读的电子印章或电子签章数据" in p.stderr


def test_inspect_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["ses", "inspect", str(tmp_path / "nope.esl")]) == 2
    assert "文件不存在" in capsys.readouterr().err


def test_personal_seal_with_password_and_ecdsa_family(ca_dir: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SEAL_PW", "correct horse battery staple")
    out = tmp_path / "zhang"
    assert main(["seal", "make", "--ca", str(ca_dir), "--kind", "personal", "--name", "张三",
                 "--id-number", "11010519491231002X", "--family", "ecdsa", "--key-password-env", "SEAL_PW",
                 "--out", str(out)]) == 0
    m = json.loads((out / "seal.json").read_text(encoding="utf-8"))
    assert m["key_protection"] == "password" and m["kdf"]["name"] == "scrypt" and m["family"] == "ecdsa"
    assert m["type_code"] == "99" and m["es_id"].startswith("11010599")
    sd = open_seal_dir(out)
    with pytest.raises(SealDirError, match="password"):
        sd.signer()
    with pytest.raises(SealDirError):
        sd.signer(password="wrong")
    signer = sd.signer(password="correct horse battery staple")
    assert signer.algorithm == "ecdsa-p256"
    seal = ses.parse_seal(sd.seal_der)
    assert ses.load_certificate(seal.maker_cert).is_sm2  # the maker is still SM2
    assert not ses.load_certificate(seal.info.certs[0]).is_sm2
    der = ses.build_signature(seal_der=sd.seal_der, data_hash=sm3(b"d"), property_info="p", signer=signer,
                              signer_cert_der=sd.cert_der)
    assert ses.overall(ses.verify_signature(ses.parse_signature(der), data=b"d")) != ses.Status.FAIL


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--kind", "contract", "--name", "某公司"], "--code"),
        (["--kind", "personal", "--name", "张三"], "--id-number"),
        (["--kind", "contract", "--name", "某公司", "--code", "91350100M000100Y44"], "证件号码无效"),
        (["--kind", "contract", "--name", "某公司", "--code", CODE, "--days", "0"], "--days"),
    ],
)
def test_seal_make_bad_input(ca_dir: Path, tmp_path: Path, capsys, argv: list[str], needle: str) -> None:
    rc = main(["seal", "make", "--ca", str(ca_dir), *argv, "--out", str(tmp_path / "o")])
    assert rc == 2 and needle in capsys.readouterr().err


def test_seal_make_refuses_non_empty_out_and_missing_ca(ca_dir: Path, contract_dir: Path, tmp_path: Path, capsys) -> None:
    args = ["--kind", "contract", "--name", "某公司", "--code", CODE]
    assert main(["seal", "make", "--ca", str(ca_dir), *args, "--out", str(contract_dir)]) == 2
    assert "拒绝覆盖" in capsys.readouterr().err
    assert main(["seal", "make", "--ca", str(tmp_path / "noca"), *args, "--out", str(tmp_path / "o2")]) == 2
    assert "制作印章失败" in capsys.readouterr().err


def test_validity_window_follows_days(contract_dir: Path) -> None:
    seal = ses.parse_seal((contract_dir / "seal.esl").read_bytes())
    assert seal.info.valid_end - seal.info.valid_start == dt.timedelta(days=30)


def test_seal_make_rendering_error_is_one_line_and_writes_nothing(ca_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "one-char"
    capsys.readouterr()
    assert main(["seal", "make", "--ca", str(ca_dir), "--kind", "contract", "--name", "测", "--code", CODE,
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("eseal: 无法生成印章图案：") and "too short" in err and "\n" not in err
    assert not out.exists()


def test_seal_make_never_falls_back_to_a_placeholder_picture(ca_dir: Path, tmp_path: Path, monkeypatch) -> None:
    # The art engine is part of the package: if it is broken, no seal may be made with a stand-in face.
    monkeypatch.setitem(sys.modules, "eseal.engine.art", None)  # import now raises ImportError
    with pytest.raises(ImportError):
        main(["seal", "make", "--ca", str(ca_dir), "--kind", "finance", "--name", "某某有限公司", "--code", CODE,
              "--out", str(tmp_path / "ph")])
    assert not (tmp_path / "ph" / "seal.esl").exists()


def _tamper_maker_aki(seal_der: bytes) -> bytes:
    """Flip a bit in the length of the AuthorityKeyIdentifier inside the embedded maker certificate:
    the certificate then no longer parses, while the maker signature still verifies."""
    maker = ses.parse_seal(seal_der).maker_cert
    start = seal_der.index(maker)
    aki = maker.index(bytes.fromhex("0603551d23"))  # OID 2.5.29.35, then OCTET STRING, then SEQUENCE
    b = bytearray(seal_der)
    b[start + aki + 5 + 2 + 1] ^= 0x01  # length byte of the inner SEQUENCE
    return bytes(b)


def test_inspect_tampered_maker_certificate_fails_not_unknown(contract_dir: Path, ca_dir: Path, tmp_path: Path,
                                                              capsys) -> None:
    f = tmp_path / "tampered.esl"
    f.write_bytes(_tamper_maker_aki((contract_dir / "seal.esl").read_bytes()))
    rc, doc = run_json(capsys, "ses", "inspect", str(f), "--json", "--ca", str(ca_dir))
    checks = {c["code"]: c for c in doc["checks"]}
    assert checks["seal.maker_signature"]["status"] == "pass"
    assert checks["seal.maker_cert_trust"]["status"] == "fail", checks["seal.maker_cert_trust"]
    assert "cannot be validated" in checks["seal.maker_cert_trust"]["message"]
    assert rc == 1


def test_inspect_seal_fails_once_its_holder_certificate_is_revoked(ca_dir: Path, tmp_path: Path, capsys) -> None:
    ca_dir = shutil.copytree(ca_dir, tmp_path / "ca")  # the revocation stays out of the module's CA
    out = tmp_path / "to-revoke"
    assert main(["seal", "make", "--ca", str(ca_dir), "--kind", "finance", "--name", "福州将吊销科技有限公司",
                 "--code", CODE, "--serial", "777", "--out", str(out)]) == 0
    rc, doc = run_json(capsys, "ses", "inspect", str(out / "seal.esl"), "--json", "--ca", str(ca_dir))
    holder = {c["code"]: c for c in doc["checks"]}["seal.holder_cert_trust"]
    assert (rc, holder["status"], holder["item"]) == (0, "pass", "签章者证书有效性")
    assert main(["ca", "revoke", "--ca", str(ca_dir), str(out), "--reason", "keyCompromise"]) == 0
    rc, doc = run_json(capsys, "ses", "inspect", str(out / "seal.esl"), "--json", "--ca", str(ca_dir))
    holder = {c["code"]: c for c in doc["checks"]}["seal.holder_cert_trust"]
    assert holder["status"] == "fail" and "revoked" in holder["message"], holder
    assert rc == 1


def test_inspect_character_device_is_capped_not_read_to_exhaustion(capsys) -> None:
    # /dev/zero reports st_size 0; reading it whole would end in MemoryError
    assert main(["ses", "inspect", "/dev/zero"]) == 2
    err = capsys.readouterr().err.strip()
    assert "文件过大" in err and "\n" not in err
