"""Carrying uploaded minutes from the import's preview to its save step, with nothing stored in between.

The preview page re-posts the file's bytes in a hidden field (base64) beside a signature: an
itsdangerous token, keyed by the app's SECRET_KEY, that binds the SHA-256 of those bytes to the meeting,
the secretary and the time of the preview. The save step accepts the bytes only if the signature matches
them, so what is saved is byte for byte what the secretary previewed (the joins and proposed decisions
they checked come from those bytes), for that meeting, by that person, within `MAX_AGE`.

Why not the session: Flask's session is a signed cookie of at most 4 KB, and the minutes may be 1 MB; a
server-side store would need clean-up and sharing between the processes behind the proxy. The hidden
field keeps every process stateless, and an abandoned preview leaves nothing behind.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from participation.core.services import ServiceError
from participation.record.importer import MAX_BYTES

SALT = "record-import-preview"
MAX_AGE = 12 * 60 * 60  # a long session of checking page-break joins still saves


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seal(data: bytes, meeting_id: int, user_id: int) -> tuple[str, str]:
    """The hidden fields of the preview: the bytes as base64, and their signature."""
    signature = _serializer().dumps({"meeting": meeting_id, "user": user_id, "sha256": _digest(data)})
    return base64.b64encode(data).decode("ascii"), signature


def unseal(payload: str, signature: str, meeting_id: int, user_id: int) -> bytes:
    """The previewed bytes back, or a refusal when they were changed, are for another meeting or person,
    or the preview is too old."""
    expired = ServiceError(_l("The preview has expired: upload the minutes again."), field="minutes")
    changed = ServiceError(_l("The previewed minutes were changed or are not for this meeting: upload "
                              "the file again."), field="minutes")
    try:
        sealed = _serializer().loads(signature, max_age=MAX_AGE)
    except SignatureExpired:
        raise expired from None
    except BadSignature:
        raise changed from None
    if len(payload) > (MAX_BYTES + 2) // 3 * 4 + 4:
        raise changed
    try:
        data = base64.b64decode(payload.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise changed from None
    if not (isinstance(sealed, dict) and sealed.get("meeting") == meeting_id and sealed.get("user") == user_id
            and hmac.compare_digest(str(sealed.get("sha256", "")), _digest(data))):
        raise changed
    return data
