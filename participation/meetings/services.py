"""Use cases of committees, tasks, meetings and agenda items. Never commit; the caller does."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from participation.core import signals
from participation.core.db import utcnow
from participation.core.services import ServiceError
from participation.extensions import db
from participation.meetings import policies
from participation.meetings.models import (
    AgendaItem, Committee, ItemKind, Meeting, MeetingCancellation, MeetingPostponement, MeetingState, Task,
    TaskStatus, TaskStatusChange,
)

TASK_CODE = re.compile(r"^([1-9]\d{0,2})-([1-9]\d{0,2})-([1-9]\d{0,2})$")


def create_committee(name: str, description: str = "") -> Committee:
    committee = Committee(name=name.strip(), description=description.strip())
    db.session.add(committee)
    db.session.flush()
    return committee


def update_committee(committee: Committee, name: str, description: str) -> None:
    committee.name, committee.description = name.strip(), description.strip()


def parse_task_code(code: str) -> tuple[int, int, int]:
    """`3-1-7` -> (3, 1, 7); raises ServiceError for anything else."""
    match = TASK_CODE.match(code.strip())
    if not match:
        raise ServiceError(_l("A task code looks like 3-1-7 (strategy-major task-task)."), field="code")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def create_task(committee: Committee, code: str, title: str, department: str, *, status: TaskStatus,
                changed_on: date, reason: str, actor_id: int | None) -> Task:
    """Add a task to the committee's plan with its first history entry."""
    strategy, major, number = parse_task_code(code)
    code = f"{strategy}-{major}-{number}"
    if db.session.scalar(sa.select(Task.id).where(Task.code == code)) is not None:
        raise ServiceError(_l("A task with this code already exists."), field="code")
    task = Task(committee=committee, code=code, strategy=strategy, major=major, number=number,
                title=title.strip(), department=department.strip(), status=status)
    task.history.append(TaskStatusChange(status=status, changed_on=changed_on, reason=reason.strip(),
                                         created_by_id=actor_id))
    db.session.add(task)
    db.session.flush()
    return task


def update_task(task: Task, title: str, department: str) -> None:
    task.title, task.department = title.strip(), department.strip()


def change_task_status(task: Task, status: TaskStatus, changed_on: date, reason: str,
                       actor_id: int | None) -> TaskStatusChange:
    """Record a status change in the task's public history; a reason is required."""
    if not reason.strip():
        raise ServiceError(_l("Give the reason for the change."), field="reason")
    if task.history and changed_on < task.history[-1].changed_on:
        raise ServiceError(_l("The date cannot be before the last change."), field="changed_on")
    change = TaskStatusChange(status=status, changed_on=changed_on, reason=reason.strip(), created_by_id=actor_id)
    task.history.append(change)
    task.status = status
    return change


def _check_times(fields: dict) -> None:
    pairs = (("part1_starts_at", "part1_ends_at"), ("part2_starts_at", "part2_ends_at"))
    for start, end in pairs:
        if fields.get(start) and fields.get(end) and fields[end] <= fields[start]:
            raise ServiceError(_l("The end must be after the start."), field=end)
    if fields.get("part1_ends_at") and fields.get("part2_starts_at") and \
            fields["part2_starts_at"] < fields["part1_ends_at"]:
        raise ServiceError(_l("Part 2 cannot start before part 1 ends."), field="part2_starts_at")


MEETING_FIELDS = ("title", "number", "place", "summary", "starts_at", "part1_starts_at", "part1_ends_at",
                  "part2_starts_at", "part2_ends_at", "stream_url", "allow_guest_comments")


def create_meeting(committee: Committee, **fields) -> Meeting:
    """A new meeting in draft; `fields` are the names in MEETING_FIELDS."""
    _check_times(fields)
    meeting = Meeting(committee=committee, state=MeetingState.DRAFT,
                      **{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    db.session.add(meeting)
    db.session.flush()
    return meeting


TIME_FIELDS = ("starts_at", "part1_starts_at", "part1_ends_at", "part2_starts_at", "part2_ends_at")


def update_meeting(meeting: Meeting, **fields) -> None:
    """Change the given fields; the times are checked together with the ones left as they were. Once the
    meeting is announced, its times move only by postponing it (which tells everyone), never silently."""
    if policies.may_postpone(meeting):
        for name in TIME_FIELDS:
            if name in fields and fields[name] != getattr(meeting, name):
                raise ServiceError(_l("The meeting is announced: change its date by postponing it, so that "
                                      "everyone is told."), field=name)
    _check_times({name: getattr(meeting, name) for name in MEETING_FIELDS} | fields)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])


def move_meeting(meeting: Meeting, target: MeetingState, now: datetime | None = None, *,
                 reason: str | None = None, actor_id: int | None = None) -> None:
    """Move a meeting to its next state; refuses any transition the state machine does not allow.
    Cancelling needs the public `reason` (kept with the moment and `actor_id`).

    This is the one path of every state change: it announces `meeting_state_changed`, which the live
    session follows (viewers learn it whichever screen made the move)."""
    if target not in policies.next_states(meeting):
        raise ServiceError(_l("A meeting cannot go from “%(current)s” to “%(target)s”.",
                              current=meeting.state.label, target=target.label))
    if target is MeetingState.PUBLISHED and not agenda_of(meeting):
        raise ServiceError(_l("Add at least one agenda item before publishing."))
    if target is MeetingState.CANCELLED:
        reason = public_reason(reason)
    previous, meeting.state = meeting.state, target
    if target is MeetingState.PUBLISHED:
        meeting.published_at = now or utcnow()
    elif target is MeetingState.CANCELLED:
        meeting.cancellation = MeetingCancellation(reason=reason, created_by_id=actor_id, created_at=now or utcnow())
    signals.meeting_state_changed.send(meeting, previous=previous)


