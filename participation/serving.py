"""Serving details for `python app.py` (gevent's WSGI server with simple-websocket).

- gevent's pywsgi leaves Nagle's algorithm on for accepted sockets, so small frames such as
  acknowledgements can wait for a delayed ACK: the handler turns TCP_NODELAY on.
- simple-websocket accepts permessage-deflate whenever a client offers it; for many small broadcasts
  compression costs more memory and latency than it saves, so unless SOCKETIO_WEBSOCKET_COMPRESSION is
  set the offer is removed before it reaches simple-websocket.
- Behind a reverse proxy (`TRUSTED_PROXIES` > 0, e.g. nginx in `make serve`), Werkzeug's ProxyFix takes
  the client's address, scheme and host from that many proxies' X-Forwarded-* headers: rate limits then
  count people, not the proxy, and redirects keep https.
- SIGTERM stops the server as Ctrl-C does (`stop_on_sigterm`), so `python app.py` stops its themes
  worker on the way out.
"""
from __future__ import annotations

import signal
import socket

import gevent
from gevent import pywsgi


class NoDelayHandler(pywsgi.WSGIHandler):
    def __init__(self, sock, address, server, rfile=None):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not a TCP socket (a unix socket behind a proxy)
            pass
        super().__init__(sock, address, server, rfile)


class DeclineWebSocketCompression:
    """WSGI middleware: drop the client's Sec-WebSocket-Extensions offer on Socket.IO requests."""

    def __init__(self, wsgi_app, prefix: str = "/socket.io"):
        self.wsgi_app = wsgi_app
        self.prefix = prefix

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.prefix):
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)


def stop_on_sigterm(socketio) -> None:
    """Stop serving on SIGTERM (a service manager's stop) as on Ctrl-C, so that `python app.py` ends
    through its `finally` blocks and stops what runs beside the server (the themes worker)."""
    gevent.signal_handler(signal.SIGTERM, socketio.stop)


def prepare(app) -> None:
    """Wrap the app for serving; called by create_app."""
    if not app.config.get("SOCKETIO_WEBSOCKET_COMPRESSION"):
        app.wsgi_app = DeclineWebSocketCompression(app.wsgi_app)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
