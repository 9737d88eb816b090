"""Private key objects <-> (algorithm name, PKCS#8 DER): the key families the keystore can hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from .errors import KeystoreError, TamperedEnvelope
from .signer import ECDSASoftwareSigner, RSASoftwareSigner, SM2SoftwareSigner

if TYPE_CHECKING:
    from eseal.engine.gm import SM2PrivateKey


def _sm2_key_class() -> type[SM2PrivateKey]:
    """SM2 keys live in eseal.engine.gm.sm2, which loads tongsuopy: imported only when an SM2 key is at
    stake, so ECDSA/RSA keys (PAdES seals, the TSA) never pay for it (E3 #12)."""
    from eseal.engine.gm import SM2PrivateKey

    return SM2PrivateKey


def _is_sm2(private_key: Any) -> bool:
    if isinstance(private_key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        return False
    return isinstance(private_key, _sm2_key_class())


def key_algorithm(private_key: Any) -> str:
    if _is_sm2(private_key):
        return "sm2"
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise KeystoreError(f"unsupported EC curve {private_key.curve.name}; only P-256 is supported")
        return "ecdsa-p256"
    if isinstance(private_key, rsa.RSAPrivateKey):
        return "rsa"
    raise KeystoreError(f"unsupported private key type {type(private_key).__name__}")


def pkcs8(private_key: Any) -> tuple[bytes, bytes]:
    """(PKCS#8 DER, SubjectPublicKeyInfo DER)."""
    if _is_sm2(private_key):
        return private_key.to_der(), private_key.public_key.to_der()
    der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    spki = private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return der, spki


def load_pkcs8(algorithm: str, der: bytes) -> Any:
    if algorithm == "sm2":
        return _sm2_key_class().from_der(der)
    key = serialization.load_der_private_key(der, password=None)
    if algorithm != key_algorithm(key):
        raise TamperedEnvelope("decrypted key does not match the envelope algorithm")
    return key


def signer_for_private_key(private_key: Any) -> Any:
    """Wrap a private key object in the matching software :class:`~eseal.engine.pki.signer.Signer`."""
    algorithm = key_algorithm(private_key)
    if algorithm == "sm2":
        return SM2SoftwareSigner(private_key)
    if algorithm == "ecdsa-p256":
        return ECDSASoftwareSigner(private_key)
    return RSASoftwareSigner(private_key)


def generate_private_key(algorithm: str) -> Any:
    if algorithm == "sm2":
        return _sm2_key_class().generate()
    if algorithm in ("ecdsa-p256", "ecdsa"):
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise KeystoreError(f"unknown key algorithm {algorithm!r} (expected sm2, ecdsa-p256 or rsa)")
