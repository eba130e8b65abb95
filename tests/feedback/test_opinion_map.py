"""The opinion map's computation (participation/feedback/opinion/): planted opinion groups come out as
groups with what they stand for, random votes give no groups, labels stay from one map to the next,
edge cases give sensible empty maps, and the map survives JSON."""
from __future__ import annotations

import enum
import json
import random

import pytest

from participation.feedback.opinion import OpinionMap, compute_opinion_map, groups, matrix
from participation.feedback.opinion.statements import Z_90

AGREED_BY_FIRST, AGREED_BY_SECOND, AGREED_BY_ALL = range(1, 11), range(11, 21), range(21, 26)


def _side(choice: str, flip: bool) -> str:
    return {"agree": "disagree", "disagree": "agree"}[choice] if flip else choice


def two_groups(first: int = 40, second: int = 40, noise: float = 0.0, missing: float = 0.0, seed: int = 0,
               prefix: str = "v") -> list[tuple[str, int, str]]:
    """`first` participants who agree on comments 1-10 and disagree on 11-20, `second` the reverse, all
    agreeing on 21-25; a vote is left out with probability `missing` and replaced by a random choice
    with probability `noise`. Keys: <prefix>a<n> for the first group, <prefix>b<n> for the second."""
    rng, rows = random.Random(seed), []
    people = [(f"{prefix}a{n:03d}", False) for n in range(first)] + [(f"{prefix}b{n:03d}", True) for n in range(second)]
    for key, flip in people:
        for comment in range(1, 26):
            if rng.random() < missing:
                continue
            if comment in AGREED_BY_ALL:
                choice = "agree"
            else:
                choice = _side("agree" if comment in AGREED_BY_FIRST else "disagree", flip)
            if rng.random() < noise:
                choice = rng.choice(["agree", "disagree", "pass"])
            rows.append((key, comment, choice))
    return rows


def three_groups(size: int = 30, noise: float = 0.1, seed: int = 1) -> list[tuple[str, int, str]]:
    """Three groups of `size`: group g agrees on its own comments (10g+1..10g+10) and disagrees on the
    others' 20; keys g<g>-<n>."""
    rng, rows = random.Random(seed), []
    for group in range(3):
        for n in range(size):
            for comment in range(1, 31):
                choice = "agree" if (comment - 1) // 10 == group else "disagree"
                if rng.random() < noise:
                    choice = rng.choice(["agree", "disagree", "pass"])
                rows.append((f"g{group}-{n:02d}", comment, choice))
    return rows


def random_rows(participants: int, comments: int, density: float, seed: int) -> list[tuple[str, int, str]]:
    rng = random.Random(seed)
    return [(f"r{p}", c, rng.choice(["agree", "disagree", "pass"]))
            for p in range(participants) for c in range(1, comments + 1) if rng.random() < density]


def _by_first_member(found: OpinionMap) -> dict[str, object]:
    """The groups keyed by the first letter after the prefix of their members' keys."""
    return {group.members[0][1]: group for group in found.groups}


def _representative(group) -> set[tuple[int, str]]:
    return {(r.comment_id, r.direction) for r in group.representative}


def _expected(agreed: range, disagreed: range) -> set[tuple[int, str]]:
    return {(c, "agree") for c in agreed} | {(c, "disagree") for c in disagreed}


def test_two_planted_groups_come_out_with_their_comments():
    found = compute_opinion_map(two_groups(), representatives=20, divisive=25)
    assert found.has_groups and found.reason == "" and found.k == 2
    assert (found.participants, found.clustered, found.threshold, found.comments) == (80, 80, 7, 25)
    first, second = _by_first_member(found)["a"], _by_first_member(found)["b"]
    assert set(first.members) == {f"va{n:03d}" for n in range(40)}
    assert set(second.members) == {f"vb{n:03d}" for n in range(40)}
    assert (first.size, second.size) == (40, 40) and {first.label, second.label} == {"A", "B"}
    assert _representative(first) == _expected(AGREED_BY_FIRST, AGREED_BY_SECOND)
    assert _representative(second) == _expected(AGREED_BY_SECOND, AGREED_BY_FIRST)
    assert [r.direction for r in first.representative][:10] == ["agree"] * 10  # agrees first, as Pol.is
    assert {(c.comment_id, c.direction) for c in found.consensus} == {(c, "agree") for c in AGREED_BY_ALL}
    assert {d.comment_id for d in found.divisive} == set(AGREED_BY_FIRST) | set(AGREED_BY_SECOND)
    one = next(r for r in first.representative if r.comment_id == 1)
    assert (one.group_rate, one.rest_rate, one.group.agree, one.rest.disagree) == (1.0, 0.0, 40, 40)
    assert one.z > Z_90 and one.p < 0.1 and one.repness > 1
    assert found.silhouette >= groups.SILHOUETTE_FLOOR and found.null_silhouette < found.silhouette
    assert first.outline == (first.centre,)  # every member votes alike: one point


