"""The server-rendered charts: well-formed SVG with a title and a description tied to it, bars as long as
their numbers, every label escaped, a pattern besides each colour, and an empty state without data."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from participation.feedback import charts
from participation.feedback.charts import Bar, Column
from tests import hostile

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ['<script>alert("x")</script>', '"><svg onload=alert(1)>', "' onmouseover='alert(1)", "&amp; &lt;"]


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def bars_of(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "chart-bar"]


def test_a_bar_chart_is_valid_svg_with_its_title_and_description_tied_to_it():
    root = parse(charts.bar_chart("stances", "Stances", [Bar("Support", 3), Bar("Oppose", 1, style=1)]))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Stances" and desc.text == "Support: 3; Oppose: 1"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Support", "3", "Oppose", "1"]  # every bar labelled with its category and its value


def test_bar_lengths_are_proportional_to_the_numbers():
    values = [12, 6, 3, 0, 1]
    root = parse(charts.bar_chart("c", "T", [Bar(f"s{i}", v, style=i) for i, v in enumerate(values)]))
    widths = [float(rect.get("width")) for rect in bars_of(root)]
    assert [int(rect.get("data-value")) for rect in bars_of(root)] == values
    full = widths[0]
    assert full == pytest.approx(charts.WIDTH - charts.VALUE_ROOM)
    for width, value in zip(widths, values):
        assert width == pytest.approx(full * value / 12, abs=0.1)
    assert widths[3] == 0


def test_a_tiny_value_stays_visible():
    root = parse(charts.bar_chart("c", "T", [Bar("many", 10_000), Bar("one", 1)]))
    assert float(bars_of(root)[1].get("width")) == 2


def test_each_series_has_a_colour_and_a_pattern_of_its_own():
    root = parse(charts.bar_chart("c", "T", [Bar(f"s{i}", i + 1, style=i) for i in range(len(charts.STYLES))]))
    patterns = list(root.iter(f"{SVG}pattern"))
    assert len(patterns) == len(charts.STYLES)
    colours = [p.find(f"{SVG}rect").get("fill") for p in patterns]
    drawings = [tuple((child.tag, child.get("d")) for child in p if child.tag != f"{SVG}rect") for p in patterns]
    assert len(set(colours)) == len(colours) and len(set(drawings)) == len(drawings)
    assert set(colours) <= {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    fills = [rect.get("fill") for rect in bars_of(root)]
    assert fills == [f"url(#{p.get('id')})" for p in patterns]
    assert all(rect.get("stroke") == charts.INK for rect in bars_of(root))  # outlined: even yellow shows


def test_two_charts_on_one_page_never_share_an_id():
    first = parse(charts.bar_chart("item-1-stance", "T", [Bar("a", 1)]))
    second = parse(charts.bar_chart("item-2-stance", "T", [Bar("a", 1)]))
    ids = [e.get("id") for root in (first, second) for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("label", HOSTILE + hostile.generated()[:40])
def test_hostile_labels_are_only_text(label):
    markup = str(charts.bar_chart("c", label, [Bar(label, 2)], description=label))
    root = parse(markup)  # still well-formed: nothing broke out of a text or an attribute
    assert root.find(f"{SVG}title").text == label and root.find(f"{SVG}desc").text == label
    elements = {e.tag for e in root.iter()}
    assert elements <= {f"{SVG}{tag}" for tag in ("svg", "title", "desc", "defs", "pattern", "rect", "path",
                                                  "circle", "g", "text")}
    assert not any(name.startswith("on") for e in root.iter() for name in e.attrib)
    if "<" in label:
        assert "<script" not in markup and "<svg onload" not in markup


def test_a_hostile_column_label_is_only_text():
    label = '"><script>alert(1)</script>'
    root = parse(charts.column_chart("v", "T", [Column(label, 1), Column("b", 2)]))
    assert label[:15] in "".join(t.text for t in root.iter(f"{SVG}text"))  # cut to 16 with an ellipsis
    assert not root.findall(f".//{SVG}script")


def test_a_bad_chart_id_is_refused():
    with pytest.raises(ValueError):
        charts.bar_chart('x" onload="alert(1)', "T", [Bar("a", 1)])


@pytest.mark.parametrize("bars", [[], [Bar("Support", 0), Bar("Oppose", 0)]])
def test_no_data_is_an_empty_state_not_a_broken_chart(bars):
    markup = str(charts.bar_chart("c", "T", bars, empty="No comments yet"))
    root = parse(markup)
    assert root.tag == "p" and root.get("class") == "chart-empty" and root.text == "No comments yet"
    assert "<svg" not in markup
    assert parse(charts.column_chart("v", "T", [Column("15:00", 0)], empty="Nothing")).text == "Nothing"


def test_the_empty_state_has_a_translated_default(app_ctx):
    assert parse(charts.bar_chart("c", "T", [])).text == str(charts.EMPTY)


def test_column_heights_are_proportional_and_labels_fit():
    columns = [Column(f"15:{m:02d}", v) for m, v in enumerate([2, 0, 4, 1])]
    root = parse(charts.column_chart("v", "Volume", columns))
    heights = [float(rect.get("height")) for rect in bars_of(root)]
    assert heights == pytest.approx([charts.PLOT_HEIGHT * v / 4 for v in (2, 0, 4, 1)], abs=0.1)
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert values == ["2", "4", "1"]  # wide columns: every non-zero one labelled
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    assert ticks == ["15:00", "15:01", "15:02", "15:03"]
    assert root.get("aria-labelledby") == "v-title v-desc"


def test_many_columns_label_the_peak_and_a_few_times():
    columns = [Column(f"t{i}", 1 + (i == 30) * 9) for i in range(60)]
    root = parse(charts.column_chart("v", "Volume", columns))
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    assert values == ["10"]
    assert len(ticks) == charts.MAX_TICKS and ticks[0] == "t0" and ticks[-1] == "t59"
    xs = [float(rect.get("x")) for rect in bars_of(root)]
    assert xs == sorted(xs) and max(xs) < charts.WIDTH


def test_quiet_minutes_and_days_are_filled_with_zeros():
    from datetime import date, datetime, timezone
    t = datetime(2016, 12, 21, 6, 30, tzinfo=timezone.utc)
    filled = charts.filled_minutes([(t, 2), (t.replace(minute=33), 1)])
    assert [count for _, count in filled] == [2, 0, 0, 1]
    assert charts.filled_days([("2016-12-20", 1), ("2016-12-22", 3)]) == [
        (date(2016, 12, 20), 1), (date(2016, 12, 21), 0), (date(2016, 12, 22), 3)]
    assert charts.filled_days([]) == []
