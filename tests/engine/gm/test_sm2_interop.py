"""SM2 against independent implementations: the openssl 3 CLI (both directions) and pure-Python gmssl."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from gmssl import sm2 as gm_sm2  # test-only oracle: insecure nonce, never in product code

from eseal.engine.gm.sm2 import (
    DEFAULT_SIGNER_ID,
    SM2Error,
    SM2PrivateKey,
    SM2PublicKey,
    decode_signature,
    encode_signature,
    message_digest,
)


def test_openssl_cli_is_installed() -> None:
    # openssl is a declared system dependency (scripts/system-deps.txt): its absence is a broken
    # environment and must fail loudly, never silently skip the interoperability evidence.
    assert shutil.which("openssl") is not None, "openssl CLI missing: run bash scripts/install-system-deps.sh"

MESSAGE = "电子印章 GB/T 38540 签章数据".encode()


def _openssl(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["openssl", *args], input=input, capture_output=True, check=False)


@pytest.fixture(scope="module")
def key() -> SM2PrivateKey:
    return SM2PrivateKey.generate()


@pytest.fixture
def files(tmp_path: Path, key: SM2PrivateKey) -> dict[str, Path]:
    paths = {"key": tmp_path / "k.pem", "pub": tmp_path / "p.pem", "msg": tmp_path / "m.bin", "sig": tmp_path / "s.der"}
    paths["key"].write_bytes(key.to_pem())
    paths["pub"].write_bytes(key.public_key.to_pem())
    paths["msg"].write_bytes(MESSAGE)
    return paths


@pytest.mark.parametrize("signer_id", [DEFAULT_SIGNER_ID, b"ALICE@eseal.test"])
def test_openssl_verifies_our_signature(key: SM2PrivateKey, files: dict[str, Path], signer_id: bytes) -> None:
    files["sig"].write_bytes(key.sign(MESSAGE, signer_id=signer_id))
    ok = _openssl("dgst", "-sm3", "-verify", str(files["pub"]), "-sigopt", f"distid:{signer_id.decode()}",
                  "-signature", str(files["sig"]), str(files["msg"]))
    assert ok.returncode == 0, ok.stderr.decode()
    wrong_id = _openssl("dgst", "-sm3", "-verify", str(files["pub"]), "-sigopt", "distid:someone-else",
                        "-signature", str(files["sig"]), str(files["msg"]))
    assert wrong_id.returncode != 0


@pytest.mark.parametrize("signer_id", [DEFAULT_SIGNER_ID, b"BOB-0001"])
def test_we_verify_openssl_signature(key: SM2PrivateKey, files: dict[str, Path], signer_id: bytes) -> None:
    res = _openssl("dgst", "-sm3", "-sign", str(files["key"]), "-sigopt", f"distid:{signer_id.decode()}",
                   "-out", str(files["sig"]), str(files["msg"]))
    assert res.returncode == 0, res.stderr.decode()
    sig = files["sig"].read_bytes()
    assert key.public_key.verify(sig, MESSAGE, signer_id=signer_id)
    assert not key.public_key.verify(sig, MESSAGE + b"!", signer_id=signer_id)
    assert not key.public_key.verify(sig, MESSAGE, signer_id=b"not-the-id")


def test_openssl_reads_our_keys(files: dict[str, Path], key: SM2PrivateKey) -> None:
    text = _openssl("pkey", "-in", str(files["key"]), "-noout", "-text")
    assert text.returncode == 0, text.stderr.decode()
    assert b"SM2" in text.stdout
    pub = _openssl("pkey", "-pubin", "-in", str(files["pub"]), "-outform", "DER")
    assert pub.returncode == 0
    assert pub.stdout == key.public_key.to_der()
    assert SM2PublicKey.from_der(pub.stdout) == key.public_key


def test_encrypted_pkcs8_round_trip(key: SM2PrivateKey, tmp_path: Path) -> None:
    pem = key.to_pem(password=b"s3cret-pass")
    assert b"ENCRYPTED" in pem
    again = SM2PrivateKey.from_pem(pem, password=b"s3cret-pass")
    assert again.public_key == key.public_key
    with pytest.raises(SM2Error):
        SM2PrivateKey.from_pem(pem, password=b"wrong")
    path = tmp_path / "enc.pem"
    path.write_bytes(pem)
    assert _openssl("pkey", "-in", str(path), "-passin", "pass:s3cret-pass", "-noout").returncode == 0


def _gmssl(key: SM2PrivateKey) -> gm_sm2.CryptSM2:
    priv = key.to_der()
    # PKCS#8 -> the 32-byte scalar: cheap to read back through asn1crypto.
    from asn1crypto import keys

    scalar = keys.PrivateKeyInfo.load(priv)["private_key"].parsed["private_key"].native
    return gm_sm2.CryptSM2(private_key=f"{scalar:064x}", public_key=key.public_key.point[1:].hex(), asn1=True)


def test_gmssl_oracle_both_directions(key: SM2PrivateKey) -> None:
    oracle = _gmssl(key)
    ours = key.sign(MESSAGE)
    assert oracle.verify_with_sm3(ours.hex(), MESSAGE)
    theirs_hex = oracle.sign_with_sm3(MESSAGE)  # DER hex with asn1=True, default ID
    assert key.public_key.verify(bytes.fromhex(theirs_hex), MESSAGE)


def test_raw_and_der_signatures_accepted(key: SM2PrivateKey) -> None:
    der = key.sign(MESSAGE)
    r, s = decode_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    assert key.public_key.verify(raw, MESSAGE)
    assert encode_signature(r, s) == der
    assert not key.public_key.verify(b"\x30\x03\x02\x01\x01", MESSAGE)  # truncated DER
    assert not key.public_key.verify(b"", MESSAGE)
    zero = (0).to_bytes(32, "big") * 2
    assert not key.public_key.verify(zero, MESSAGE)


def test_sign_digest_matches_message_digest(key: SM2PrivateKey) -> None:
    e = message_digest(key.public_key.point, MESSAGE)
    assert key.public_key.verify(key.sign_digest(e), MESSAGE)
    with pytest.raises(SM2Error):
        key.sign_digest(b"short")


def test_signatures_are_randomised(key: SM2PrivateKey) -> None:
    assert key.sign(MESSAGE) != key.sign(MESSAGE)
