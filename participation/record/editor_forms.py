"""The secretary's forms for writing a record: an entry, the record's settings, a move, the import's upload
and its confirmation, and a committee's seats.

Length limits come from the model columns and services; choices that depend on the meeting (speakers,
agenda items) are set by the view. Every form is a FlaskForm, so every POST carries the CSRF token.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, FieldList, Form, FormField, HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from participation.meetings.forms import local_today, optional_int, string_field, text_field
from participation.meetings.models import CommitteeMembership, SeatRole
from participation.record import services
from participation.record.kinds import DECISION_TYPES, EntryType
from participation.record.models import TEXT_MAX, Record, RecordEntry

DECISION_CHOICES = [entry_type for entry_type in EntryType if entry_type in DECISION_TYPES]
# Titles the committee's own minutes use; the field takes any other too.
SEAT_TITLES = ("위원장", "부위원장", "위원", "간사")


def _date(label, required: bool = False, **kwargs) -> DateField:
    return DateField(label, validators=[InputRequired() if required else Optional()],
                     invalid_value_message=_l("Enter a date, e.g. 2024-03-05."), **kwargs)


def _enum_select(label, enum, members) -> SelectField:
    return SelectField(label, coerce=enum, choices=lambda: [SelectChoice(m.value, m.label) for m in members])


class EntryForm(FlaskForm):
    """One entry of the record; which fields count depends on its type (the service clears the others)."""

    type = SelectField(_l("Kind of entry"), coerce=EntryType,
                       choices=lambda: [SelectChoice(t.value, t.label) for t in EntryType])
    text = text_field(_l("Text"), required=True, max_length=TEXT_MAX, rows=5)
    agenda_item_id = SelectField(_l("Agenda item"), coerce=optional_int, choices=[])  # set by the view
    speaker_id = SelectField(_l("Speaker: a committee member"), coerce=optional_int, choices=[])  # by the view
    speaker_label = string_field(_l("Speaker: as written"), RecordEntry.speaker_label, required=False,
                                 description=_l("When the speaker is not a member's account: ○○○, or an "
                                                "official's title such as 부위원장 or 정보기획관."))
    answer = BooleanField(_l("An answer (▷)"))
    level = IntegerField(_l("Heading level"), validators=[Optional(), NumberRange(min=1, max=6)], default=2,
                         description=_l("Sections only: 2 for a main section, 3 for one inside it."))
    outcome = string_field(_l("Outcome"), RecordEntry.outcome, required=False,
                           description=_l("Decisions only, e.g. 원안 가결 (이의 없음)."))
    deadline = _date(_l("Deadline"), description=_l("Action items only: the day written opinions are due."))
    pages = string_field(_l("Pages"), RecordEntry.pages, required=False,
                         description=_l("Action items only, e.g. 14–18."))
    after = HiddenField()

    def fields(self) -> services.EntryFields:
        return services.EntryFields(
            type=self.type.data, text=self.text.data, level=self.level.data, speaker_id=self.speaker_id.data,
            speaker_label=self.speaker_label.data or "", answer=self.answer.data,
            agenda_item_id=self.agenda_item_id.data, outcome=self.outcome.data or "",
            deadline=self.deadline.data, pages=self.pages.data or "")



class SettingsForm(FlaskForm):
    anonymize_members = BooleanField(_l("Show committee members' statements as ○○○"))
    attendance = string_field(_l("Attendance"), Record.attendance, required=False,
                              description=_l("Who attended, e.g. 위원장 등 위원 12명, 서울시 관계자 등 30명."))


class MoveEntryForm(FlaskForm):
    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")], validators=[DataRequired()])

    @property
    def offset(self) -> int:
        return -1 if self.direction.data == "up" else 1


class DeleteEntryForm(FlaskForm):
    """Just the CSRF token: the button is the confirmation."""


class ImportUploadForm(FlaskForm):
    minutes = FileField(_l("Minutes (Markdown, UTF-8, at most 1 MB)"),
                        validators=[FileRequired(_l("Choose the minutes file."))])


class DecisionForm(Form):
    """One proposed decision: confirmed or not, its kind, and an action item's deadline."""

    confirm = BooleanField(_l("Confirm this decision"))
    type = _enum_select(_l("Kind of decision"), EntryType, DECISION_CHOICES)
    deadline = _date(_l("Deadline (action items)"))


class ImportSaveForm(FlaskForm):
    """The previewed minutes carried to the save step (base64 with a signature) and the decisions."""

    minutes = HiddenField(validators=[DataRequired()])
    signature = HiddenField(validators=[DataRequired()])
    decisions = FieldList(FormField(DecisionForm), min_entries=0)


class MembershipForm(FlaskForm):
    """A seat on the committee; the account must hold the role that goes with it."""

    user_id = SelectField(_l("Person"), coerce=optional_int, choices=[], validators=[DataRequired()])  # by the view
    role = _enum_select(_l("Seat"), SeatRole, list(SeatRole))
    title = string_field(_l("Seat title"), CommitteeMembership.title, required=False,
                         description=_l("As the committee writes it: 위원장, 부위원장, 위원, 간사."),
                         render_kw={"list": "seat-titles"})
    starts_on = DateField(_l("Term starts"), validators=[InputRequired()], default=local_today,
                          invalid_value_message=_l("Enter a date, e.g. 2024-03-05."))
    ends_on = _date(_l("Term ends"), description=_l("Optional: the last day of the term."))



class EndMembershipForm(FlaskForm):
    ends_on = DateField(_l("Last day"), validators=[InputRequired()], default=local_today,
                        invalid_value_message=_l("Enter a date, e.g. 2024-03-05."))
