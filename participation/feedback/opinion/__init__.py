"""The opinion map of an agenda item, Pol.is-style: participants placed on a 2-D map by how they vote
on the item's comments, opinion groups when the votes hold some, what each group stands for, and what
everybody shares or splits on. Pure computation, no Flask, no database: it receives plain vote rows
(voter_key, comment_id, choice) and returns a frozen, JSON-ready `OpinionMap`.

- matrix.py: the participants × comments matrix (agree 1, disagree -1, pass 0, missing votes imputed
  with the comment's mean), who is clustered (MIN_VOTES = 7 votes, as in Pol.is), the PCA projection.
- groups.py: k-means for k = 2..5 chosen by silhouette, the "no distinct groups" rule (a silhouette
  floor and a null model, calibrated on random votes by bench/opinion_calibration.py), labels kept
  from the previous map, outlines.
- statements.py: representative comments (Pol.is's repness), consensus and divisive comments.
- result.py: the result's dataclasses and their dictionaries.

Followed: Pol.is's math, https://github.com/compdemocracy/polis/tree/edge/math/src/polismath/math
(conversation.clj, pca.clj, clusters.clj, repness.clj, stats.clj).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from threadpoolctl import threadpool_limits

from participation.feedback.opinion import groups as grouping
from participation.feedback.opinion import matrix, statements
from participation.feedback.opinion.result import (ConsensusComment, DivisiveComment, OpinionGroup, OpinionMap,
                                                   RepresentativeComment, Tally)

__all__ = ["compute_opinion_map", "ConsensusComment", "DivisiveComment", "OpinionGroup", "OpinionMap",
           "RepresentativeComment", "Tally"]

NUMERIC_THREADS = 1  # the worker shares the machine with the web server (see themes.compute_themes)
DECIMALS = 4


def compute_opinion_map(votes: Iterable[tuple], *, comment_ids: Iterable[int] | None = None,
                        previous: OpinionMap | None = None, representatives: int = 5, consensus: int = 5,
                        divisive: int = 5) -> OpinionMap:
    """The opinion map of `votes`, (voter_key, comment_id, choice) rows with choice `agree`,
    `disagree` or `pass` (or 1, -1, 0).

    `comment_ids`: the item's comments, those nobody voted on included (votes on others are left out);
    by default the comments voted on. `previous`: the item's last map, whose group labels the new
    groups keep when they hold the same participants, and whose orientation the map keeps (an axis of
    the projection is flipped when that brings participants nearer to where they were). At most
    `representatives` representative comments per group, `consensus` consensus comments per direction
    and `divisive` divisive comments. Deterministic: the same votes, in any order, give the same map.
    """
    with threadpool_limits(limits=NUMERIC_THREADS):
        everyone = matrix.collect(votes, comment_ids)
        placed = matrix.clustered(everyone)
        counted = {"participants": len(everyone.voters), "clustered": len(placed.voters),
                   "threshold": matrix.threshold(len(everyone.comment_ids)), "comments": len(everyone.comment_ids),
                   "votes": len(everyone.values)}
        assessment = grouping.assess(placed)
        points = _oriented(assessment.points, placed, previous)
        silhouette = _rounded(assessment.grouping.silhouette if assessment.grouping else None)
        scores = {"silhouette": silhouette, "null_silhouette": _rounded(assessment.null)}
        positions = {key: (float(x), float(y)) for key, (x, y) in zip(placed.voters, points)}
        overall = statements.tallies(everyone, np.zeros(len(everyone.voters), dtype=np.int64), 1)
        if not assessment.kept:
            shared = statements.consensus(overall, overall[0], everyone.comment_ids, [], consensus)
            return OpinionMap(**counted, has_groups=False, reason=_reason(everyone, placed, assessment), **scores,
                              positions=positions, consensus=shared)
        labels, group_of = _labels(assessment.grouping, placed, previous)
        counts = statements.tallies(placed, group_of, len(labels))
        found = tuple(sorted((_group(label, index, placed, group_of, points, counts, representatives)
                              for index, label in enumerate(labels)), key=lambda group: group.label))
        return OpinionMap(
            **counted, has_groups=True, reason="", **scores, groups=found, positions=positions,
            consensus=statements.consensus(counts, overall[0], everyone.comment_ids, labels, consensus),
            divisive=statements.divisive(counts, overall[0], everyone.comment_ids, labels, divisive))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


def _reason(everyone: matrix.Votes, placed: matrix.Votes, assessment: grouping.Assessment) -> str:
    if not everyone.voters:
        return "no_votes"
    if len(placed.voters) < grouping.MIN_K * grouping.MIN_GROUP_SIZE:
        return "too_few_participants"
    if assessment.points is None:
        return "all_alike"
    return "no_structure"


def _oriented(points: np.ndarray | None, placed: matrix.Votes, previous: OpinionMap | None) -> np.ndarray:
    """The points rounded, each axis flipped when that brings the participants also on the `previous`
    map nearer to where they were there; everybody at the centre when there is no projection."""
    if points is None:
        return np.zeros((len(placed.voters), 2))
    if previous is not None and previous.positions:
        common = [row for row, key in enumerate(placed.voters) if key in previous.positions]
        if common:
            before = np.array([previous.positions[placed.voters[row]] for row in common])
            signs = np.where((points[common] * before).sum(axis=0) < 0, -1.0, 1.0)
            points = points * signs
    return np.round(points, DECIMALS) + 0.0  # + 0.0: no -0.0


def _labels(found: grouping.Grouping, placed: matrix.Votes, previous: OpinionMap | None):
    """Each k-means group's label, and each clustered participant's group index."""
    members = [{placed.voters[row] for row in np.flatnonzero(found.labels == index)} for index in range(found.k)]
    before = [(group.label, set(group.members)) for group in previous.groups] if previous is not None else []
    return grouping.labelled(members, before), found.labels.astype(np.int64)


def _group(label: str, index: int, placed: matrix.Votes, group_of: np.ndarray, points: np.ndarray,
           counts: np.ndarray, representatives: int) -> OpinionGroup:
    rows = np.flatnonzero(group_of == index)
    mine = points[rows]
    centre = mine.mean(axis=0)
    spread = float(np.sqrt(((mine - centre) ** 2).sum(axis=1).mean()))
    return OpinionGroup(
        label=label, size=len(rows), members=tuple(placed.voters[row] for row in rows),
        centre=(_rounded(centre[0]), _rounded(centre[1])), spread=_rounded(spread),
        outline=tuple((float(x), float(y)) for x, y in grouping.outline(mine)),
        representative=statements.representative(counts, placed.comment_ids, index, representatives))
