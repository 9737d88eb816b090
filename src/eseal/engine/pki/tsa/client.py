"""RFC 3161 over HTTP, client side: send a TimeStampReq, check the TimeStampResp, return the token."""

from __future__ import annotations

import os

from asn1crypto import core, tsp

import eseal.engine.pki.digests as digests
from eseal.engine.pki.errors import InvalidTimeStamp, TimeStampUnavailable
from eseal.engine.pki.tsa.protocol import CONTENT_TYPE_QUERY, build_request
from eseal.engine.pki.tsa.token import parse_token


def token_from_response(response_der: bytes, *, digest: bytes, nonce: int | None) -> bytes:
    """Check a TimeStampResp (status, imprint, nonce) and return the DER token; no chain validation."""
    try:
        outer = core.SequenceOf.load(response_der)
        status_info = tsp.PKIStatusInfo.load(outer[0].dump())
        status_info.native  # noqa: B018
    except (ValueError, TypeError, KeyError) as exc:
        raise TimeStampUnavailable(f"TSA answered something that is not a TimeStampResp: {exc}") from exc
    if status_info["status"].native not in ("granted", "granted_with_mods"):
        text = "; ".join(status_info["status_string"].native or [])
        fail = ", ".join(sorted(status_info["fail_info"].native or []))
        raise TimeStampUnavailable(f"TSA refused the request ({status_info['status'].native}: {fail} {text})".strip())
    try:
        resp = tsp.TimeStampResp.load(response_der)
        token = resp["time_stamp_token"]
        present = not isinstance(token, core.Void)
    except (ValueError, TypeError, KeyError) as exc:
        # e.g. "granted" but the token is missing or not even a ContentInfo
        raise TimeStampUnavailable(f"TSA granted the request but sent no usable token: {exc}") from exc
    if not present:
        raise TimeStampUnavailable("TSA granted the request but sent no time-stamp token")
    _sd, tst, _ = parse_token(token)
    if tst["message_imprint"]["hashed_message"].native != digest:
        raise InvalidTimeStamp("TSA returned a token for a different message imprint")
    if nonce is not None and tst["nonce"].native != nonce:
        raise InvalidTimeStamp("TSA returned a token with a different nonce")
    return token.dump()


class HTTPTimeStampClient:
    """RFC 3161 over HTTP (``application/timestamp-query``) for any TSA, ours included."""

    def __init__(self, url: str, *, timeout: float = 10.0, cert_req: bool = True, policy: str | None = None,
                 auth: tuple[str, str] | None = None, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.cert_req = cert_req
        self.policy = policy
        self.auth = auth
        self.headers = dict(headers or {})

    def stamp(self, digest: bytes, hash_algorithm: str = "sha256") -> bytes:
        import httpx  # heavy (~0.1 s): only callers that really go over HTTP pay for it

        nonce = int.from_bytes(os.urandom(8), "big") >> 1
        req = build_request(digest, hash_algorithm, nonce=nonce, cert_req=self.cert_req, policy=self.policy)
        try:
            resp = httpx.post(
                self.url,
                content=req.dump(),
                headers={"Content-Type": CONTENT_TYPE_QUERY, **self.headers},
                timeout=self.timeout,
                auth=self.auth,
            )
        except httpx.HTTPError as exc:
            raise TimeStampUnavailable(f"TSA {self.url} unreachable: {exc}") from exc
        if resp.status_code != 200:
            raise TimeStampUnavailable(f"TSA {self.url} answered HTTP {resp.status_code}")
        return token_from_response(resp.content, digest=digest, nonce=nonce)

    def stamp_data(self, data: bytes, hash_algorithm: str = "sha256") -> bytes:
        return self.stamp(digests.digest(hash_algorithm, data), hash_algorithm)
