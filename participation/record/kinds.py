"""The kinds of record entries and of decisions, shared by the importer, the models and the exports."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participation.core.enums import LabelledEnum


class EntryType(LabelledEnum):
    SECTION = "section", _l("Section")
    STATEMENT = "statement", _l("Statement")
    NOTE = "note", _l("Note")
    RESOLUTION = "resolution", _l("Resolution")
    ELECTION = "election", _l("Election")
    APPOINTMENT = "appointment", _l("Appointment")
    ACTION = "action", _l("Action item")


DECISION_TYPES = frozenset({EntryType.RESOLUTION, EntryType.ELECTION, EntryType.APPOINTMENT, EntryType.ACTION})
