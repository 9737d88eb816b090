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

MANIFEST = "seal.json"
FORMAT = "eseal-seal"
KEY_ID = "signer"
SCRYPT = {"name": "scrypt", "n": 2**15, "r": 8, "p": 1, "length": 32}


class SealDirError(ValueError):
    """A seal directory is missing, incomplete, or its key cannot be opened."""


def password_master_key(password: str | bytes, kdf: dict[str, Any]) -> Any:
    """The keystore MasterKey for a password-protected seal (scrypt as recorded in ``kdf``)."""
    from eseal.engine.pki.keystore import MasterKey

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
        from asn1crypto import pem

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
        from eseal.engine.pki.keystore import MasterKey

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
        from eseal.engine.pki.errors import KeystoreError
        from eseal.engine.pki.keystore import KeyStore

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


@dataclass(frozen=True)
class SealFace:
    """What a new seal looks like: the PNG written into the SES picture and seal.png, and optionally the
    same face as vector paths (seal.pdf, what stamping prefers)."""

    png: bytes
    width_mm: float
    height_mm: float
    vector_pdf: bytes | None = None
    placeholder: bool = False


def create_seal_dir(
    out: str | os.PathLike[str],
    *,
    ca: Any,
    issue: Any,
    kind: str,
    seal_type: Any,
    kind_label: str,
    name: str,
    seal_name: str,
    es_id: str,
    face: SealFace,
    family: str = "sm2",
    password: str | bytes | None = None,
) -> SealDir:
    """Write a complete seal directory (the ``eseal seal make`` code path, shared with the CA's platform seal).

    Generates the signer key in ``out`` (encrypted with the CA's master key, or a password-derived key),
    certifies it with ``issue(public_key_info) -> x509.Certificate`` (e.g. a closure over
    ``ca.issue_enterprise``), builds the maker-signed SESeal v4 valid for the certificate's window and
    writes seal.esl, cert.pem, seal.png, seal.pdf (when ``face`` has a vector form) and seal.json.
    ``out`` must not exist or be empty (not checked here: callers word that error for their users).
    Raises PKIError / SesBuildError / SesFormatError.
    """
    import datetime as _dt

    from asn1crypto import pem

    from eseal.engine import ses
    from eseal.engine.pki.keystore import KeyStore

    out = Path(out)
    if password is not None:
        kdf: dict[str, Any] | None = new_password_kdf()
        master = password_master_key(password, kdf or {})
        protection = "password"
    else:
        kdf, master, protection = None, ca.keystore.master_key, "ca-master-key"
    algorithm = "sm2" if family == "sm2" else "ecdsa-p256"
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    signer = KeyStore(out, master).generate(KEY_ID, algorithm)
    cert = issue(signer.public_key_info)
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    seal_der = ses.build_seal(
        es_id=es_id, seal_type=seal_type, name=seal_name, cert_list=[cert.dump()], picture=face.png,
        picture_type="PNG", width_mm=face.width_mm, height_mm=face.height_mm, valid_start=start, valid_end=end,
        create_date=_dt.datetime.now(_dt.UTC), maker_signer=ca.maker_signer(), maker_cert=ca.maker_cert.dump(),
    )
    (out / "seal.esl").write_bytes(seal_der)
    (out / "cert.pem").write_bytes(pem.armor("CERTIFICATE", cert.dump()))
    (out / "seal.png").write_bytes(face.png)
    if face.vector_pdf:  # the same face as vector paths: what `eseal sign` stamps (seal.png is the fallback)
        (out / "seal.pdf").write_bytes(face.vector_pdf)
    manifest = {
        "format": FORMAT,
        "version": 1,
        "kind": kind,
        "type_code": seal_type.code,
        "type_label": seal_type.label,
        "kind_label": kind_label,
        "name": name,
        "seal_name": seal_name,
        "es_id": es_id,
        "family": family,
        "key_file": f"{KEY_ID}{KeyStore.SUFFIX}",
        "key_id": KEY_ID,
        "key_protection": protection,
        "kdf": kdf,
        "cert_file": "cert.pem",
        "seal_file": "seal.esl",
        "picture_file": "seal.png",
        **({"vector_file": "seal.pdf"} if face.vector_pdf else {}),
        "width_mm": face.width_mm,
        "height_mm": face.height_mm,
        "valid_start": start.isoformat(),
        "valid_end": end.isoformat(),
        "cert_serial": format(cert.serial_number, "x"),
        "ca": str(Path(ca.directory).resolve()),
        "placeholder_picture": face.placeholder,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SealDir(out, manifest)
