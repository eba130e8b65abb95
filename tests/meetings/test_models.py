"""Invariants the meeting models carry themselves: page ranges, current version."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.extensions import db
from participation.meetings import materials
from participation.meetings.models import AgendaItem
from tests import factories


@pytest.mark.parametrize("page_from, page_to, shown", [
    (None, None, ""), (14, None, "14"), (14, 14, "14"), (14, 18, "14–18"),
])
def test_agenda_item_pages(page_from, page_to, shown):
    assert AgendaItem(page_from=page_from, page_to=page_to).pages == shown


def test_database_refuses_a_reversed_page_range(app_ctx):
    meeting = factories.meeting()
    [item] = meeting_items(meeting)
    item.page_from, item.page_to = 18, 14
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


def test_current_version_is_the_newest(app_ctx):
    meeting = factories.meeting()
    material = materials.add_document(meeting, None, "Overview", "First.", actor_id=None)
    materials.add_version(material, change_note="typo", actor_id=None, markdown="Second.")
    assert [v.number for v in material.versions] == [1, 2]
    assert material.current.markdown == "Second."


def meeting_items(meeting) -> list[AgendaItem]:
    return list(db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)))
