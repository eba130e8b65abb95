"""The API's resources as marshmallow schemas: they serialize every response and, through flask-smorest's
apispec plugin, are the OpenAPI document's schemas; one source for both, so the document cannot drift.

v1 is stable: fields may be added here, never renamed or removed. Times are ISO 8601 in UTC; enumerations
are the domains' stable codes (`Stance.codes()` …), never translated labels. What is public is the
domains' decision (participation/comments/public.py, meetings/queries.py): these schemas only choose the
fields, and never hold an e-mail address, a guest's internal id or a comment's unmasked body.
"""
from __future__ import annotations

from flask import url_for
from datetime import timezone

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from participation.comments.models import Phase, Stance
from participation.core.services import MAX_ID
from participation.meetings.models import ItemKind, MeetingState, TaskStatus

PAGE_MAX = 200
_ID = validate.Range(1, MAX_ID)  # ids as the URL converter takes them: the database's integer range


def _codes(enum) -> validate.OneOf:
    return validate.OneOf(enum.codes())


def _code(attribute: str):
    """The stable code of an enumeration attribute."""
    return lambda obj: getattr(obj, attribute).value


def _computed(function, kind: str = "string", *, nullable: bool = False, **metadata):
    """A value the schema computes from the object, documented with its JSON type."""
    return fields.Function(function, required=True, allow_none=nullable, metadata={"type": kind, **metadata})


def _url(endpoint: str, **values):
    return url_for(endpoint, _external=True, **values)


class Extended:
    """An object as a schema reads it: its own attributes, and a few more the view gathered
    (a comment's replies, an item's materials) without setting them on a database row."""

    def __init__(self, wrapped, **extra):
        self._wrapped = wrapped
        self.__dict__.update(extra)

    def __getattr__(self, name):
        return getattr(self._wrapped, name)


class Strict(Schema):
    class Meta:
        ordered = True


