"""The roles a user may hold; a user may hold several."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    """Role codes as stored and as used in the API."""

    CITIZEN = "citizen"
    MODERATOR = "moderator"
    SECRETARY = "secretary"
    MEMBER = "member"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.MODERATOR: _l("Moderator"),
    Role.SECRETARY: _l("Secretary"),
    Role.MEMBER: _l("Committee member"),
    Role.ADMIN: _l("Administrator"),
}
