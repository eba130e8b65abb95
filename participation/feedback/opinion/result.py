"""The opinion map as stored: frozen dataclasses, JSON-ready through `OpinionMap.to_dict()` and back
through `OpinionMap.from_dict()` (the map is kept in the database and frozen into the meeting record).

Floats are rounded when the map is computed (coordinates to 4 decimals), so a map read back from its
JSON equals the map computed. In the dictionary, `points` holds each clustered participant as
`voter_key: [x, y, group label or null]`, which is also where a group's members are kept (they are
not repeated in the group); vote tallies are `[agrees, disagrees, passes]`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = 1  # version of the dictionary's layout


@dataclass(frozen=True)
class Tally:
    """Votes on one comment by some participants."""

    agree: int
    disagree: int
    passed: int

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passed

    def to_list(self) -> list[int]:
        return [self.agree, self.disagree, self.passed]

    @classmethod
    def from_list(cls, values) -> Tally:
        return cls(*(int(value) for value in values))


@dataclass(frozen=True)
class RepresentativeComment:
    """A comment on which a group differs from the rest: `direction` (`agree`/`disagree`) is what the
    group does more; `group_rate` and `rest_rate` the shares of their votes going that way; `repness`
    Pol.is's ratio of pseudo-counted probabilities, `z` its two-proportion test and `p` the one-sided
    p-value of `z`."""

    comment_id: int
    direction: str
    group_rate: float
    rest_rate: float
    group: Tally
    rest: Tally
    repness: float
    z: float
    p: float


@dataclass(frozen=True)
class ConsensusComment:
    """A comment a majority of every group agrees with (`direction` `agree`) or disagrees with;
    `score` is the product of the groups' pseudo-counted probabilities (Pol.is's group-aware
    consensus), `overall` everybody's votes, `by_group` each group's (empty when there are no
    groups: the consensus is then everybody's)."""

    comment_id: int
    direction: str
    score: float
    overall: Tally
    by_group: dict[str, Tally]


@dataclass(frozen=True)
class DivisiveComment:
    """A comment that splits the groups: `spread` between the pseudo-counted probabilities of agreeing
    of the `most_agreeing` and the `least_agreeing` group, `z` their two-proportion test."""

    comment_id: int
    spread: float
    most_agreeing: str
    least_agreeing: str
    z: float
    overall: Tally
    by_group: dict[str, Tally]


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: its label ("A", "B", ...), its members' voter keys (sorted), its centre and
    spread (root mean square distance to the centre) on the map, its `outline` for a shaded region
    (convex hull corners counter-clockwise, or its few distinct points) and its representative
    comments."""

    label: str
    size: int
    members: tuple[str, ...]
    centre: tuple[float, float]
    spread: float
    outline: tuple[tuple[float, float], ...]
    representative: tuple[RepresentativeComment, ...]


@dataclass(frozen=True)
class OpinionMap:
    """The opinion map of one item.

    `participants`: everybody who voted; `clustered`: those with `threshold` votes or more, placed on
    the map (`positions`, voter key → (x, y), within [-1, 1]); `comments` and `votes` counted. With
    `has_groups`, `groups` are the opinion groups in label order (A the largest, unless labels were
    kept from the previous map); without, `reason` says why: `no_votes`, `too_few_participants`, `all_alike` (no
    difference between participants' votes) or `no_structure` (the grouping found is no better than
    random votes'). `silhouette` is that of the best grouping found, `null_silhouette` that of the null
    model (None when not computed). Consensus and divisive comments are the whole item's."""

    participants: int
    clustered: int
    threshold: int
    comments: int
    votes: int
    has_groups: bool
    reason: str
    silhouette: float | None
    null_silhouette: float | None
    groups: tuple[OpinionGroup, ...] = ()
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    consensus: tuple[ConsensusComment, ...] = ()
    divisive: tuple[DivisiveComment, ...] = ()

    @property
    def k(self) -> int:
        """The number of opinion groups (0 without)."""
        return len(self.groups)

    def group_of(self, voter_key: str) -> str | None:
        """The label of the participant's group, None when they are in none."""
        return next((group.label for group in self.groups if voter_key in group.members), None)

    def to_dict(self) -> dict[str, Any]:
        """The map as JSON-ready dictionaries and lists."""
        label_of = {key: group.label for group in self.groups for key in group.members}
        return {
            "format": FORMAT, "participants": self.participants, "clustered": self.clustered,
            "threshold": self.threshold, "comments": self.comments, "votes": self.votes,
            "has_groups": self.has_groups, "reason": self.reason, "k": self.k, "silhouette": self.silhouette,
            "null_silhouette": self.null_silhouette,
            "groups": [{"label": g.label, "size": g.size, "centre": list(g.centre), "spread": g.spread,
                        "outline": [list(point) for point in g.outline],
                        "representative": [_representative_dict(r) for r in g.representative]}
                       for g in self.groups],
            "points": {key: [x, y, label_of.get(key)] for key, (x, y) in self.positions.items()},
            "consensus": [{"comment_id": c.comment_id, "direction": c.direction, "score": c.score,
                           "overall": c.overall.to_list(), "by_group": _tallies_dict(c.by_group)}
                          for c in self.consensus],
            "divisive": [{"comment_id": d.comment_id, "spread": d.spread, "most_agreeing": d.most_agreeing,
                          "least_agreeing": d.least_agreeing, "z": d.z, "overall": d.overall.to_list(),
                          "by_group": _tallies_dict(d.by_group)} for d in self.divisive],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OpinionMap:
        """The map of a dictionary made by `to_dict` (and, say, read back from JSON)."""
        members: dict[str, list[str]] = {}
        for key, (_, _, label) in data["points"].items():
            if label is not None:
                members.setdefault(label, []).append(key)
        groups = tuple(OpinionGroup(
            label=g["label"], size=g["size"], members=tuple(sorted(members.get(g["label"], []))),
            centre=(g["centre"][0], g["centre"][1]), spread=g["spread"],
            outline=tuple((x, y) for x, y in g["outline"]),
            representative=tuple(_representative_of(r) for r in g["representative"])) for g in data["groups"])
        return cls(
            participants=data["participants"], clustered=data["clustered"], threshold=data["threshold"],
            comments=data["comments"], votes=data["votes"], has_groups=data["has_groups"], reason=data["reason"],
            silhouette=data["silhouette"], null_silhouette=data["null_silhouette"], groups=groups,
            positions={key: (x, y) for key, (x, y, _) in data["points"].items()},
            consensus=tuple(ConsensusComment(c["comment_id"], c["direction"], c["score"],
                                             Tally.from_list(c["overall"]), _tallies_of(c["by_group"]))
                            for c in data["consensus"]),
            divisive=tuple(DivisiveComment(d["comment_id"], d["spread"], d["most_agreeing"], d["least_agreeing"],
                                           d["z"], Tally.from_list(d["overall"]), _tallies_of(d["by_group"]))
                           for d in data["divisive"]))


def _tallies_dict(tallies: dict[str, Tally]) -> dict[str, list[int]]:
    return {label: tally.to_list() for label, tally in tallies.items()}


def _tallies_of(data: dict[str, list[int]]) -> dict[str, Tally]:
    return {label: Tally.from_list(values) for label, values in data.items()}


def _representative_dict(r: RepresentativeComment) -> dict[str, Any]:
    return {"comment_id": r.comment_id, "direction": r.direction, "group_rate": r.group_rate,
            "rest_rate": r.rest_rate, "group": r.group.to_list(), "rest": r.rest.to_list(),
            "repness": r.repness, "z": r.z, "p": r.p}


def _representative_of(data: dict[str, Any]) -> RepresentativeComment:
    return RepresentativeComment(
        comment_id=data["comment_id"], direction=data["direction"], group_rate=data["group_rate"],
        rest_rate=data["rest_rate"], group=Tally.from_list(data["group"]), rest=Tally.from_list(data["rest"]),
        repness=data["repness"], z=data["z"], p=data["p"])
