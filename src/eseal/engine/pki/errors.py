"""Typed errors of the PKI engine: one hierarchy under :class:`PKIError`, each class with a stable ``code``.

Every failure a caller may want to react to has its own class, so that the platform can turn it into a
precise message (and the CLI into a one-line error) without parsing strings. Messages are English and
technical; the text users read comes from the catalogue of each surface, looked up by ``code``.

==============================  =====================================================================
code                            class
==============================  =====================================================================
pki                             :class:`PKIError` (base)
pki.keystore                    :class:`KeystoreError`
pki.keystore.wrong_master_key   :class:`WrongMasterKey`
pki.keystore.tampered           :class:`TamperedEnvelope`
pki.keystore.key_not_found      :class:`KeyNotFound`
pki.identifier                  :class:`IdentifierError`
pki.certificate.build           :class:`CertificateBuildError`
pki.ca                          :class:`CAError`
pki.crl                         :class:`CRLError`
pki.pkcs11                      :class:`PKCS11Error`
pki.unsupported_algorithm       :class:`UnsupportedAlgorithm` (also ``digests.UnsupportedDigest``)
pki.invalid_argument            :class:`InvalidArgument` (a caller passed something unusable)
pki.timestamp                   :class:`TimeStampError`
pki.timestamp.unavailable       :class:`TimeStampUnavailable`
pki.timestamp.invalid           :class:`InvalidTimeStamp`
==============================  =====================================================================
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "CAError",
    "CRLError",
    "CertificateBuildError",
    "IdentifierError",
    "InvalidArgument",
    "InvalidTimeStamp",
    "KeyNotFound",
    "KeystoreError",
    "PKCS11Error",
    "PKIError",
    "TamperedEnvelope",
    "TimeStampError",
    "TimeStampUnavailable",
    "UnsupportedAlgorithm",
    "WrongMasterKey",
]


class PKIError(Exception):
    """Base class of every error raised by :mod:`eseal.engine.pki`."""

    code: ClassVar[str] = "pki"


class KeystoreError(PKIError):
    """A stored private key could not be written or read back."""

    code: ClassVar[str] = "pki.keystore"


class WrongMasterKey(KeystoreError):
    """The envelope was sealed under a different master key than the one supplied."""

    code: ClassVar[str] = "pki.keystore.wrong_master_key"


class TamperedEnvelope(KeystoreError):
    """The envelope fails authentication: it was modified, truncated or bound to another key id."""

    code: ClassVar[str] = "pki.keystore.tampered"


class KeyNotFound(KeystoreError):
    """No key with this id exists in the keystore."""

    code: ClassVar[str] = "pki.keystore.key_not_found"


class IdentifierError(PKIError, ValueError):
    """A unified social credit code or citizen ID number is malformed or fails its check character."""

    code: ClassVar[str] = "pki.identifier"


class CertificateBuildError(PKIError, ValueError):
    """The requested certificate cannot be issued (bad parameters, wrong family, ...)."""

    code: ClassVar[str] = "pki.certificate.build"


class CAError(PKIError):
    """The local CA directory is missing, incomplete, already initialised, or an operation is refused."""

    code: ClassVar[str] = "pki.ca"


class RevocationTimeError(CAError):
    """The requested revocation instant is outside what is possible (in the future, before notBefore)."""

    code: ClassVar[str] = "pki.ca.revocation_time"


class CRLError(PKIError):
    """A CRL is malformed or its signature does not verify."""

    code: ClassVar[str] = "pki.crl"


class PKCS11Error(PKIError):
    """The PKCS#11 module, token, PIN or key could not be used."""

    code: ClassVar[str] = "pki.pkcs11"


class UnsupportedAlgorithm(PKIError, ValueError):
    """A key family, signature or digest algorithm the engine does not implement."""

    code: ClassVar[str] = "pki.unsupported_algorithm"


class InvalidArgument(PKIError, ValueError):
    """A caller passed an unusable argument (naive datetime, digest of the wrong length, mismatched key)."""

    code: ClassVar[str] = "pki.invalid_argument"


class TimeStampError(PKIError):
    """Base class of time-stamping errors."""

    code: ClassVar[str] = "pki.timestamp"


class TimeStampUnavailable(TimeStampError):
    """No trusted time could be obtained (TSA unreachable, refused the request, or answered garbage).

    Raised instead of silently falling back to the local clock: callers that accept an untrusted,
    claimed time must opt in explicitly (see :func:`eseal.engine.pki.tsa.obtain_time`).
    """

    code: ClassVar[str] = "pki.timestamp.unavailable"


class InvalidTimeStamp(TimeStampError):
    """A time-stamp token does not verify (imprint, signature, certificate, EKU or chain)."""

    code: ClassVar[str] = "pki.timestamp.invalid"
