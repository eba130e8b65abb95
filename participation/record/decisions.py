"""Decisions in minutes: the marked lines an export writes, and the ones the importer proposes.

Real minutes state decisions inside ordinary statements ("원안대로 가결하도록 하겠음", homework on
pp. 14-18 with no date) or as a heading ("부위원장 선출"). `propose` finds such phrases; the secretary
confirms each proposal in the preview, picks its type and sets an action item's deadline.

A confirmed decision is written to Markdown as one line, `- ■ 의결(원안 가결): text` (the label in
either language, the outcome or the action's deadline and pages in parentheses), and `marked` reads it
back, so an export re-imports to the same entries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from participation.record.kinds import EntryType, ParsedEntry

# Labels of the marked line, both languages; the first of each is what the Korean export writes.
MARK_LABELS = {
    EntryType.RESOLUTION: ("의결", "Resolution"),
    EntryType.ELECTION: ("선출", "Election"),
    EntryType.APPOINTMENT: ("위촉", "Appointment"),
    EntryType.ACTION: ("과제", "Action"),
}
_LABEL_TYPES = {label: entry_type for entry_type, labels in MARK_LABELS.items() for label in labels}
_MARKED = re.compile(r"^■\s*(%s)\s*(.*)$" % "|".join(map(re.escape, _LABEL_TYPES)), re.S)
_DEADLINE = re.compile(r"(?:기한|due)\s+(\d{4}-\d{2}-\d{2})")
_PAGES_DETAIL = re.compile(r"(\d+(?:[–-]\d+)?)\s*쪽")

# A decision taken ("가결하도록 하겠음", "가결됨"), not one put to the vote ("가결하고자 하는데").
_RESOLUTION = re.compile(r"(?:가결|의결)\s*(?:하도록|하겠|되었|하였|했|함|됨)|\b(?:passed|carried)\b", re.I)
_UNANIMOUS = re.compile(r"이의\s*없|no objection", re.I)
_ACTION = re.compile(r"숙제|의견을\s*(?:메일로\s*)?주시기\s*바람|written opinions?", re.I)
_PAGES = re.compile(r"(\d{1,4})\s*[~∼\-–]\s*(\d{1,4})\s*(?:쪽|페이지|pages?)|pp\.\s*(\d{1,4})\s*[-–]\s*(\d{1,4})")
_DATE = re.compile(r"(\d{4})[.\-/]\s*(\d{1,2})[.\-/]\s*(\d{1,2})")
_ELECTION_HEADING = re.compile(r"선출|선임|election", re.I)
_APPOINTMENT_HEADING = re.compile(r"위촉|임명|appointment", re.I)
_NOMINATION = re.compile(r"^[^:：]*(?:추천|nominat\w*)[^:：]*[:：]\s*(.+)$", re.I)
_CONSENT = re.compile(r"전체\s*['‘]?동의['’]?|이의\s*없음|unanimous\w*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.?!。])\s+|(?<=[음함임람됨])\s+(?=\S)")


@dataclass
class Proposal:
    """A decision the importer suggests: `entry` is the index of the statement or section it came from."""

    entry: int
    type: EntryType
    text: str
    outcome: str = ""
    pages: str = ""
    deadline: str | None = None


def marked(body: str):
    """A decision line written by an export, as an entry; None for any other bullet."""
    match = _MARKED.match(body)
    split = _detail_and_text(match.group(2)) if match else None
    if split is None:
        return None
    entry_type = _LABEL_TYPES[match.group(1)]
    detail, text = split
    entry = ParsedEntry(entry_type, text)
    if entry_type is EntryType.ACTION:
        deadline, pages = _DEADLINE.search(detail), _PAGES_DETAIL.search(detail)
        entry.deadline = deadline.group(1) if deadline else None
        entry.pages = pages.group(1) if pages else ""
    else:
        entry.outcome = detail
    return entry


def _detail_and_text(rest: str) -> tuple[str, str] | None:
    """`(detail): text` or `: text`; the detail may hold parentheses of its own ("원안 가결 (이의 없음)")."""
    detail = ""
    if rest.startswith("("):
        depth = 0
        for end, char in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                break
        else:
            return None
        detail, rest = rest[1:end].strip(), rest[end + 1:].lstrip()
    if not rest.startswith(":"):
        return None
    return detail, rest[1:].strip()


def mark_line(entry_type: EntryType, text: str, *, outcome: str = "", deadline: str | None = None,
              pages: str = "") -> str:
    """The Markdown line of a confirmed decision (read back by `marked`)."""
    if entry_type is EntryType.ACTION:
        detail = ", ".join(part for part in (f"기한 {deadline}" if deadline else "",
                                             f"{pages}쪽" if pages else "") if part)
    else:
        detail = outcome
    detail = f"({detail})" if detail else ""
    return f"- ■ {MARK_LABELS[entry_type][0]}{detail}: {text}"


def _sentence(text: str, pattern: re.Pattern) -> str:
    """The sentence of `text` in which `pattern` occurs (minutes end sentences with 음/함 as often as with a dot)."""
    for sentence in _SENTENCE_END.split(text):
        if pattern.search(sentence):
            return sentence.strip()
    return text.strip()


def _pages(text: str) -> str:
    match = _PAGES.search(text)
    if not match:
        return ""
    first, last = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return f"{int(first)}–{int(last)}"


def _deadline(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _after(entries, index: int, pattern: re.Pattern) -> bool:
    """The next statement answers with `pattern` (e.g. "(전체) 이의없음" before the chair's "가결")."""
    neighbours = entries[max(0, index - 1):index] + entries[index + 1:index + 2]
    return any(entry.type is EntryType.STATEMENT and pattern.search(entry.text) for entry in neighbours)


def _section_statements(entries, index: int):
    for entry in entries[index + 1:]:
        if entry.type is EntryType.SECTION:
            return
        if entry.type is EntryType.STATEMENT:
            yield entry


def _election(entries, index: int) -> Proposal:
    """"부위원장 선출" with its nomination ("위원추천(○○○) : 위정현 교수") and its consent ("전체 '동의'")."""
    text, outcome = entries[index].text, ""
    for statement in _section_statements(entries, index):
        nominee = _NOMINATION.match(statement.text)
        if nominee and text == entries[index].text:
            text = f"{text}: {nominee.group(1).strip()}"
        elif _CONSENT.search(statement.text) and not outcome:
            outcome = _CONSENT.search(statement.text).group(0).strip()
    return Proposal(index, EntryType.ELECTION, text, outcome=outcome)


def _contains_sections(entries, index: int) -> bool:
    following = entries[index + 1] if index + 1 < len(entries) else None
    return bool(following and following.type is EntryType.SECTION and (following.level or 0) > (entries[index].level or 0))


def propose(entries) -> list[Proposal]:
    """Decisions that the phrases of the entries suggest, in the order of the entries."""
    proposals: list[Proposal] = []
    for index, entry in enumerate(entries):
        if entry.type is EntryType.SECTION:
            if _contains_sections(entries, index):
                continue  # "< 신규위원 위촉식 >" holds the act itself ("위촉장 수여"): propose that one
            if _ELECTION_HEADING.search(entry.text):
                proposals.append(_election(entries, index))
            elif _APPOINTMENT_HEADING.search(entry.text):
                proposals.append(Proposal(index, EntryType.APPOINTMENT, entry.text))
            continue
        if entry.type is not EntryType.STATEMENT:
            continue
        if _RESOLUTION.search(entry.text):
            outcome = "원안 가결" if re.search(r"원안\s*대로", entry.text) else "가결"
            if _after(entries, index, _UNANIMOUS):
                outcome += " (이의 없음)"
            proposals.append(Proposal(index, EntryType.RESOLUTION, _sentence(entry.text, _RESOLUTION), outcome=outcome))
        if _ACTION.search(entry.text):
            text = _sentence(entry.text, _ACTION)
            if not _PAGES.search(text):  # "숙제를 안고 감." names the homework; the next sentence says what
                sentences = _SENTENCE_END.split(entry.text)
                text = " ".join(s for s in sentences if _ACTION.search(s) or _PAGES.search(s)).strip()
            proposals.append(Proposal(index, EntryType.ACTION, text, pages=_pages(entry.text),
                                      deadline=_deadline(entry.text)))
    return proposals
