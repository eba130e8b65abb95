"""Finding personal data in comment text (phone numbers, e-mail addresses, Korean resident registration
numbers) so moderators see it highlighted and the public text masks it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

MASK = "●"
_SEP = r"[-.\s]?"
PATTERNS = [
    # Resident registration number: birth date YYMMDD, then a gender/century digit 1-8 and six more.
    ("rrn", re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?[-–]?\s?[1-8]\d{6}(?!\d)")),
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    # Korean mobile and landline numbers, domestic or +82.
    ("phone", re.compile(
        rf"(?<!\d)(?:\+82{_SEP}\(?0?\)?|0)(?:1[016789]|2|[3-6][1-5]|70|50\d){_SEP}\)?\d{{3,4}}{_SEP}\d{{4}}(?!\d)"
    )),
]


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int


def find(text: str) -> list[Span]:
    """Non-overlapping spans of personal data in `text`, in order."""
    spans: list[Span] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if not any(match.start() < s.end and s.start < match.end() for s in spans):
                spans.append(Span(kind, match.start(), match.end()))
    return sorted(spans, key=lambda s: s.start)


def mask(text: str, spans: list[tuple[int, int]] | list[Span]) -> str:
    """`text` with every span replaced by mask characters (white space kept, so lines stay lines)."""
    chars = list(text)
    for span in spans:
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        for index in range(max(0, start), min(len(chars), end)):
            if not chars[index].isspace():
                chars[index] = MASK
    return "".join(chars)


def highlight(text: str) -> Markup:
    """Escaped `text` with personal data wrapped in `<mark>` for moderators."""
    out, position = [], 0
    for span in find(text):
        out.append(escape(text[position:span.start]))
        out.append(Markup('<mark class="pii" data-kind="{}">{}</mark>').format(span.kind, text[span.start:span.end]))
        position = span.end
    out.append(escape(text[position:]))
    return Markup("").join(out)
