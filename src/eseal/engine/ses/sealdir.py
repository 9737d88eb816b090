"""The seal directory written by ``eseal seal make`` and read by ``eseal sign``.

Layout (all names are in ``seal.json``, so readers never hard-code them)::

    SEAL_DIR/seal.esl          DER SESeal v4 (maker-signed)
    SEAL_DIR/cert.pem          signer certificate (PEM), the one in the seal's certList
    SEAL_DIR/signer.key.json   signer private key: SM4-GCM keystore envelope (docs/pki.md §2), 0600
    SEAL_DIR/seal.png          seal face (transparent PNG)
    SEAL_DIR/seal.json         manifest

Key protection is the PKI keystore's envelope; what differs is where the master key comes from:

* ``ca-master-key``: the CA's master key (``<ca>/master.key``, or the platform's configured key) —
  right for a platform that holds seals on behalf of users;
* ``password``: a master key derived from a password with scrypt (N=2**15, r=8, p=1, 16-byte salt
  stored in the manifest) — right for a seal handed to its owner.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import pem

from eseal.engine.pki import KeyStore, KeystoreError, MasterKey
from eseal.engine.ses.errors import SealDirError

MANIFEST = "seal.json"
FORMAT = "eseal-seal"
KEY_ID = "signer"
SCRYPT = {"name": "scrypt", "n": 2**15, "r": 8, "p": 1, "length": 32}


def password_master_key(password: str | bytes, kdf: dict[str, Any]) -> MasterKey:
    """The keystore MasterKey for a password-protected seal (scrypt as recorded in ``kdf``)."""
    if kdf.get("name") != "scrypt":
        raise SealDirError(f"unsupported key derivation {kdf.get('name')!r}")
    pw = password.encode("utf-8") if isinstance(password, str) else bytes(password)
    if not pw:
        raise SealDirError("empty key password")
    salt = bytes.fromhex(kdf["salt"])
    n, r, p, length = int(kdf["n"]), int(kdf["r"]), int(kdf["p"]), int(kdf["length"])
    key = hashlib.scrypt(pw, salt=salt, n=n, r=r, p=p, dklen=length, maxmem=2 * 128 * r * n + (1 << 20))
    return MasterKey(key)


def new_password_kdf() -> dict[str, Any]:
    return {**SCRYPT, "salt": os.urandom(16).hex()}


@dataclass(frozen=True)
class SealDir:
    path: Path
    manifest: dict[str, Any]

    def _file(self, key: str) -> Path:
        name = self.manifest.get(key)
        if not isinstance(name, str) or "/" in name or name.startswith("."):
            raise SealDirError(f"{self.path / MANIFEST}: bad or missing {key!r}")
        return self.path / name

    @property
    def seal_der(self) -> bytes:
        return self._file("seal_file").read_bytes()

    @property
    def cert_der(self) -> bytes:
        data = self._file("cert_file").read_bytes()
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        return data

    @property
    def picture_png(self) -> bytes:
        return self._file("picture_file").read_bytes()

    @property
    def picture_pdf(self) -> bytes | None:
        """The vector seal face (``seal.pdf``: one page at the seal's true size), if the directory has one.

        Older seal directories have only ``seal.png``; callers then use the raster picture.
        """
        if not self.manifest.get("vector_file"):
            return None
        path = self._file("vector_file")
        return path.read_bytes() if path.is_file() else None

    def master_key(self, *, password: str | bytes | None = None, master_key: Any = None) -> Any:
        if master_key is not None:
            return master_key
        protection = self.manifest.get("key_protection")
        if protection == "password":
            if password is None:
                raise SealDirError("this seal's key is password-protected: a key password is required")
            return password_master_key(password, self.manifest.get("kdf") or {})
        if protection == "ca-master-key":
            ca = self.manifest.get("ca")
            if not ca:
                raise SealDirError("seal.json names no CA directory for the master key")
            return MasterKey.from_file(Path(ca) / "master.key")
        raise SealDirError(f"unknown key_protection {protection!r}")

    def signer(self, *, password: str | bytes | None = None, master_key: Any = None) -> Any:
        """Decrypt the signer key → :class:`eseal.engine.pki.signer.Signer`."""
        mk = self.master_key(password=password, master_key=master_key)
        key_file = self._file("key_file")
        key_id = self.manifest.get("key_id", KEY_ID)
        if key_file.name != f"{key_id}{KeyStore.SUFFIX}":
            raise SealDirError("seal.json key_file does not match key_id")
        try:
            return KeyStore(self.path, mk).load(key_id)
        except KeystoreError as exc:
            raise SealDirError(f"cannot open the seal key: {exc}") from exc


def open_seal_dir(path: str | os.PathLike[str]) -> SealDir:
    p = Path(path)
    try:
        manifest = json.loads((p / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SealDirError(f"{p} is not a seal directory (no {MANIFEST})") from None
    except ValueError as exc:
        raise SealDirError(f"{p / MANIFEST} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SealDirError(f"{p / MANIFEST} is not an eseal seal manifest")
    return SealDir(p, manifest)
