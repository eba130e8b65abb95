"""The finalize screen warns the secretary while an item's themes or opinion map are still being computed
(the record freezes the feedback as it is at finalization); the rule is the feedback side's
`jobs.pending_for_meeting`, which the record only calls."""
from __future__ import annotations

import sqlalchemy as sa

from participation.extensions import db
from participation.feedback import jobs
from participation.feedback.models import MapJob, ThemeJob
from participation.meetings.services import agenda_of
from tests import factories
from tests.record.test_final_views import as_user, finalize_url, world  # noqa: F401  (the fixture)


def _empty_queues() -> None:
    db.session.execute(sa.delete(ThemeJob))
    db.session.execute(sa.delete(MapJob))


def test_pending_for_meeting_names_the_meetings_items_with_a_job_in_agenda_order(app, world):
    with app.app_context():
        _empty_queues()
        first, second = world["items"]
        other = factories.meeting(published=True, items=1)
        other_item = agenda_of(other)[0].id
        jobs.request_map(second)
        jobs.request_themes(second)
        jobs.request_map(first)
        jobs.request_map(other_item)
        db.session.commit()
        pending = jobs.pending_for_meeting(world["meeting"])
        assert [(p.item_id, p.themes, p.map) for p in pending] == [(first, False, True), (second, True, True)]
        assert pending[0].position < pending[1].position and pending[0].title
        assert [p.item_id for p in jobs.pending_for_meeting(other.id)] == [other_item]
        _empty_queues()
        db.session.commit()
        assert jobs.pending_for_meeting(world["meeting"]) == []


def test_the_finalize_page_warns_while_a_map_or_themes_are_being_computed(app, client, world):
    with app.app_context():
        _empty_queues()
        db.session.commit()
    as_user(app, client, world["secretary"])
    page = client.get(finalize_url(world)).get_data(as_text=True)
    assert 'data-computing="0"' in page and "themes and opinion map are up to date" in page
    with app.app_context():
        jobs.request_map(world["items"][1])
        db.session.commit()
    page = client.get(finalize_url(world)).get_data(as_text=True)
    assert 'data-computing="1"' in page and "still being computed: 1 agenda items" in page
    assert "opinion map</li>" in page
    assert 'action="' + finalize_url(world) + '"' in page  # a warning: finalizing stays possible
    with app.app_context():
        jobs.request_themes(world["items"][0])
        db.session.commit()
    as_user(app, client, world["secretary"], lang="ko")
    page = client.get(finalize_url(world)).get_data(as_text=True)
    assert 'data-computing="2"' in page
