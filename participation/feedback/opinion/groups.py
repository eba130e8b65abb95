"""Opinion groups on the 2-D map: k-means for k = 2 to 5, the number chosen by the silhouette, kept
only when the votes hold real structure; then labels that stay from one computation to the next.

As in Pol.is (conversation.clj, `:group-clusterings`, `max-k-fn`), groups are made on the projected
coordinates, k goes from 2 to min(5, 2 + participants // 12), and the silhouette chooses k. Pol.is
clusters 100 base clusters first; with a few thousand participants k-means on the points themselves is
as fast, and every group here holds at least MIN_GROUP_SIZE participants and MIN_GROUP_SHARE of them.

No groups when the structure is not real. k-means always finds groups, and on votes drawn at random
the best silhouette in 2-D is far from 0: the projection of noise is a cloud, and cutting a cloud in
two or three scores 0.33-0.36, more on few participants or few comments (lumpy clouds). So a floor on
the silhouette alone is either too low for noise or too high for real groups. The silhouette is
compared with a null model instead: the same votes with each comment's votes shuffled among those who
voted on it (matrix.py), which keeps who voted on what, each comment's agrees and each participant's
number of votes, and breaks only the links between a participant's votes, what groups are made of;
the mean best silhouette of NULL_DRAWS shuffles, through the same projection and k-means.

Calibrated by `bench/opinion_calibration.py` on random votes (8 to 2,000 participants, 10 to 500
comments, 10 % to 100 % of them voted, choices uniform or with a share of agrees drawn per comment):
4,883 matrices in two runs (seeds 0 and 1, bench/results/opinion_calibration-*.json):

- best silhouette: median 0.384, 90th percentile 0.451, 99th 0.528, 99.9th 0.596, maximum 0.639
  (from 100 participants on: median 0.367, 99th percentile 0.482, maximum 0.620);
- its excess over the null model's: median 0.003, 99th percentile 0.150, maximum 0.294; the excess
  shrinks as 1/√n with n participants: excess × √n up to 300 participants has 99.9th percentile 1.06
  and maximum 1.37; from 1,000 participants on the excess has maximum 0.070.

A grouping of n clustered participants is kept when its silhouette exceeds the null model's by at
least max(NULL_MARGIN, NULL_SCALE / √n) = max(0.10, 1.4 / √n), above every random matrix measured
(0.50 for 8 participants, 0.31 for 20, 0.14 for 100, 0.10 from 196 on), and is at least
SILHOUETTE_FLOOR, about the 90th percentile of noise: groups apart on the picture, not a cloud cut
in pieces, and the null model, the costly part, only runs beyond it. None of the 4,883 random
matrices passes; half of the planted groups of the calibration do (2 or 3 groups whose members vote
their side 60 % to 90 % of the time, the rest at random): all at 2,000 participants, 10 of 12 at 100,
half at 300 who voted on only 10 to 20 of 100 comments, 1 of 12 at 40, none at 20, where random
votes score as high. With so few participants the map says
"no distinct groups" unless the groups are stark.
"""
from __future__ import annotations

import string
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import ConvexHull, QhullError
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

from participation.feedback.opinion import matrix as vote_matrix

MIN_K, MAX_K = 2, 5
MIN_GROUP_SIZE = 4  # every group holds at least this many participants...
MIN_GROUP_SHARE = 0.05  # ...and this share of those clustered
SILHOUETTE_FLOOR = 0.45
NULL_MARGIN = 0.10  # the silhouette exceeds the null model's by at least max(NULL_MARGIN, NULL_SCALE / √n)
NULL_SCALE = 1.4
NULL_DRAWS = 5
SILHOUETTE_SAMPLE = 1000  # participants the silhouette looks at, at most (a seeded sample beyond)
K_MEANS_INITS = 10  # k-means runs from different seeds per k, the best kept...
NULL_K_MEANS_INITS = 3  # ...and for the null model, whose silhouette is an average anyway
MATCH_SHARE = 0.5  # a new group takes an old label when it holds this share of the old group's members
SEED = 0
LABELS = string.ascii_uppercase


@dataclass(frozen=True)
class Grouping:
    """k groups of the points: each point's group (0..k-1) and the silhouette."""

    k: int
    labels: np.ndarray
    silhouette: float


