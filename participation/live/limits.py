"""What a client may send over `/live`, and how it learns that it went over it.

Two layers. The transport (Engine.IO) drops a connection without a word when one packet is larger than
`max_http_buffer_size` (websocket: the read loop ends; polling: HTTP 413), so that limit is set generously
(`SOCKETIO_TRANSPORT_MAX_BYTES`, 4 x the message limit) only to bound memory. The limit clients are
promised, `SOCKETIO_MAX_MESSAGE_BYTES` (32 KiB), is checked per event here, and a call over it is
answered like any refused call: `{"ok": false, "error": {"code": "too_large", ...}}`.

A malformed Socket.IO event (its JSON does not parse, or it is not `[name, ...]`) used to be logged by the
library and never answered, so the caller waited for an ack that never came. `LenientPacket`, the
server's packet class, decodes such an event into the event `MALFORMED`, which the namespace answers with
`{"ok": false, "error": {"code": "malformed", ...}}` on the event's own ack id. A packet that is broken
below that (no Socket.IO header, a bad Engine.IO frame) still ends the connection; the live page then
says the connection was lost, and reconnects.
"""
from __future__ import annotations

import json
from typing import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from socketio import packet

from participation.core.services import ServiceError

MALFORMED = "!malformed"  # no documented event has a "!": a client cannot call it by name
TRANSPORT_FACTOR = 4


def encoded_size(args) -> int:
    """Bytes of `args` as JSON on the wire (the compact form socket.io-client sends); binary parts count
    their length."""
    text = json.dumps(list(args), ensure_ascii=False, separators=(",", ":"), default=_binary_as_text)
    return len(text.encode("utf-8", "surrogatepass"))


def _binary_as_text(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\x00" * len(value)
    return str(value)


def checked(handler: Callable[[dict], dict] | None, event, args) -> Callable[[dict], dict] | None:
    """`handler` for `event`, refusing first a malformed event or one whose arguments are over
    SOCKETIO_MAX_MESSAGE_BYTES (ServiceError `malformed` / `too_large`). None stays None (unknown event)."""
    if event == MALFORMED:
        return _refuse_malformed
    if handler is None:
        return None
    size = encoded_size(args)

    def run(payload: dict) -> dict:
        limit = current_app.config["SOCKETIO_MAX_MESSAGE_BYTES"]
        if size > limit:
            raise ServiceError(_l("The message is too large (%(size)s KiB; at most %(max)s KiB). Shorten it "
                                  "and send it again.", size=-(-size // 1024), max=limit // 1024),
                               code="too_large")
        return handler(payload)

    return run


def _refuse_malformed(payload: dict) -> dict:
    raise ServiceError(_l("The message could not be read (it is not valid JSON of the form "
                          "[event, payload]). Reload the page and try again."), code="malformed")


class _LenientJSON:
    """The library's JSON module, except that text which does not parse decodes to `_UNREADABLE`."""

    def __init__(self, module) -> None:
        self._module = module

    def loads(self, text, *args, **kwargs):
        try:
            return self._module.loads(text, *args, **kwargs)
        except (ValueError, RecursionError):
            return _UNREADABLE

    def dumps(self, *args, **kwargs):
        return self._module.dumps(*args, **kwargs)


_UNREADABLE = object()


class LenientPacket(packet.Packet):
    """The Socket.IO packet, decoding a malformed EVENT into `[MALFORMED, {}]` with its namespace and ack
    id kept, so the namespace can answer it. Every other packet decodes (or fails) as before."""

    def decode(self, encoded_packet):
        strict = self.json
        self.json = _LenientJSON(strict)
        try:
            attachments = super().decode(encoded_packet)
        finally:
            del self.json  # back to the class's module (encoding uses it)
        if self.data is _UNREADABLE:
            if self.packet_type != packet.EVENT:
                raise ValueError("malformed packet")
            self.data = [MALFORMED, {}]
        elif self.packet_type == packet.EVENT and not (
                isinstance(self.data, list) and self.data and isinstance(self.data[0], str)):
            self.data = [MALFORMED, {}]
        return attachments
