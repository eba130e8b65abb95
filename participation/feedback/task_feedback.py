"""The citizens' feedback on a plan task across meetings, for the task page (`/tasks/<code>`).

Every agenda item of a public meeting that discussed the task (linked by `AgendaItem.task_id`; a draft
meeting's items never) with its figures and most agreed approved comments (aggregates.py, counted in SQL)
and its themes (brief.py, read as the dashboard reads them), grouped by meeting, the newest meeting
first. Pending, hidden and rejected comments only ever appear as counts, as everywhere in this domain.
A fixed number of statements whatever the number of meetings and items: the items, their meetings, their
tallies, their most agreed comments and their themes are each read once for all of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from participation.extensions import db
from participation.feedback import aggregates, brief
from participation.feedback.aggregates import Tally
from participation.meetings import queries
from participation.meetings.models import AgendaItem, Meeting, Task


@dataclass(frozen=True)
class ItemOnTask:
    """One agenda item that discussed the task: its feedback and its themes' document (brief.py
    `themes_documents`; None until the worker has computed them)."""

    item: AgendaItem
    tally: Tally
    themes: dict | None = None


@dataclass
class MeetingOnTask:
    """A public meeting that discussed the task, with the items of it that did (usually one)."""

    meeting: Meeting
    items: list[ItemOnTask] = field(default_factory=list)


def feedback_on_task(task: Task, *, per_item: int = aggregates.TOP_PER_ITEM) -> list[MeetingOnTask]:
    """The feedback of every public meeting on the task, newest meeting first (items in agenda order)."""
    items = queries.public_items_of_task(task)
    if not items:
        return []
    themes = brief.themes_documents([item.id for item in items])
    tallies = aggregates.item_tallies(items, per_item=per_item)
    by_id = {meeting.id: meeting for meeting in db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_({item.meeting_id for item in items})))}
    meetings: dict[int, MeetingOnTask] = {}
    for item in items:
        on_task = meetings.setdefault(item.meeting_id, MeetingOnTask(by_id[item.meeting_id]))
        on_task.items.append(ItemOnTask(item, tallies[item.id], themes.get(item.id)))
    return list(meetings.values())
