"""Key envelopes: one private key or secret encrypted with SM4-GCM under a master key (the at-rest format).

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
import re
from dataclasses import dataclass
from typing import Any

from eseal.engine.gm import sm4

from .errors import KeystoreError, TamperedEnvelope, WrongMasterKey
from .master_key import MasterKey
from .private_keys import key_algorithm, load_pkcs8, pkcs8

FORMAT = "eseal-keystore-envelope"
VERSION = 1
CIPHER = "SM4-GCM"
ALGORITHMS = ("sm2", "ecdsa-p256", "rsa", "secret")
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, field: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError) as exc:
        raise TamperedEnvelope(f"envelope field {field!r} is not valid base64") from exc


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
    header = _header(key_id, algorithm, master.key_id, b64(public_key))
    aad = _aad(header)
    data_key = sm4.generate_key()
    wrapped = master.wrap(data_key, aad)
    blob = sm4.sm4_gcm_encrypt(data_key, plaintext, aad)
    envelope = dict(header)
    envelope.update(
        {
            "wrap_nonce": b64(wrapped[: sm4.NONCE_SIZE]),
            "wrapped_key": b64(wrapped[sm4.NONCE_SIZE :]),
            "nonce": b64(blob[: sm4.NONCE_SIZE]),
            "ciphertext": b64(blob[sm4.NONCE_SIZE :]),
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
    data_key = master.unwrap(unb64(doc["wrap_nonce"], "wrap_nonce") + unb64(doc["wrapped_key"], "wrapped_key"), aad)
    try:
        plaintext = sm4.sm4_gcm_decrypt(data_key, unb64(doc["nonce"], "nonce") + unb64(doc["ciphertext"], "ciphertext"), aad)
    except (sm4.SM4DecryptionError, ValueError) as exc:
        raise TamperedEnvelope(f"key {doc['key_id']!r}: ciphertext fails authentication (envelope tampered)") from exc
    return OpenedEnvelope(doc["key_id"], doc["algorithm"], plaintext, unb64(doc["public_key"], "public_key"))


def seal_private_key(master: MasterKey, key_id: str, private_key: Any) -> bytes:
    der, spki = pkcs8(private_key)
    return seal_bytes(master, key_id, key_algorithm(private_key), der, spki)


def open_private_key(master: MasterKey, envelope: bytes | str, *, expected_key_id: str | None = None) -> Any:
    opened = open_envelope(master, envelope, expected_key_id=expected_key_id)
    if opened.algorithm == "secret":
        raise KeystoreError(f"{opened.key_id!r} is a secret, not a private key")
    key = load_pkcs8(opened.algorithm, opened.plaintext)
    if pkcs8(key)[1] != opened.public_key:
        raise TamperedEnvelope(f"key {opened.key_id!r}: private key does not match the recorded public key")
    return key
