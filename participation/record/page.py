"""The record's document (a version's snapshot or the live draft) shaped for its HTML page: the
proceedings cut into sections and runs of entries, heading levels that keep the page's hierarchy, and
labels for the codes the document holds (an older snapshot's unknown code shows as itself).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from participation.comments.models import Phase, RejectReason, Stance
from participation.record.kinds import EntryType

# The page's own headings are h1 (the meeting) and h2 (overview, proceedings, citizens' part).
FIRST_SECTION_HEADING = 3
LAST_HEADING = 6
_LABELS = {"entry": EntryType, "stance": Stance, "phase": Phase, "reason": RejectReason}


@dataclass
class Block:
    """A section heading (`section` set, `heading` its h-level) or a run of the entries under it."""

    section: dict | None = None
    heading: int = FIRST_SECTION_HEADING
    entries: list[dict] = field(default_factory=list)


def heading_levels(entries: list[dict]) -> dict[int, int]:
    """Section level -> h-level: the levels in use, in order, become h3, h4, ... (h6 at most), so the
    minutes' `#`/`##`/`###` never skip a heading level on the page."""
    used = sorted({entry.get("level") or 2 for entry in entries if entry["type"] == EntryType.SECTION.value})
    return {level: min(FIRST_SECTION_HEADING + rank, LAST_HEADING) for rank, level in enumerate(used)}


def proceedings(entries: list[dict]) -> list[Block]:
    """The entries in order: every section a block of its own, the entries between them in runs."""
    levels = heading_levels(entries)
    blocks: list[Block] = []
    for entry in entries:
        if entry["type"] == EntryType.SECTION.value:
            blocks.append(Block(section=entry, heading=levels[entry.get("level") or 2]))
            continue
        if not blocks or blocks[-1].section is not None:
            blocks.append(Block())
        blocks[-1].entries.append(entry)
    return blocks


def label(kind: str, code: str) -> str:
    """The translated label of a code of the document (`label("stance", "support")`)."""
    try:
        return _LABELS[kind](code).label
    except ValueError:
        return code


def moment(text: str | None) -> datetime | None:
    """A moment of the document (ISO text) as a datetime for the page's date filters."""
    return datetime.fromisoformat(text) if text else None


def day(text: str | None) -> date | None:
    """A date of the document (an action item's deadline) for the page's date filter."""
    return date.fromisoformat(text) if text else None


def helpers() -> dict:
    """What the record's templates call."""
    return {"record_label": label, "record_moment": moment, "record_day": day, "record_proceedings": proceedings}
