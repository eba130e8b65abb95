"""The dashboard's item panels, rendered once per content and kept: a dashboard of 50 items draws
thousands of SVG and table elements, and between two readers most items did not change.

The cache key holds everything a panel shows (the language, the item and its task, every number of its
tally, its most agreed comments with their agrees and text, its themes, its opinion map), so a kept panel is never stale: new
content is a new key. At most PANELS_KEPT panels per process, the least recently used dropped first.
"""
from __future__ import annotations

import json
from collections import OrderedDict

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup

from participation.feedback.aggregates import Tally
from participation.feedback.maps import MapView
from participation.meetings.models import AgendaItem, Meeting

PANELS_KEPT = 512
_kept: OrderedDict[tuple, Markup] = OrderedDict()


def _counted(counter) -> tuple:
    return tuple(sorted((str(key), n) for key, n in counter.items() if n))


def _map_key(opinion: MapView | None) -> tuple | None:
    if opinion is None:
        return None
    return (str(opinion.computed_at), opinion.pending, opinion.participants, opinion.clustered, opinion.reason,
            tuple((g.label, g.size, g.outline, tuple(s.comment.id for s in g.representative)) for g in opinion.groups),
            tuple(s.comment.id for s in opinion.consensus), tuple(s.comment.id for s in opinion.divisive))


def _key(item: AgendaItem, tally: Tally, themes: dict | None, opinion: MapView | None) -> tuple:
    task = item.task
    task_key = None if task is None else (
        task.code, task.title, str(task.status),
        tuple((str(change.status), str(change.changed_on), change.reason) for change in task.history))
    return (str(get_locale()), item.meeting_id, item.id, item.position, item.title, task_key,
            _counted(tally.by_status), _counted(tally.by_stance), _counted(tally.by_phase),
            _counted(tally.rejected_by_reason), tally.participants, tally.agrees,
            # The text too: a comment hidden after reports and approved again with a redaction keeps its
            # id and agrees, and the counts may come back to what they were.
            tuple((comment.id, comment.agree_count, comment.body) for comment in tally.top),
            json.dumps(themes, sort_keys=True) if themes else None, _map_key(opinion))


def panel(meeting: Meeting, item: AgendaItem, tally: Tally, themes: dict | None,
          opinion: MapView | None = None) -> Markup:
    """The item's panel (templates/feedback/_item_panel.html), from the cache when its content is there."""
    key = _key(item, tally, themes, opinion)
    html = _kept.get(key)
    if html is None:
        html = Markup(get_template_attribute("feedback/_item_panel.html", "item_panel")(
            meeting, item, tally, themes, opinion))
        _kept[key] = html
        while len(_kept) > PANELS_KEPT:
            _kept.popitem(last=False)
    else:
        _kept.move_to_end(key)
    return html


def forget() -> None:
    """Drop every kept panel (tests)."""
    _kept.clear()
