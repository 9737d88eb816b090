"""The master key of the keystore: the key-encryption secret, from configuration bytes or a 0600 key file.

* KEK = HKDF-SM3(master key, info="eseal/keystore/kek/v1"), 16 bytes; the master key itself never
  touches data directly.
* ``key_id`` (a non-secret HKDF-derived fingerprint) lets envelopes tell "wrong master key" apart from
  "tampered envelope".
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from eseal.engine.gm import sm4

from .errors import KeystoreError, TamperedEnvelope

MASTER_KEY_SIZE = 32



def _hkdf(master: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SM3(), length=length, salt=None, info=info).derive(master)


class MasterKey:
    """The key-encryption secret. Comes from configuration (bytes) or a 0600 key file."""

    def __init__(self, key: bytes) -> None:
        if not isinstance(key, bytes | bytearray) or len(key) < 16:
            raise KeystoreError("master key must be at least 16 bytes")
        self._kek = _hkdf(bytes(key), b"eseal/keystore/kek/v1", sm4.KEY_SIZE)
        self.key_id = _hkdf(bytes(key), b"eseal/keystore/master-key-id/v1", 8).hex()

    def __repr__(self) -> str:  # never print the secret
        return f"MasterKey(id={self.key_id})"

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(os.urandom(MASTER_KEY_SIZE))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, create: bool = False) -> MasterKey:
        """Read a master key file (64 hex characters, or 32 raw bytes).

        With ``create=True`` a missing file is created atomically with mode 0600 and a fresh random key.
        A file readable by group or others is refused: a master key next to the envelopes is only as good
        as its file permissions.
        """
        p = Path(path)
        if not p.exists():
            if not create:
                raise KeystoreError(f"master key file {p} does not exist")
            secret = os.urandom(MASTER_KEY_SIZE)
            p.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return cls.from_file(p)  # lost a creation race: use the winner's key
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secret.hex() + "\n")
            return cls(secret)
        mode = p.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeystoreError(
                f"master key file {p} is accessible by group/others (mode {stat.S_IMODE(mode):04o}); chmod 600 it"
            )
        raw = p.read_bytes()
        text = raw.strip()
        if re.fullmatch(rb"[0-9a-fA-F]{32,128}", text):
            return cls(bytes.fromhex(text.decode("ascii")))
        if len(raw) >= 16:
            return cls(raw)
        raise KeystoreError(f"master key file {p} is too short")

    def wrap(self, data_key: bytes, aad: bytes) -> bytes:
        return sm4.sm4_gcm_encrypt(self._kek, data_key, aad)

    def unwrap(self, blob: bytes, aad: bytes) -> bytes:
        try:
            return sm4.sm4_gcm_decrypt(self._kek, blob, aad)
        except (sm4.SM4DecryptionError, ValueError) as exc:
            raise TamperedEnvelope("wrapped data key fails authentication (envelope tampered)") from exc
