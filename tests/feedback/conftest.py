"""Fixtures of the feedback tests: the items of a published meeting, without comment rate limits."""
from __future__ import annotations

import pytest

from participation.extensions import db
from participation.meetings.services import agenda_of
from tests import factories

GENEROUS = "1000 per minute"


@pytest.fixture
def items(app):
    """Two items of a published meeting; comments without rate limits."""
    app.config.update(COMMENT_RATE_LIMIT=GENEROUS, GUEST_COMMENT_RATE_LIMIT=GENEROUS)
    meeting = factories.meeting(published=True, items=2)
    db.session.commit()
    return agenda_of(meeting)
