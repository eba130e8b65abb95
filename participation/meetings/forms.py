"""The secretary's forms: committees, tasks and their status, meetings, agenda items, state moves,
postponing and cancelling.

Length limits come from the model columns, so a form never accepts what the database would cut. Dates and
times are entered in the app's local zone (BABEL_DEFAULT_TIMEZONE) and leave the form as aware datetimes;
`utc()` turns them into the UTC the services store. Material forms live in `material_forms.py`.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField, URLField,
)
from wtforms.fields.choices import SelectChoice, enum_choices
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from participation.meetings.models import AgendaItem, Committee, ItemKind, Meeting, MeetingState, Task, TaskStatus
from participation.meetings.services import REASON_MAX

# Text columns have no size; these caps keep one form post to a sane amount of text.
TEXT_MAX = 10_000
NUMBER_MAX = 9_999


def column_length(column) -> int:
    """The size of a String column, e.g. `column_length(Task.code)` -> 20."""
    return column.property.columns[0].type.length


def strip(value) -> str:
    """Trim text; a text field missing from the post reads as empty, never None."""
    return value.strip() if isinstance(value, str) else ""


def optional_int(value) -> int | None:
    """Coerce for a select whose empty option means "none"."""
    if value in (None, "", "None"):
        return None
    return int(value)


def local_zone() -> ZoneInfo:
    """The zone forms speak in; a ZoneInfo, so attaching it with `replace` gives the right offset."""
    return ZoneInfo(str(get_timezone()))


def utc(value: datetime | None) -> datetime | None:
    """An aware datetime from a form, in UTC, for the services."""
    return value.astimezone(timezone.utc) if value is not None else None


def local_today() -> date:
    return datetime.now(local_zone()).date()


def string_field(label, column, required: bool = True, **kwargs) -> StringField:
    validators = [DataRequired()] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=column_length(column))], filters=[strip], **kwargs)


def text_field(label, required: bool = False, max_length: int = TEXT_MAX, rows: int = 4, **kwargs) -> TextAreaField:
    validators = [DataRequired()] if required else []
    return TextAreaField(label, validators=[*validators, Length(max=max_length)], filters=[strip],
                         render_kw={"rows": rows}, **kwargs)


def _when(label, required: bool = False, **kwargs) -> DateTimeLocalField:
    return DateTimeLocalField(
        label, validators=[InputRequired() if required else Optional()], tz=local_zone,
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        invalid_value_message=_l("Enter a date and time, e.g. 2024-03-05 14:00."), **kwargs,
    )


def _day(label) -> DateField:
    return DateField(label, validators=[InputRequired()], default=local_today,
                     invalid_value_message=_l("Enter a date, e.g. 2024-03-05."))


def _status(label) -> SelectField:
    return SelectField(label, coerce=TaskStatus,
                       choices=lambda: enum_choices(TaskStatus, label=lambda status: status.label))


def https_only(form, field) -> None:
    if field.data and not field.data.lower().startswith("https://"):
        raise ValidationError(_l("The stream address must start with https://."))


class CommitteeForm(FlaskForm):
    name = string_field(_l("Name"), Committee.name)
    description = text_field(_l("Description"))


class TaskForm(FlaskForm):
    """A new task of the plan with its first status."""

    code = string_field(_l("Code"), Task.code, description=_l("Strategy-major task-task, e.g. 3-1-7."))
    title = string_field(_l("Title"), Task.title)
    department = string_field(_l("Responsible department"), Task.department, required=False)
    status = _status(_l("Initial status"))
    changed_on = _day(_l("Status date"))
    reason = text_field(_l("Reason or note"))


class TaskEditForm(FlaskForm):
    title = string_field(_l("Title"), Task.title)
    department = string_field(_l("Responsible department"), Task.department, required=False)


class TaskStatusForm(FlaskForm):
    status = _status(_l("New status"))
    changed_on = _day(_l("Date of the change"))
    reason = text_field(_l("Reason"), required=True, rows=3)


class MeetingForm(FlaskForm):
    """A meeting's details; times are local."""

    title = string_field(_l("Title"), Meeting.title)
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(min=1, max=NUMBER_MAX)],
                          description=_l("The meeting's number within the year, e.g. 1."))
    place = string_field(_l("Place"), Meeting.place, required=False)
    summary = text_field(_l("Summary"))
    starts_at = _when(_l("Starts at"), required=True)
    part1_starts_at = _when(_l("Part 1 starts at"))
    part1_ends_at = _when(_l("Part 1 ends at"))
    part2_starts_at = _when(_l("Part 2 starts at"))
    part2_ends_at = _when(_l("Part 2 ends at"))
    stream_url = URLField(
        _l("Live stream address"), filters=[strip],
        validators=[Optional(), Length(max=column_length(Meeting.stream_url)),
                    URL(message=_l("Enter a full web address.")), https_only],
        description=_l("Optional; must start with https://."),
    )
    allow_guest_comments = BooleanField(_l("Allow comments without an account during part 2"))

    def service_fields(self) -> dict:
        """The form's values as the meeting services take them (UTC times, None for no stream)."""
        return {
            "title": self.title.data, "number": self.number.data, "place": self.place.data or "",
            "summary": self.summary.data or "", "starts_at": utc(self.starts_at.data),
            "part1_starts_at": utc(self.part1_starts_at.data), "part1_ends_at": utc(self.part1_ends_at.data),
            "part2_starts_at": utc(self.part2_starts_at.data), "part2_ends_at": utc(self.part2_ends_at.data),
            "stream_url": self.stream_url.data or None, "allow_guest_comments": self.allow_guest_comments.data,
        }


