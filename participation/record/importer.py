"""Minutes in Markdown (the shape of the committee's own minutes) read into structured record entries.

Headings become sections; `- (speaker) text` bullets become statements with their speaker (`○○○`, `OOO`,
titles such as `부위원장`, `전체`; a leading `▷` marks an answer); `※` lines become notes. Text that
goes on after a page break without a bullet is joined back to the entry it belongs to, and every such
join is listed for the secretary to check. Page numbers and running headers between are dropped.
Decisions are only *proposed* (`decisions.py`); the secretary confirms each in the preview. Reading
stops at the marker an exported record puts before its citizens' part (`markdown.END_OF_PROCEEDINGS`).

Pure: text in, `ParsedMinutes` out; nothing is stored here.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from participation.core.services import ServiceError
from participation.record import decisions, joins, markdown
from participation.record.kinds import DECISION_TYPES, EntryType, ParsedEntry

MAX_BYTES = 1024 * 1024
MAX_SPEAKER = 40

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_SPEAKER = re.compile(r"^(▷\s*)?\(([^()]{1,%d})\)\s*(.*)$" % MAX_SPEAKER, re.S)
_NOTE = re.compile(r"^※\s*(.*)$", re.S)
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:p\.?\s*|page\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", re.I)
_OVERVIEW_HEADING = re.compile(r"^(?:회의\s*)?개요$|^overview$", re.I)
_OVERVIEW_FIELD = re.compile(r"^([^:：]{1,20}?)\s*[:：]\s*(.+)$", re.S)
# "정무부시장 인사말씀", "부위원장 인사말씀(위정현 교수)": the heading names who speaks under it.
_SPEAKER_HEADING = re.compile(r"^(\S+)\s*(?:인사\s*말씀|인사말|remarks)", re.I)
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


@dataclass
class Join:
    """A page break mended: `entry` is the index of the entry whose text was cut."""

    entry: int
    before: str
    after: str
    with_space: bool


@dataclass
class ParsedMinutes:
    entries: list[ParsedEntry] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    proposals: list[decisions.Proposal] = field(default_factory=list)
    overview: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    front_matter: list[str] = field(default_factory=list)

    def count(self, entry_type: EntryType) -> int:
        return sum(1 for entry in self.entries if entry.type is entry_type)

    @property
    def decision_count(self) -> int:
        return sum(1 for entry in self.entries if entry.type in DECISION_TYPES)


def decode(data: bytes) -> str:
    """The upload as text, or a clear refusal (too large, not UTF-8)."""
    if len(data) > MAX_BYTES:
        raise ServiceError(_l("The minutes are too large (at most %(size)s MB).", size=MAX_BYTES // (1024 * 1024)),
                           field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(_l("The minutes must be a UTF-8 text file (Markdown)."), field="file") from None


def _plain(text: str) -> str:
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text).strip()


def _is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def _running_headers(lines: list[str]) -> set[str]:
    """Lines that recur verbatim outside headings and bullets: the page's running header or footer."""
    counts = Counter(line.strip() for line in lines
                     if line.strip() and not _HEADING.match(line) and not _BULLET.match(line))
    return {line for line, seen in counts.items() if seen > 1}


