"""Opinion maps of agenda items: what the worker reads, computes and stores for an item (worker.py's `MAP`
task), and what the pages read back (`maps_of`).

The votes on an item's approved comments change its map; receivers.py asks for a new one in the
transaction of the change, and the worker computes it at most every MAP_PAUSE seconds per item, however
many votes arrive, in its own process: the numeric libraries (opinion/) are imported by `compute` only,
never by the web process. The stored result (`feedback_opinion_maps.result`, opinion/result.py's
dictionary) holds voter keys, because a participant is shown where they stand; what `maps_of` gives a
page holds none but the viewer's own.

A representative, consensus or divisive comment is read again from `comments` and shown only while it
is still approved, with its public (masked) text, as the themes' are (theme_queries.py).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

import sqlalchemy as sa

from participation.comments import queries as comment_queries
from participation.comments.models import Comment, CommentStatus
from participation.core.db import utcnow
from participation.extensions import db
from participation.feedback import jobs
from participation.feedback.models import MapJob, OpinionMapRun
from participation.feedback.theme_queries import approved_comments

MAP_PAUSE = 5.0  # seconds a worker leaves an item's map alone after computing it


@dataclass(frozen=True)
class MapInput:
    """What a computation reads: the votes, the item's approved comments, the previous map's dictionary."""

    votes: list[tuple[str, int, str]]
    comment_ids: list[int]
    previous: dict | None


def read(item_id: int) -> MapInput:
    """The item's votes on its approved comments, those comments' ids and its last map."""
    votes = [(key, comment_id, choice.value) for key, comment_id, choice in comment_queries.vote_rows(item_id)]
    comment_ids = list(db.session.scalars(sa.select(Comment.id).where(
        Comment.item_id == item_id, Comment.status == CommentStatus.APPROVED).order_by(Comment.id)))
    stored = db.session.get(OpinionMapRun, item_id)
    return MapInput(votes, comment_ids, stored.result if stored is not None else None)


def compute(given: MapInput) -> dict:
    """The map of these votes as its dictionary (the numeric libraries are imported here, in the worker)."""
    from participation.feedback.opinion import OpinionMap, compute_opinion_map
    from participation.feedback.opinion.result import FORMAT

    previous = given.previous
    kept = OpinionMap.from_dict(previous) if previous and previous.get("format") == FORMAT else None
    return compute_opinion_map(given.votes, comment_ids=given.comment_ids, previous=kept).to_dict()


def store(item_id: int, given: MapInput, result: dict) -> None:
    """Replace the item's stored map (in the caller's transaction)."""
    db.session.execute(sa.delete(OpinionMapRun).where(OpinionMapRun.item_id == item_id))
    db.session.add(OpinionMapRun(item_id=item_id, computed_at=utcnow(), votes=len(given.votes), result=result))
    db.session.flush()


def describe(given: MapInput, result: dict) -> dict:
    """The log fields of a computation."""
    return {"votes": len(given.votes), "participants": result["participants"], "groups": result["k"]}


@dataclass(frozen=True)
class Position:
    x: float
    y: float
    group: str | None


@dataclass(frozen=True)
class Statement:
    """A comment the map names (still approved), with what the map says of it: `direction` (agree or
    disagree), and the shares or votes behind it."""

    comment: object  # aggregates.TopComment
    direction: str = ""
    group_rate: float = 0.0
    rest_rate: float = 0.0
    votes: tuple[int, int, int] = (0, 0, 0)  # agree, disagree, pass
    by_group: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    leaning: tuple[str, str] = ("", "")  # divisive: the most and the least agreeing group


@dataclass(frozen=True)
class MapGroup:
    label: str
    size: int
    centre: tuple[float, float]
    outline: tuple[tuple[float, float], ...]
    representative: tuple[Statement, ...]


@dataclass
class MapView:
    """An item's opinion map as a page shows it: no voter keys, only the viewer's own position."""

    item_id: int
    computed_at: datetime | None = None
    pending: bool = False
    participants: int = 0
    clustered: int = 0
    threshold: int = 0
    votes: int = 0
    has_groups: bool = False
    reason: str = "no_votes"
    groups: list[MapGroup] = field(default_factory=list)
    points: list[Position] = field(default_factory=list)
    own: Position | None = None
    consensus: list[Statement] = field(default_factory=list)
    divisive: list[Statement] = field(default_factory=list)


def _named_comments(results: Iterable[dict]) -> set[int]:
    ids = set()
    for result in results:
        ids |= {r["comment_id"] for group in result["groups"] for r in group["representative"]}
        ids |= {c["comment_id"] for c in result["consensus"]} | {d["comment_id"] for d in result["divisive"]}
    return ids


def _statements(entries: list[dict], comments: dict, item_id: int, make) -> list[Statement]:
    return [make(comments[entry["comment_id"]], entry) for entry in entries
            if entry["comment_id"] in comments and comments[entry["comment_id"]].item_id == item_id]


def _representative(comment, entry: dict) -> Statement:
    return Statement(comment, entry["direction"], entry["group_rate"], entry["rest_rate"])


def _shared(comment, entry: dict) -> Statement:
    return Statement(comment, entry.get("direction", ""), votes=tuple(entry["overall"]),
                     by_group={label: tuple(votes) for label, votes in entry["by_group"].items()},
                     leaning=(entry.get("most_agreeing", ""), entry.get("least_agreeing", "")))


def _view(item_id: int, computed_at: datetime, result: dict, comments: dict, viewer_key: str | None) -> MapView:
    groups = [MapGroup(g["label"], g["size"], tuple(g["centre"]), tuple(tuple(p) for p in g["outline"]),
                       tuple(_statements(g["representative"], comments, item_id, _representative)))
              for g in result["groups"]]
    points = [Position(x, y, label) for x, y, label in result["points"].values()]
    own = result["points"].get(viewer_key) if viewer_key else None
    return MapView(item_id, computed_at, False, result["participants"], result["clustered"],
                   result["threshold"], result["votes"], result["has_groups"], result["reason"] or "", groups,
                   sorted(points, key=lambda p: (p.x, p.y)), Position(*own) if own else None,
                   _statements(result["consensus"], comments, item_id, _shared),
                   _statements(result["divisive"], comments, item_id, _shared))


# Stored results read back, by (item id, computed at): a map's JSON holds every placed participant (a
# thousand points or more), and a dashboard of 50 items should not fetch and parse them all on every
# request when most did not change. At most RESULTS_KEPT per process, the least recently used dropped.
RESULTS_KEPT = 256
_results: OrderedDict[tuple[int, datetime], dict] = OrderedDict()


def _stored_results(item_ids: list[int]) -> dict[int, tuple[datetime, dict]]:
    """(computed at, result) of each item's stored map: the times in one query, then only the results
    this process has not read yet in a second."""
    stamps = dict(db.session.execute(sa.select(OpinionMapRun.item_id, OpinionMapRun.computed_at)
                                     .where(OpinionMapRun.item_id.in_(item_ids))).all())
    missing = [item_id for item_id, at in stamps.items() if (item_id, at) not in _results]
    if missing:
        for item_id, at, result in db.session.execute(
                sa.select(OpinionMapRun.item_id, OpinionMapRun.computed_at, OpinionMapRun.result)
                .where(OpinionMapRun.item_id.in_(missing))):
            _results[(item_id, at)] = result
    stored = {}
    for item_id, at in stamps.items():
        result = _results.get((item_id, at))
        if result is None:  # stored again between the two queries: shown at the next request
            continue
        _results.move_to_end((item_id, at))
        stored[item_id] = (at, result)
    while len(_results) > RESULTS_KEPT:
        _results.popitem(last=False)
    return stored


def maps_of(item_ids: Iterable[int], viewer_key: str | None = None) -> dict[int, MapView]:
    """The stored map of each of `item_ids` that has one or is waiting for one (items with neither are
    absent), for the viewer whose voter key is `viewer_key` (None: a visitor), in four queries at most."""
    item_ids = sorted(set(item_ids))
    if not item_ids:
        return {}
    stored = _stored_results(item_ids)
    comments = approved_comments(_named_comments(result for _at, result in stored.values()))
    views = {item_id: _view(item_id, at, result, comments, viewer_key) for item_id, (at, result) in stored.items()}
    for item_id in jobs.pending(item_ids, MapJob):
        views.setdefault(item_id, MapView(item_id)).pending = True
    return views


def versions(item_ids: Iterable[int]) -> dict[int, str]:
    """When each item's map was last computed (ISO time), for the live dashboard to notice a new one."""
    item_ids = sorted(set(item_ids))
    if not item_ids:
        return {}
    rows = db.session.execute(sa.select(OpinionMapRun.item_id, OpinionMapRun.computed_at)
                              .where(OpinionMapRun.item_id.in_(item_ids)))
    return {item_id: computed_at.isoformat() for item_id, computed_at in rows}


def meeting_versions(meeting_ids: Iterable[int]) -> dict[int, str]:
    """For each meeting with stored maps, a text that changes whenever the worker stores one of them
    again (the latest computation's time and how many maps), for the live dashboard to notice."""
    from participation.meetings.models import AgendaItem

    meeting_ids = sorted(set(meeting_ids))
    if not meeting_ids:
        return {}
    rows = db.session.execute(
        sa.select(AgendaItem.meeting_id, sa.func.max(OpinionMapRun.computed_at), sa.func.count())
        .join(AgendaItem, AgendaItem.id == OpinionMapRun.item_id)
        .where(AgendaItem.meeting_id.in_(meeting_ids)).group_by(AgendaItem.meeting_id))
    return {meeting_id: f"{latest.isoformat()}/{count}" for meeting_id, latest, count in rows}