def max_groups(participants: int) -> int:
    """The largest k tried for this many clustered participants (Pol.is's `max-k-fn`)."""
    return min(MAX_K, MIN_K + participants // 12)


def min_group_size(participants: int) -> int:
    """The fewest participants a group may hold."""
    return max(MIN_GROUP_SIZE, int(np.ceil(MIN_GROUP_SHARE * participants)))


def best_grouping(points: np.ndarray, inits: int = K_MEANS_INITS) -> Grouping | None:
    """The k-means grouping of `points` with the best silhouette among k = 2..max_groups whose every
    group is large enough; None when there is none."""
    count = points.shape[0]
    smallest, distinct = min_group_size(count), len(np.unique(points, axis=0))
    best = None
    for k in range(MIN_K, max_groups(count) + 1):
        if k * smallest > count or k > distinct:
            break
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            labels = KMeans(n_clusters=k, n_init=inits, random_state=SEED).fit_predict(points)
        if np.bincount(labels, minlength=k).min() < smallest:
            continue
        score = float(silhouette_score(points, labels, sample_size=min(count, SILHOUETTE_SAMPLE),
                                       random_state=SEED))
        if best is None or score > best.silhouette:
            best = Grouping(k, labels, score)
    return best


def null_silhouette(votes: vote_matrix.Votes) -> float | None:
    """The mean best silhouette of NULL_DRAWS draws of the null model of `votes`, over the draws where
    a grouping is possible; None when it is in none (few participants: then nothing shows the votes'
    grouping to be better than chance)."""
    rng, counts, scores = np.random.default_rng(SEED), votes.counts, []
    for _ in range(NULL_DRAWS):
        values = vote_matrix.permuted_values(votes, rng)
        points = vote_matrix.project(vote_matrix.imputed(votes, values), counts)
        grouping = best_grouping(points, NULL_K_MEANS_INITS) if points is not None else None
        if grouping is not None:
            scores.append(grouping.silhouette)
    return float(np.mean(scores)) if scores else None


def null_margin(participants: int) -> float:
    """How much the silhouette of a grouping of this many participants must exceed the null model's."""
    return max(NULL_MARGIN, NULL_SCALE / np.sqrt(max(participants, 1)))


def is_structure(silhouette: float, null: float | None, participants: int) -> bool:
    """Whether a grouping of `participants` of this silhouette, on votes whose null model scores
    `null` (None: the null model could not group), is kept."""
    return bool(null is not None and silhouette >= SILHOUETTE_FLOOR
                and silhouette - null >= null_margin(participants))


@dataclass(frozen=True)
class Assessment:
    """The map of clustered votes: the points (None when all vote alike or fewer than two), the best
    grouping (None when none is possible), the null model's silhouette (None when not needed) and
    whether the grouping is kept."""

    points: np.ndarray | None
    grouping: Grouping | None
    null: float | None
    kept: bool


def assess(votes: vote_matrix.Votes, always_null: bool = False) -> Assessment:
    """Project the clustered `votes`, group them and judge the grouping. The null model, the costly
    part, runs only when the silhouette passes the floor (or `always_null`, for the calibration)."""
    points = vote_matrix.project(vote_matrix.imputed(votes), votes.counts)
    grouping = best_grouping(points) if points is not None else None
    if grouping is None or (grouping.silhouette < SILHOUETTE_FLOOR and not always_null):
        return Assessment(points, grouping, None, False)
    null = null_silhouette(votes)
    return Assessment(points, grouping, null, is_structure(grouping.silhouette, null, len(votes.voters)))


def labelled(members: Sequence[set[str]], previous: Sequence[tuple[str, set[str]]] = ()) -> list[str]:
    """A label ("A", "B", ...) for each group of `members` (voter keys). A group that holds at least
    MATCH_SHARE of the still-clustered members of a `previous` group ((label, members) pairs) keeps its
    label, groups and previous groups paired by the largest overlap (Hungarian matching); the others
    take the first free letters, the largest group first."""
    clustered = set().union(*members) if members else set()
    labels: list[str | None] = [None] * len(members)
    if previous:
        overlap = np.array([[len(new & old) for _, old in previous] for new in members])
        for new, old in zip(*linear_sum_assignment(overlap, maximize=True)):
            staying = len(previous[old][1] & clustered)
            if overlap[new, old] > 0 and overlap[new, old] >= MATCH_SHARE * staying:
                labels[new] = previous[old][0]
    free = iter(letter for letter in LABELS if letter not in labels)
    for index in sorted(range(len(members)), key=lambda i: (-len(members[i]), min(members[i]))):
        if labels[index] is None:
            labels[index] = next(free)
    return labels  # type: ignore[return-value]


def outline(points: np.ndarray) -> np.ndarray:
    """The shape of a group's points for a shaded region: the convex hull's corners, counter-clockwise,
    for three or more points not on one line; the two ends of the line for points on one; else the
    distinct points themselves."""
    distinct = np.unique(points, axis=0)
    if len(distinct) < 3:
        return distinct
    try:
        return distinct[ConvexHull(distinct).vertices]
    except QhullError:  # all on one line
        direction = distinct[-1] - distinct[0]
        along = (distinct - distinct[0]) @ direction
        return distinct[[int(np.argmin(along)), int(np.argmax(along))]]
