"""SM4-GCM authenticated encryption (GB/T 32907 block cipher in GCM mode) for data at rest.

Used by the keystore to encrypt private keys. ``cryptography`` provides SM4 in GCM mode
(OpenSSL's EVP ``sm4-gcm``); ciphertexts interoperate with Tongsuo/GmSSL.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from eseal.engine.gm.errors import SM4DecryptionError, SM4KeyError

KEY_SIZE = 16
NONCE_SIZE = 12
TAG_SIZE = 16


def generate_key() -> bytes:
    return os.urandom(KEY_SIZE)


def sm4_gcm_encrypt(key: bytes, plaintext: bytes, aad: bytes = b"", nonce: bytes | None = None) -> bytes:
    """Return ``nonce || ciphertext || tag``. A fresh random 96-bit nonce is drawn unless given (tests only)."""
    if len(key) != KEY_SIZE:
        raise SM4KeyError("SM4 key must be 16 bytes")
    nonce = nonce if nonce is not None else os.urandom(NONCE_SIZE)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    body = enc.update(plaintext) + enc.finalize()
    return nonce + body + enc.tag


def sm4_gcm_decrypt(key: bytes, blob: bytes, aad: bytes = b"") -> bytes:
    if len(key) != KEY_SIZE:
        raise SM4KeyError("SM4 key must be 16 bytes")
    if len(blob) < NONCE_SIZE + TAG_SIZE:
        raise SM4DecryptionError("SM4-GCM blob too short")
    nonce, body, tag = blob[:NONCE_SIZE], blob[NONCE_SIZE:-TAG_SIZE], blob[-TAG_SIZE:]
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(aad)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag as exc:
        raise SM4DecryptionError("SM4-GCM authentication failed (wrong key or tampered data)") from exc
