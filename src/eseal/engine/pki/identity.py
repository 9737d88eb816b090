"""Identifiers that go into certificate subjects: GB 32100 credit codes and GB 11643 citizen ID numbers.

Enterprise certificates carry the 18-character unified social credit code (统一社会信用代码) in the
standard ``organizationIdentifier`` attribute (2.5.4.97) using the ETSI EN 319 412-1 semantics form
``NTRCN-<code>`` ("national trade register, China"), so EU-style tools read it as a legal-person id.

Person certificates never carry the ID number (公民身份号码) in clear: the ``serialNumber`` attribute
holds ``IDH-<32 hex>`` = the first 128 bits of HMAC-SM3(CA pepper, normalised ID number). The pepper is a
secret kept encrypted in the CA keystore; a plain (even salted-in-the-clear) hash would be brute-forced
because the ID space is only ~10^11. Knowing the pepper, the platform can answer "is this certificate
for ID number X?" without the certificate revealing X.
"""

from __future__ import annotations

import datetime as _dt
import hmac

from eseal.engine.ids import IdFormatError, validate_citizen_id, validate_credit_code

from .certs import name_attribute
from .errors import IdentifierError

ORG_ID_PREFIX = "NTRCN-"
PERSON_ID_PREFIX = "IDH-"


def normalize_credit_code(code: str) -> str:
    """Validate a GB 32100-2015 unified social credit code and return it upper-cased.

    Delegates to :func:`eseal.engine.ids.validate_credit_code`, the single source of truth for
    identifiers (alphabet, authority/category, area prefix, check character), so that a code the
    platform rejects can never end up in a certificate.
    """
    if not isinstance(code, str):
        raise IdentifierError("credit code must be a string")
    try:
        return validate_credit_code(code).code
    except IdFormatError as exc:
        raise IdentifierError(f"credit code: {exc}") from exc


def normalize_id_number(number: str, *, today: _dt.date | None = None) -> str:
    """Validate an 18-digit GB 11643-1999 citizen ID number and upper-case it.

    Delegates to :func:`eseal.engine.ids.validate_citizen_id` (area prefix, birth date, MOD 11-2 check).
    """
    if not isinstance(number, str):
        raise IdentifierError("ID number must be a string")
    try:
        return validate_citizen_id(number, today=today).number
    except IdFormatError as exc:
        raise IdentifierError(f"ID number: {exc}") from exc


def person_id_digest(pepper: bytes, id_number: str) -> str:
    """The ``serialNumber`` value for a person: ``IDH-`` + 128-bit HMAC-SM3 of the normalised ID number."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as chmac

    if len(pepper) < 16:
        raise IdentifierError("person-id pepper must be at least 16 bytes")
    h = chmac.HMAC(pepper, hashes.SM3())
    h.update(normalize_id_number(id_number).encode("ascii"))
    return PERSON_ID_PREFIX + h.finalize()[:16].hex()


def person_id_matches(pepper: bytes, id_number: str, serial_value: str) -> bool:
    """Constant-time check that a certificate's ``serialNumber`` value belongs to ``id_number``."""
    return hmac.compare_digest(person_id_digest(pepper, id_number), serial_value)


def mask_id_number(number: str) -> str:
    """Display form for UIs and logs: first 3 and last 2 characters kept (``110***************2X``)."""
    norm = number.strip().upper()
    return norm[:3] + "*" * (len(norm) - 5) + norm[-2:] if len(norm) > 5 else "*" * len(norm)


def credit_code_of(cert: object) -> str | None:
    """The credit code of an enterprise certificate issued by our CA (``organizationIdentifier``)."""
    value = name_attribute(cert.subject, "organization_identifier")  # type: ignore[attr-defined]
    if not value:
        return None
    return value[len(ORG_ID_PREFIX):] if value.startswith(ORG_ID_PREFIX) else value
