"""Read RFC 3161 / GB/T 20520 TimeStampTokens carried in SES signatures.

Only what the SES layer needs: genTime and the messageImprint (which must be a hash of the
``signature`` value bytes, GB/T 38540 §7.2). Verifying the TSA's CMS signature and certificate
is the PKI package's job; :func:`eseal.engine.ses.verify.verify_signature` takes a hook for it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass

from eseal.engine.gm import oids, sm3
from eseal.engine.pki import InvalidTimeStamp, parse_token

# Hash algorithms a TSA may use for the imprint, by OID.
_HASHES = {
    oids.SM3: sm3,
    "2.16.840.1.101.3.4.2.1": lambda b: hashlib.sha256(b).digest(),
    "2.16.840.1.101.3.4.2.2": lambda b: hashlib.sha384(b).digest(),
    "2.16.840.1.101.3.4.2.3": lambda b: hashlib.sha512(b).digest(),
    "1.3.14.3.2.26": lambda b: hashlib.sha1(b).digest(),  # noqa: S324 - reading legacy tokens only
}


@dataclass(frozen=True, slots=True)
class TokenInfo:
    gen_time: _dt.datetime
    hash_oid: str
    imprint: bytes
    serial: int
    tsa_name: str | None

    def imprint_matches(self, message: bytes) -> bool | None:
        """True/False if the imprint hash algorithm is known, None otherwise."""
        fn = _HASHES.get(self.hash_oid)
        if fn is None:
            return None
        return fn(message) == self.imprint


def read_token(token: bytes) -> TokenInfo:
    """Parse a DER TimeStampToken (ContentInfo/SignedData/TSTInfo) without verifying it. Raises ValueError."""
    try:
        _sd, tst, _der = parse_token(token)
        mi = tst["message_imprint"]
        tsa = tst["tsa"]
        return TokenInfo(
            gen_time=tst["gen_time"].native,
            hash_oid=mi["hash_algorithm"]["algorithm"].dotted,
            imprint=bytes(mi["hashed_message"].native),
            serial=int(tst["serial_number"].native),
            tsa_name=None if tsa.native is None else str(tsa.native),
        )
    except InvalidTimeStamp as exc:
        raise ValueError(str(exc)) from exc
    except Exception as exc:  # asn1crypto fails lazily with assorted types
        raise ValueError(f"unreadable TimeStampToken ({type(exc).__name__}: {str(exc)[:120]})") from exc


def token_gen_time(token: bytes) -> _dt.datetime | None:
    try:
        return read_token(token).gen_time
    except ValueError:
        return None
