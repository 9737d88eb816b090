"""eseal.web.server: with several workers the shared listening socket says IPPROTO_TCP, so asyncio sets TCP_NODELAY
on every connection (uvicorn's own multi-worker socket has proto 0: no TCP_NODELAY, each keep-alive answer then
waited ~40 ms for the client's delayed ACK; bench/api_load.py measures the effect)."""

from __future__ import annotations

import socket
from asyncio import base_events

import uvicorn

from eseal.web.server import TcpConfig


def _accepted(config: uvicorn.Config) -> tuple[socket.socket, socket.socket, socket.socket]:
    listener = config.bind_socket()
    listener.listen()  # uvicorn's server does this (loop.create_server(sock=...))
    client = socket.create_connection(listener.getsockname()[:2])
    conn, _addr = listener.accept()
    return listener, client, conn


def _nodelay_after_asyncio(conn: socket.socket) -> int:
    getattr(base_events, "_set_nodelay")(conn)  # what asyncio does to each connection
    return conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_the_worker_socket_gives_connections_tcp_nodelay() -> None:
    listener, client, conn = _accepted(TcpConfig("eseal.web.asgi:app", host="127.0.0.1", port=0, workers=2))
    try:
        assert listener.proto == socket.IPPROTO_TCP and listener.get_inheritable()
        assert _nodelay_after_asyncio(conn) == 1
    finally:
        for s in (conn, client, listener):
            s.close()


def test_uvicorns_own_worker_socket_does_not_which_is_why_tcpconfig_exists() -> None:
    listener, client, conn = _accepted(uvicorn.Config("eseal.web.asgi:app", host="127.0.0.1", port=0, workers=2))
    try:
        assert listener.proto == 0
        assert _nodelay_after_asyncio(conn) == 0
    finally:
        for s in (conn, client, listener):
            s.close()


def test_eseal_serve_runs_on_httptools_and_uvloop() -> None:
    """[D1]: the server parses HTTP with httptools (C) and runs uvloop, not h11 and the stdlib loop: both are
    dependencies, picked by uvicorn's "auto" (bench/api_load.py: 1–3 ms less server CPU per upload + stamp)."""
    import uvloop
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    config = TcpConfig("eseal.web.asgi:app", host="127.0.0.1", port=0, workers=2)
    config.load()
    assert config.http_protocol_class is HttpToolsProtocol
    assert config.get_loop_factory() is uvloop.new_event_loop
