"""SM2 digital signatures (GB/T 32918) on tongsuopy.

Why not just ``key.sign(data, ECDSA(SM3()))``: tongsuopy hard-codes the signer ID
``1234567812345678`` and offers no way to set another, while GB/T 38540 producers and some CAs
use other IDs. So this module computes ``Z_A`` (GB/T 32918.2 §5.5) and ``e = SM3(Z_A || M)``
itself and signs ``e`` with ``EVP_PKEY_sign`` on the SM2 key, which treats its input as the
already-hashed ``e``. The nonce and the scalar arithmetic stay inside Tongsuo (constant-time,
CSPRNG nonce) — never pure-Python ``gmssl`` in product code.

Signatures are DER ``SEQUENCE { r INTEGER, s INTEGER }`` on output; DER or raw 64-byte ``r||s``
are accepted on input. Keys serialise as PKCS#8 / SubjectPublicKeyInfo with
``id-ecPublicKey`` + curve OID 1.2.156.10197.1.301, which openssl 3 reads.
"""

from __future__ import annotations

from typing import Any

from asn1crypto import core
from tongsuopy.backends.tongsuo.backend import backend as _backend
from tongsuopy.crypto import serialization as _ser
from tongsuopy.crypto.asymciphers import ec as _ec
from tongsuopy.crypto.exceptions import InvalidSignature as _InvalidSignature

from eseal.engine.gm.errors import SM2Error
from eseal.engine.gm.sm3 import sm3

DEFAULT_SIGNER_ID = b"1234567812345678"

# sm2p256v1 domain parameters (GB/T 32918.5).
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
_CURVE_BYTES = b"".join(v.to_bytes(32, "big") for v in (A, B, GX, GY))


class _EcdsaSig(core.Sequence):
    _fields = [("r", core.Integer), ("s", core.Integer)]


def encode_signature(r: int, s: int) -> bytes:
    return _EcdsaSig({"r": r, "s": s}).dump()


def decode_signature(signature: bytes) -> tuple[int, int]:
    """Accept DER ``SEQUENCE{r,s}`` or raw 64-byte ``r||s``; reject anything else."""
    if len(signature) == 64 and signature[0] != 0x30:
        return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        parsed = _EcdsaSig.load(signature, strict=True)
        r, s = parsed["r"].native, parsed["s"].native
    except (ValueError, TypeError) as exc:
        if len(signature) == 64:
            return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        raise SM2Error("SM2 signature is neither DER SEQUENCE{r,s} nor raw r||s") from exc
    if not isinstance(r, int) or not isinstance(s, int):
        raise SM2Error("SM2 signature integers missing")
    return r, s


def z_value(point: bytes, signer_id: bytes = DEFAULT_SIGNER_ID) -> bytes:
    """Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) for an uncompressed point."""
    if len(signer_id) >= 8192:
        raise SM2Error("SM2 signer ID too long")
    if len(point) != 65 or point[0] != 4:
        raise SM2Error("SM2 public point must be 65-byte uncompressed form")
    entl = (len(signer_id) * 8).to_bytes(2, "big")
    return sm3(entl + signer_id + _CURVE_BYTES + point[1:])


def message_digest(point: bytes, data: bytes, signer_id: bytes = DEFAULT_SIGNER_ID) -> bytes:
    """e = SM3(Z_A || M): the value the SM2 signature actually signs."""
    return sm3(z_value(point, signer_id) + data)


def _pkey_ctx(evp_pkey: Any) -> Any:
    lib, ffi = _backend._lib, _backend._ffi
    ctx = lib.EVP_PKEY_CTX_new(evp_pkey, ffi.NULL)
    _backend.openssl_assert(ctx != ffi.NULL)
    return ffi.gc(ctx, lib.EVP_PKEY_CTX_free)


