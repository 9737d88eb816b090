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


def test_sm4_gcm_rfc8998_vector() -> None:
    # RFC 8998 Appendix A.1 (SM4-GCM test vector), through our nonce || ciphertext || tag envelope.
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    pt = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                       "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA")
    ct = bytes.fromhex("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                       "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D")
    tag = bytes.fromhex("83DE3541E4C2B58177E065A9BF7B62EC")
    blob = sm4.sm4_gcm_encrypt(key, pt, aad=aad, nonce=nonce)
    assert blob == nonce + ct + tag
    assert sm4.sm4_gcm_decrypt(key, blob, aad=aad) == pt


def test_sm4_gcm_matches_tongsuo() -> None:
    # An independent SM4-GCM (Tongsuo, via tongsuopy) on odd lengths, both directions.
    import os

    from tongsuopy.crypto.ciphers import Cipher, algorithms, modes

    for n in (0, 1, 15, 17, 1000):
        key, nonce, aad, pt = os.urandom(16), os.urandom(12), os.urandom(n % 23), os.urandom(n)
        enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(aad)
        theirs = nonce + enc.update(pt) + enc.finalize() + enc.tag
        assert sm4.sm4_gcm_encrypt(key, pt, aad=aad, nonce=nonce) == theirs
        assert sm4.sm4_gcm_decrypt(key, theirs, aad=aad) == pt
