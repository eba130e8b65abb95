"""Calibration of the opinion map's "no distinct groups" rule on random votes.

Votes drawn at random hold no opinion groups, yet k-means finds some in them and their silhouette is
far from 0. For random-vote matrices of several sizes (participants × comments) and densities (share
of the comments each participant voted on), uniform choices or a share of agrees drawn per comment,
this computes what the map computes (`groups.assess`, the null model always run) and prints the
distribution of the best silhouette and of its excess over the null model's, overall and by number of
participants, with how many of the matrices the current rule (SILHOUETTE_FLOOR, `null_margin`)
would wrongly give groups. Votes of planted groups (two or three, members loyal to their group's side
60 % to 90 % of the time) show what the rule keeps. Results go to
bench/results/opinion_calibration-<when>.json.
Run: `.venv/bin/python -m bench.opinion_calibration [--repeats N] [--seed S]` (about 8 minutes on
this 2-core machine at 1).
"""
from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone

import numpy as np
from threadpoolctl import threadpool_limits

from bench import write_result
from bench.opinion_votes import planted_votes, random_votes
from participation.feedback.opinion import groups, matrix

PARTICIPANTS = [8, 10, 12, 15, 20, 30, 50, 100, 300, 1000, 2000]
COMMENTS = [10, 25, 100, 500]
DENSITIES = [(0.1, 0.2), (0.3, 0.5), (0.7, 1.0)]
PLANTED = [(participants, comments, density, k, loyalty) for participants, comments, density in
           [(20, 10, (0.7, 1.0)), (40, 25, (0.3, 0.5)), (100, 25, (0.7, 1.0)), (300, 100, (0.1, 0.2)),
            (2000, 500, (0.06, 0.16))] for k in (2, 3) for loyalty in (0.6, 0.75, 0.9)]
PERCENTILES = [50, 90, 95, 99, 99.9, 100]


def _repeats(participants: int, comments: int, factor: int) -> int:
    """Matrices per size: many when small (fast, and where the silhouette of noise varies most)."""
    cells = participants * comments
    return factor * (40 if cells <= 2_500 else 12 if cells <= 50_000 else 3 if cells <= 200_000 else 1)


def _assessed(rows) -> groups.Assessment | None:
    votes = matrix.clustered(matrix.collect(rows))
    assessment = groups.assess(votes, always_null=True)
    return assessment if assessment.grouping is not None else None


def _distribution(values) -> dict:
    values = np.asarray(values)
    return {"count": int(len(values)), **{f"p{p:g}": round(float(np.percentile(values, p)), 3) for p in PERCENTILES}}


def _random_runs(rng: np.random.Generator, factor: int) -> list[dict]:
    runs = []
    for participants in PARTICIPANTS:
        for comments in COMMENTS:
            for low, high in DENSITIES:
                per = (max(7, round(low * comments)), max(7, round(high * comments)))
                if per[0] > comments:
                    continue
                for repeat in range(_repeats(participants, comments, factor)):
                    skewed = bool(repeat % 2)
                    found = _assessed(random_votes(rng, participants, comments, per, skewed=skewed))
                    if found is not None:
                        runs.append({"participants": participants, "comments": comments, "per": per,
                                     "skewed": skewed, "k": found.grouping.k,
                                     "silhouette": found.grouping.silhouette, "null": found.null,
                                     "kept": found.kept})
    return runs


def _planted_runs(rng: np.random.Generator) -> list[dict]:
    runs = []
    for participants, comments, (low, high), k, loyalty in PLANTED:
        per = (max(7, round(low * comments)), max(7, round(high * comments)))
        found = _assessed(planted_votes(rng, participants, comments, per, groups=k, loyalty=loyalty))
        runs.append({"participants": participants, "comments": comments, "per": per, "planted": k,
                     "loyalty": loyalty, "k": found.grouping.k if found else 0,
                     "silhouette": round(found.grouping.silhouette, 3) if found else None,
                     "null": round(found.null, 3) if found and found.null is not None else None,
                     "kept": bool(found and found.kept)})
    return runs


def _summary(runs: list[dict]) -> dict:
    """Distributions of the silhouette and of its excess over the null model (where the null model
    could group), and how many of `runs` the current rule keeps (wrongly, on random votes)."""
    judged = [r for r in runs if r["null"] is not None]
    return {"silhouette": _distribution([r["silhouette"] for r in runs]),
            "excess_over_null": _distribution([r["silhouette"] - r["null"] for r in judged]),
            "excess_times_root_n": _distribution([(r["silhouette"] - r["null"]) * r["participants"] ** 0.5
                                                  for r in judged]),
            "null_impossible": len(runs) - len(judged), "kept": sum(r["kept"] for r in runs)}


def run(factor: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    started = time.monotonic()
    with threadpool_limits(limits=1):
        runs, planted = _random_runs(rng, factor), _planted_runs(rng)
    return {"seed": seed, "repeats": factor, "seconds": round(time.monotonic() - started, 1),
            "silhouette_floor": groups.SILHOUETTE_FLOOR, "null_margin": groups.NULL_MARGIN,
            "null_scale": groups.NULL_SCALE, "null_draws": groups.NULL_DRAWS,
            "random": {"all": _summary(runs),
                       "100_or_more": _summary([r for r in runs if r["participants"] >= 100]),
                       "by_participants": {n: _summary([r for r in runs if r["participants"] == n])
                                           for n in PARTICIPANTS}},
            "planted": planted,
            "random_runs": [[r["participants"], r["comments"], *r["per"], int(r["skewed"]), r["k"],
                             round(r["silhouette"], 4), None if r["null"] is None else round(r["null"], 4)]
                            for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="multiplies the matrices drawn per size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = run(args.repeats, args.seed)
    result["at"] = datetime.now(timezone.utc).isoformat()
    write_result("opinion_calibration", result)


if __name__ == "__main__":
    main()
