"""Typed errors of the PKI engine.

Every failure a caller may want to react to has its own class, so that the platform can turn it into a
precise message (and the CLI into a one-line error) without parsing strings.
"""

from __future__ import annotations


class PKIError(Exception):
    """Base class of every error raised by :mod:`eseal.engine.pki`."""


class KeystoreError(PKIError):
    """A stored private key could not be written or read back."""


class WrongMasterKey(KeystoreError):
    """The envelope was sealed under a different master key than the one supplied."""


class TamperedEnvelope(KeystoreError):
    """The envelope fails authentication: it was modified, truncated or bound to another key id."""


class KeyNotFound(KeystoreError):
    """No key with this id exists in the keystore."""


class IdentifierError(PKIError, ValueError):
    """A unified social credit code or citizen ID number is malformed or fails its check character."""


class CertificateBuildError(PKIError, ValueError):
    """The requested certificate cannot be issued (bad parameters, wrong family, ...)."""


class CAError(PKIError):
    """The local CA directory is missing, incomplete, already initialised, or an operation is refused."""


class CRLError(PKIError):
    """A CRL is malformed or its signature does not verify."""


class PKCS11Error(PKIError):
    """The PKCS#11 module, token, PIN or key could not be used."""


class TimeStampError(PKIError):
    """Base class of time-stamping errors."""


class TimeStampUnavailable(TimeStampError):
    """No trusted time could be obtained (TSA unreachable, refused the request, or answered garbage).

    Raised instead of silently falling back to the local clock: callers that accept an untrusted,
    claimed time must opt in explicitly (see :func:`eseal.engine.pki.tsa.obtain_time`).
    """


class InvalidTimeStamp(TimeStampError):
    """A time-stamp token does not verify (imprint, signature, certificate, EKU or chain)."""
