"""Forms of finalizing, correcting, remarks and written opinions. They carry the CSRF token and the typed
values; the rules (lengths, empty texts, who and when) are the services' (`versions`, `opinions`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import Optional

from participation.record.kinds import DECISION_TYPES, EntryType
from participation.record.models import RecordEntry
from participation.record.versions import KEEP, EntryChange


class ConfirmForm(FlaskForm):
    """A button that changes something (finalize, resolve): the CSRF token only."""


class RemarkForm(FlaskForm):
    body = TextAreaField(_l("Your remark"), render_kw={"rows": 4})


class OpinionForm(FlaskForm):
    body = TextAreaField(_l("Your written opinion"), render_kw={"rows": 6})


def opinion_form(item_id: int, **kwargs) -> OpinionForm:
    """The opinion form of one agenda item: one page holds one per item, so its fields are prefixed
    (`item-7-body`)."""
    return OpinionForm(prefix=f"item-{item_id}", **kwargs)


class CorrectionForm(FlaskForm):
    """The change note and the attendance; `correction_form` adds the fields of every entry."""

    change_note = StringField(_l("What the correction changes"),
                              description=_l("Shown with the new version to everyone, e.g. “Corrected a speaker's "
                                             "statement on p. 5 at the member's request.”"))
    attendance = StringField(_l("Attendance"))


def _fields(entry: RecordEntry) -> dict:
    fields = {f"text_{entry.id}": TextAreaField(_l("Text"), default=entry.text, render_kw={"rows": 2})}
    if entry.type is EntryType.STATEMENT and entry.speaker_id is None:
        fields[f"speaker_{entry.id}"] = StringField(_l("Speaker"), default=entry.speaker_label or "")
    if entry.type in DECISION_TYPES:
        fields[f"outcome_{entry.id}"] = StringField(_l("Outcome"), default=entry.outcome)
    if entry.type is EntryType.ACTION:
        fields[f"deadline_{entry.id}"] = DateField(_l("Deadline"), default=entry.deadline, validators=[Optional()])
    fields[f"remove_{entry.id}"] = BooleanField(_l("Remove this entry"))
    return fields


def correction_form(entries: list[RecordEntry], attendance: str, **kwargs) -> CorrectionForm:
    """The correction form of a record: its current entries' values as defaults."""
    form_class = type("RecordCorrectionForm", (CorrectionForm,), {
        name: field for entry in entries for name, field in _fields(entry).items()})
    form = form_class(**kwargs)
    if not form.is_submitted():
        form.attendance.data = attendance
    return form


def entry_fields(form: CorrectionForm, entry: RecordEntry) -> list:
    """The form's fields of one entry, in order (for the template)."""
    return [form[name] for name in _fields(entry) if name in form]


def changes(form: CorrectionForm, entries: list[RecordEntry]) -> list[EntryChange]:
    """The submitted values of every entry, for `versions.correct` (which applies what differs)."""
    def value(name: str):
        return form[name].data if name in form else None

    out = []
    for entry in entries:
        deadline = form[f"deadline_{entry.id}"].data if f"deadline_{entry.id}" in form else KEEP
        out.append(EntryChange(entry.id, text=value(f"text_{entry.id}"), speaker=value(f"speaker_{entry.id}"),
                               outcome=value(f"outcome_{entry.id}"), deadline=deadline,
                               remove=bool(value(f"remove_{entry.id}"))))
    return out