def test_two_planted_groups_with_noise_and_missing_votes():
    found = compute_opinion_map(two_groups(noise=0.1, missing=0.2, seed=3), representatives=20)
    assert found.has_groups and found.k == 2
    first, second = _by_first_member(found)["a"], _by_first_member(found)["b"]
    assert set(first.members) == {f"va{n:03d}" for n in range(40)}
    assert set(second.members) == {f"vb{n:03d}" for n in range(40)}
    assert {(c.comment_id, c.direction) for c in found.consensus} == {(c, "agree") for c in AGREED_BY_ALL}
    assert _representative(first) <= _expected(AGREED_BY_FIRST, AGREED_BY_SECOND)
    assert _representative(second) <= _expected(AGREED_BY_SECOND, AGREED_BY_FIRST)
    assert len(_representative(first)) >= 15 and len(_representative(second)) >= 15
    assert len(first.outline) >= 3 and first.spread > 0
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in found.positions.values())


def test_three_planted_groups_come_out_as_three():
    found = compute_opinion_map(three_groups(), representatives=30)
    assert found.has_groups and found.k == 3
    assert sorted({key.split("-")[0] for key in group.members} for group in found.groups) == [{"g0"}, {"g1"}, {"g2"}]
    assert all(group.size == 30 for group in found.groups)
    for group in found.groups:
        own = int(group.members[0][1])
        assert {(own * 10 + c, "agree") for c in range(1, 11)} <= _representative(group)


@pytest.mark.parametrize("participants, comments, density, seed", [
    (20, 12, 1.0, 0), (30, 15, 1.0, 1), (60, 20, 0.7, 2), (100, 40, 0.5, 3), (150, 60, 0.3, 4),
    (300, 100, 0.15, 5),
])
def test_random_votes_give_no_groups(participants, comments, density, seed):
    found = compute_opinion_map(random_rows(participants, comments, density, seed))
    assert not found.has_groups and found.reason == "no_structure" and found.groups == ()
    assert found.participants == participants and len(found.positions) == found.clustered
    assert found.divisive == ()


def test_participants_below_the_threshold_are_counted_not_clustered():
    few = [(f"few{n}", comment, "agree") for n in range(6) for comment in range(1, 7)]  # 6 votes each
    found = compute_opinion_map(two_groups() + few)
    assert (found.participants, found.clustered, found.threshold) == (86, 80, matrix.MIN_VOTES)
    assert not any(key.startswith("few") for key in found.positions)
    assert found.group_of("few0") is None and found.group_of("va000") is not None
    assert found.votes == 80 * 25 + 36


def test_the_threshold_is_every_comment_when_there_are_fewer_than_seven():
    rows = [(row[0], row[1], row[2]) for row in two_groups() if row[1] in (1, 2, 11, 12, 21)]
    found = compute_opinion_map(rows + [("partial", 1, "agree")])
    assert (found.threshold, found.participants, found.clustered) == (5, 81, 80)
    assert found.has_groups and found.k == 2


def test_labels_stay_when_groups_change_size():
    before = compute_opinion_map(two_groups(first=40, second=30))
    first = _by_first_member(before)["a"].label
    assert first == "A"  # the largest group, with no previous map
    rows = two_groups(first=40, second=30) + two_groups(first=0, second=20, prefix="new", seed=9)
    rows += [("va000", 21, "pass"), ("vb000", 22, "disagree")]  # a few votes changed
    random.Random(4).shuffle(rows)
    fresh = compute_opinion_map(rows)
    assert fresh.group_of("va000") == "B"  # the second group is now the larger one
    after = compute_opinion_map(rows, previous=before)
    assert after.group_of("va000") == "A" and after.group_of("vb001") == "B" and after.group_of("newb000") == "B"
    assert [group.label for group in after.groups] == ["A", "B"]
    shared = [key for key in before.positions if key in after.positions]
    agreeing = sum((before.positions[k][0] * after.positions[k][0]) > 0 for k in shared)
    assert agreeing == len(shared)  # the map keeps its orientation


