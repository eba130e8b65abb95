"""The secretary's material forms: Markdown documents (with a server-side preview), uploads, new versions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from participation.meetings.forms import column_length, optional_int, string_field, text_field
from participation.meetings.models import AgendaItem, Material, MaterialVersion

# A Markdown source may be long (a whole report), but one post stays bounded.
MARKDOWN_MAX = 200_000


def _item() -> SelectField:
    return SelectField(_l("Agenda item"), coerce=optional_int, choices=[],  # the meeting's items, set by the view
                       description=_l("Leave empty for a material of the whole meeting."))


def _markdown() -> TextAreaField:
    return TextAreaField(_l("Text (Markdown)"), validators=[DataRequired(), Length(max=MARKDOWN_MAX)],
                         render_kw={"rows": 18},
                         description=_l("Markdown: # for headings, blank lines between paragraphs, - for lists."))


def _file() -> FileField:
    return FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))],
                     description=_l("PDF, image or office document; the content decides the type."))


def _change_note() -> TextAreaField:
    return text_field(_l("What changed"), required=True, max_length=column_length(MaterialVersion.change_note), rows=2)


def item_choices(items: list[AgendaItem]) -> list[SelectChoice]:
    return [SelectChoice("", str(_l("The whole meeting")))] + [
        SelectChoice(str(item.id), f"{item.position}. {item.title}") for item in items
    ]


class DocumentForm(FlaskForm):
    title = string_field(_l("Title"), Material.title)
    agenda_item_id = _item()
    markdown = _markdown()
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save document"))


class UploadForm(FlaskForm):
    title = string_field(_l("Title"), Material.title)
    agenda_item_id = _item()
    file = _file()


class DocumentVersionForm(FlaskForm):
    markdown = _markdown()
    change_note = _change_note()
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save new version"))


class FileVersionForm(FlaskForm):
    file = _file()
    change_note = _change_note()


class MaterialEditForm(FlaskForm):
    title = string_field(_l("Title"), Material.title)
    agenda_item_id = _item()
