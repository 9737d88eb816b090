"""One signing interface for every key we hold: SM2 in software, ECDSA/RSA in software or in an HSM.

Why a protocol: the CA, the TSA, SES seals and PDF signatures only need "sign these bytes with the
family's hash" plus the public key and algorithm identifiers. Where the key lives (encrypted
keystore, PKCS#11 token) is the keystore's business, not theirs.

Hashing is inside ``sign``: SM2 signs ``SM3(Z||M)`` with the signer ID, ECDSA and RSA sign SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from asn1crypto import algos, keys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from eseal.engine.gm import oids

from .errors import UnsupportedAlgorithm

if TYPE_CHECKING:
    from eseal.engine.gm import SM2PrivateKey

# SM2 keys come from eseal.engine.gm.sm2, imported where an SM2 key is made or checked: it loads tongsuopy
# (~15-20 ms), which an ECDSA or RSA signer never needs (E3 #12, cold start of `eseal sign --profile pades`).

SM2 = "sm2"
ECDSA_P256 = "ecdsa-p256"
RSA = "rsa"

_SIG_ALGO_OID = {SM2: oids.SM2_WITH_SM3, ECDSA_P256: "1.2.840.10045.4.3.2", RSA: "1.2.840.113549.1.1.11"}
_SIG_ALGO_FAMILY = {v: k for k, v in _SIG_ALGO_OID.items()}


@runtime_checkable
class Signer(Protocol):
    """Anything that can sign for a certificate."""

    algorithm: str  # one of SM2, ECDSA_P256, RSA

    @property
    def public_key_info(self) -> keys.PublicKeyInfo: ...

    @property
    def signature_algorithm(self) -> algos.SignedDigestAlgorithm: ...

    def sign(self, data: bytes) -> bytes: ...


def signature_algorithm_for(family: str) -> algos.SignedDigestAlgorithm:
    try:
        oid = _SIG_ALGO_OID[family]
    except KeyError as exc:
        raise UnsupportedAlgorithm(f"unknown key family {family!r}") from exc
    if family == RSA:
        return algos.SignedDigestAlgorithm({"algorithm": oid, "parameters": None})
    return algos.SignedDigestAlgorithm({"algorithm": oid})


def family_of_signature_algorithm(oid: str) -> str:
    """Map a signature algorithm OID to our key family; ``ValueError`` for anything we do not verify."""
    try:
        return _SIG_ALGO_FAMILY[oid]
    except KeyError as exc:
        raise UnsupportedAlgorithm(f"unsupported signature algorithm {oid}") from exc


def family_of_public_key(public_key_info: keys.PublicKeyInfo) -> str:
    algo = public_key_info["algorithm"]
    if algo["algorithm"].native == "rsa":
        return RSA
    if algo["algorithm"].native == "ec":
        params = algo["parameters"]
        curve = params.chosen.dotted if params.name == "named" else None
        if curve == oids.SM2_CURVE:
            return SM2
        if curve == "1.2.840.10045.3.1.7":
            return ECDSA_P256
    raise UnsupportedAlgorithm("unsupported public key (expected SM2, ECDSA P-256 or RSA)")


class SignerBase:
    """Shared plumbing: a concrete signer sets ``algorithm`` and ``_pki`` and implements ``sign``."""

    algorithm: str
    _pki: keys.PublicKeyInfo

    @property
    def public_key_info(self) -> keys.PublicKeyInfo:
        return self._pki

    @property
    def signature_algorithm(self) -> algos.SignedDigestAlgorithm:
        return signature_algorithm_for(self.algorithm)


class SM2SoftwareSigner(SignerBase):
    algorithm = SM2

    def __init__(self, key: SM2PrivateKey, signer_id: bytes | None = None) -> None:
        """``signer_id``: the SM2 user ID; None is the GB/T 32918 default (``DEFAULT_SIGNER_ID``)."""
        from eseal.engine.gm import DEFAULT_SIGNER_ID

        self.key = key
        self.signer_id = DEFAULT_SIGNER_ID if signer_id is None else signer_id
        self._pki = keys.PublicKeyInfo.load(key.public_key.to_der())

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data, signer_id=self.signer_id)


class ECDSASoftwareSigner(SignerBase):
    algorithm = ECDSA_P256

    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(key.curve, ec.SECP256R1):
            raise UnsupportedAlgorithm("only ECDSA P-256 keys are supported")
        self.key = key
        self._pki = keys.PublicKeyInfo.load(
            key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        )

    @classmethod
    def generate(cls) -> ECDSASoftwareSigner:
        return cls(ec.generate_private_key(ec.SECP256R1()))

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


class RSASoftwareSigner(SignerBase):
    algorithm = RSA

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        self.key = key
        self._pki = keys.PublicKeyInfo.load(
            key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        )

    @classmethod
    def generate(cls, bits: int = 2048) -> RSASoftwareSigner:
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=bits))

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def generate_signer(family: str) -> Signer:
    """A fresh software key of the given family (callers store it via the keystore)."""
    if family == SM2:
        from eseal.engine.gm import SM2PrivateKey

        return SM2SoftwareSigner(SM2PrivateKey.generate())
    if family == ECDSA_P256:
        return ECDSASoftwareSigner.generate()
    if family == RSA:
        return RSASoftwareSigner.generate()
    raise UnsupportedAlgorithm(f"unknown key family {family!r}")


#: answers of verify_with_public_key_info inside a shared_verifications() block (None outside)
_SHARED: ContextVar[dict[tuple[bytes, bytes, bytes, str, bytes], bool] | None] = ContextVar(
    "eseal_shared_verifications", default=None)


@contextmanager
def shared_verifications() -> Iterator[None]:
    """Inside the block, a check with the same key, signature, data, algorithm and signer ID (the same
    certificate chain or seal under several signatures of one document) is computed once; the answers
    are forgotten when the block ends."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def verify_with_public_key_info(
    public_key_info: keys.PublicKeyInfo,
    signature: bytes,
    data: bytes,
    signature_algorithm_oid: str,
    *,
    signer_id: bytes | None = None,
) -> bool:
    """Verify ``signature`` over ``data``; False for a wrong signature or a key/algorithm mismatch.

    ``signer_id``: the SM2 user ID (ignored for ECDSA and RSA); None is the GB/T 32918 default.
    """
    shared = _SHARED.get()
    if shared is None:
        return _verify(public_key_info, signature, data, signature_algorithm_oid, signer_id)
    key = (public_key_info.dump(), bytes(signature), bytes(data), signature_algorithm_oid,
           b"\x00default" if signer_id is None else b"\x01" + bytes(signer_id))
    if key not in shared:
        shared[key] = _verify(public_key_info, signature, data, signature_algorithm_oid, signer_id)
    return shared[key]


def _verify(public_key_info: keys.PublicKeyInfo, signature: bytes, data: bytes, signature_algorithm_oid: str,
            signer_id: bytes | None) -> bool:
    try:
        family = family_of_signature_algorithm(signature_algorithm_oid)
        if family != family_of_public_key(public_key_info):
            return False
    except ValueError:
        return False
    der = public_key_info.dump()
    if family == SM2:
        from eseal.engine.gm import DEFAULT_SIGNER_ID, SM2PublicKey

        sid = DEFAULT_SIGNER_ID if signer_id is None else signer_id
        return SM2PublicKey.from_der(der).verify(signature, data, signer_id=sid)
    pub = serialization.load_der_public_key(der)
    try:
        if family == ECDSA_P256 and isinstance(pub, ec.EllipticCurvePublicKey):
            pub.verify(signature, data, ec.ECDSA(hashes.SHA256()))
            return True
        if family == RSA and isinstance(pub, rsa.RSAPublicKey):
            pub.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
            return True
    except InvalidSignature:
        return False
    return False
