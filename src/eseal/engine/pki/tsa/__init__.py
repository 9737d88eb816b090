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

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


_origins: dict[str, tuple[str, str]] = {}


def _origin(name: str) -> tuple[str, str] | None:
    """(module, name in it) of a face name, read from this file's ``if TYPE_CHECKING:`` import block."""
    if not _origins:
        tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                for imp in node.body:
                    if isinstance(imp, ast.ImportFrom) and imp.module:
                        for alias in imp.names:
                            _origins[alias.asname or alias.name] = (imp.module, alias.name)
    return _origins.get(name)


def __getattr__(name: str) -> Any:
    origin = _origin(name) if name in __all__ else None
    if origin is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(origin[0]), origin[1])
    globals()[name] = value  # next time a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
