"""ECDSA P-256 keys in a PKCS#11 token (HSM) behind the :class:`~eseal.engine.pki.signer.Signer` interface.

Why only ECDSA (and RSA) here: the standard PKCS#11 mechanism list has no SM2 signature scheme, and
SoftHSM2 (our dev/CI token) has no SM2/SM3/SM4 mechanisms at all. ``CKM_ECDSA`` on the SM2 *curve* is
plain ECDSA, not SM2 (no Z value, different equation), so it must not be used for GM/T signatures.
Production SM2 keys need a GM-certified device through its SDF (GM/T 0018) or vendor PKCS#11
extensions — a future backend behind the same interface.

Signing hashes with SHA-256 in software and asks the token for raw ``CKM_ECDSA`` over the digest (SoftHSM2
lacks ``CKM_ECDSA_SHA256``); the raw ``r||s`` result is re-encoded as DER like every other ECDSA signer.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

from asn1crypto import algos, keys

from .errors import PKCS11Error
from .signer import ECDSA_P256, SignerBase

_LIBS: dict[str, Any] = {}
_LIBS_LOCK = threading.Lock()
P256_OID = "1.2.840.10045.3.1.7"


def _lib(module_path: str) -> Any:
    """One ``pkcs11.lib`` per module per process: C_Initialize may only run once."""
    import pkcs11

    with _LIBS_LOCK:
        if module_path not in _LIBS:
            if not os.path.exists(module_path):
                raise PKCS11Error(f"PKCS#11 module {module_path} not found")
            try:
                _LIBS[module_path] = pkcs11.lib(module_path)
            except pkcs11.PKCS11Error as exc:
                raise PKCS11Error(f"cannot load PKCS#11 module {module_path}: {type(exc).__name__}") from exc
        return _LIBS[module_path]


class PKCS11Token:
    """A logged-in session on one token. Close it (or use ``with``) when done."""

    def __init__(self, module_path: str, token_label: str, user_pin: str) -> None:
        import pkcs11

        lib = _lib(module_path)
        try:
            self.token = lib.get_token(token_label=token_label)
        except (pkcs11.NoSuchToken, pkcs11.MultipleTokensReturned) as exc:
            raise PKCS11Error(f"PKCS#11 token {token_label!r}: {type(exc).__name__}") from exc
        try:
            try:
                self.session = self.token.open(rw=True, user_pin=user_pin)
            except pkcs11.UserAlreadyLoggedIn:
                # Login state is per application and token: another session of this process already
                # authenticated, so this one shares it (PKCS#11 v2.40 §5.6).
                self.session = self.token.open(rw=True)
        except pkcs11.PinIncorrect as exc:
            raise PKCS11Error(f"wrong PIN for PKCS#11 token {token_label!r}") from exc
        except pkcs11.PKCS11Error as exc:
            raise PKCS11Error(f"cannot open PKCS#11 token {token_label!r}: {type(exc).__name__}") from exc
        self.lock = threading.Lock()  # a PKCS#11 session must not be used by two threads at once

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> PKCS11Token:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def generate_ec_key(self, label: str) -> PKCS11Signer:
        """Generate a non-extractable P-256 key pair in the token (stored, sensitive) and return its signer."""
        from pkcs11 import Attribute, KeyType
        from pkcs11.util.ec import encode_named_curve_parameters

        with self.lock:
            params = self.session.create_domain_parameters(
                KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters(P256_OID)}, local=True
            )
            key_id = hashlib.sha256(label.encode("utf-8")).digest()[:16]
            params.generate_keypair(
                store=True,
                label=label,
                id=key_id,
                private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False},
            )
        return self.signer(label)

    def signer(self, label: str) -> PKCS11Signer:
        """The signer for an existing EC key pair with this label."""
        import pkcs11
        from pkcs11 import KeyType, ObjectClass
        from pkcs11.util.ec import encode_ec_public_key

        with self.lock:
            try:
                priv = self.session.get_key(object_class=ObjectClass.PRIVATE_KEY, key_type=KeyType.EC, label=label)
                pub = self.session.get_key(object_class=ObjectClass.PUBLIC_KEY, key_type=KeyType.EC, label=label)
            except (pkcs11.NoSuchKey, pkcs11.MultipleObjectsReturned) as exc:
                raise PKCS11Error(f"PKCS#11 key {label!r}: {type(exc).__name__}") from exc
            spki = keys.PublicKeyInfo.load(encode_ec_public_key(pub))
        params = spki["algorithm"]["parameters"]
        if params.name != "named" or params.chosen.dotted != P256_OID:
            raise PKCS11Error(f"PKCS#11 key {label!r} is not a P-256 key")
        return PKCS11Signer(self, priv, spki, label)


class PKCS11Signer(SignerBase):
    """ECDSA-SHA256 with a token-resident P-256 key. Signatures are DER ``SEQUENCE{r,s}``."""

    algorithm = ECDSA_P256

    def __init__(self, token: PKCS11Token, private_key: Any, public_key_info: keys.PublicKeyInfo, label: str) -> None:
        self._token = token
        self._key = private_key
        self._pki = public_key_info
        self.label = label

    def sign(self, data: bytes) -> bytes:
        import pkcs11
        from pkcs11 import Mechanism

        digest = hashlib.sha256(data).digest()
        with self._token.lock:
            try:
                raw = self._key.sign(digest, mechanism=Mechanism.ECDSA)
            except pkcs11.PKCS11Error as exc:
                raise PKCS11Error(f"PKCS#11 signing with {self.label!r} failed: {type(exc).__name__}") from exc
        return algos.DSASignature.from_p1363(raw).dump()
