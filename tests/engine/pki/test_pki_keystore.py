"""Keystore: SM4-GCM envelope encryption of private keys under a master key."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from eseal.engine.gm.sm2 import SM2PrivateKey
from eseal.engine.pki import KeyStore, MasterKey, open_private_key, seal_private_key
from eseal.engine.pki.errors import KeyNotFound, KeystoreError, TamperedEnvelope, WrongMasterKey
from eseal.engine.pki.signer import verify_with_public_key_info


def test_master_key_file_created_0600_and_reloaded(tmp_path):
    path = tmp_path / "sub" / "master.key"
    mk = MasterKey.from_file(path, create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert MasterKey.from_file(path).key_id == mk.key_id
    assert path.read_text().strip() not in repr(mk)


def test_master_key_file_missing_or_world_readable_is_refused(tmp_path):
    with pytest.raises(KeystoreError, match="does not exist"):
        MasterKey.from_file(tmp_path / "nope.key")
    path = tmp_path / "master.key"
    MasterKey.from_file(path, create=True)
    os.chmod(path, 0o644)
    with pytest.raises(KeystoreError, match="chmod 600"):
        MasterKey.from_file(path)


def test_master_key_too_short():
    with pytest.raises(KeystoreError, match="at least 16 bytes"):
        MasterKey(b"short")


@pytest.mark.parametrize("algorithm", ["sm2", "ecdsa-p256", "rsa"])
def test_generate_store_load_sign(tmp_path, algorithm):
    ks = KeyStore(tmp_path / "keys", MasterKey.generate())
    signer = ks.generate("k1", algorithm)
    path = tmp_path / "keys" / "k1.key.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = ks.load("k1")
    assert loaded.algorithm == signer.algorithm == algorithm
    assert loaded.public_key_info.dump() == signer.public_key_info.dump()
    sig = loaded.sign(b"payload")
    oid = loaded.signature_algorithm["algorithm"].dotted
    assert verify_with_public_key_info(signer.public_key_info, sig, b"payload", oid)
    assert ks.public_key_der("k1") == signer.public_key_info.dump()
    assert ks.ids() == ["k1"]


def test_ciphertext_does_not_contain_the_key(tmp_path):
    ks = KeyStore(tmp_path, MasterKey.generate())
    sm2 = SM2PrivateKey.generate()
    p256 = ec.generate_private_key(ec.SECP256R1())
    ks.put("sm2", sm2)
    ks.put("p256", p256)
    secrets = {
        "sm2": [sm2.to_der(), sm2._key.private_numbers().private_value.to_bytes(32, "big")],
        "p256": [
            p256.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption()),
            p256.private_numbers().private_value.to_bytes(32, "big"),
        ],
    }
    for key_id, values in secrets.items():
        blob = (tmp_path / f"{key_id}.key.json").read_bytes()
        doc = json.loads(blob)
        assert doc["cipher"] == "SM4-GCM" and doc["key_id"] == key_id
        decoded = b"".join(base64.b64decode(doc[f]) for f in ("ciphertext", "wrapped_key"))
        for secret in values:
            assert secret not in blob
            assert secret not in decoded
            assert base64.b64encode(secret) not in blob
            assert secret.hex().encode() not in blob


def test_wrong_master_key_is_a_clear_error(tmp_path):
    ks = KeyStore(tmp_path, MasterKey.generate())
    ks.generate("k", "sm2")
    other = KeyStore(tmp_path, MasterKey.generate())
    with pytest.raises(WrongMasterKey, match="was encrypted under master key"):
        other.load("k")


@pytest.mark.parametrize("field", ["ciphertext", "wrapped_key", "nonce", "wrap_nonce", "public_key"])
def test_tampered_envelope_is_detected(tmp_path, field):
    ks = KeyStore(tmp_path, MasterKey.generate())
    ks.generate("k", "ecdsa-p256")
    path = tmp_path / "k.key.json"
    doc = json.loads(path.read_text())
    raw = bytearray(base64.b64decode(doc[field]))
    raw[len(raw) // 2] ^= 0x01
    doc[field] = base64.b64encode(bytes(raw)).decode()
    path.write_text(json.dumps(doc))
    with pytest.raises(TamperedEnvelope):
        ks.load("k")


def test_envelope_is_bound_to_key_id_and_algorithm(tmp_path):
    mk = MasterKey.generate()
    blob = seal_private_key(mk, "seal-1", SM2PrivateKey.generate())
    with pytest.raises(TamperedEnvelope, match="belongs to key id"):
        open_private_key(mk, blob, expected_key_id="seal-2")
    doc = json.loads(blob)
    doc["key_id"] = "seal-2"  # rename inside the envelope: AAD no longer matches
    with pytest.raises(TamperedEnvelope):
        open_private_key(mk, json.dumps(doc), expected_key_id="seal-2")
    doc = json.loads(blob)
    doc["algorithm"] = "ecdsa-p256"
    with pytest.raises(TamperedEnvelope):
        open_private_key(mk, json.dumps(doc))
    with pytest.raises(TamperedEnvelope, match="not valid JSON"):
        open_private_key(mk, b"\x00garbage")


def test_secrets_missing_keys_and_bad_ids(tmp_path):
    ks = KeyStore(tmp_path, MasterKey.generate())
    ks.put_secret("pepper", b"s" * 32)
    assert ks.load_secret("pepper") == b"s" * 32
    with pytest.raises(KeystoreError, match="is a secret"):
        ks.load("pepper")
    with pytest.raises(KeyNotFound):
        ks.load("absent")
    with pytest.raises(KeystoreError, match="invalid key id"):
        ks.load("../etc/passwd")
    ks.put("r", rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(KeystoreError, match="already exists"):
        ks.put("r", rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(KeystoreError, match="only P-256"):
        ks.put("p384", ec.generate_private_key(ec.SECP384R1()))


def test_delete_removes_a_key_once(tmp_path):
    ks = KeyStore(tmp_path, MasterKey.generate())
    ks.generate("gone", "ecdsa-p256")
    ks.generate("kept", "ecdsa-p256")
    assert ks.delete("gone") is True
    assert "gone" not in ks and ks.ids() == ["kept"]
    with pytest.raises(KeyNotFound):
        ks.load("gone")
    assert ks.delete("gone") is False
    with pytest.raises(KeystoreError, match="invalid key id"):
        ks.delete("../kept")
