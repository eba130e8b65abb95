"""Read side of meetings: what the public pages list, and lookups that raise `NotFound` for what does not
exist or is not the user's to see (HTTP views answer 404, the socket `not_found`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from participation.core import paging
from participation.core.db import utcnow
from participation.core.services import NotFound
from participation.extensions import db
from participation.meetings import policies
from participation.meetings.models import (
    AgendaItem, Committee, Material, MaterialVersion, Meeting, MeetingState, Task, TaskStatusChange,
)


@dataclass
class HomeListing:
    live: list[Meeting]
    upcoming: list[Meeting]
    past: list[Meeting]


def _public(stmt):
    return stmt.where(Meeting.state.in_(policies.PUBLIC_STATES))


def home_listing(now: datetime | None = None) -> HomeListing:
    """Live now; upcoming (published, still ahead); past: every other public meeting, newest first, a
    cancelled one among them (marked so)."""
    now = now or utcnow()
    meetings = db.session.scalars(
        _public(sa.select(Meeting)).order_by(Meeting.starts_at)
        .options(selectinload(Meeting.postponements), selectinload(Meeting.cancellation))
    ).all()
    live = [m for m in meetings if m.state is MeetingState.LIVE]
    upcoming = [m for m in meetings if m.state is MeetingState.PUBLISHED and m.starts_at >= now]
    past = [m for m in reversed(meetings) if m not in live and m not in upcoming]
    return HomeListing(live, upcoming, past)


def visible_meeting(meeting_id: int, user, field: str = "meeting_id", options: tuple = ()) -> Meeting:
    """The meeting, unless it does not exist or is a draft the user may not preview; `options`: loader
    options for what the page reads of it (its committee, its postponements) in the same statement."""
    return require_visible(db.session.get(Meeting, meeting_id, options=options), user, field)


def require_visible(meeting, user, field: str = "meeting_id"):
    """`meeting` (a Meeting, or a row of the meeting's columns with `state`) if the user may see it;
    else NotFound, as for a meeting that does not exist (None)."""
    if meeting is None or not policies.may_view(user, meeting):
        raise NotFound(_l("Unknown meeting."), field=field)
    return meeting


def visible_item(item_id: int, user, field: str = "item_id") -> AgendaItem:
    """An agenda item of a meeting the user may see."""
    item = db.session.get(AgendaItem, item_id, options=(joinedload(AgendaItem.meeting),))
    if item is None or not policies.may_view(user, item.meeting):
        raise NotFound(_l("Unknown agenda item."), field=field)
    return item


def item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        raise NotFound(_l("Unknown agenda item."), field="item_id")
    return item


def material_of(meeting: Meeting, material_id: int) -> Material:
    material = db.session.get(Material, material_id)
    if material is None or material.meeting_id != meeting.id:
        raise NotFound(_l("Unknown material."), field="material_id")
    return material


def version_of(material: Material, number: int | None) -> MaterialVersion:
    if number is None:
        return material.current
    for version in material.versions:
        if version.number == number:
            return version
    raise NotFound(_l("Unknown version."), field="version")


def materials_of(meeting: Meeting, item: AgendaItem | None = None) -> list[Material]:
    stmt = sa.select(Material).where(Material.meeting_id == meeting.id).order_by(Material.id)
    if item is not None:
        stmt = stmt.where(Material.agenda_item_id == item.id)
    return list(db.session.scalars(stmt))


def task_by_code(code: str) -> Task:
    task = db.session.scalar(sa.select(Task).where(Task.code == code))
    if task is None:
        raise NotFound(_l("Unknown task."), field="code")
    return task


def tasks_of(committee: Committee) -> list[Task]:
    stmt = sa.select(Task).where(Task.committee_id == committee.id).order_by(Task.strategy, Task.major, Task.number)
    return list(db.session.scalars(stmt))


def public_items_of_task(task: Task) -> list[AgendaItem]:
    """Every agenda item of a public meeting that discussed the task, newest meeting first."""
    stmt = (
        _public(sa.select(AgendaItem).join(Meeting)).where(AgendaItem.task_id == task.id)
        .order_by(Meeting.starts_at.desc(), AgendaItem.position)
    )
    return list(db.session.scalars(stmt))


def public_meetings_of(committee: Committee) -> list[Meeting]:
    stmt = _public(sa.select(Meeting)).where(Meeting.committee_id == committee.id).order_by(Meeting.starts_at.desc())
    return list(db.session.scalars(stmt))


def committee_by_id(committee_id: int) -> Committee:
    committee = db.session.get(Committee, committee_id)
    if committee is None:
        raise NotFound(_l("Unknown committee."), field="committee_id")
    return committee


def committees() -> list[Committee]:
    return list(db.session.scalars(sa.select(Committee).order_by(Committee.id)))


# --- open data: public listings in pages (participation/api), by keys that later rows never precede -----

def published_meetings(after: tuple[datetime, int] | None, limit: int, *,
                       committee_id: int | None = None) -> list[Meeting]:
    """Public meetings in the order they were published (then id), after the key of the last one seen."""
    stmt = _public(sa.select(Meeting)).options(selectinload(Meeting.committee), selectinload(Meeting.postponements),
                                               selectinload(Meeting.cancellation))
    if committee_id is not None:
        stmt = stmt.where(Meeting.committee_id == committee_id)
    return list(db.session.scalars(paging.after(stmt, (published_key(), Meeting.id), after).limit(limit)))


def published_key():
    """The publication time a meeting is listed by (one published before the column existed: its creation)."""
    return sa.func.coalesce(Meeting.published_at, Meeting.created_at)


def published_key_of(meeting: Meeting) -> tuple[datetime, int]:
    """A listed meeting's key in `published_meetings` (`published_key`, then id), as a cursor holds it."""
    return meeting.published_at or meeting.created_at, meeting.id


def committees_page(after: int | None, limit: int) -> list[Committee]:
    stmt = paging.after(sa.select(Committee), (Committee.id,), None if after is None else (after,))
    return list(db.session.scalars(stmt.limit(limit)))


def tasks_page(after: int | None, limit: int, *, committee_id: int | None = None) -> list[Task]:
    """Tasks by id (the order they were added to the plan), their status histories loaded."""
    stmt = sa.select(Task).options(selectinload(Task.history))
    if committee_id is not None:
        stmt = stmt.where(Task.committee_id == committee_id)
    stmt = paging.after(stmt, (Task.id,), None if after is None else (after,))
    return list(db.session.scalars(stmt.limit(limit)))


def newest_status_changes(limit: int) -> list[TaskStatusChange]:
    """The newest changes of plan tasks' statuses (public, like the task page's history), newest first;
    each task's first status, its entry into the plan, is not a change."""
    first = sa.select(sa.func.min(TaskStatusChange.id)).group_by(TaskStatusChange.task_id)
    stmt = (sa.select(TaskStatusChange).where(TaskStatusChange.id.not_in(first))
            .options(selectinload(TaskStatusChange.task))
            .order_by(TaskStatusChange.created_at.desc(), TaskStatusChange.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))