class MeetingCreateForm(MeetingForm):
    committee_id = SelectField(_l("Committee"), coerce=int, choices=[])  # choices set by the view


class AgendaItemForm(FlaskForm):
    title = string_field(_l("Title"), AgendaItem.title)
    kind = SelectField(_l("Kind"), coerce=ItemKind, choices=lambda: enum_choices(ItemKind, label=lambda k: k.label))
    task_id = SelectField(_l("Task of the plan"), coerce=optional_int, choices=[])  # the committee's tasks
    summary = text_field(_l("Summary"))
    presenter = string_field(_l("Presenter"), AgendaItem.presenter, required=False)
    page_from = IntegerField(_l("First page"), validators=[Optional(), NumberRange(min=1, max=NUMBER_MAX)],
                             description=_l("Pages of the printed agenda, optional."))
    page_to = IntegerField(_l("Last page"), validators=[Optional(), NumberRange(min=1, max=NUMBER_MAX)])

    def service_fields(self) -> dict:
        return {
            "title": self.title.data, "kind": self.kind.data, "task_id": self.task_id.data,
            "summary": self.summary.data or "", "presenter": self.presenter.data or "",
            "page_from": self.page_from.data, "page_to": self.page_to.data,
        }


def task_choices(tasks: list[Task], none_label) -> list[SelectChoice]:
    return [SelectChoice("", str(none_label))] + [SelectChoice(str(t.id), f"{t.code} {t.title}") for t in tasks]


class MoveItemForm(FlaskForm):
    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")])


class TransitionForm(FlaskForm):
    target = SelectField(coerce=MeetingState, choices=lambda: enum_choices(MeetingState))


def _public_reason(id_: str) -> TextAreaField:
    """The reason given to the public; two forms share the secretary's meeting page, hence the ids."""
    return text_field(_l("Reason, shown to the public"), required=True, max_length=REASON_MAX, rows=3, id=id_)


class PostponeForm(FlaskForm):
    """A later date for a published meeting; part 1 moves with it, part 2 too unless new times are given."""

    starts_at = _when(_l("New start"), required=True, id="postpone-starts_at")
    part2_starts_at = _when(_l("New start of part 2"), id="postpone-part2_starts_at",
                            description=_l("Optional: leave empty to move part 2 by as much as the start."))
    part2_ends_at = _when(_l("New end of part 2"), id="postpone-part2_ends_at",
                          description=_l("Optional: leave empty to keep the length of part 2."))
    reason = _public_reason("postpone-reason")

    def service_fields(self) -> dict:
        return {"starts_at": utc(self.starts_at.data), "part2_starts_at": utc(self.part2_starts_at.data),
                "part2_ends_at": utc(self.part2_ends_at.data), "reason": self.reason.data}


class CancelForm(FlaskForm):
    reason = _public_reason("cancel-reason")
