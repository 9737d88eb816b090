"""Identity numbers at rest (PIPL: ID numbers are sensitive personal information).

Why three columns instead of one: a person's or legal representative's ID number is needed in clear
only to start a face check at a real liveness service; everything else needs either equality (log in
by ID number, duplicate registration, "is this person the legal representative?") or a masked display.
So each ID number is stored as

* ``*_enc``    — SM4-GCM ciphertext (``eseal.engine.gm.sm4``), decrypted only by :meth:`PiiCipher.decrypt`;
* ``*_key``    — a keyed blind index, HMAC-SM3 of ``"<id_type>:<number>"`` (equality lookups, unique);
* ``*_masked`` — the display mask (``4501**********0012``), so views never decrypt.

Both keys are derived from the platform master key (``ESEAL_MASTER_KEY_FILE``) with HKDF-SM3 and labels
distinct from the keystore's, so the master key never touches data and the two uses cannot collide.
A ciphertext names the master key that made it (a short HKDF fingerprint): decrypting with another master
key raises :class:`PiiKeyError` saying so, never garbage. Without the master key, the database alone yields
neither the numbers nor a dictionary-searchable hash of them (18-digit ID numbers have little entropy, so
an unkeyed hash would be reversible by enumeration).
"""

from __future__ import annotations

import base64
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from eseal.engine.gm import sm4

ENC_LABEL = b"eseal/platform/pii/sm4-gcm/v1"
INDEX_LABEL = b"eseal/platform/pii/blind-index/v1"
KEY_ID_LABEL = b"eseal/platform/pii/key-id/v1"
PREFIX = "sm4gcm1"


class PiiKeyError(RuntimeError):
    """An encrypted ID number cannot be decrypted: wrong master key, or the stored value was altered."""


def _hkdf(master: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SM3(), length=length, salt=None, info=info).derive(master)


class PiiCipher:
    """Encrypts / blind-indexes ID numbers under keys derived from the platform master key."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) < 16:
            raise ValueError("master key must be at least 16 bytes")
        self._enc = _hkdf(master_key, ENC_LABEL, sm4.KEY_SIZE)
        self._index = _hkdf(master_key, INDEX_LABEL, 32)
        self.key_id = _hkdf(master_key, KEY_ID_LABEL, 8).hex()

    def __repr__(self) -> str:  # never print key material
        return f"PiiCipher(key_id={self.key_id})"

    def blind_index(self, id_type: str, number: str) -> str:
        """Keyed, deterministic: equal (type, number) → equal value; useless without the master key."""
        mac = crypto_hmac.HMAC(self._index, hashes.SM3())
        mac.update(f"{id_type}:{number}".encode())
        return mac.finalize().hex()

    def encrypt(self, number: str, *, field: str) -> str:
        """``sm4gcm1.<key id>.<base64(nonce||ciphertext||tag)>``; ``field`` is authenticated (AAD)."""
        blob = sm4.sm4_gcm_encrypt(self._enc, number.encode("utf-8"), self._aad(field))
        return f"{PREFIX}.{self.key_id}.{base64.b64encode(blob).decode('ascii')}"

    def decrypt(self, value: str, *, field: str) -> str:
        parts = value.split(".")
        if len(parts) != 3 or parts[0] != PREFIX:
            raise PiiKeyError(f"{field}: not an eseal encrypted value")
        if not hmac.compare_digest(parts[1], self.key_id):
            raise PiiKeyError(
                f"{field} was encrypted under master key {parts[1]}, but the configured master key is "
                f"{self.key_id}: check ESEAL_MASTER_KEY_FILE (the data cannot be read with another key)")
        try:
            blob = base64.b64decode(parts[2], validate=True)
            return sm4.sm4_gcm_decrypt(self._enc, blob, self._aad(field)).decode("utf-8")
        except (ValueError, sm4.SM4DecryptionError) as exc:
            raise PiiKeyError(f"{field}: stored ciphertext fails authentication (altered or moved)") from exc

    @staticmethod
    def _aad(field: str) -> bytes:
        return b"eseal/pii/" + field.encode("ascii")

    @staticmethod
    def key_id_of(value: str | None) -> str | None:
        """The master-key fingerprint a stored value was made with (None for anything else)."""
        parts = (value or "").split(".")
        return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None

