"""The keystore: a directory of key envelopes, one ``<key_id>.key.json`` file (mode 0600) per key or secret.

Envelope format and cipher: :mod:`eseal.engine.pki.envelope`; the master key: :mod:`eseal.engine.pki.master_key`.
An envelope can also live in a database column via :func:`seal_private_key` / :func:`open_envelope`.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from .envelope import (
    check_key_id,
    open_envelope,
    open_private_key,
    parse_envelope,
    seal_bytes,
    seal_private_key,
    unb64,
)
from .errors import KeyNotFound, KeystoreError
from .master_key import MasterKey
from .private_keys import generate_private_key, signer_for_private_key

__all__ = ["KeyStore"]


class KeyStore:
    """A directory of envelopes, one ``<key_id>.key.json`` file (mode 0600) per key or secret."""

    SUFFIX = ".key.json"

    def __init__(self, directory: str | os.PathLike[str], master_key: MasterKey) -> None:
        self.directory = Path(directory)
        self.master_key = master_key

    def _path(self, key_id: str) -> Path:
        return self.directory / (check_key_id(key_id) + self.SUFFIX)

    def __contains__(self, key_id: str) -> bool:
        return self._path(key_id).exists()

    def ids(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.name[: -len(self.SUFFIX)] for p in self.directory.glob("*" + self.SUFFIX))

    def _write(self, key_id: str, envelope: bytes, overwrite: bool) -> None:
        path = self._path(key_id)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() and not overwrite:
            raise KeystoreError(f"key {key_id!r} already exists in {self.directory}")
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(envelope)
                fh.flush()
                os.fsync(fh.fileno())
            if overwrite:
                os.replace(tmp, path)
            else:
                try:
                    os.link(tmp, path)  # atomic and exclusive: never clobbers a concurrently created key
                except FileExistsError:
                    raise KeystoreError(f"key {key_id!r} already exists in {self.directory}") from None
        finally:
            if tmp.exists():
                tmp.unlink()

    def _read(self, key_id: str) -> bytes:
        path = self._path(key_id)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise KeyNotFound(f"no key {key_id!r} in {self.directory}") from None

    def put(self, key_id: str, private_key: Any, *, overwrite: bool = False) -> None:
        self._write(key_id, seal_private_key(self.master_key, key_id, private_key), overwrite)

    def generate(self, key_id: str, algorithm: str) -> Any:
        """Create a new key pair, store it encrypted, and return its :class:`Signer`."""
        key = generate_private_key(algorithm)
        self.put(key_id, key)
        return signer_for_private_key(key)

    def delete(self, key_id: str) -> bool:
        """Remove a key or secret (a key that nothing refers to: a credential that was never kept); False when
        there was none."""
        try:
            self._path(key_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def load_private_key(self, key_id: str) -> Any:
        return open_private_key(self.master_key, self._read(key_id), expected_key_id=key_id)

    def load(self, key_id: str) -> Any:
        """Decrypt a key and return it as a :class:`~eseal.engine.pki.signer.Signer`."""
        return signer_for_private_key(self.load_private_key(key_id))

    def public_key_der(self, key_id: str) -> bytes:
        """The SubjectPublicKeyInfo recorded in the envelope (no decryption, not authenticated on its own)."""
        return unb64(parse_envelope(self._read(key_id))["public_key"], "public_key")

    def put_secret(self, key_id: str, secret: bytes, *, overwrite: bool = False) -> None:
        self._write(key_id, seal_bytes(self.master_key, key_id, "secret", secret), overwrite)

    def load_secret(self, key_id: str) -> bytes:
        opened = open_envelope(self.master_key, self._read(key_id), expected_key_id=key_id)
        if opened.algorithm != "secret":
            raise KeystoreError(f"{key_id!r} is a private key, not a secret")
        return opened.plaintext
