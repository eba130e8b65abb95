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
- Flask-SocketIO runs every socket event in a request context of the connection's WSGI environ, and
  then replaces its session with the connection's own copy; `OpenSessionFlask` builds those contexts
  without reading the session cookie again nor matching the URL (`SocketEventContext`), which was about
  a tenth of a crowd's CPU as it joins.
- The cyclic garbage collector is tuned for a server that holds thousands of sockets (`tune_gc`).
"""
from __future__ import annotations

import gc
import signal
import socket

import gevent
from flask import Flask
from flask.ctx import RequestContext
from gevent import pywsgi

# Where Flask-SocketIO keeps a connection's own copy of the session, in the connection's environ, from
# its first event on (flask_socketio.SocketIO._handle_event).
SOCKET_SESSION = "saved_session"


class SocketEventContext(RequestContext):
    """The request context of a socket event: the connection's session is given (Flask-SocketIO would
    replace one read from the cookie at once) and no URL is matched (an event has no view; `url_for`
    still works)."""

    def match_request(self) -> None:
        pass


class OpenSessionFlask(Flask):
    """Flask, with cheaper request contexts for socket events (`SocketEventContext`)."""

    def request_context(self, environ) -> RequestContext:
        saved = environ.get(SOCKET_SESSION)
        if saved is not None:
            return SocketEventContext(self, environ, session=saved)
        return super().request_context(environ)


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


GC_YOUNG_THRESHOLD = 50_000  # allocations between two collections of the youngest generation (Python: 700)


def tune_gc() -> None:
    """Tune the cyclic garbage collector for serving: call once the app is built, before serving.

    Each socket holds a few hundred objects that live as long as it does, so a crowd joining grows the
    heap steadily, and with Python's defaults the collector kept walking it: a third of the CPU of 3,000
    viewers joining went to collections (timed with `gc.callbacks`). The objects of the built app
    (modules, mappers, templates, translations) are frozen out of the collector's walks for good
    (`gc.freeze`), and the youngest generation is collected every GC_YOUNG_THRESHOLD allocations instead
    of 700 (a few MB of young objects at most); that cut collections to a tenth of their time. Objects are
    still freed by reference counting at once; only cycles wait longer.
    """
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, oldest)


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
