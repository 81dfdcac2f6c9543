"""Simulated learners for ``pathfinder assess``: how many questions it asks, how often it
classifies a resource right, and how often it skips what the learner does not know.

    python benchmarks/assess_sim.py [--learners 500] [--seed 13] [--goal inference ...]

Each learner knows a random set of resources closed under hard prerequisites (two kinds of
learner, below), answers a check of a resource they know right except with the slip rate, and
guesses among the choices (or, for a number, is right with the numeric guess rate) otherwise.
A resource without checks in the catalog gets two synthetic four-choice checks for the
simulation, and the output says how many did.

Learners:

* ``level``: per topic, a true level (knows nothing, beginner, intermediate or everything,
  around one overall level); resources below it are known with probability 0.9, at it 0.3,
  above it 0.05; then anything whose hard prerequisite is unknown is dropped.
* ``random``: a share f drawn uniformly from [0, 1]; in plan order, a resource whose hard
  prerequisites are known is known with probability f. Knowledge uncorrelated with level:
  the hard case, where twelve questions cannot carry fifteen independent bits. Its row is
  shown beside ``ceiling``: what even a quiz told f in advance would classify right with
  twelve numeric checks (the most telling kind) spread evenly over the resources, the rest
  judged from f alone (hard prerequisites ignored, so an estimate, not a proof).

The targets (at most 12 questions, at least 90% classified right, under 5% of unknown
resources wrongly skipped) are judged on the ``level`` learners.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pathfinder.catalog.loader import load_catalog
from pathfinder.models import LEVEL_RANK, Catalog
from pathfinder.planning.assess import NUMERIC_GUESS, SLIP, Assessment
from pathfinder.planning.planner import plan

KINDS = ("level", "random")


def with_synthetic_checks(catalog: Catalog, numeric: bool = False) -> tuple[Catalog, int]:
    """The catalog with two four-choice checks on every resource that has fewer than two
    (with ``numeric``, the second is a numeric check instead)."""
    resources = {}
    added = 0
    for rid, r in catalog.resources.items():
        if len(r.checks) < 2:
            added += 1
            choice = ("A", "B", "C", "D")
            checks = (
                (f"Synthetic question 1 on {rid}?", "A", "Synthetic.", "Synthetic", choice,
                 None, None),
                (f"Synthetic question 2 on {rid}?", 7.0, "Synthetic.", "Synthetic", None, 0.5,
                 None) if numeric else
                (f"Synthetic question 2 on {rid}?", "A", "Synthetic.", "Synthetic", choice,
                 None, None),
            )  # fmt: skip
            r = r._replace(checks=checks)
        resources[rid] = r
    out = Catalog(
        topics=catalog.topics,
        resources=resources,
        requirements=catalog.requirements,
        labs=catalog.labs,
        aliases=catalog.aliases,
        locations=catalog.locations,
        requirement_locations=catalog.requirement_locations,
        ignored_checks=catalog.ignored_checks,
    )
    return out, added


def true_knowledge(catalog: Catalog, scope: list[str], kind: str, rng: random.Random) -> set[str]:
    known: set[str] = set()
    if kind == "level":
        overall = rng.choice([0, 1, 1, 2, 2, 3])
        topics = {catalog.resources[rid].topic for rid in scope}
        true_level = {
            t: min(3, max(0, overall + rng.choice([-1, 0, 0, 0, 1]))) for t in sorted(topics)
        }
        for rid in scope:  # plan order: prerequisites first
            r = catalog.resources[rid]
            rank, level = LEVEL_RANK[r.level], true_level[r.topic]
            p = 0.9 if rank < level else 0.3 if rank == level else 0.05
            if rng.random() < p and _prerequisites_known(catalog, rid, scope, known):
                known.add(rid)
    else:
        share = rng.random()
        for rid in scope:
            if rng.random() < share and _prerequisites_known(catalog, rid, scope, known):
                known.add(rid)
    return known


def _prerequisites_known(catalog: Catalog, rid: str, scope: list[str], known: set[str]) -> bool:
    return all(e.id in known for e in catalog.requirements_of(rid).hard if e.id in scope)


@dataclass
class Tally:
    questions: list[int] = field(default_factory=list)
    classified: int = 0
    resources: int = 0
    unknown: int = 0
    wrongly_skipped: int = 0
    known: int = 0
    plan_extra: list[int] = field(default_factory=list)  # planned but truly known
    plan_missing: list[int] = field(default_factory=list)  # truly unknown, left out


def simulate(catalog: Catalog, goal: str, kind: str, learners: int, seed: int) -> Tally:
    rng = random.Random(f"{seed}-{goal}-{kind}")
    tally = Tally()
    for _ in range(learners):
        quiz = Assessment(catalog, [goal], slip=SLIP)
        scope = quiz.scope
        truth = true_knowledge(catalog, scope, kind, rng)
        while (question := quiz.next_question()) is not None:
            if question.resource in truth:
                right = rng.random() >= SLIP
            else:
                right = rng.random() < (question.guess if question.check.choices else NUMERIC_GUESS)
            quiz.record(question, "simulated", right)
        result = quiz.conclusion()
        concluded = set(result.known)
        tally.questions.append(len(quiz.answered))
        tally.resources += len(scope)
        tally.classified += sum((rid in concluded) == (rid in truth) for rid in scope)
        tally.unknown += sum(rid not in truth for rid in scope)
        tally.known += len(truth)
        tally.wrongly_skipped += len(concluded - truth)
        ideal = {i.id for i in plan(catalog, [goal], "beginner", sorted(truth)).items}
        got = {i.id for i in result.plan.items}
        tally.plan_extra.append(len(got & truth))
        tally.plan_missing.append(len(ideal - got))
    return tally


def ceiling(resources: int, questions: int = 12, steps: int = 2_000) -> float:
    """The share of ``resources`` a quiz told the learner's f in advance classifies right at
    best, spreading ``questions`` numeric checks (the most telling kind) evenly over them: a
    resource's verdict follows the likelier of known and unknown given f and how many of its
    questions were answered right (the midpoint rule over f in [0, 1])."""
    share = [0.0] * (questions // resources + 2)  # share[m]: right with m questions
    for k in range(steps):
        f = (k + 0.5) / steps
        for m in range(len(share)):
            share[m] += sum(
                math.comb(m, j)
                * max(
                    f * (1 - SLIP) ** j * SLIP ** (m - j),
                    (1 - f) * NUMERIC_GUESS**j * (1 - NUMERIC_GUESS) ** (m - j),
                )
                for j in range(m + 1)
            )
    each, extra = divmod(questions, resources)
    right = extra * share[each + 1] + (resources - extra) * share[each]
    return right / steps / resources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--goal", action="append", help="topic goals (default: every topic)")
    parser.add_argument(
        "--numeric", action="store_true", help="make the second synthetic check numeric"
    )
    parser.add_argument(
        "--catalog", type=Path, help="use this catalog (repository layout) instead of the built-in"
    )
    args = parser.parse_args(argv)
    source = load_catalog([args.catalog], builtin=False) if args.catalog else load_catalog()
    catalog, added = with_synthetic_checks(source, args.numeric)
    goals = args.goal or list(catalog.topics)
    print(f"{args.learners} simulated learners of each kind per goal, seed {args.seed}, "
          f"slip {SLIP}, numeric guess {NUMERIC_GUESS}")  # fmt: skip
    checks = sum(len(r.checks) for r in source.resources.values())
    print(f"{checks} checks in the catalog")
    if added:
        kinds = "a four-choice and a numeric" if args.numeric else "two four-choice"
        print(f"{added} of {len(catalog.resources)} resources had fewer than two checks and got "
              f"{kinds} synthetic checks for this run")  # fmt: skip
    print()
    print("| goal | learners | resources | questions mean / max | classified right | "
          "unknown wrongly skipped | known still planned | unknown left out of plan | "
          "ceiling |")  # fmt: skip
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    ok = True
    for goal in goals:
        for kind in KINDS:
            t = simulate(catalog, goal, kind, args.learners, args.seed)
            scope = t.resources // args.learners
            right = t.classified / t.resources
            skipped = t.wrongly_skipped / t.unknown if t.unknown else 0.0
            print(
                f"| {goal} | {kind} | {scope} | {statistics.mean(t.questions):.1f} / "
                f"{max(t.questions)} | {right:.1%} | {skipped:.1%} | "
                f"{statistics.mean(t.plan_extra):.2f} | {statistics.mean(t.plan_missing):.2f} | "
                + (f"{ceiling(scope):.1%} |" if kind == "random" else "|")
            )
            if kind == "level":
                ok &= max(t.questions) <= 12 and right >= 0.9 and skipped < 0.05
    print()
    print("targets for level learners (<= 12 questions, >= 90% right, < 5% wrongly skipped):",
          "met for every goal" if ok else "NOT met for every goal")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
