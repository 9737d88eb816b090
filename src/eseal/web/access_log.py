"""Keep query strings out of uvicorn's access log.

OAuth callbacks (``?code=…&state=…``), SMS links and download tokens travel in query strings;
an access log line is the classic place where such one-time secrets leak. The filter rewrites the
path argument of ``uvicorn.access`` records to the path alone (``?…`` becomes ``?[redacted]``).
It is installed by ``create_app`` so that every uvicorn worker process gets it after uvicorn has
configured its loggers.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class RedactQueryString(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn: '%s - "%s %s HTTP/%s" %d' % (client, method, full_path, http_version, status)
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            path = args[2].split("?", 1)[0]
            record.args = (*args[:2], f"{path}?[redacted]", *args[3:])
        return True


def install_query_redaction() -> None:
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactQueryString) for f in logger.filters):
        logger.addFilter(RedactQueryString())
