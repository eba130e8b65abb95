"""The roles a user may hold; a user may hold several."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.enums import LabelledEnum


class Role(LabelledEnum):
    """Role codes as stored and as used in the API, with their translated names."""

    CITIZEN = "citizen", _l("Citizen")
    MODERATOR = "moderator", _l("Moderator")
    SECRETARY = "secretary", _l("Secretary")
    MEMBER = "member", _l("Committee member")
    ADMIN = "admin", _l("Administrator")
