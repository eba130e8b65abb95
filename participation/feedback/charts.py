"""Accessible charts drawn on the server as inline SVG, so they show without JavaScript and print in the
record's PDF (WeasyPrint draws inline SVG): a horizontal bar chart (one bar per category: stances,
statuses, phases, rejection reasons) and a column chart (comment volume over time).

Every chart is `<svg role="img" aria-labelledby="<id>-title <id>-desc">` with a `<title>` and a `<desc>`,
and its page puts a table with the same numbers beside it (templates/feedback/_charts.html). No
information is carried by colour alone: each series has an Okabe-Ito colour (told apart by colour-blind
readers) *and* a pattern of its own (told apart in greyscale and on a black-and-white printer), every bar
is labelled with its category and its value in text, and bars have a dark outline.

Pure functions of strings and numbers (labels come translated, times formatted, from the caller). Every
text and attribute value goes through `markupsafe.escape`, so a label holding `<script>` or a quote is
only ever text. A chart without data is an empty-state paragraph, not an empty frame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from participation.comments.models import Phase, RejectReason, Stance

INK = "#1b1f24"
MUTED = "#4a5560"
WIDTH = 320  # user units; the SVG scales to its box (CSS), about 1:1 on a phone
FONT = 14
SMALL = 12
MAX_LABEL = 30  # characters of a category label drawn in the chart (the table beside holds it whole)
EMPTY = _l("No comments to show yet.")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Style:
    """One series' look: an Okabe-Ito colour and a pattern drawn over it in `stroke`."""

    colour: str
    pattern: str  # "solid", "slash", "dots", "horizontal", "cross", "backslash", "vertical"
    stroke: str  # the pattern's lines: white on the dark colours, ink on the light ones


# Okabe & Ito (2008), "Color Universal Design", with a pattern each. The order suits the stances
# (support, oppose, concern, question, suggestion) as the Stance enum lists them.
STYLES = (
    Style("#009E73", "solid", "#ffffff"),       # bluish green
    Style("#D55E00", "slash", "#ffffff"),       # vermillion
    Style("#E69F00", "dots", INK),              # orange
    Style("#56B4E9", "horizontal", INK),        # sky blue
    Style("#CC79A7", "cross", INK),             # reddish purple
    Style("#0072B2", "backslash", "#ffffff"),   # blue
    Style("#F0E442", "vertical", INK),          # yellow
)


@dataclass(frozen=True)
class Bar:
    """One category of a bar chart: its label (translated, or user text), its value, its style's index,
    and the key of its number on the page (`stance.support`: the table beside gives it `data-figure`)."""

    label: str
    value: int
    style: int = 0
    key: str = ""


@dataclass(frozen=True)
class Column:
    """One time bucket of a column chart: its label (a formatted time) and how many comments."""

    label: str
    value: int


# The statuses a chart shows (pending and hidden comments together, as "waiting"), with their styles.
STATUSES = (("approved", _l("Approved"), 0), ("waiting", _l("Waiting"), 2), ("rejected", _l("Rejected"), 1))
_KINDS = {"stance": Stance, "phase": Phase, "reason": RejectReason}
# Phases in colours of their own, not those of the stances beside them.
_FIRST_STYLE = {"stance": 0, "phase": 5, "reason": 0}


def bars_of(kind: str, counts) -> list[Bar]:
    """One bar per code of `kind` ("stance", "phase", "reason": every code of the enum, in its order,
    zeros included; "status": approved, waiting, rejected), labelled in the reader's language, from
    `counts` (a mapping code -> count: a tally's Counter or a document's dict; missing codes are 0)."""
    if kind == "status":
        return [Bar(str(label), int(counts.get(code, 0)), style, code) for code, label, style in STATUSES]
    first = _FIRST_STYLE[kind]
    return [Bar(member.label, int(counts.get(member.value, 0)), first + index, f"{kind}.{member.value}")
            for index, member in enumerate(_KINDS[kind])]


def label_of(kind: str, code: str) -> str:
    """The translated label of a stance, phase or reason code (an unknown code, of an older document,
    as itself)."""
    try:
        return _KINDS[kind](code).label
    except ValueError:
        return code


def _attrs(attrs: dict) -> str:
    # Plain str concatenation of escaped parts: Markup.format costs ten times more, and a dashboard of
    # 50 items draws thousands of elements.
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
                   for name, value in attrs.items() if value is not None)


def element(tag: str, *children, **attrs) -> Markup:
    """`<tag attr="...">children</tag>`: attribute values and text children escaped (Markup children kept)."""
    inner = "".join(escape(child) for child in children)
    return Markup(f"<{tag}{_attrs(attrs)}>{inner}</{tag}>")


