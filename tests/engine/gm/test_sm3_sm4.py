"""SM3 against the GB/T 32905 test vectors and the openssl CLI; SM4-GCM authenticated encryption."""

from __future__ import annotations

import subprocess

import pytest

from eseal.engine.gm import sm4
from eseal.engine.gm.sm3 import sm3, sm3_chunks


def test_sm3_standard_vectors() -> None:
    # GB/T 32905-2016 Appendix A examples 1 and 2.
    assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm3(b"abcd" * 16).hex() == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_sm3_matches_openssl_and_chunks() -> None:
    data = bytes(range(256)) * 4099
    out = subprocess.run(["openssl", "dgst", "-sm3", "-binary"], input=data, capture_output=True, check=True)
    assert sm3(data) == out.stdout
    assert sm3_chunks([data[:1000], memoryview(data)[1000:]]) == out.stdout


def test_sm4_gcm_round_trip_and_tamper() -> None:
    key = sm4.generate_key()
    blob = sm4.sm4_gcm_encrypt(key, b"private key bytes", aad=b"key-id-1")
    assert b"private key bytes" not in blob
    assert sm4.sm4_gcm_decrypt(key, blob, aad=b"key-id-1") == b"private key bytes"
    with pytest.raises(sm4.SM4DecryptionError):
        sm4.sm4_gcm_decrypt(key, blob, aad=b"key-id-2")
    flipped = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(sm4.SM4DecryptionError):
        sm4.sm4_gcm_decrypt(key, flipped, aad=b"key-id-1")
    with pytest.raises(sm4.SM4DecryptionError):
        sm4.sm4_gcm_decrypt(sm4.generate_key(), blob, aad=b"key-id-1")
    with pytest.raises(sm4.SM4DecryptionError):
        sm4.sm4_gcm_decrypt(key, b"short")


def test_sm4_known_answer() -> None:
    # GB/T 32907 example: one SM4 block, checked through ECB via cryptography.
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (enc.update(key) + enc.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"
