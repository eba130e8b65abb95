"""Record entries written as Markdown of the minutes' own shape, which `importer.parse` reads back.

Sections are headings, statements `- (speaker) text` (`- ▷ (speaker) text` for an answer), notes
`- ※ text`, decisions `- ■ 의결(원안 가결): text` (`decisions.mark_line`); the overview comes first as
`## 회의개요` with `- key : value` lines. Deterministic: the same entries give the same bytes.
"""
from __future__ import annotations

import re

from participation.record import decisions
from participation.record.kinds import DECISION_TYPES, EntryType

OVERVIEW_HEADING = "회의개요"
# Ends the proceedings in an exported record: what follows (the citizens' part) is no entry, and
# `importer.parse` stops reading at this line, so an export re-imports to the same entries.
END_OF_PROCEEDINGS = "<!-- open-session:end-of-proceedings -->"
_SPACES = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def entry_line(entry) -> str:
    """One entry as its Markdown line (entries are single paragraphs)."""
    text = _one_line(entry.text)
    if entry.type is EntryType.SECTION:
        return f"{'#' * max(1, min(6, entry.level or 2))} {text}"
    if entry.type is EntryType.NOTE:
        return f"- ※ {text}"
    if entry.type in DECISION_TYPES:
        return decisions.mark_line(entry.type, text, outcome=_one_line(entry.outcome), deadline=entry.deadline,
                                   pages=entry.pages or "")
    speaker = f"({_one_line(entry.speaker)}) " if entry.speaker else ""
    return f"- {'▷ ' if entry.answer else ''}{speaker}{text}"


def to_markdown(entries, *, title: str = "", overview: dict[str, str] | None = None, appendix: str = "") -> str:
    """The record as Markdown: an optional title line, the overview, then every entry in order; an
    `appendix` (the citizens' part) goes after the `END_OF_PROCEEDINGS` marker."""
    blocks = [title.strip()] if title.strip() else []
    if overview:
        blocks.append(f"## {OVERVIEW_HEADING}\n\n" + "\n".join(f"- {key} : {_one_line(value)}"
                                                          for key, value in overview.items()))
    lines: list[str] = []
    for entry in entries:
        line = entry_line(entry)
        if entry.type is EntryType.SECTION and lines:
            blocks.append("\n".join(lines))
            lines = []
        lines.append(line)
        if entry.type is EntryType.SECTION:
            blocks.append(lines.pop())
    if lines:
        blocks.append("\n".join(lines))
    if appendix.strip():
        blocks += [END_OF_PROCEEDINGS, appendix.strip()]
    return "\n\n".join(blocks) + "\n"
