"""Downloads and feeds beside the API: a meeting's approved comments and its feedback per item as CSV, the
meetings as iCalendar (every committee's, or one committee's), and an Atom feed of what became public.

Views only: the formats are csv_files.py, calendars.py and atom.py; what is public is the domains' rule.
Downloads are read as the public reads them, whoever asks: a draft meeting is 404 even to a secretary
who may preview it on its pages (a file kept or shared must never hold what is not public). Every answer
names the data licence (config `DATA_LICENCE`) in a `Link: <…>; rel="license"` header.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request, stream_with_context
from flask_babel import gettext as _

from participation.api import atom, calendars, csv_files
from participation.core.permissions import public
from participation.meetings import queries
from participation.meetings.models import Meeting

bp = Blueprint("feeds", __name__)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@bp.record_once
def _template_globals(state) -> None:
    # The meeting page's "Open data" section and the base template's feed links ask for it.
    state.app.jinja_env.globals["open_data_licence"] = state.app.config["DATA_LICENCE"]


def _licensed(response: Response) -> Response:
    response.headers["Link"] = f'<{current_app.config["DATA_LICENCE"]["url"]}>; rel="license"'
    return response


def _public_meeting(meeting_id: int) -> Meeting:
    """The meeting if the public may read it (a draft is NotFound to everybody here)."""
    return queries.visible_meeting(meeting_id, None)


def _csv(meeting: Meeting, what: str, rows) -> Response:
    body = stream_with_context(csv_files.lines(
        csv_files.COMMENT_COLUMNS if what == "comments" else csv_files.FEEDBACK_COLUMNS, rows))
    response = Response(body, content_type=CSV_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_files.filename(meeting, what)}"'
    return _licensed(response)


@bp.route("/meetings/<int:meeting_id>/comments.csv")
@public
def comments_csv(meeting_id: int):
    meeting = _public_meeting(meeting_id)
    return _csv(meeting, "comments", csv_files.comment_rows(meeting))


@bp.route("/meetings/<int:meeting_id>/feedback.csv")
@public
def feedback_csv(meeting_id: int):
    meeting = _public_meeting(meeting_id)
    return _csv(meeting, "feedback", csv_files.feedback_rows(meeting))


def _conditional(body: bytes, content_type: str) -> Response:
    """A feed, with an ETag so that readers polling it get `304 Not Modified` while nothing changed."""
    response = _licensed(Response(body, content_type=content_type))
    response.add_etag()
    response.vary.add("Accept-Language")
    return response.make_conditional(request)


@bp.route("/meetings.ics")
@public
def calendar():
    listing = queries.home_listing()
    meetings = calendars.in_feed(listing.live + listing.upcoming + listing.past)
    return _conditional(calendars.calendar_of(meetings, _("Open Session: meetings")), CALENDAR_TYPE)


@bp.route("/committees/<int:committee_id>/meetings.ics")
@public
def committee_calendar(committee_id: int):
    committee = queries.committee_by_id(committee_id)
    meetings = calendars.in_feed(queries.public_meetings_of(committee))
    return _conditional(calendars.calendar_of(meetings, _("%(committee)s: meetings", committee=committee.name)),
                        CALENDAR_TYPE)


@bp.route("/feed.atom")
@public
def atom_feed():
    entries = atom.latest(atom.meeting_entries() + atom.record_entries() + atom.task_entries())
    return _conditional(atom.feed_of(entries), ATOM_TYPE)
