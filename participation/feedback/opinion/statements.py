"""What the groups say: each group's representative comments, the comments every group shares
(consensus) and those that split them (divisive), as Pol.is defines them (repness.clj, stats.clj,
conversation.clj `:group-aware-consensus`).

For a group g and a comment, A, D and S are the group's agrees, disagrees and votes seen (passes
included); A', D', S' the same for the rest (the other groups' members). Pol.is's estimates, with a
pseudo-count of one agree and one disagree (a "dumb prior"):

- p_a = (1 + A) / (2 + S), the group's probability of agreeing (p_d likewise);
- its one-proportion test z_pa = 2 √(S+1) ((A+1)/(S+1) − ½);
- the representativeness r_a = p_a / ((1 + A') / (2 + S')), how much likelier the group agrees than
  the rest;
- the two-proportion test z_ra of (A+1)/(S+1) against (A'+1)/(S'+1), on the pooled proportion.

A comment represents a group for `agree` when z_ra and z_pa are both significant at 90 % (one-sided,
z > 1.2816), for `disagree` likewise with D; when both pass, the larger z_r decides. It needs at least
MIN_STATEMENT_VOTES votes from the group. Comments are ranked by Pol.is's metric r · z_r · p · z_p,
the best `limit` kept, agrees before disagrees. (Pol.is also shows a group's best comment when none
passes; the map shows none, not a guess.)

Consensus: a comment for `agree` when in every group (everybody, when there are no groups) it has
MIN_STATEMENT_VOTES votes or more, p_a > ½ and z_pa > 1.2816; for `disagree` likewise. Ranked by
Pol.is's group-aware consensus, the product of the groups' p_a (p_d).

Divisive: a comment on which the groups' probabilities of agreeing spread the widest, max p_a − min
p_a over the groups that have MIN_STATEMENT_VOTES votes on it (two at least), listed when that spread
is at least DIVISIVE_SPREAD and the two-proportion test of the most agreeing group against the least
agreeing one is significant (z > 1.2816). Ranked by spread.
"""
from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from participation.feedback.opinion.matrix import AGREE, DISAGREE, Votes
from participation.feedback.opinion.result import (ConsensusComment, DivisiveComment, RepresentativeComment,
                                                   Tally)

MIN_STATEMENT_VOTES = 5  # votes a group needs on a comment for any statement about it
Z_90 = 1.2816  # one-sided 90 % (Pol.is's z-sig-90?)
DIVISIVE_SPREAD = 0.3
DIRECTIONS = ("agree", "disagree")


def tallies(votes: Votes, group_of: np.ndarray, groups: int) -> np.ndarray:
    """groups × comments × 3 counts of agrees, disagrees and votes seen; `group_of` gives each voter's
    group (-1: none, left out)."""
    comments = len(votes.comment_ids)
    group = group_of[votes.rows]
    mine = group >= 0
    cells = group[mine] * comments + votes.cols[mine]
    values = votes.values[mine]
    counts = [np.bincount(cells[values == AGREE], minlength=groups * comments),
              np.bincount(cells[values == DISAGREE], minlength=groups * comments),
              np.bincount(cells, minlength=groups * comments)]
    return np.stack(counts, axis=-1).reshape(groups, comments, 3)


def _p(success, seen):
    return (1 + success) / (2 + seen)


def _prop_test(success, seen):
    return 2 * np.sqrt(seen + 1) * ((success + 1) / (seen + 1) - 0.5)


def _two_prop_test(success_in, success_out, seen_in, seen_out):
    success_in, success_out, seen_in, seen_out = (np.asarray(x, dtype=float) + 1 for x in
                                                  (success_in, success_out, seen_in, seen_out))
    pooled = (success_in + success_out) / (seen_in + seen_out)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / seen_in + 1 / seen_out))
    difference = success_in / seen_in - success_out / seen_out
    return np.divide(difference, spread, out=np.zeros_like(difference), where=spread > 0)


def _tally(counts) -> Tally:
    agree, disagree, seen = (int(x) for x in counts)
    return Tally(agree, disagree, seen - agree - disagree)


