"""What every domain's services share: the error a use case raises when a rule says no."""
from __future__ import annotations


class ServiceError(Exception):
    """A rule refused the use case.

    `message` is for the user (lazily translated); `field` names the input it is about; `code` is the
    stable machine-readable reason used by the socket protocol and the API (`invalid`, `not_found`,
    `forbidden`, `conflict`, `closed`, `already_decided`, ...).
    """

    def __init__(self, message, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class NotFound(ServiceError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message, field, code="not_found")
