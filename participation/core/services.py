"""What every domain's services share: the error a use case raises when a rule says no."""
from __future__ import annotations


class ServiceError(Exception):
    """A rule refused the use case; `message` is for the user (lazily translated), `field` names the input."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
