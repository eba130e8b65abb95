"""Generated votes for the opinion map's benchmarks: random votes (no structure at all) and votes of
planted opinion groups, as (voter_key, comment_id, choice) rows like those of `comment_votes`."""
from __future__ import annotations

import numpy as np

CHOICES = np.array(["agree", "disagree", "pass"])


def _voted(rng: np.random.Generator, participants: int, comments: int, per_participant: tuple[int, int]):
    """For each participant, the comments they voted on: between the two bounds of `per_participant`
    (at most all comments), drawn at random."""
    low, high = min(per_participant[0], comments), min(per_participant[1], comments)
    for participant in range(participants):
        yield participant, rng.choice(comments, size=int(rng.integers(low, high + 1)), replace=False)


def random_votes(rng: np.random.Generator, participants: int, comments: int, per_participant: tuple[int, int],
                 skewed: bool = False) -> list[tuple[str, int, str]]:
    """Votes with no structure: each choice drawn on its own, a third each (uniform) or, `skewed`, with
    a share of agrees and of passes drawn per comment (some comments popular, some not)."""
    if skewed:
        agree = rng.beta(2, 2, size=comments) * 0.9
        disagree = (1 - agree) * rng.uniform(0.5, 0.9, size=comments)
        shares = np.stack([agree, disagree, 1 - agree - disagree], axis=1)
    else:
        shares = np.full((comments, 3), 1 / 3)
    rows = []
    for participant, voted in _voted(rng, participants, comments, per_participant):
        draws = rng.random(len(voted))
        picks = (draws[:, None] > np.cumsum(shares[voted], axis=1)[:, :2]).sum(axis=1)
        rows.extend((f"p{participant}", int(cid) + 1, str(CHOICES[pick])) for cid, pick in zip(voted, picks))
    return rows


def planted_votes(rng: np.random.Generator, participants: int, comments: int, per_participant: tuple[int, int],
                  groups: int = 2, loyalty: float = 0.8, divisive_share: float = 0.5) -> list[tuple[str, int, str]]:
    """Votes of `groups` planted opinion groups: on the divisive comments (that share of them) each group
    has its side, agree or disagree, and a member votes it with probability `loyalty`, otherwise at
    random; the other comments are agreed by most of everybody (70 %). Participant p is in group
    p % groups."""
    divisive = rng.random(comments) < divisive_share
    sides = rng.choice(["agree", "disagree"], size=(groups, comments))
    rows = []
    for participant, voted in _voted(rng, participants, comments, per_participant):
        loyal, chance = rng.random(len(voted)), rng.random(len(voted))
        for cid, is_loyal, roll in zip(voted, loyal, chance):
            if divisive[cid]:
                choice = sides[participant % groups, cid] if is_loyal < loyalty else CHOICES[int(roll * 3)]
            else:
                choice = "agree" if roll < 0.7 else ("disagree" if roll < 0.85 else "pass")
            rows.append((f"p{participant}", int(cid) + 1, str(choice)))
    return rows
