"""The vote matrix of an opinion map and its 2-D projection, as Pol.is computes them.

Votes are plain (voter_key, comment_id, choice) rows; a choice is `agree` (1), `disagree` (-1) or
`pass` (0), as a string, an enum whose value is one of those strings, or the number. A participant's
last row for a comment counts (the rows of one vote table hold one per voter and comment anyway).

The matrix is participants × comments, voters sorted by key and comments by id, so the same votes in
any order give the same map. A missing vote is imputed with the comment's mean over those who voted on
it (Pol.is's conversation.clj, `:mat`); a comment nobody voted on is 0 everywhere and weighs nothing.

The projection is the first two principal components of the imputed matrix, each participant's
coordinates then scaled by sqrt(comments / their votes): Pol.is's "sparsity-aware" projection
(pca.clj, `sparsity-aware-project-ptpt`), which pushes those who voted on few comments out from the
centre instead of leaving them piled on it. Coordinates are finally scaled so that the farthest
participant is 1 away on either axis (k-means and the silhouette do not depend on scale).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
from sklearn.decomposition import PCA

AGREE, DISAGREE, PASS = 1, -1, 0
_CHOICES = {"agree": AGREE, "disagree": DISAGREE, "pass": PASS, AGREE: AGREE, DISAGREE: DISAGREE, PASS: PASS}
MIN_VOTES = 7  # votes (passes included) a participant needs to be clustered, as in Pol.is
VARIANCE_EPSILON = 1e-9  # total variance of the imputed matrix below which all participants vote alike


@dataclass(frozen=True)
class Votes:
    """The votes of one item as triplets: `voters` (keys, sorted), `comment_ids` (sorted), and for each
    vote its voter's row, its comment's column and its value (1, -1, 0)."""

    voters: tuple[str, ...]
    comment_ids: tuple[int, ...]
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        """Votes of each voter (passes included), in the order of `voters`."""
        return np.bincount(self.rows, minlength=len(self.voters))


def choice_value(choice) -> int:
    """1, -1 or 0 for a choice given as `agree`/`disagree`/`pass`, such an enum, or the number."""
    value = getattr(choice, "value", choice)
    try:
        return _CHOICES[value.lower() if isinstance(value, str) else value]
    except (KeyError, TypeError):
        raise ValueError(f"not a vote choice: {choice!r}") from None


def collect(votes: Iterable[tuple], comment_ids: Iterable[int] | None = None) -> Votes:
    """The `Votes` of (voter_key, comment_id, choice) rows. With `comment_ids`, those are the item's
    comments (a comment nobody voted on included) and votes on any other comment are left out;
    without, the comments are those voted on."""
    allowed = None if comment_ids is None else {int(cid) for cid in comment_ids}
    latest: dict[tuple[str, int], int] = {}
    for voter, comment_id, choice in votes:
        comment_id = int(comment_id)
        if allowed is None or comment_id in allowed:
            latest[(str(voter), comment_id)] = choice_value(choice)
    voters = sorted({voter for voter, _ in latest})
    comments = sorted(allowed if allowed is not None else {cid for _, cid in latest})
    row_of = {voter: row for row, voter in enumerate(voters)}
    col_of = {cid: col for col, cid in enumerate(comments)}
    rows = np.fromiter((row_of[voter] for voter, _ in latest), dtype=np.int64, count=len(latest))
    cols = np.fromiter((col_of[cid] for _, cid in latest), dtype=np.int64, count=len(latest))
    values = np.fromiter(latest.values(), dtype=np.int8, count=len(latest))
    order = np.lexsort((cols, rows))  # by voter, then comment: the rows' own order changes nothing
    return Votes(tuple(voters), tuple(comments), rows[order], cols[order], values[order])


def subset(votes: Votes, keep: np.ndarray) -> Votes:
    """The votes of the voters at rows `keep` (sorted indices), renumbered 0..len(keep)-1."""
    renumber = np.full(len(votes.voters), -1, dtype=np.int64)
    renumber[keep] = np.arange(len(keep))
    mine = renumber[votes.rows] >= 0
    return Votes(tuple(votes.voters[row] for row in keep), votes.comment_ids, renumber[votes.rows[mine]],
                 votes.cols[mine], votes.values[mine])


def imputed(votes: Votes, values: np.ndarray | None = None) -> np.ndarray:
    """The dense participants × comments matrix, each missing vote replaced by the comment's mean over
    those who voted on it (0 for a comment nobody voted on). `values` replaces the votes' own values
    (the null model's permuted ones)."""
    values = votes.values if values is None else values
    shape = (len(votes.voters), len(votes.comment_ids))
    sums = np.bincount(votes.cols, weights=values, minlength=shape[1])
    seen = np.bincount(votes.cols, minlength=shape[1])
    means = np.divide(sums, seen, out=np.zeros(shape[1]), where=seen > 0)
    matrix = np.repeat(means[None, :], shape[0], axis=0)
    matrix[votes.rows, votes.cols] = values
    return matrix


def project(matrix: np.ndarray, counts: np.ndarray) -> np.ndarray | None:
    """The participants' 2-D coordinates (see the module's docstring), or None when all of them vote
    alike (the imputed matrix has no variance) or there are fewer than two."""
    participants, comments = matrix.shape
    if participants < 2 or comments == 0 or matrix.var(axis=0).sum() < VARIANCE_EPSILON:
        return None
    components = min(2, participants, comments)
    points = PCA(n_components=components, svd_solver="covariance_eigh").fit_transform(matrix)
    if components < 2:
        points = np.hstack([points, np.zeros((participants, 2 - components))])
    points *= np.sqrt(comments / np.maximum(counts, 1))[:, None]
    extent = np.abs(points).max()
    return points / extent if extent > 0 else points


def permuted_values(votes: Votes, rng: np.random.Generator) -> np.ndarray:
    """The null model: each comment's votes shuffled among those who voted on it. Who voted on what,
    each comment's share of agrees and each participant's number of votes stay; any link between a
    participant's votes on different comments (the very thing opinion groups are made of) goes."""
    order = np.lexsort((rng.random(len(votes.cols)), votes.cols))  # by comment, at random within one
    by_comment = np.argsort(votes.cols, kind="stable")
    shuffled = np.empty_like(votes.values)
    shuffled[by_comment] = votes.values[order]
    return shuffled


def threshold(comments: int) -> int:
    """Votes a participant needs to be clustered: MIN_VOTES, or every comment when there are fewer
    (Pol.is's `in-conv`)."""
    return min(MIN_VOTES, comments)


def clustered(votes: Votes) -> Votes:
    """The votes of the participants who voted on `threshold` comments or more."""
    return subset(votes, np.flatnonzero(votes.counts >= max(threshold(len(votes.comment_ids)), 1)))
