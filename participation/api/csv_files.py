"""The CSV downloads of a meeting: its approved comments and its feedback per agenda item.

UTF-8 with a byte order mark (spreadsheet programs then open Korean correctly), one header row of stable
ASCII column names, codes (`support`, `live`) rather than translated labels, times in ISO 8601 with the
site's offset. A text cell that a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or
carriage return) is written with a leading `'`. The comments are streamed a page at a time: a meeting
may have 100,000 of them, never all in memory. Only public text: the masked `public_body`, the display
name the public pages show; never an e-mail address nor a guest's id.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Iterable, Iterator
from zoneinfo import ZoneInfo

from flask import current_app

from participation.comments import public, queries
from participation.comments.models import Comment, CommentStatus, Phase, RejectReason, Stance
from participation.core.spreadsheets import safe_cell
from participation.feedback.aggregates import Tally, tallies
from participation.meetings.models import AgendaItem, Meeting
from participation.meetings.services import agenda_of

BOM = "\ufeff"
PAGE = 1000  # comments read per query, and rows written per chunk of the response

COMMENT_COLUMNS = ["comment_id", "item_id", "item_position", "item_title", "task_code", "stance", "phase",
                   "approved_at", "author", "author_is_guest", "body", "agree", "disagree", "pass", "replies",
                   "reply_texts"]
FEEDBACK_COLUMNS = ["scope", "item_id", "item_position", "item_title", "task_code", "submitted",
                    *(f"status_{s.value}" for s in CommentStatus), *(f"stance_{s.value}" for s in Stance),
                    *(f"phase_{p.value}" for p in Phase), *(f"rejected_{r.value}" for r in RejectReason),
                    "participants", "agrees"]


def neutral(value) -> str | int:
    """A cell as written: text that would start a formula gets a leading `'`; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    return safe_cell(str(value))


def lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text, the byte order mark and the header first, in chunks of PAGE rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow([neutral(cell) for cell in row])
        if count % PAGE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def moment(value: datetime | None) -> str:
    """`2027-01-20T14:00:00+09:00`: a moment in the site's time zone, to the second."""
    return value.astimezone(_zone()).replace(microsecond=0).isoformat() if value else ""


def filename(meeting: Meeting, what: str) -> str:
    """`comments-2027-01-20-meeting-3.csv`: ASCII, the meeting's day (site time) and id."""
    day = meeting.starts_at.astimezone(_zone()).date().isoformat()
    return f"{what}-{day}-meeting-{meeting.id}.csv"


def _item_cells(item: AgendaItem | None) -> list:
    if item is None:
        return ["", "", "", ""]
    return [item.id, item.position, item.title, item.task.code if item.task else ""]


def approved_pages(meeting: Meeting) -> Iterator[list[Comment]]:
    """Every approved comment of the (public) meeting in the order they became public, PAGE at a time
    (keyset pages of the open-data listing, so no query holds a cursor open while the download is sent)."""
    after = None
    while True:
        page = public.public_comments(public.CommentFilter(meeting_id=meeting.id), after, PAGE)
        if page:
            yield page
        if len(page) < PAGE:
            return
        after = public.key_of(page[-1])


def comment_rows(meeting: Meeting) -> Iterator[list]:
    """One row per approved comment, with its votes and the committee's official replies."""
    items = {item.id: item for item in agenda_of(meeting)}
    for batch in approved_pages(meeting):
        replies = queries.replies_by_comment([c.id for c in batch])
        for c in batch:
            answers = replies.get(c.id, [])
            yield [c.id, *_item_cells(items.get(c.item_id)), c.stance.value, c.phase.value, moment(c.decided_at),
                   c.author_name, c.is_guest, c.public_body, c.agree_count, c.disagree_count, c.pass_count,
                   len(answers), "\n\n".join(_reply_text(r) for r in answers)]


def _reply_text(reply) -> str:
    author = reply.author.public_name if reply.author else ""
    return f"{author}: {reply.body}" if author else reply.body


def _tally_cells(tally: Tally) -> list:
    return [tally.submitted, *(tally.by_status[s] for s in CommentStatus), *(tally.by_stance[s] for s in Stance),
            *(tally.by_phase[p] for p in Phase), *(tally.rejected_by_reason[r] for r in RejectReason),
            tally.participants, tally.agrees]


def feedback_rows(meeting: Meeting) -> Iterator[list]:
    """One row per agenda item (in agenda order; zeros where nobody commented), then the whole meeting."""
    per_item, total = tallies(meeting.id, per_item=0)
    for item in agenda_of(meeting):
        yield ["item", *_item_cells(item), *_tally_cells(per_item.get(item.id) or Tally(item.id))]
    yield ["meeting", *_item_cells(None), *_tally_cells(total)]