def test_the_same_votes_in_any_order_give_the_same_map():
    rows = two_groups(noise=0.1, missing=0.2, seed=5)
    shuffled = list(rows)
    random.Random(1).shuffle(shuffled)
    assert compute_opinion_map(rows) == compute_opinion_map(shuffled)


def test_labels_of_a_previous_map_unmatched_are_freed():
    assert groups.labelled([{"x1", "x2"}, {"y1"}], [("B", {"x1", "x2", "x3"}), ("A", {"z1"})]) == ["B", "A"]
    assert groups.labelled([{"x1"}, {"y1", "y2"}], [("C", {"x1", "x9"})]) == ["C", "A"]
    # a previous group now split in three: none of the three holds half of it
    assert groups.labelled([{"x1", "a"}, {"x2", "b"}, {"x3", "c"}], [("C", {"x1", "x2", "x3"})]) == ["A", "B", "C"]


def test_no_votes():
    found = compute_opinion_map([])
    assert (found.has_groups, found.reason, found.participants, found.clustered) == (False, "no_votes", 0, 0)
    assert found.positions == {} and found.consensus == () and found.silhouette is None


def test_one_participant():
    found = compute_opinion_map([("solo", comment, "agree") for comment in range(1, 10)])
    assert (found.has_groups, found.reason, found.clustered) == (False, "too_few_participants", 1)
    assert found.positions == {"solo": (0.0, 0.0)}
    assert found.consensus == ()  # one vote per comment is not a consensus


def test_too_few_participants_for_two_groups():
    rows = [row for row in two_groups(first=3, second=3)]
    found = compute_opinion_map(rows)
    assert (found.has_groups, found.reason, found.clustered) == (False, "too_few_participants", 6)
    assert len(found.positions) == 6


def test_everybody_voting_alike():
    found = compute_opinion_map([(f"p{n}", comment, "agree") for n in range(30) for comment in range(1, 9)])
    assert (found.has_groups, found.reason, found.clustered) == (False, "all_alike", 30)
    assert set(found.positions.values()) == {(0.0, 0.0)}
    assert [c.comment_id for c in found.consensus] == [1, 2, 3, 4, 5]  # at most five per direction
    assert found.consensus[0].overall.agree == 30 and found.consensus[0].by_group == {}


def test_passes_only():
    found = compute_opinion_map([(f"p{n}", comment, "pass") for n in range(20) for comment in range(1, 9)])
    assert (found.has_groups, found.reason) == (False, "all_alike") and found.consensus == ()


def test_a_comment_nobody_voted_on():
    found = compute_opinion_map(two_groups(), comment_ids=list(range(1, 26)) + [99])
    assert found.comments == 26 and found.has_groups and found.k == 2
    assert all(r.comment_id != 99 for group in found.groups for r in group.representative)
    votes_elsewhere = compute_opinion_map(two_groups() + [("va000", 500, "agree")], comment_ids=range(1, 26))
    assert votes_elsewhere.votes == 80 * 25  # a vote on a comment not of the item is left out


def test_choices_as_numbers_or_enums():
    class Choice(enum.Enum):
        AGREE, DISAGREE, PASS = "agree", "disagree", "pass"

    numbers = {"agree": 1, "disagree": -1, "pass": 0}
    rows = two_groups(noise=0.1, seed=2)
    as_words = compute_opinion_map(rows)
    assert compute_opinion_map([(k, c, numbers[v]) for k, c, v in rows]) == as_words
    assert compute_opinion_map([(k, c, Choice(v)) for k, c, v in rows]) == as_words
    with pytest.raises(ValueError):
        compute_opinion_map([("p", 1, "maybe")])


@pytest.mark.parametrize("rows", [two_groups(noise=0.1, missing=0.2), random_rows(40, 15, 1.0, 7), []],
                         ids=["groups", "no groups", "empty"])
def test_round_trip_through_json(rows):
    found = compute_opinion_map(rows)
    text = json.dumps(found.to_dict())
    again = OpinionMap.from_dict(json.loads(text))
    assert again == found
    assert json.dumps(again.to_dict()) == text
