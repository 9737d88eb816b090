"""Query strings (OAuth codes, states) never reach uvicorn's access log."""

from __future__ import annotations

import logging

from eseal.web.access_log import ACCESS_LOGGER, RedactQueryString, install_query_redaction


def _record(path: str) -> logging.LogRecord:
    return logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                             ("127.0.0.1:5000", "GET", path, "1.1", 302), None)


def test_query_string_is_redacted() -> None:
    rec = _record("/api/v1/oauth/wechat/callback?code=SECRETCODE&state=abc123")
    assert RedactQueryString().filter(rec)
    line = rec.getMessage()
    assert "SECRETCODE" not in line and "abc123" not in line
    assert '"GET /api/v1/oauth/wechat/callback?[redacted] HTTP/1.1" 302' in line


def test_plain_paths_are_untouched_and_install_is_idempotent() -> None:
    rec = _record("/login")
    RedactQueryString().filter(rec)
    assert rec.getMessage() == '127.0.0.1:5000 - "GET /login HTTP/1.1" 302'
    install_query_redaction()
    install_query_redaction()
    logger = logging.getLogger(ACCESS_LOGGER)
    assert sum(isinstance(f, RedactQueryString) for f in logger.filters) == 1
