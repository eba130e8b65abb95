"""The feedback pages: the meeting's dashboard, one item's panel alone (for the live dashboard's script)
and each agenda item's printable brief.

Public wherever the meeting is (aggregates of approved comments are public, as the meeting page's figures
are); a draft meeting's pages answer 404 to everybody who may not preview it (`visible_meeting`). The
numbers come from aggregates.py (grouped SQL), the brief's document from brief.py, the charts from
charts.py; these views only put them together.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import sqlalchemy as sa
from babel.dates import format_skeleton
from flask import Blueprint, render_template
from flask_babel import format_percent, get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from participation.comments import queries as comment_queries
from participation.core.db import utcnow
from participation.core.permissions import public
from participation.core.templating import format_day, format_moment
from participation.extensions import db
from participation.feedback import aggregates, brief, charts, maps, models, panels  # noqa: F401  (models: this domain's tables)
from participation.feedback.aggregates import MeetingFeedback, Tally
from participation.meetings import queries
from participation.meetings.models import AgendaItem, Meeting, MeetingState, Task

bp = Blueprint("feedback", __name__)


@dataclass(frozen=True)
class VolumeRow:
    """One bucket of comment volume: `label` under its column, `full` in the table, `when` for <time>."""

    label: str
    full: str
    when: date | datetime
    value: int


@dataclass(frozen=True)
class Volume:
    size: str  # "minute" or "day"
    title: str
    heading: str
    description: str
    rows: list[VolumeRow]


@lru_cache(maxsize=8192)
def _minute_label(language: str, zone: str, when: datetime, style: str) -> str:
    # Babel formats a moment in a third of a millisecond, and a live session has hundreds of minutes, each
    # labelled twice on every dashboard request; the label depends only on the arguments, which include
    # the language and time zone that format_moment reads from the request.
    return format_moment(when, style)


def _volume(size: str, series: list) -> Volume:
    """A chart's worth of comment volume, with the quiet buckets between as zeros."""
    if size == "minute":
        filled = charts.filled_minutes(series)
        language, zone = str(get_locale()), str(get_timezone())
        rows = [VolumeRow(_minute_label(language, zone, when, "time"), _minute_label(language, zone, when, "short"),
                          when, n) for when, n in filled]
        title, heading = _("Comments per minute during the live session"), _("Minute")
    else:
        filled = charts.filled_days(series)
        rows = [VolumeRow(format_skeleton("MMMd", day, locale=get_locale()), format_day(day), day, n)
                for day, n in filled]
        title, heading = _("Comments per day"), _("Day")
    description = ""
    if rows:
        peak = max(rows, key=lambda row: row.value)
        description = _("%(n)s comments from %(first)s to %(last)s; the most, %(most)s, at %(peak)s.",
                        n=sum(row.value for row in rows), first=rows[0].full, last=rows[-1].full,
                        most=peak.value, peak=peak.full)
    return Volume(size, title, heading, description, rows)


def volumes(meeting: Meeting, feedback: MeetingFeedback) -> list[Volume]:
    """Per minute while the meeting is live; otherwise per day, and the live session per minute after it."""
    if meeting.state is MeetingState.LIVE:
        return [_volume("minute", feedback.per_minute)]
    shown = [_volume("day", feedback.per_day)]
    if feedback.per_minute:
        shown.append(_volume("minute", feedback.per_minute))
    return shown


def _agenda_with_tasks(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items in agenda order with their plan tasks and the tasks' status histories
    (the panels show them), in one statement: no query per item, nor per task."""
    return list(db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
        .options(joinedload(AgendaItem.task).joinedload(Task.history))).unique())


def _reply_documents(comment_ids: list[int]) -> dict[int, list[dict]]:
    """The official replies under the given comments, as the item page shows them (by the member's name)."""
    return {comment_id: [{"author": reply.author.public_name if reply.author else "", "body": reply.body,
                          "created_at": reply.created_at} for reply in replies]
            for comment_id, replies in comment_queries.replies_by_comment(comment_ids).items()}


# What the dashboard's heading reads of its meeting, loaded with it.
_MEETING_SHOWN = (joinedload(Meeting.committee), joinedload(Meeting.postponements))


@bp.route("/meetings/<int:meeting_id>/feedback")
@public
def dashboard(meeting_id: int):
    meeting = queries.visible_meeting(meeting_id, current_user, options=_MEETING_SHOWN)
    items = _agenda_with_tasks(meeting)
    feedback = aggregates.meeting_feedback(meeting, get_timezone(), items)
    return render_template("feedback/dashboard.html", meeting=meeting, feedback=feedback,
                           items_by_id={item.id: item for item in items}, volumes=volumes(meeting, feedback),
                           themes=brief.themes_documents([item.id for item in items]),
                           opinion_maps=maps.maps_of([item.id for item in items]))


@bp.route("/meetings/<int:meeting_id>/feedback/totals")
@public
def totals(meeting_id: int):
    """The whole meeting's part of the dashboard alone (figures, charts, volume, the most agreed
    comments), for the live script to swap in when the meeting's figures move."""
    meeting = queries.visible_meeting(meeting_id, current_user)
    feedback = aggregates.meeting_feedback(meeting, get_timezone())
    return render_template("feedback/totals.html", feedback=feedback, volumes=volumes(meeting, feedback),
                           items_by_id={item.id: item for item, _tally in feedback.items})


@bp.route("/meetings/<int:meeting_id>/feedback/items/<int:item_id>/panel")
@public
def item_panel(meeting_id: int, item_id: int):
    """One item's dashboard panel alone, charts included, for the live script to swap in."""
    meeting = queries.visible_meeting(meeting_id, current_user)
    item = queries.item_of(meeting, item_id)
    per, _total = aggregates.tallies(meeting.id, item.id)
    return render_template("feedback/panel.html", meeting=meeting, item=item, tally=per.get(item.id) or Tally(item.id),
                           themes=brief.themes_documents([item.id]).get(item.id),
                           opinion=maps.maps_of([item.id]).get(item.id))


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/brief")
@public
def item_brief(meeting_id: int, item_id: int):
    """The item's printable brief: figures, the stance chart, themes, the five most agreed comments with
    the members' official replies."""
    meeting = queries.visible_meeting(meeting_id, current_user)
    item = queries.item_of(meeting, item_id)
    document = brief.item_brief(item)
    replies = _reply_documents([comment["id"] for comment in document["top"]])
    return render_template("feedback/brief.html", meeting=meeting, item=item, brief=document, replies=replies,
                           now=utcnow())


def _moment(value):
    """A moment of a document (ISO text) or of a row (a datetime) as a datetime for the date filters."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _percent(part: int, whole: int) -> str:
    return format_percent(part / whole if whole else 0, "#,##0%")


def register(app) -> None:
    from participation.feedback import map_views, task_views  # noqa: F401  (their routes are on `bp`)

    app.register_blueprint(bp)
    map_views.register_globals(app)
    # The charts and labels the feedback templates use, also where the record includes the brief.
    app.add_template_global(charts.bar_chart, "feedback_bar_chart")
    app.add_template_global(charts.column_chart, "feedback_column_chart")
    app.add_template_global(charts.bars_of, "feedback_bars")
    app.add_template_global(charts.label_of, "feedback_label")
    app.add_template_global(_moment, "feedback_moment")
    app.add_template_global(_percent, "feedback_percent")
    app.add_template_global(panels.panel, "feedback_panel")
