"""Read side of meetings: what the public pages list, and lookups that answer 404 for what is not public."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import abort

from participation.core.db import utcnow
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings.models import (
    AgendaItem, Committee, Material, MaterialVersion, Meeting, MeetingState, Task,
)


@dataclass
class HomeListing:
    live: list[Meeting]
    upcoming: list[Meeting]
    past: list[Meeting]


def can_preview(user) -> bool:
    """Secretaries see unpublished meetings on the public pages too (as a preview)."""
    return bool(user and user.is_authenticated and user.has_role(Role.SECRETARY))


def home_listing(now: datetime | None = None) -> HomeListing:
    now = now or utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.state != MeetingState.DRAFT).order_by(Meeting.starts_at)
    ).all()
    live = [m for m in meetings if m.state is MeetingState.LIVE]
    upcoming = [m for m in meetings if m.state is MeetingState.PUBLISHED and m.starts_at >= now]
    past = [m for m in reversed(meetings) if m not in live and m not in upcoming]
    return HomeListing(live, upcoming, past)


def visible_meeting(meeting_id: int, user) -> Meeting:
    """The meeting, or 404 when it does not exist or is a draft the user may not preview."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not (meeting.is_public or can_preview(user)):
        abort(404)
    return meeting


def item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def material_of(meeting: Meeting, material_id: int) -> Material:
    material = db.session.get(Material, material_id)
    if material is None or material.meeting_id != meeting.id:
        abort(404)
    return material


def version_of(material: Material, number: int | None) -> MaterialVersion:
    if number is None:
        return material.current
    for version in material.versions:
        if version.number == number:
            return version
    abort(404)


def materials_of(meeting: Meeting, item: AgendaItem | None = None) -> list[Material]:
    stmt = sa.select(Material).where(Material.meeting_id == meeting.id).order_by(Material.id)
    if item is not None:
        stmt = stmt.where(Material.agenda_item_id == item.id)
    return list(db.session.scalars(stmt))


def task_by_code(code: str) -> Task:
    return db.session.scalar(sa.select(Task).where(Task.code == code)) or abort(404)


def tasks_of(committee: Committee) -> list[Task]:
    stmt = sa.select(Task).where(Task.committee_id == committee.id).order_by(Task.strategy, Task.major, Task.number)
    return list(db.session.scalars(stmt))


def public_items_of_task(task: Task) -> list[AgendaItem]:
    """Every agenda item of a public meeting that discussed the task, newest meeting first."""
    stmt = (
        sa.select(AgendaItem).join(Meeting)
        .where(AgendaItem.task_id == task.id, Meeting.state != MeetingState.DRAFT)
        .order_by(Meeting.starts_at.desc(), AgendaItem.position)
    )
    return list(db.session.scalars(stmt))


def public_meetings_of(committee: Committee) -> list[Meeting]:
    stmt = (sa.select(Meeting).where(Meeting.committee_id == committee.id, Meeting.state != MeetingState.DRAFT)
            .order_by(Meeting.starts_at.desc()))
    return list(db.session.scalars(stmt))


def committees() -> list[Committee]:
    return list(db.session.scalars(sa.select(Committee).order_by(Committee.id)))