# A public reason (of a cancellation or a postponement) is a sentence or a short paragraph.
REASON_MAX = 1000


def public_reason(reason: str | None) -> str:
    """The trimmed reason, refused when empty or too long."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Give the reason: it is shown to the public."), field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(_l("The reason is too long: at most %(n)s characters.", n=REASON_MAX), field="reason")
    return reason


def _shifted(moment: datetime | None, by: timedelta) -> datetime | None:
    return moment + by if moment is not None else None


def _new_part_2(meeting: Meeting, by: timedelta, starts_at: datetime | None,
                ends_at: datetime | None) -> tuple[datetime | None, datetime | None]:
    """Part 2's new times: as given, else moved with the meeting (a new start alone keeps its length)."""
    if not policies.has_part_2(meeting):
        if starts_at is not None or ends_at is not None:
            raise ServiceError(_l("This meeting has no online open session (part 2)."),
                               field="part2_starts_at" if starts_at is not None else "part2_ends_at")
        return None, None
    if starts_at is not None:
        by = starts_at - meeting.part2_starts_at
    return starts_at or _shifted(meeting.part2_starts_at, by), ends_at or _shifted(meeting.part2_ends_at, by)


def postpone_meeting(meeting: Meeting, starts_at: datetime, reason: str | None, actor_id: int | None, *,
                     part2_starts_at: datetime | None = None, part2_ends_at: datetime | None = None,
                     now: datetime | None = None) -> MeetingPostponement:
    """Move a published meeting that has not started to a later start, with a public reason.

    Part 1 moves by as much as the start; part 2 takes the times given, else moves with it. The change
    is kept in the meeting's schedule history and announced (`meeting_rescheduled`): the live page's
    viewers see it at once. Nothing changes when a rule refuses."""
    if not policies.may_postpone(meeting):
        raise ServiceError(_l("Only a published meeting that has not started can be postponed."), code="conflict")
    if starts_at <= meeting.starts_at:
        raise ServiceError(_l("A postponement moves the meeting to a later start than the one set now."),
                           field="starts_at")
    if starts_at <= (now or utcnow()):
        raise ServiceError(_l("The new start must be in the future."), field="starts_at")
    by = starts_at - meeting.starts_at
    times = {"starts_at": starts_at, "part1_starts_at": _shifted(meeting.part1_starts_at, by),
             "part1_ends_at": _shifted(meeting.part1_ends_at, by)}
    times["part2_starts_at"], times["part2_ends_at"] = _new_part_2(meeting, by, part2_starts_at, part2_ends_at)
    _check_times(times)
    if times["part2_starts_at"] is not None and times["part2_starts_at"] < starts_at:
        raise ServiceError(_l("Part 2 cannot start before the meeting starts."), field="part2_starts_at")
    reason = public_reason(reason)
    postponement = MeetingPostponement(previous_starts_at=meeting.starts_at, starts_at=starts_at, reason=reason,
                                       created_by_id=actor_id, created_at=now or utcnow())
    meeting.postponements.append(postponement)
    for name, value in times.items():
        setattr(meeting, name, value)
    db.session.flush()
    signals.meeting_rescheduled.send(meeting, postponement=postponement)
    return postponement


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    stmt = sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    return list(db.session.scalars(stmt))


ITEM_FIELDS = ("title", "kind", "task_id", "summary", "presenter", "page_from", "page_to")


def _check_item(fields: dict) -> None:
    if fields.get("page_from") and fields.get("page_to") and fields["page_to"] < fields["page_from"]:
        raise ServiceError(_l("The last page cannot come before the first."), field="page_to")
    if fields.get("task_id") is not None and db.session.get(Task, fields["task_id"]) is None:
        raise ServiceError(_l("Unknown task."), field="task_id")


def add_agenda_item(meeting: Meeting, **fields) -> AgendaItem:
    """Append an item at the end of the agenda."""
    _check_item(fields)
    last = db.session.scalar(sa.select(sa.func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id))
    item = AgendaItem(meeting=meeting, position=(last or 0) + 1, kind=fields.pop("kind", ItemKind.REPORT),
                      **{k: v for k, v in fields.items() if k in ITEM_FIELDS})
    db.session.add(item)
    db.session.flush()
    return item


def update_agenda_item(item: AgendaItem, **fields) -> None:
    """Change the given fields; the page range is checked together with the pages left as they were."""
    _check_item({"page_from": item.page_from, "page_to": item.page_to} | fields)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])


def move_agenda_item(item: AgendaItem, offset: int) -> None:
    """Swap the item with its neighbour `offset` places away (-1 up, +1 down); no-op at either end."""
    agenda = agenda_of(item.meeting)
    index = agenda.index(item)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(agenda):
        return
    agenda[index], agenda[other] = agenda[other], agenda[index]
    for position, entry in enumerate(agenda, start=1):
        entry.position = position


def delete_agenda_item(item: AgendaItem) -> None:
    """Remove an item from an agenda still in draft; published agendas are part of the public record."""
    if not policies.agenda_is_open(item.meeting):
        raise ServiceError(_l("Items of a published meeting cannot be deleted."))
    meeting = item.meeting
    db.session.delete(item)
    db.session.flush()
    for position, entry in enumerate(agenda_of(meeting), start=1):
        entry.position = position
