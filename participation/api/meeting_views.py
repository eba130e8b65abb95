"""Public meetings: `/api/v1/meetings` (in the order they were published), one meeting with its agenda and
materials, its items, its feedback per item (the dashboard's aggregates: public wherever the meeting is)
and its record (each finalized version, the record export's JSON). A draft is 404 everywhere."""
from __future__ import annotations

import json
from datetime import datetime

from flask_smorest import Blueprint

from participation.api import cursors, schemas
from participation.api.http import VISITOR, last_modified
from participation.feedback import brief
from participation.meetings import queries
from participation.meetings.services import agenda_of
from participation.record import exports, reading
from participation.core.permissions import public

bp = Blueprint("api_v1_meetings", __name__, description="Public meetings, their agendas, feedback and records.")
LISTING = "meetings"
MeetingPage = schemas.page_of(schemas.MeetingSchema, "MeetingPage")
ItemList = schemas.page_of(schemas.ItemSchema, "ItemPage")


def _items(meeting, materials) -> list[schemas.Extended]:
    return [schemas.Extended(item, materials=[m for m in materials if m.agenda_item_id == item.id])
            for item in agenda_of(meeting)]


@bp.route("/meetings")
@public
@bp.arguments(schemas.CommitteeArgs, location="query", as_kwargs=False)
@bp.response(200, MeetingPage)
def meetings(args: dict):
    """Public meetings (published, live, closed, with a final record, cancelled), in the order they were
    published."""
    after = cursors.decode(args.get("cursor"), LISTING, (datetime, int))
    rows = queries.published_meetings(after, args["limit"] + 1, committee_id=args.get("committee"))
    return cursors.page(LISTING, rows, args["limit"], queries.published_key_of)


@bp.route("/meetings/<int:meeting_id>")
@public
@bp.response(200, schemas.MeetingDetailSchema)
def meeting(meeting_id: int):
    """A public meeting with its agenda items and materials (metadata and download links)."""
    found = queries.visible_meeting(meeting_id, VISITOR)
    materials = queries.materials_of(found)
    return schemas.Extended(found, items=_items(found, materials),
                            materials=[m for m in materials if m.agenda_item_id is None])


@bp.route("/meetings/<int:meeting_id>/items")
@public
@bp.response(200, ItemList)
def items(meeting_id: int):
    """A public meeting's agenda items, in their order (one page: an agenda is short)."""
    found = queries.visible_meeting(meeting_id, VISITOR)
    return {"data": _items(found, queries.materials_of(found)), "next": None}


@bp.route("/meetings/<int:meeting_id>/feedback")
@public
@bp.response(200, schemas.FeedbackSchema)
def feedback(meeting_id: int):
    """The citizens' feedback per agenda item, as the dashboard shows it: counts by status, stance, phase
    and reason, participants, the most agreed comments, themes and the opinion map."""
    found = queries.visible_meeting(meeting_id, VISITOR)
    agenda = agenda_of(found)
    briefs, total = brief.meeting_documents(found, agenda)
    return {"meeting_id": found.id, "figures": total,
            "items": [{"item_id": item.id, "position": item.position, "title": item.title,
                       "task_code": item.task.code if item.task else None, **briefs[item.id]} for item in agenda]}


@bp.route("/meetings/<int:meeting_id>/record")
@public
@bp.arguments(schemas.RecordArgs, location="query", as_kwargs=False)
@bp.response(200, schemas.RecordSchema)
def record(args: dict, meeting_id: int):
    """The meeting's finalized record: the current version, or `version`; 404 before the first version."""
    shown = reading.reading(meeting_id, VISITOR, args.get("version"))
    last_modified(shown.version.created_at)
    return {"meeting_id": meeting_id, "versions": shown.versions,
            "record": json.loads(exports.json_of_document(shown.document, shown.version))}
