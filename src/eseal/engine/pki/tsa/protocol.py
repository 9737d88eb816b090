"""RFC 3161 protocol constants and the request encoding shared by the authority, the token verifier and the client."""

from __future__ import annotations

from typing import Any, Protocol

from asn1crypto import algos, tsp

import eseal.engine.pki.digests as digests

# A UUID-derived OID (ITU-T X.667, arc 2.25): eseal's default TSA policy, no registration needed.
DEFAULT_POLICY = "2.25.197107399224005791118542966220571809387"
ID_CT_TST_INFO = "1.2.840.113549.1.9.16.1.4"
PKCS7_SIGNED_DATA = "1.2.840.113549.1.7.2"
CONTENT_TYPE_QUERY = "application/timestamp-query"
CONTENT_TYPE_REPLY = "application/timestamp-reply"
MAX_REQUEST_BYTES = 64 * 1024


def digest_algorithm(oid: str) -> algos.DigestAlgorithm:
    return algos.DigestAlgorithm({"algorithm": oid})


class TimeStampSource(Protocol):
    """Anything that turns a digest into a DER TimeStampToken (our TSA object or an HTTP client)."""

    def stamp(self, digest: bytes, hash_algorithm: str = "sha256") -> bytes: ...


def build_request(digest: bytes, hash_algorithm: str = "sha256", *, nonce: int | None = None,
                  cert_req: bool = True, policy: str | None = None) -> tsp.TimeStampReq:
    req: dict[str, Any] = {
        "version": "v1",
        "message_imprint": {"hash_algorithm": digest_algorithm(digests.digest_oid(hash_algorithm)),
                            "hashed_message": digest},
        "cert_req": cert_req,
    }
    if nonce is not None:
        req["nonce"] = nonce
    if policy is not None:
        req["req_policy"] = policy
    return tsp.TimeStampReq(req)