class SM2PublicKey:
    """An SM2 public key. Construct with :meth:`from_der`, :meth:`from_pem` or :meth:`from_point`."""

    def __init__(self, key: Any) -> None:
        if not isinstance(key.curve, _ec.SM2):
            raise SM2Error("not an SM2 key")
        self._key = key
        nums = key.public_numbers()
        self.point = b"\x04" + nums.x.to_bytes(32, "big") + nums.y.to_bytes(32, "big")

    @classmethod
    def from_der(cls, data: bytes) -> SM2PublicKey:
        try:
            return cls(_ser.load_der_public_key(data))
        except (ValueError, TypeError) as exc:
            raise SM2Error(f"cannot load SM2 public key: {exc}") from exc

    @classmethod
    def from_pem(cls, data: bytes) -> SM2PublicKey:
        try:
            return cls(_ser.load_pem_public_key(data))
        except (ValueError, TypeError) as exc:
            raise SM2Error(f"cannot load SM2 public key: {exc}") from exc

    @classmethod
    def from_point(cls, point: bytes) -> SM2PublicKey:
        try:
            return cls(_ec.EllipticCurvePublicKey.from_encoded_point(_ec.SM2(), point))
        except (ValueError, TypeError) as exc:
            raise SM2Error(f"invalid SM2 public point: {exc}") from exc

    def to_der(self) -> bytes:
        return self._key.public_bytes(_ser.Encoding.DER, _ser.PublicFormat.SubjectPublicKeyInfo)

    def to_pem(self) -> bytes:
        return self._key.public_bytes(_ser.Encoding.PEM, _ser.PublicFormat.SubjectPublicKeyInfo)

    def verify_digest(self, signature: bytes, e: bytes) -> bool:
        """Verify a signature over an already computed ``e = SM3(Z||M)``."""
        try:
            r, s = decode_signature(signature)
        except SM2Error:
            return False
        if not (0 < r < N and 0 < s < N):
            return False
        der = encode_signature(r, s)
        lib = _backend._lib
        ctx = _pkey_ctx(self._key._evp_pkey)
        if lib.EVP_PKEY_verify_init(ctx) != 1:
            _backend._consume_errors()
            raise SM2Error("EVP_PKEY_verify_init failed")
        res = lib.EVP_PKEY_verify(ctx, der, len(der), e, len(e))
        _backend._consume_errors()
        return res == 1

    def verify(self, signature: bytes, data: bytes, *, signer_id: bytes = DEFAULT_SIGNER_ID) -> bool:
        return self.verify_digest(signature, message_digest(self.point, data, signer_id))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SM2PublicKey) and other.point == self.point

    def __hash__(self) -> int:
        return hash(self.point)


class SM2PrivateKey:
    """An SM2 private key held by Tongsuo. Serialise only through the keystore (encrypted at rest)."""

    def __init__(self, key: Any) -> None:
        if not isinstance(key.curve, _ec.SM2):
            raise SM2Error("not an SM2 key")
        self._key = key
        self.public_key = SM2PublicKey(key.public_key())

    @classmethod
    def generate(cls) -> SM2PrivateKey:
        return cls(_ec.generate_private_key(_ec.SM2()))

    @classmethod
    def from_der(cls, data: bytes, password: bytes | None = None) -> SM2PrivateKey:
        try:
            return cls(_ser.load_der_private_key(data, password))
        except (ValueError, TypeError) as exc:
            raise SM2Error(f"cannot load SM2 private key: {exc}") from exc

    @classmethod
    def from_pem(cls, data: bytes, password: bytes | None = None) -> SM2PrivateKey:
        try:
            return cls(_ser.load_pem_private_key(data, password))
        except (ValueError, TypeError) as exc:
            raise SM2Error(f"cannot load SM2 private key: {exc}") from exc

    def _private_bytes(self, encoding: Any, password: bytes | None) -> bytes:
        enc = _ser.BestAvailableEncryption(password) if password else _ser.NoEncryption()
        return self._key.private_bytes(encoding, _ser.PrivateFormat.PKCS8, enc)

    def to_der(self, password: bytes | None = None) -> bytes:
        """PKCS#8 DER. Without a password this is key material in clear: encrypt before storing."""
        return self._private_bytes(_ser.Encoding.DER, password)

    def to_pem(self, password: bytes | None = None) -> bytes:
        return self._private_bytes(_ser.Encoding.PEM, password)

    def sign_digest(self, e: bytes) -> bytes:
        """Sign an already computed ``e = SM3(Z||M)`` (32 bytes); returns DER ``SEQUENCE{r,s}``."""
        if len(e) != 32:
            raise SM2Error("SM2 digest e must be 32 bytes")
        lib, ffi = _backend._lib, _backend._ffi
        ctx = _pkey_ctx(self._key._evp_pkey)
        _backend.openssl_assert(lib.EVP_PKEY_sign_init(ctx) == 1)
        siglen = ffi.new("size_t *")
        _backend.openssl_assert(lib.EVP_PKEY_sign(ctx, ffi.NULL, siglen, e, len(e)) == 1)
        buf = ffi.new("unsigned char[]", siglen[0])
        _backend.openssl_assert(lib.EVP_PKEY_sign(ctx, buf, siglen, e, len(e)) == 1)
        return bytes(ffi.buffer(buf)[: siglen[0]])

    def sign(self, data: bytes, *, signer_id: bytes = DEFAULT_SIGNER_ID) -> bytes:
        return self.sign_digest(message_digest(self.public_key.point, data, signer_id))


# Re-exported so callers can catch tongsuopy's exception type without importing tongsuopy.
InvalidSignature = _InvalidSignature