def representative(counts: np.ndarray, comment_ids, group: int, limit: int) -> tuple[RepresentativeComment, ...]:
    """The representative comments of group index `group`, given `tallies`."""
    mine, rest = counts[group], counts.sum(axis=0) - counts[group]
    seen, rest_seen = mine[:, 2], rest[:, 2]
    found = []
    for direction, column in zip(DIRECTIONS, (0, 1)):
        p, z_p = _p(mine[:, column], seen), _prop_test(mine[:, column], seen)
        r = p / _p(rest[:, column], rest_seen)
        z_r = _two_prop_test(mine[:, column], rest[:, column], seen, rest_seen)
        found.append((p, z_p, r, z_r, (z_r > Z_90) & (z_p > Z_90) & (seen >= MIN_STATEMENT_VOTES)))
    (_, _, _, z_agree, agree_ok), (_, _, _, z_disagree, disagree_ok) = found
    picks = []
    for index in np.flatnonzero(agree_ok | disagree_ok):
        side = 0 if agree_ok[index] and (not disagree_ok[index] or z_agree[index] >= z_disagree[index]) else 1
        p, z_p, r, z_r, _ = found[side]
        picks.append((-(r[index] * z_r[index] * p[index] * z_p[index]), comment_ids[index], side, index))
    chosen = sorted(picks)[:limit]
    chosen.sort(key=lambda pick: pick[2])  # agrees first, each side in the order of the metric
    return tuple(RepresentativeComment(
        comment_id=int(comment_id), direction=DIRECTIONS[side],
        group_rate=round(float(mine[index, side] / seen[index]), 4),
        rest_rate=round(float(rest[index, side] / rest_seen[index]), 4) if rest_seen[index] else 0.0,
        group=_tally(mine[index]), rest=_tally(rest[index]),
        repness=round(float(found[side][2][index]), 4), z=round(float(found[side][3][index]), 4),
        p=float(f"{ndtr(-found[side][3][index]):.4g}"))
        for _, comment_id, side, index in chosen)


def consensus(counts: np.ndarray, overall: np.ndarray, comment_ids, labels: list[str],
              limit: int) -> tuple[ConsensusComment, ...]:
    """The consensus comments, `limit` at most for each direction, given `tallies` per group (with
    `labels`) or, with no groups, a single one of everybody; `overall` are everybody's counts."""
    picks = []
    for side, direction in enumerate(DIRECTIONS):
        success, seen = counts[:, :, side], counts[:, :, 2]
        ok = (seen >= MIN_STATEMENT_VOTES) & (_p(success, seen) > 0.5) & (_prop_test(success, seen) > Z_90)
        ok = ok.all(axis=0)
        score = np.prod(_p(success, seen), axis=0)
        order = sorted(np.flatnonzero(ok), key=lambda index: (-score[index], comment_ids[index]))
        picks.extend(ConsensusComment(
            comment_id=int(comment_ids[index]), direction=direction, score=round(float(score[index]), 4),
            overall=_tally(overall[index]),
            by_group={label: _tally(counts[g, index]) for g, label in enumerate(labels)})
            for index in order[:limit])
    return tuple(picks)


def divisive(counts: np.ndarray, overall: np.ndarray, comment_ids, labels: list[str],
             limit: int) -> tuple[DivisiveComment, ...]:
    """The divisive comments, `limit` at most, given `tallies` per group (two groups or more)."""
    agree, seen = counts[:, :, 0], counts[:, :, 2]
    enough = seen >= MIN_STATEMENT_VOTES
    p = np.where(enough, _p(agree, seen), np.nan)
    usable = enough.sum(axis=0) >= 2
    picks = []
    for index in np.flatnonzero(usable):
        most, least = int(np.nanargmax(p[:, index])), int(np.nanargmin(p[:, index]))
        spread = p[most, index] - p[least, index]
        z = float(_two_prop_test(agree[most, index], agree[least, index], seen[most, index], seen[least, index]))
        if spread >= DIVISIVE_SPREAD and z > Z_90:
            picks.append((-spread, comment_ids[index], index, most, least, z))
    return tuple(DivisiveComment(
        comment_id=int(comment_id), spread=round(float(-negative), 4), most_agreeing=labels[most],
        least_agreeing=labels[least], z=round(z, 4), overall=_tally(overall[index]),
        by_group={label: _tally(counts[g, index]) for g, label in enumerate(labels)})
        for negative, comment_id, index, most, least, z in sorted(picks)[:limit])
