"""RFC 3161 time-stamping, one job per module.

``authority``      the in-process TSA (:class:`TimeStampAuthority`) that issues SM2 / ECDSA tokens
``token``          reading and verifying tokens (:func:`parse_token`, :func:`verify_token`)
``server``         the stdlib HTTP front end (:class:`TimeStampServer`)
``client``         the HTTP client (:class:`HTTPTimeStampClient`)
``trusted_time``   "time is never silent" (:func:`obtain_time`, :class:`TrustedTime`)
``protocol``       shared constants and :func:`build_request`
``pyhanko_stamper`` pyHanko adapter; not imported here (pyHanko costs ~0.75 s to import)

Every name is loaded on first use (PEP 562, as in ``eseal.engine.pdf``): a caller that needs the client or
a token does not import the HTTP server (http.server, socketserver) with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eseal.engine.faces import lazy_face

if TYPE_CHECKING:  # loaded on first use (see __getattr__ below)
    from eseal.engine.pki.tsa.authority import TimeStampAuthority
    from eseal.engine.pki.tsa.client import HTTPTimeStampClient, token_from_response
    from eseal.engine.pki.tsa.protocol import (
        CONTENT_TYPE_QUERY,
        CONTENT_TYPE_REPLY,
        DEFAULT_POLICY,
        ID_CT_TST_INFO,
        MAX_REQUEST_BYTES,
        TimeStampSource,
        build_request,
    )
    from eseal.engine.pki.tsa.server import TimeStampServer
    from eseal.engine.pki.tsa.token import TimeStampInfo, parse_token, token_gen_time, verify_token
    from eseal.engine.pki.tsa.trusted_time import TrustedTime, obtain_time

__all__ = [
    "CONTENT_TYPE_QUERY",
    "CONTENT_TYPE_REPLY",
    "DEFAULT_POLICY",
    "ID_CT_TST_INFO",
    "MAX_REQUEST_BYTES",
    "HTTPTimeStampClient",
    "TimeStampAuthority",
    "TimeStampInfo",
    "TimeStampServer",
    "TimeStampSource",
    "TrustedTime",
    "build_request",
    "obtain_time",
    "parse_token",
    "token_from_response",
    "token_gen_time",
    "verify_token",
]


__getattr__, __dir__ = lazy_face(__name__)
