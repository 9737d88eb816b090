"""Keys, the built-in CA (roots, issuing CAs, end-entity certificates, CRLs) and the RFC 3161 TSA.

The public face of the PKI engine: callers outside ``eseal.engine.pki`` import from here. One job per
module (see docs/pki.md): ``ca`` (the local CA directory), ``certs`` (X.509 building and loading), ``crl``,
``validation`` (chain validation at a time), ``signer`` (software signers, signature verification),
``pkcs11``, ``digests``, ``identity`` (identifiers in certificates), ``master_key`` / ``private_keys`` /
``envelope`` / ``keystore`` (private keys at rest), ``tsa/`` (time-stamping) and ``errors`` (one hierarchy
under :class:`PKIError`, each class with a stable ``code``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eseal.engine.faces import lazy_face
from eseal.engine.pki.errors import (
    CAError,
    CertificateBuildError,
    CRLError,
    IdentifierError,
    InvalidArgument,
    InvalidTimeStamp,
    KeyNotFound,
    KeystoreError,
    PKCS11Error,
    PKIError,
    RevocationTimeError,
    TamperedEnvelope,
    TimeStampError,
    TimeStampUnavailable,
    UnsupportedAlgorithm,
    WrongMasterKey,
)

if TYPE_CHECKING:  # the rest of the face is loaded on first use (see __getattr__ below)
    from eseal.engine.pki.ca import DEFAULT_ORGANIZATION, FAMILIES, LocalCA, Revocation, normalize_family
    from eseal.engine.pki.certs import (
        EKU_TIME_STAMPING,
        fingerprint,
        load_certificate,
        load_certificates,
        to_pem,
    )
    from eseal.engine.pki.crl import (
        RevokedEntry,
        crl_to_pem,
        find_entry,
        load_crl,
        normalize_reason,
        reason_label,
        verify_crl_signature,
    )
    from eseal.engine.pki.digests import UnsupportedDigest
    from eseal.engine.pki.envelope import OpenedEnvelope, open_envelope, open_private_key, seal_private_key
    from eseal.engine.pki.keystore import KeyStore
    from eseal.engine.pki.master_key import MasterKey
    from eseal.engine.pki.private_keys import generate_private_key, signer_for_private_key
    from eseal.engine.pki.signer import (
        ECDSA_P256,
        RSA,
        SM2,
        ECDSASoftwareSigner,
        RSASoftwareSigner,
        Signer,
        SM2SoftwareSigner,
        family_of_public_key,
        family_of_signature_algorithm,
        generate_signer,
        shared_verifications,
        verify_with_public_key_info,
    )
    from eseal.engine.pki.tsa.authority import TimeStampAuthority
    from eseal.engine.pki.tsa.client import HTTPTimeStampClient
    from eseal.engine.pki.tsa.protocol import DEFAULT_POLICY, TimeStampSource, build_request
    from eseal.engine.pki.tsa.server import TimeStampServer
    from eseal.engine.pki.tsa.token import TimeStampInfo, parse_token, token_gen_time, verify_token
    from eseal.engine.pki.tsa.trusted_time import TrustedTime, obtain_time
    from eseal.engine.pki.validation import ValidationReason, ValidationResult, validate_certificate

__all__ = [
    "DEFAULT_ORGANIZATION",
    "DEFAULT_POLICY",
    "ECDSA_P256",
    "EKU_TIME_STAMPING",
    "FAMILIES",
    "RSA",
    "SM2",
    "CAError",
    "CRLError",
    "CertificateBuildError",
    "ECDSASoftwareSigner",
    "HTTPTimeStampClient",
    "IdentifierError",
    "InvalidArgument",
    "InvalidTimeStamp",
    "KeyNotFound",
    "KeyStore",
    "KeystoreError",
    "LocalCA",
    "MasterKey",
    "OpenedEnvelope",
    "PKCS11Error",
    "PKIError",
    "RSASoftwareSigner",
    "Revocation",
    "RevocationTimeError",
    "RevokedEntry",
    "SM2SoftwareSigner",
    "Signer",
    "TamperedEnvelope",
    "TimeStampAuthority",
    "TimeStampError",
    "TimeStampInfo",
    "TimeStampServer",
    "TimeStampSource",
    "TimeStampUnavailable",
    "TrustedTime",
    "UnsupportedAlgorithm",
    "UnsupportedDigest",
    "ValidationReason",
    "ValidationResult",
    "WrongMasterKey",
    "build_request",
    "crl_to_pem",
    "family_of_public_key",
    "family_of_signature_algorithm",
    "find_entry",
    "fingerprint",
    "generate_private_key",
    "generate_signer",
    "load_certificate",
    "load_certificates",
    "load_crl",
    "normalize_family",
    "normalize_reason",
    "obtain_time",
    "open_envelope",
    "open_private_key",
    "parse_token",
    "reason_label",
    "seal_private_key",
    "shared_verifications",
    "signer_for_private_key",
    "to_pem",
    "token_gen_time",
    "validate_certificate",
    "verify_crl_signature",
    "verify_token",
    "verify_with_public_key_info",
]


# --- loading on first use (the same machinery as eseal.engine.pdf) -------------------------------------
# ``eseal sign --profile pades`` needs the seal's key, the CA's chain and no TSA server: a face that imported
# every module made it load http.server/socketserver (the TSA server) and, through the SM2 signer,
# tongsuopy (issue E3 #12, cold start). The errors above are imported eagerly (cheap, caught by every
# caller); every other name of ``__all__`` is imported from its module, as written in the
# ``if TYPE_CHECKING:`` block, the first time it is used.

__getattr__, __dir__ = lazy_face(__name__)
