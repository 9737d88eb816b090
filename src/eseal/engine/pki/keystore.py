"""Private keys at rest: envelope encryption with SM4-GCM under a master key.

Why an envelope: every key gets its own random 128-bit data key (DEK) that encrypts its PKCS#8 DER; only
the DEK is encrypted ("wrapped") under the key-encryption key derived from the master key. Rotating the
master key then means re-wrapping 16-byte DEKs, and a leak of one envelope's DEK exposes one key.

* Cipher: SM4-GCM (GB/T 32907, national algorithm) for both layers, 96-bit random nonces.
* KEK = HKDF-SM3(master key, info="eseal/keystore/kek/v1"), 16 bytes; the master key itself never
  touches data directly.
* AAD of both layers = canonical JSON of the envelope header (format, version, key id, algorithm,
  cipher, master-key id, public key), so an envelope cannot be renamed to another key id, re-labelled
  to another algorithm or paired with another public key without failing authentication.
* ``master_key_id`` (a non-secret HKDF-derived fingerprint) lets us tell "wrong master key" apart from
  "tampered envelope".

An envelope is a small JSON document (``*.key.json`` in a :class:`KeyStore` directory, or a database
column via :func:`seal_private_key` / :func:`open_envelope`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import os
import re
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from eseal.engine.gm import sm4
from eseal.engine.gm.sm2 import SM2PrivateKey

from .errors import KeyNotFound, KeystoreError, TamperedEnvelope, WrongMasterKey

FORMAT = "eseal-keystore-envelope"
VERSION = 1
CIPHER = "SM4-GCM"
ALGORITHMS = ("sm2", "ecdsa-p256", "rsa", "secret")
MASTER_KEY_SIZE = 32
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, field: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError) as exc:
        raise TamperedEnvelope(f"envelope field {field!r} is not valid base64") from exc


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


# ----------------------------------------------------------------------------------------------------------
# private key <-> (algorithm, PKCS#8 DER)


def _key_algorithm(private_key: Any) -> str:
    if isinstance(private_key, SM2PrivateKey):
        return "sm2"
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise KeystoreError(f"unsupported EC curve {private_key.curve.name}; only P-256 is supported")
        return "ecdsa-p256"
    if isinstance(private_key, rsa.RSAPrivateKey):
        return "rsa"
    raise KeystoreError(f"unsupported private key type {type(private_key).__name__}")


def _pkcs8(private_key: Any) -> tuple[bytes, bytes]:
    """(PKCS#8 DER, SubjectPublicKeyInfo DER)."""
    if isinstance(private_key, SM2PrivateKey):
        return private_key.to_der(), private_key.public_key.to_der()
    der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    spki = private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return der, spki


def _load_pkcs8(algorithm: str, der: bytes) -> Any:
    if algorithm == "sm2":
        return SM2PrivateKey.from_der(der)
    key = serialization.load_der_private_key(der, password=None)
    if algorithm != _key_algorithm(key):
        raise TamperedEnvelope("decrypted key does not match the envelope algorithm")
    return key


def signer_for_private_key(private_key: Any) -> Any:
    """Wrap a private key object in the matching software :class:`~eseal.engine.pki.signer.Signer`."""
    from .signer import ECDSASoftwareSigner, RSASoftwareSigner, SM2SoftwareSigner

    algorithm = _key_algorithm(private_key)
    if algorithm == "sm2":
        return SM2SoftwareSigner(private_key)
    if algorithm == "ecdsa-p256":
        return ECDSASoftwareSigner(private_key)
    return RSASoftwareSigner(private_key)


def generate_private_key(algorithm: str) -> Any:
    if algorithm == "sm2":
        return SM2PrivateKey.generate()
    if algorithm in ("ecdsa-p256", "ecdsa"):
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise KeystoreError(f"unknown key algorithm {algorithm!r} (expected sm2, ecdsa-p256 or rsa)")


# ----------------------------------------------------------------------------------------------------------
# envelopes


def _header(key_id: str, algorithm: str, master_key_id: str, public_key: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "key_id": key_id,
        "algorithm": algorithm,
        "cipher": CIPHER,
        "master_key_id": master_key_id,
        "public_key": public_key,
    }


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def check_key_id(key_id: str) -> str:
    if not isinstance(key_id, str) or not _KEY_ID_RE.match(key_id):
        raise KeystoreError(f"invalid key id {key_id!r}: use letters, digits, '.', '_' or '-' (max 128)")
    return key_id


def seal_bytes(master: MasterKey, key_id: str, algorithm: str, plaintext: bytes, public_key: bytes = b"") -> bytes:
    """Low-level: encrypt ``plaintext`` into a JSON envelope (UTF-8 bytes)."""
    check_key_id(key_id)
    if algorithm not in ALGORITHMS:
        raise KeystoreError(f"unknown envelope algorithm {algorithm!r}")
    header = _header(key_id, algorithm, master.key_id, _b64(public_key))
    aad = _aad(header)
    data_key = sm4.generate_key()
    wrapped = master.wrap(data_key, aad)
    blob = sm4.sm4_gcm_encrypt(data_key, plaintext, aad)
    envelope = dict(header)
    envelope.update(
        {
            "wrap_nonce": _b64(wrapped[: sm4.NONCE_SIZE]),
            "wrapped_key": _b64(wrapped[sm4.NONCE_SIZE :]),
            "nonce": _b64(blob[: sm4.NONCE_SIZE]),
            "ciphertext": _b64(blob[sm4.NONCE_SIZE :]),
            "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        }
    )
    return (json.dumps(envelope, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class OpenedEnvelope:
    key_id: str
    algorithm: str
    plaintext: bytes
    public_key: bytes  # SubjectPublicKeyInfo DER ("" for secrets)


def parse_envelope(envelope: bytes | str) -> dict[str, Any]:
    try:
        doc = json.loads(envelope)
    except (ValueError, UnicodeDecodeError) as exc:
        raise TamperedEnvelope("envelope is not valid JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise TamperedEnvelope("not an eseal keystore envelope")
    if doc.get("version") != VERSION or doc.get("cipher") != CIPHER:
        raise KeystoreError(f"unsupported envelope version/cipher {doc.get('version')}/{doc.get('cipher')}")
    missing = [f for f in ("key_id", "algorithm", "master_key_id", "public_key", "wrap_nonce", "wrapped_key",
                           "nonce", "ciphertext") if not isinstance(doc.get(f), str)]
    if missing:
        raise TamperedEnvelope(f"envelope is missing field(s) {', '.join(missing)}")
    return doc


def open_envelope(master: MasterKey, envelope: bytes | str, *, expected_key_id: str | None = None) -> OpenedEnvelope:
    """Decrypt an envelope. Raises :class:`WrongMasterKey` or :class:`TamperedEnvelope` with a clear reason."""
    doc = parse_envelope(envelope)
    if expected_key_id is not None and doc["key_id"] != expected_key_id:
        raise TamperedEnvelope(f"envelope belongs to key id {doc['key_id']!r}, not {expected_key_id!r}")
    if doc["master_key_id"] != master.key_id:
        raise WrongMasterKey(
            f"key {doc['key_id']!r} was encrypted under master key {doc['master_key_id']}, "
            f"but master key {master.key_id} was supplied"
        )
    header = _header(doc["key_id"], doc["algorithm"], doc["master_key_id"], doc["public_key"])
    aad = _aad(header)
    data_key = master.unwrap(_unb64(doc["wrap_nonce"], "wrap_nonce") + _unb64(doc["wrapped_key"], "wrapped_key"), aad)
    try:
        plaintext = sm4.sm4_gcm_decrypt(data_key, _unb64(doc["nonce"], "nonce") + _unb64(doc["ciphertext"], "ciphertext"), aad)
    except (sm4.SM4DecryptionError, ValueError) as exc:
        raise TamperedEnvelope(f"key {doc['key_id']!r}: ciphertext fails authentication (envelope tampered)") from exc
    return OpenedEnvelope(doc["key_id"], doc["algorithm"], plaintext, _unb64(doc["public_key"], "public_key"))


def seal_private_key(master: MasterKey, key_id: str, private_key: Any) -> bytes:
    der, spki = _pkcs8(private_key)
    return seal_bytes(master, key_id, _key_algorithm(private_key), der, spki)


def open_private_key(master: MasterKey, envelope: bytes | str, *, expected_key_id: str | None = None) -> Any:
    opened = open_envelope(master, envelope, expected_key_id=expected_key_id)
    if opened.algorithm == "secret":
        raise KeystoreError(f"{opened.key_id!r} is a secret, not a private key")
    key = _load_pkcs8(opened.algorithm, opened.plaintext)
    if _pkcs8(key)[1] != opened.public_key:
        raise TamperedEnvelope(f"key {opened.key_id!r}: private key does not match the recorded public key")
    return key


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

    def load_private_key(self, key_id: str) -> Any:
        return open_private_key(self.master_key, self._read(key_id), expected_key_id=key_id)

    def load(self, key_id: str) -> Any:
        """Decrypt a key and return it as a :class:`~eseal.engine.pki.signer.Signer`."""
        return signer_for_private_key(self.load_private_key(key_id))

    def public_key_der(self, key_id: str) -> bytes:
        """The SubjectPublicKeyInfo recorded in the envelope (no decryption, not authenticated on its own)."""
        return _unb64(parse_envelope(self._read(key_id))["public_key"], "public_key")

    def put_secret(self, key_id: str, secret: bytes, *, overwrite: bool = False) -> None:
        self._write(key_id, seal_bytes(self.master_key, key_id, "secret", secret), overwrite)

    def load_secret(self, key_id: str) -> bytes:
        opened = open_envelope(self.master_key, self._read(key_id), expected_key_id=key_id)
        if opened.algorithm != "secret":
            raise KeystoreError(f"{key_id!r} is a private key, not a secret")
        return opened.plaintext
