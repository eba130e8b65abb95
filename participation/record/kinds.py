"""The kinds of record entries and of decisions, shared by the importer, the models and the exports; and
`ParsedEntry`, one entry as the importer reads it (here, below both the importer and `decisions.py`,
which make them)."""
from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class ParsedEntry:
    """One entry as read: `type` is an `EntryType`; decisions carry `outcome`, `deadline` and `pages`."""

    type: EntryType
    text: str
    speaker: str | None = None
    level: int | None = None
    answer: bool = False
    outcome: str = ""
    deadline: str | None = None
    pages: str = ""