def _blocks(lines: list[str], dropped: set[str], skipped: list[str]) -> list[list[str]]:
    """Blocks of lines separated by blank lines, page numbers and running headers (those are recorded as
    skipped); a heading, a bullet or a `※` note also starts a block of its own."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        boundary = not stripped or _is_page_number(stripped) or stripped in dropped
        if stripped and boundary:
            skipped.append(stripped)
        if current and (boundary or _HEADING.match(line) or _BULLET.match(line) or _NOTE.match(stripped)):
            blocks.append(current)
            current = []
        if not boundary:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _bullet_entry(body: str) -> ParsedEntry:
    note = _NOTE.match(body)
    if note:
        return ParsedEntry(EntryType.NOTE, _plain(note.group(1)))
    marked = decisions.marked(body)
    if marked is not None:
        return marked
    speaker = _SPEAKER.match(body)
    if speaker:
        return ParsedEntry(EntryType.STATEMENT, _plain(speaker.group(3)), speaker=speaker.group(2).strip(),
                           answer=bool(speaker.group(1)))
    answer = body.startswith("▷")
    return ParsedEntry(EntryType.STATEMENT, _plain(body.lstrip("▷ ")), answer=answer)


class _Reader:
    def __init__(self, result: ParsedMinutes):
        self.result = result
        self.open_entry: int | None = None  # the entry that text after a page break would continue
        self.seen_heading = False
        self.in_overview = False
        self.section_speaker: str | None = None

    def add_statement(self, entry: ParsedEntry) -> None:
        if entry.type is EntryType.STATEMENT and entry.speaker is None:
            entry.speaker = self.section_speaker
        self.add(entry, continuable=True)

    def overview_field(self, body: str) -> bool:
        match = _OVERVIEW_FIELD.match(body) if self.in_overview else None
        if match:
            self.result.overview[re.sub(r"\s+", "", match.group(1))] = _plain(match.group(2))
            self.open_entry = None
        return bool(match)

    def add(self, entry: ParsedEntry, *, continuable: bool) -> None:
        self.result.entries.append(entry)
        self.open_entry = len(self.result.entries) - 1 if continuable else None

    def block(self, lines: list[str]) -> None:
        first = lines[0]
        heading = _HEADING.match(first)
        if heading:
            self.seen_heading = True
            title = _plain(heading.group(2))
            self.in_overview = bool(_OVERVIEW_HEADING.match(title))
            speaker = _SPEAKER_HEADING.match(title)
            self.section_speaker = speaker.group(1) if speaker else None
            if not self.in_overview:
                self.add(ParsedEntry(EntryType.SECTION, title, level=len(heading.group(1))), continuable=False)
            lines = lines[1:]
        else:
            bullet = _BULLET.match(first)
            if bullet:
                self.seen_heading = True
                body = " ".join([bullet.group(2).strip()] + [line.strip() for line in lines[1:]])
                if not self.overview_field(body):
                    self.add_statement(_bullet_entry(body))
                return
        if lines:
            self.text(" ".join(line.strip() for line in lines))

    def text(self, text: str) -> None:
        note = _NOTE.match(text)
        if note:
            self.add(ParsedEntry(EntryType.NOTE, _plain(note.group(1))), continuable=True)
        elif self.open_entry is not None:
            self.mend(self.open_entry, _plain(text))
        elif not self.seen_heading:
            self.result.front_matter.append(_plain(text))
        else:
            self.add_statement(ParsedEntry(EntryType.STATEMENT, _plain(text)))

    def mend(self, index: int, after: str) -> None:
        entry = self.result.entries[index]
        with_space = joins.needs_space(entry.text, after)
        self.result.joins.append(Join(index, entry.text, after, with_space))
        entry.text = joins.join(entry.text, after)


def _proceedings(lines: list[str]) -> list[str]:
    """The lines before `markdown.END_OF_PROCEEDINGS`: an exported record's citizens' part is no entry."""
    for number, line in enumerate(lines):
        if line.strip() == markdown.END_OF_PROCEEDINGS:
            return lines[:number]
    return lines


def parse(text: str) -> ParsedMinutes:
    """Read minutes; refuses text without a single heading (not minutes of this shape)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _proceedings(lines)
    if not any(_HEADING.match(line) for line in lines):
        raise ServiceError(_l("No headings found: the minutes need Markdown headings (##) for their sections."),
                           field="file")
    result = ParsedMinutes()
    reader = _Reader(result)
    for block in _blocks(lines, _running_headers(lines), result.skipped):
        reader.block(block)
    result.proposals = decisions.propose(result.entries)
    return result