def checked_id(chart_id: str) -> str:
    if not _ID.fullmatch(chart_id):
        raise ValueError(f"a chart id is a letter then letters, digits, - or _: {chart_id!r}")
    return chart_id


def _short(label: str, limit: int = MAX_LABEL) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def pattern_fill(pattern_id: str, style: Style) -> Markup:
    """The `<pattern>` that fills a bar: the colour with the style's lines or dots over it."""
    size = 8
    background = element("rect", width=size, height=size, fill=style.colour)
    lines = {
        "slash": [element("path", d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke=style.stroke, stroke_width=2)],
        "backslash": [element("path", d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4", stroke=style.stroke, stroke_width=2)],
        "horizontal": [element("path", d="M0,2 h8 M0,6 h8", stroke=style.stroke, stroke_width=1.5)],
        "vertical": [element("path", d="M2,0 v8 M6,0 v8", stroke=style.stroke, stroke_width=1.5)],
        "cross": [element("path", d="M0,0 l8,8 M8,0 l-8,8", stroke=style.stroke, stroke_width=1.5)],
        "dots": [element("circle", cx=2, cy=2, r=1.4, fill=style.stroke),
                 element("circle", cx=6, cy=6, r=1.4, fill=style.stroke)],
        "solid": [],
    }[style.pattern]
    return element("pattern", background, *lines, id=pattern_id, width=size, height=size,
                   patternUnits="userSpaceOnUse")


def style_of(index: int) -> Style:
    return STYLES[index % len(STYLES)]


def svg_frame(chart_id: str, title: str, description: str, height: float, defs: list[Markup], body: list[Markup]) -> Markup:
    head = [element("title", title, id=f"{chart_id}-title"), element("desc", description, id=f"{chart_id}-desc")]
    if defs:
        head.append(element("defs", *defs))
    return element("svg", *head, *body, xmlns="http://www.w3.org/2000/svg", role="img",
                   aria_labelledby=f"{chart_id}-title {chart_id}-desc", viewBox=f"0 0 {WIDTH} {_number(height)}",
                   width=WIDTH, height=_number(height), class_="chart", id=chart_id)


def empty_state(text=None) -> Markup:
    """What stands in for a chart without data."""
    return element("p", str(text if text is not None else EMPTY), class_="chart-empty")


def describe(pairs) -> str:
    """`label: value; label: value`, the default description of a chart."""
    return "; ".join(f"{' '.join(str(label).split())}: {value}" for label, value in pairs)


# Horizontal bars: each row is its label on one line and the bar under it, the value at the bar's end.
ROW_LABEL, BAR_HEIGHT, ROW_GAP, VALUE_ROOM = 18, 22, 12, 56


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, description: str | None = None,
              empty=None) -> Markup:
    """Horizontal bars, one per category, in the given order; lengths proportional to the values (the
    largest fills the width less room for its label). All values zero (or none): the empty state."""
    chart_id = checked_id(chart_id)
    if not bars or not any(bar.value for bar in bars):
        return empty_state(empty)
    largest = max(bar.value for bar in bars)
    span = WIDTH - VALUE_ROOM
    defs, body, used = [], [], {}
    row = ROW_LABEL + BAR_HEIGHT + ROW_GAP
    for index, bar in enumerate(bars):
        style = style_of(bar.style)
        pattern_id = used.get(bar.style)
        if pattern_id is None:
            pattern_id = used[bar.style] = f"{chart_id}-pattern-{len(used)}"
            defs.append(pattern_fill(pattern_id, style))
        top = index * row
        length = span * bar.value / largest
        if bar.value and length < 2:
            length = 2  # a non-zero value stays visible
        body.append(element(
            "g",
            element("text", _short(bar.label), x=0, y=_number(top + ROW_LABEL - 4), font_size=FONT, fill=INK),
            element("rect", x=0.75, y=_number(top + ROW_LABEL), width=_number(length), height=BAR_HEIGHT,
                    fill=f"url(#{pattern_id})", stroke=INK, stroke_width=1.5, data_value=bar.value,
                    class_="chart-bar"),
            element("text", str(bar.value), x=_number(length + 6), y=_number(top + ROW_LABEL + BAR_HEIGHT - 6),
                    font_size=FONT, font_weight="700", fill=INK, class_="chart-value"),
            class_="chart-row"))
    height = len(bars) * row - ROW_GAP + 2
    text = description if description is not None else describe((bar.label, bar.value) for bar in bars)
    return svg_frame(chart_id, title, text, height, defs, body)


# Columns: the plot over a baseline, the time labels under it, a guide line at the largest value.
PLOT_TOP, PLOT_HEIGHT, AXIS_ROOM, MAX_TICKS, MIN_LABELLED_WIDTH = 22, 140, 34, 5, 16


def column_chart(chart_id: str, title: str, columns: list[Column], *, description: str | None = None,
                 empty=None, style: int = 5) -> Markup:
    """Columns in time order, heights proportional to the values. Every column is labelled with its value
    when the columns are wide enough, else the largest one is (the table beside has them all); at most
    `MAX_TICKS` time labels, the first and the last among them. Nothing above zero: the empty state."""
    chart_id = checked_id(chart_id)
    if not columns or not any(column.value for column in columns):
        return empty_state(empty)
    largest = max(column.value for column in columns)
    pattern_id = f"{chart_id}-pattern-0"
    slot = WIDTH / len(columns)
    width = max(slot * 0.8, 1)
    baseline = PLOT_TOP + PLOT_HEIGHT
    label_all = slot >= MIN_LABELLED_WIDTH
    peak = next(i for i, column in enumerate(columns) if column.value == largest)
    ticks = _ticks(len(columns))
    body = [element("line", x1=0, x2=WIDTH, y1=PLOT_TOP, y2=PLOT_TOP, stroke=MUTED, stroke_width=1,
                    stroke_dasharray="4 3", class_="chart-guide")]
    for index, column in enumerate(columns):
        height = PLOT_HEIGHT * column.value / largest
        if column.value and height < 2:
            height = 2
        x = index * slot + (slot - width) / 2
        parts = [element("rect", x=_number(x), y=_number(baseline - height), width=_number(width),
                         height=_number(height), fill=f"url(#{pattern_id})", stroke=INK, stroke_width=1,
                         data_value=column.value, class_="chart-bar")]
        if column.value and (label_all or index == peak):
            parts.append(element("text", str(column.value), x=_number(index * slot + slot / 2),
                                 y=_number(baseline - height - 5), font_size=SMALL, font_weight="700", fill=INK,
                                 text_anchor="middle", class_="chart-value"))
        if index in ticks:
            anchor, tick_x = _tick_place(index, len(columns), slot)
            parts.append(element("text", _short(column.label, 16), x=_number(tick_x), y=_number(baseline + 18),
                                 font_size=SMALL, fill=INK, text_anchor=anchor, class_="chart-tick"))
        body.append(element("g", *parts, class_="chart-column"))
    body.append(element("line", x1=0, x2=WIDTH, y1=baseline, y2=baseline, stroke=INK, stroke_width=1.5))
    text = description if description is not None else describe((c.label, c.value) for c in columns)
    return svg_frame(chart_id, title, text, baseline + AXIS_ROOM, [pattern_fill(pattern_id, style_of(style))], body)


def _tick_place(index: int, count: int, slot: float) -> tuple[str, float]:
    """A time label's anchor and x: the first starts at the left edge, the last ends at the right one
    (so neither is cut off), the others are centred under their column."""
    if count > 1 and index == 0:
        return "start", 0.0
    if count > 1 and index == count - 1:
        return "end", float(WIDTH)
    return "middle", index * slot + slot / 2


def _ticks(count: int) -> set[int]:
    """Which columns get a time label: the first, the last and evenly spaced ones, at most MAX_TICKS."""
    if count <= MAX_TICKS:
        return set(range(count))
    step = (count - 1) / (MAX_TICKS - 1)
    return {round(i * step) for i in range(MAX_TICKS)}


MAX_FILLED = 24 * 60  # a run of buckets longer than this is charted as it is (only the non-empty ones)


def filled_minutes(series: list[tuple[datetime, int]]) -> list[tuple[datetime, int]]:
    """Per-minute counts with the quiet minutes between the first and the last as zeros, so the columns
    stand on a real time axis."""
    return _filled(series, timedelta(minutes=1))


def filled_days(series: list[tuple[str, int]]) -> list[tuple[date, int]]:
    """Per-day counts (`YYYY-MM-DD` buckets) as dates, the days without comments between as zeros."""
    return _filled([(date.fromisoformat(day), count) for day, count in series], timedelta(days=1))


def _filled(series, step: timedelta):
    if len(series) < 2:
        return list(series)
    first, last = series[0][0], series[-1][0]
    if (last - first) / step > MAX_FILLED:
        return list(series)
    counts = dict(series)
    out, moment = [], first
    while moment <= last:
        out.append((moment, counts.get(moment, 0)))
        moment += step
    return out