class UtcDateTime(fields.AwareDateTime):
    """A time with an offset, taken as UTC; one that UTC cannot hold (year 9999 west of Greenwich) is invalid."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(timezone.utc)
        except OverflowError:
            raise ValidationError("Not a time in the range of UTC.") from None


# --- query parameters -----------------------------------------------------------------------------------

class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    cursor = fields.String(metadata={"description": "The `next` value of the previous page; omit for the first."})
    limit = fields.Integer(load_default=50, validate=validate.Range(1, PAGE_MAX),
                           metadata={"description": f"Entries per page, 1 to {PAGE_MAX}."})


class CommentArgs(PageArgs):
    meeting = fields.Integer(validate=_ID, metadata={"description": "A meeting's id."})
    item = fields.Integer(validate=_ID, metadata={"description": "An agenda item's id."})
    stance = fields.String(validate=_codes(Stance), metadata={"enum": Stance.codes()})
    phase = fields.String(validate=_codes(Phase), metadata={"enum": Phase.codes()})
    since = UtcDateTime(metadata={
        "description": "Only comments approved at or after this time (ISO 8601 with an offset)."})


class CommitteeArgs(PageArgs):
    committee = fields.Integer(validate=_ID, metadata={"description": "A committee's id."})


class RecordArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    version = fields.Integer(validate=_ID, metadata={
        "description": "A version's number; the current one when omitted."})


# --- resources ------------------------------------------------------------------------------------------

class CommitteeSchema(Strict):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    url = _computed(lambda c: _url("meetings.committee", committee_id=c.id), format="uri")


class StatusChangeSchema(Strict):
    status = _computed(_code("status"), enum=TaskStatus.codes())
    changed_on = fields.Date(required=True)
    reason = fields.String(required=True)


class TaskSchema(Strict):
    id = fields.Integer(required=True)
    code = fields.String(required=True, metadata={"description": "strategy-major-number, e.g. 3-1-7"})
    committee_id = fields.Integer(required=True)
    strategy = fields.Integer(required=True)
    major = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    department = fields.String(required=True)
    status = _computed(_code("status"), enum=TaskStatus.codes())
    history = fields.List(fields.Nested(StatusChangeSchema), required=True)
    url = _computed(lambda t: _url("feedback.task", code=t.code), format="uri")


class PostponementSchema(Strict):
    previous_starts_at = fields.DateTime(required=True)
    starts_at = fields.DateTime(required=True)
    reason = fields.String(required=True)


class CancellationSchema(Strict):
    reason = fields.String(required=True)
    created_at = fields.DateTime(required=True, data_key="cancelled_at")


class MeetingLinksSchema(Strict):
    """Where a meeting is on the site and in the API (read off the meeting itself)."""

    page = _computed(lambda m: _url("meetings.meeting", meeting_id=m.id), format="uri")
    live = _computed(lambda m: _url("live.live_page", meeting_id=m.id), format="uri")
    feedback = _computed(lambda m: _url("feedback.dashboard", meeting_id=m.id), format="uri")
    record = _computed(lambda m: _url("api_v1_meetings.record", meeting_id=m.id), format="uri")
    calendar = _computed(lambda m: _url("feeds.committee_calendar", committee_id=m.committee_id), format="uri")


class _Whole(fields.Nested):
    """A nested object made of the whole object being dumped (its links), not of one of its attributes."""

    def get_value(self, obj, attr, accessor=None, default=None):
        return obj


class MeetingSchema(Strict):
    id = fields.Integer(required=True)
    committee_id = fields.Integer(required=True)
    committee = _computed(lambda m: m.committee.name)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    state = _computed(_code("state"), enum=[s.value for s in MeetingState if s is not MeetingState.DRAFT])
    place = fields.String(required=True)
    summary = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    part1_starts_at = fields.DateTime(allow_none=True, required=True)
    part1_ends_at = fields.DateTime(allow_none=True, required=True)
    part2_starts_at = fields.DateTime(allow_none=True, required=True)
    part2_ends_at = fields.DateTime(allow_none=True, required=True)
    stream_url = fields.String(allow_none=True, required=True)
    takes_guest_comments = fields.Boolean(attribute="allow_guest_comments", required=True)
    published_at = fields.DateTime(allow_none=True, required=True)
    postponements = fields.List(fields.Nested(PostponementSchema), required=True)
    cancellation = fields.Nested(CancellationSchema, allow_none=True, required=True)
    links = _Whole(MeetingLinksSchema, required=True)


class MaterialSchema(Strict):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    kind = _computed(_code("kind"), enum=["document", "file"])
    version = _computed(lambda m: m.current.number, "integer")
    updated_at = _computed(lambda m: m.current.created_at.isoformat(), format="date-time")
    filename = _computed(lambda m: m.current.filename, nullable=True)
    content_type = _computed(lambda m: m.current.content_type, nullable=True)
    size = _computed(lambda m: m.current.size, "integer", nullable=True)
    page = _computed(lambda m: _url("meetings.material", meeting_id=m.meeting_id, material_id=m.id),
                     format="uri")
    download = _computed(lambda m: _url("meetings.download", meeting_id=m.meeting_id, material_id=m.id)
                         if m.kind.value == "file" else None, nullable=True, format="uri")


class ItemSchema(Strict):
    id = fields.Integer(required=True)
    meeting_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    kind = _computed(_code("kind"), enum=ItemKind.codes())
    task_code = _computed(lambda i: i.task.code if i.task else None, nullable=True)
    summary = fields.String(required=True)
    presenter = fields.String(required=True)
    pages = fields.String(required=True)
    materials = fields.List(fields.Nested(MaterialSchema), required=True)
    url = _computed(lambda i: _url("meetings.item", meeting_id=i.meeting_id, item_id=i.id), format="uri")


class MeetingDetailSchema(MeetingSchema):
    items = fields.List(fields.Nested(ItemSchema), required=True)
    materials = fields.List(fields.Nested(MaterialSchema), required=True,
                            metadata={"description": "The meeting's own materials (not of one item)."})


class VotesSchema(Strict):
    agree = fields.Integer(required=True)
    disagree = fields.Integer(required=True)
    # `pass` is a Python keyword: the attribute is the dict key.
    pass_ = fields.Integer(required=True, data_key="pass", attribute="pass")


class ReplySchema(Strict):
    author = _computed(lambda r: r.author.public_name if r.author else "")
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class CommentSchema(Strict):
    id = fields.Integer(required=True)
    meeting_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    author = fields.String(attribute="author_name", required=True, metadata={
        "description": "The display name the public pages show (a guest's nickname)."})
    guest = fields.Boolean(attribute="is_guest", required=True)
    stance = _computed(_code("stance"), enum=Stance.codes())
    phase = _computed(_code("phase"), enum=Phase.codes())
    body = fields.String(attribute="public_body", required=True, metadata={
        "description": "The published text: personal data (phone numbers, e-mail addresses) masked."})
    created_at = fields.DateTime(required=True)
    approved_at = fields.DateTime(attribute="decided_at", required=True)
    votes = fields.Nested(VotesSchema, attribute="vote_counts", required=True)
    replies = fields.List(fields.Nested(ReplySchema), required=True,
                          metadata={"description": "Committee members' official replies."})
    licence = fields.String(required=True)


def page_of(item_schema: type[Schema], name: str) -> type[Schema]:
    """The envelope of one page of a listing: its entries and the cursor of the next page."""
    return Schema.from_dict({
        "data": fields.List(fields.Nested(item_schema), required=True),
        "next": fields.String(allow_none=True, required=True, metadata={
            "description": "Pass as `cursor` for the next page; null on the last page."}),
    }, name=name)


class ErrorBodySchema(Strict):
    code = fields.String(required=True, metadata={"description": "Stable: not_found, invalid_parameter, "
                                                                 "rate_limited, method_not_allowed, server_error…"})
    status = fields.Integer(required=True)
    message = fields.String(required=True, metadata={"description": "In the requested language."})
    errors = fields.Dict(metadata={"description": "The parameters that failed and why."})


class ErrorSchema(Strict):
    error = fields.Nested(ErrorBodySchema, required=True)


# --- feedback and records -------------------------------------------------------------------------------

def _counts(enum, what: str):
    return fields.Dict(keys=fields.String(validate=_codes(enum)), values=fields.Integer(), required=True,
                       metadata={"description": f"{what} by code, every code present."})


class FiguresSchema(Strict):
    submitted = fields.Integer(required=True)
    approved = fields.Integer(required=True)
    waiting = fields.Integer(required=True, metadata={"description": "Pending moderation (a count only)."})
    rejected = fields.Integer(required=True, metadata={"description": "Rejected or hidden (a count only)."})
    participants = fields.Integer(required=True, metadata={"description": "Distinct accounts and guests."})
    agrees = fields.Integer(required=True)


class TopCommentSchema(Strict):
    id = fields.Integer(required=True)
    stance = fields.String(required=True, validate=_codes(Stance))
    phase = fields.String(required=True, validate=_codes(Phase))
    agree_count = fields.Integer(required=True)
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    body = fields.String(required=True)


class ItemFeedbackSchema(Strict):
    item_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    task_code = fields.String(allow_none=True, required=True)
    figures = fields.Nested(FiguresSchema, required=True)
    by_stance = _counts(Stance, "Approved comments")
    by_phase = _counts(Phase, "Approved comments")
    rejected_by_reason = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    top = fields.List(fields.Nested(TopCommentSchema), required=True,
                      metadata={"description": "The most agreed approved comments."})
    themes = fields.Dict(allow_none=True, required=True, metadata={
        "description": "The themes last computed from the item's approved comments (key terms, sizes, "
                       "representative comments), null before the first computation."})
    map = fields.Dict(allow_none=True, required=True, metadata={
        "description": "The opinion map last computed from the votes (groups, their representative comments, "
                       "consensus), null before the first computation."})


class FeedbackSchema(Strict):
    meeting_id = fields.Integer(required=True)
    figures = fields.Nested(FiguresSchema, required=True, metadata={"description": "The whole meeting."})
    items = fields.List(fields.Nested(ItemFeedbackSchema), required=True)


class RecordVersionSchema(Strict):
    number = fields.Integer(required=True)
    finalized_at = fields.DateTime(attribute="created_at", required=True)
    sha256 = fields.String(required=True, metadata={"description": "Of the version's canonical JSON."})
    change_note = fields.String(required=True)


class RecordSchema(Strict):
    meeting_id = fields.Integer(required=True)
    versions = fields.List(fields.Nested(RecordVersionSchema), required=True)
    record = fields.Dict(required=True, metadata={
        "description": "The version's document, exactly the record's JSON export (docs/record.md)."})
