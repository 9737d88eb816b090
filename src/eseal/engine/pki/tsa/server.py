"""RFC 3161 over HTTP, server side: a tiny stdlib front end for a :class:`TimeStampAuthority`."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eseal.engine.pki.tsa.authority import TimeStampAuthority
from eseal.engine.pki.tsa.protocol import CONTENT_TYPE_QUERY, CONTENT_TYPE_REPLY, MAX_REQUEST_BYTES

log = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    server_version = "eseal-tsa/1"
    tsa: TimeStampAuthority  # set on the per-server subclass

    def do_POST(self) -> None:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != CONTENT_TYPE_QUERY:
            self._send(415, b"expected Content-Type: application/timestamp-query\n", "text/plain")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            self._send(400, b"bad Content-Length\n", "text/plain")
            return
        body = self.rfile.read(length)
        self._send(200, self.tsa.respond(body), CONTENT_TYPE_REPLY)

    def do_GET(self) -> None:
        self._send(405, b"POST an RFC 3161 TimeStampReq\n", "text/plain")

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # route to logging, not stderr
        log.debug("tsa http: " + format, *args)


class TimeStampServer:
    """RFC 3161 over HTTP for a :class:`TimeStampAuthority` (stdlib ``http.server``, background thread).

    Meant for tests and local use (binds 127.0.0.1 by default); put a real reverse proxy in front for
    anything else. Use as a context manager or call ``start()`` / ``stop()``.
    """

    def __init__(self, tsa: TimeStampAuthority, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = type("TSAHandler", (_Handler,), {"tsa": tsa})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{host_text}:{port}/tsa"

    def start(self) -> TimeStampServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="eseal-tsa", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> TimeStampServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
