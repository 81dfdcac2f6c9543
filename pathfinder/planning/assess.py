"""Placement: an adaptive quiz that finds which resources of a plan the learner already knows.

The model, in plain words (the README's "Placement" section says the same):

* **What is unknown** is the learner's *knowledge state*: which resources of the plan they know.
  Only states closed under hard prerequisites are possible: whoever knows B knows every hard
  prerequisite of B that the plan holds.
* **The prior** is a mixture over one latent *ability* θ, a number on a grid. Given θ, the
  resources are decided in plan order (prerequisites first): a resource whose hard
  prerequisites are all known is known with probability ``sigmoid(SLOPE * (θ - difficulty))``
  (difficulty from its level), and a resource with an unknown hard prerequisite is not known.
  So knowledge is correlated the way it is in people: answering intermediate questions right
  makes the unasked beginner resources likely known too.
* **An answer** to a check of resource r is right with probability ``1 - slip`` if r is known,
  and ``guess`` if not (``1 / len(choices)`` for multiple choice, ``NUMERIC_GUESS`` for a
  number).
* **Inference is exact**. Given θ, the hard-prerequisite graph among the plan's resources
  splits into connected parts that are independent; each part's closed states (its
  "downsets") are enumerated, at most ``MAX_STATES`` of them (a larger part keeps the states a
  seeded sample of the prior reached: a restricted state space, still all closed). The
  posterior over θ and, per θ, over each part's states gives each resource's probability of
  being known. Because every possible state is closed, P(know A) >= P(know B) whenever A is a
  hard prerequisite of B, so "known" conclusions are closed too (and are closed explicitly
  once more).
* **The next question** is the unasked check with the largest expected reduction of the
  plan's *risk*: for each resource, the expected cost of the verdict its probability p would
  get now (concluded known when p >= KNOWN: wrong with chance 1 - p, and a wrongly skipped
  resource costs SKIP_COST; concluded unknown otherwise: wrong with chance p, costing 1, an
  hour spent on something already known). Entropy would spend questions sharpening beliefs
  that change no verdict; the risk asks what could still change the plan. When no single
  answer could change a verdict, the question with the largest expected information gain
  (entropy, in bits) comes next: two answers may. Ties go to the earlier resource in the
  plan, then the earlier check.
* **It stops** after ``max_questions`` (12), when every resource is decided (probability
  above 0.97 or below 0.03), or when no question is left that would tell anything.
* **The conclusion**: resources with probability >= 0.75 are known; a topic whose planned
  resources below a level are all known gets that level suggested; the plan that follows is
  the goal's plan with those as ``--known`` and ``--level``.

Deterministic: the same answers give the same questions in the same order, everywhere.
"""

from __future__ import annotations

import math
import random
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pathfinder.errors import PathfinderError
from pathfinder.models import LEVEL_RANK, LEVELS, Catalog, Check, LevelPolicy
from pathfinder.planning.planner import parse_levels, plan

if TYPE_CHECKING:
    from pathfinder.planning.plan import Plan

SLIP = 0.1  # a learner who knows the resource still gets a check wrong this often
NUMERIC_GUESS = 0.05  # the chance of landing within tolerance of a number without knowing
MAX_QUESTIONS = 12
# Skipping a resource the learner does not know costs SKIP_COST times as much as planning one
# they know: it leaves a hole under what follows. Concluding "known" is the cheaper verdict
# exactly when P(known) >= SKIP_COST / (1 + SKIP_COST), which is KNOWN.
SKIP_COST = 3.0
KNOWN = SKIP_COST / (1 + SKIP_COST)  # 0.75: a resource this likely known is concluded known
DECIDED = 0.97  # every resource above this or below 1 - this: nothing left to ask
MIN_GAIN = 1e-4  # a question that would lower the risk less than this is not worth asking
MAX_STATES = 4096  # closed states enumerated per connected part of the hard graph
SEED = 13

# The ability grid and how it meets a resource's difficulty; tuned with
# benchmarks/assess_sim.py (see the README for the figures).
THETAS: tuple[float, ...] = tuple(-1.0 + 0.5 * k for k in range(10))  # -1.0 .. 3.5
DIFFICULTY = {"beginner": 0.5, "intermediate": 1.5, "advanced": 2.5}
SLOPE = 2.5
FLOOR = 0.1  # no resource is near certainly known, or not, before any answer about it


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


class AnswerError(PathfinderError):
    """An answer that is neither a choice, a choice's number, nor a number (for numeric
    checks); the question is asked again."""


@dataclass(frozen=True)
class Question:
    """One check of one resource, with its id ``<resource-id>#<n>`` (1-based, file order)."""

    id: str
    resource: str
    check: Check

    @property
    def guess(self) -> float:
        choices = self.check.choices
        return 1 / len(choices) if choices else NUMERIC_GUESS


@dataclass(frozen=True)
class Answered:
    question: Question
    answer: str  # as recorded: the choice's text, the number, or "?" for "I don't know"
    correct: bool


def questions_of(catalog: Catalog, resource_id: str) -> list[Question]:
    """A resource's checks as questions, in file order."""
    return [
        Question(f"{resource_id}#{n}", resource_id, check)
        for n, check in enumerate(catalog.resources[resource_id].quiz(), start=1)
    ]


def grade(check: Check, text: str) -> tuple[str, bool]:
    """Read one answer: for multiple choice, a choice's text (exact, else ignoring case) or
    its number from 1; for a numeric check, a number (the check's unit may follow it). An
    empty answer or ``?`` means "I don't know" and counts as wrong. Returns the answer as
    recorded and whether it is right; raises AnswerError for anything else."""
    given = text.strip()
    if given in ("", "?"):
        return "?", False
    if check.choices is not None:
        choices = check.choices
        chosen = given if given in choices else None
        if chosen is None:
            folded = [c for c in choices if c.casefold() == given.casefold()]
            chosen = folded[0] if len(folded) == 1 else None
        if chosen is None and given.isdigit() and 1 <= int(given) <= len(choices):
            chosen = choices[int(given) - 1]
        if chosen is None:
            raise AnswerError(
                f"answer with a number from 1 to {len(choices)} or a choice's text; "
                "empty or ? for I don't know"
            )
        return chosen, chosen == check.answer
    number_text = given
    if check.unit and number_text.casefold().endswith(check.unit.casefold()):
        number_text = number_text[: -len(check.unit)].strip()
    if "," in number_text:
        # 1,024 is a thousand and twenty-four; 0,47 is a decimal comma, read as 47 it would
        # be graded wrong for the wrong reason, so it is asked for again
        if not _THOUSANDS.fullmatch(number_text):
            raise AnswerError("write decimals with a dot (0.47); commas only between thousands")
        number_text = number_text.replace(",", "")
    try:
        value = float(number_text) if "_" not in number_text else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        unit = f" in {check.unit}" if check.unit else ""
        raise AnswerError(f"answer with a number{unit}; empty or ? for I don't know")
    target = float(check.answer)
    tolerance = float(check.tolerance or 0)
    right = abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target))
    return f"{value:g}", right


@dataclass(frozen=True)
class Conclusion:
    """What the quiz concluded, and the plan that follows from it."""

    scope: list[str]  # the resources assessed: the goal's plan at the given level, in order
    probabilities: dict[str, float]  # P(known) for each of them
    known: list[str]  # concluded known (P >= KNOWN, closed under hard prerequisites)
    levels: list[str]  # --level values for the plan that follows (given and suggested)
    suggested: dict[str, str]  # topic -> level suggested by the answers
    known_options: list[str]  # --known values for that plan (what its levels do not imply)
    confidence: float  # mean over the scope of max(P, 1 - P)
    stopped: str  # "decided", "limit", "no-questions" or "end-of-answers"
    answered: list[Answered]
    plan: Plan
    goals: list[str]

    def start_command(self, catalogs: Sequence[str] = ()) -> str | None:
        """The ``pathfinder start`` command that saves the plan that follows (with the
        ``--catalog`` folders the quiz was given), or None when that plan is empty: ``start``
        refuses to save nothing."""
        if not self.plan.items:
            return None
        parts = ["pathfinder start", *(f"--goal {shlex.quote(g)}" for g in self.goals)]
        parts += [f"--level {lv}" for lv in self.levels]
        parts += [f"--known {k}" for k in self.known_options]
        parts += [f"--catalog {shlex.quote(str(c))}" for c in catalogs]
        return " ".join(parts)


@dataclass
class _Part:
    """A connected part of the hard-prerequisite graph among the scope: its resources (by
    scope index), its closed states (bitmasks over ``members``), and per ability the weight
    of each state (prior times the likelihood of the answers so far) with its sums."""

    members: list[int]
    states: list[int]
    in_state: list[list[int]]  # local indices known in each state
    prior: list[list[float]]  # [theta][state]
    like: list[float] = field(default_factory=list)  # [state]
    z: list[float] = field(default_factory=list)  # [theta] sum of weights
    n: list[list[float]] = field(default_factory=list)  # [theta][local i] weight with i known
    both: list[list[float]] = field(default_factory=list)  # [theta][i * k + r] i and r known

    def refresh(self) -> None:
        k = len(self.members)
        self.z, self.n, self.both = [], [], []
        for prior in self.prior:
            z = 0.0
            n = [0.0] * k
            both = [0.0] * (k * k)
            for weight, like, known in zip(prior, self.like, self.in_state, strict=True):
                w = weight * like
                if w == 0.0:
                    continue
                z += w
                for i in known:
                    n[i] += w
                    row = i * k
                    for r in known:
                        both[row + r] += w
            self.z.append(z)
            self.n.append(n)
            self.both.append(both)


def _entropy(p: float) -> float:
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def _risk(p: float) -> float:
    """The expected cost of the verdict a resource known with probability ``p`` gets: the
    cheaper of concluding unknown (wrong with chance p, cost 1) and concluding known (wrong
    with chance 1 - p, cost SKIP_COST)."""
    return min(p, SKIP_COST * (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


class Assessment:
    """One placement quiz over the plan for ``goals`` at ``levels``: ask ``next_question``,
    give the learner's answer to ``record``, repeat while a question comes; then
    ``conclusion``. Pure computation: asking and printing is the caller's."""

    def __init__(
        self,
        catalog: Catalog,
        goals: Sequence[str],
        levels: Sequence[str] = (),
        *,
        known: Sequence[str] = (),
        slip: float = SLIP,
        max_questions: int = MAX_QUESTIONS,
        seed: int = SEED,
    ) -> None:
        self.catalog = catalog
        self.goals = list(dict.fromkeys(g.strip() for g in goals))
        self.levels = list(levels)
        self.policy: LevelPolicy = parse_levels(self.levels, catalog)
        # what the learner marked as read: not asked about, and left out of the plan after
        # (a resource named as a goal is always planned, so it is asked about all the same)
        self._named = {catalog.resolve(g) or g for g in self.goals if g not in catalog.topics}
        self.given_known = [
            rid
            for rid in dict.fromkeys(known)
            if rid in catalog.resources and rid not in self._named
        ]
        self.slip = slip
        self.max_questions = max_questions
        base = plan(catalog, self.goals, self.policy, self.given_known)
        self.scope = [item.id for item in base.items]
        self._index = {rid: i for i, rid in enumerate(self.scope)}
        self.questions = [q for rid in self.scope for q in questions_of(catalog, rid)]
        if not self.scope:
            raise PathfinderError(
                f"the plan for {', '.join(self.goals)} at this level is empty: nothing to assess"
            )
        if not self.questions:
            raise PathfinderError(
                f"no resource in the plan for {', '.join(self.goals)} has checks to ask; "
                "assess needs a catalog with checks (see the README, 'Placement')"
            )
        self.answered: list[Answered] = []
        self._asked: set[str] = set()
        self._rng = random.Random(seed)
        self._q = [
            [min(1 - FLOOR, max(FLOOR, _sigmoid(SLOPE * (t - DIFFICULTY[lvl])))) for t in THETAS]
            for lvl in (catalog.resources[rid].level for rid in self.scope)
        ]
        self._parents = [
            [self._index[e.id] for e in catalog.requirements_of(rid).hard if e.id in self._index]
            for rid in self.scope
        ]
        self._parts = self._build_parts()
        self._part_of = {i: p for p, part in enumerate(self._parts) for i in part.members}

    # -- the state space ---------------------------------------------------------------------

    def _build_parts(self) -> list[_Part]:
        size = len(self.scope)
        root = list(range(size))

        def find(x: int) -> int:
            while root[x] != x:
                root[x] = root[root[x]]
                x = root[x]
            return x

        for child, parents in enumerate(self._parents):
            for parent in parents:
                root[find(parent)] = find(child)
        groups: dict[int, list[int]] = {}
        for i in range(size):  # scope order is plan order: prerequisites first
            groups.setdefault(find(i), []).append(i)
        return [self._part(members) for members in groups.values()]

    def _part(self, members: list[int]) -> _Part:
        local = {g: j for j, g in enumerate(members)}
        needs = [sum(1 << local[p] for p in self._parents[g]) for g in members]
        states = self._downsets(needs)
        if states is None:
            states = self._sampled_states(members, needs)
        in_state = [[j for j in range(len(members)) if s >> j & 1] for s in states]
        prior = []
        for t in range(len(THETAS)):
            row = []
            for s in states:
                p = 1.0
                for j, g in enumerate(members):
                    if s & needs[j] != needs[j]:
                        continue  # cannot be known: a prerequisite is not
                    q = self._q[g][t]
                    p *= q if s >> j & 1 else 1 - q
                row.append(p)
            prior.append(row)
        part = _Part(members, states, in_state, prior, like=[1.0] * len(states))
        part.refresh()
        return part

    @staticmethod
    def _downsets(needs: list[int]) -> list[int] | None:
        """Every closed state of a part, or None when there are more than MAX_STATES."""
        states = [0]
        for j, need in enumerate(needs):
            states += [s | 1 << j for s in states if s & need == need]
            if len(states) > MAX_STATES:
                return None
        return states

    def _sampled_states(self, members: list[int], needs: list[int]) -> list[int]:
        """A part too large to enumerate keeps the closed states a seeded sample of the prior
        reaches (plus knowing nothing and everything): a restricted state space."""
        found = {0, (1 << len(members)) - 1}
        for _ in range(MAX_STATES * 8):
            if len(found) >= MAX_STATES:
                break
            t = self._rng.randrange(len(THETAS))
            s = 0
            for j, g in enumerate(members):
                if s & needs[j] == needs[j] and self._rng.random() < self._q[g][t]:
                    s |= 1 << j
            found.add(s)
        return sorted(found)

    # -- beliefs -----------------------------------------------------------------------------

    def _theta_weights(self) -> list[float]:
        logs = []
        for t in range(len(THETAS)):
            total = 0.0
            for part in self._parts:
                total += math.log(part.z[t]) if part.z[t] > 0 else -math.inf
            logs.append(total)
        top = max(logs)
        weights = [math.exp(v - top) if v > -math.inf else 0.0 for v in logs]
        norm = sum(weights)
        return [w / norm for w in weights]

    def _conditional(self) -> list[list[float]]:
        """P(known | θ, answers) of every scope resource, per θ: [theta][scope index]."""
        out = [[0.0] * len(self.scope) for _ in THETAS]
        for part in self._parts:
            for t in range(len(THETAS)):
                z = part.z[t]
                for j, g in enumerate(part.members):
                    out[t][g] = part.n[t][j] / z if z > 0 else 0.0
        return out

    def probabilities(self) -> dict[str, float]:
        """Each scope resource's probability of being known, given the answers so far."""
        weights = self._theta_weights()
        cond = self._conditional()
        return {
            rid: sum(w * cond[t][i] for t, w in enumerate(weights))
            for i, rid in enumerate(self.scope)
        }

    # -- asking ------------------------------------------------------------------------------

    def _gain(
        self,
        question: Question,
        weights: list[float],
        cond: list[list[float]],
        now: tuple[float, float],
    ) -> tuple[float, float]:
        """Expected reduction of the plan's risk and of the beliefs' entropy (each summed over
        the scope) from asking ``question``: every resource's belief, after each outcome,
        weighted by its chance."""
        g = self._index[question.resource]
        part = self._parts[self._part_of[g]]
        r = part.members.index(g)
        k = len(part.members)
        guess = question.guess
        risk = entropy = 0.0
        for right_if_known, right_if_not in ((1 - self.slip, guess), (self.slip, 1 - guess)):
            rho = []
            for t in range(len(THETAS)):
                z = part.z[t]
                a = part.n[t][r]
                rho.append((right_if_known * a + right_if_not * (z - a)) / z if z > 0 else 0.0)
            chance = sum(w * x for w, x in zip(weights, rho, strict=True))
            if chance <= 0:
                continue
            after = [w * x / chance for w, x in zip(weights, rho, strict=True)]
            total = [0.0] * len(self.scope)
            for t, w in enumerate(after):
                if w == 0.0:
                    continue
                row = cond[t]
                for i in range(len(self.scope)):
                    total[i] += w * row[i]
                z = part.z[t]
                if z <= 0 or rho[t] <= 0:
                    continue
                # the part asked about changes within θ too
                for j, g_j in enumerate(part.members):
                    both = part.both[t][j * k + r]
                    inside = (right_if_known * both + right_if_not * (part.n[t][j] - both)) / (
                        z * rho[t]
                    )
                    total[g_j] += w * (inside - row[g_j])
            risk += chance * sum(_risk(p) for p in total)
            entropy += chance * sum(_entropy(p) for p in total)
        return now[0] - risk, now[1] - entropy

    def next_question(self) -> Question | None:
        """The most informative unasked check, or None when the quiz is over (see
        ``stopped``)."""
        return self._choose()[0]

    def _choose(self) -> tuple[Question | None, str]:
        if len(self.answered) >= self.max_questions:
            return None, "limit"
        probabilities = self.probabilities()
        if all(p > DECIDED or p < 1 - DECIDED for p in probabilities.values()):
            return None, "decided"
        weights = self._theta_weights()
        cond = self._conditional()
        now = (
            sum(_risk(p) for p in probabilities.values()),
            sum(_entropy(p) for p in probabilities.values()),
        )
        best: tuple[tuple[float, float], int, Question] | None = None
        cache: dict[tuple[str, float], tuple[float, float]] = {}
        for order, question in enumerate(self.questions):
            if question.id in self._asked:
                continue
            key = (question.resource, question.guess)
            if key not in cache:
                risk, info = self._gain(question, weights, cond, now)
                # a question that can change no verdict on its own gains no risk; then the one
                # that tells most (in bits) prepares the verdicts two answers could change
                cache[key] = (round(risk, 9) if risk >= MIN_GAIN else 0.0, round(info, 9))
            gain = cache[key]
            if best is None or gain > best[0]:
                best = (gain, order, question)
        if best is None:
            return None, "no-questions"
        if best[0][1] < MIN_GAIN:
            return None, "decided"
        return best[2], ""

    @property
    def stopped(self) -> str:
        return self._choose()[1]

    def record(self, question: Question, answer: str, correct: bool) -> None:
        """The learner's answer to ``question``: the beliefs change, the check is used."""
        if question.id in self._asked:
            raise PathfinderError(f"{question.id} was asked already")
        self._asked.add(question.id)
        self.answered.append(Answered(question, answer, correct))
        g = self._index[question.resource]
        part = self._parts[self._part_of[g]]
        r = part.members.index(g)
        guess = question.guess
        if_known, if_not = (1 - self.slip, guess) if correct else (self.slip, 1 - guess)
        part.like = [
            like * (if_known if r in known else if_not)
            for like, known in zip(part.like, part.in_state, strict=True)
        ]
        part.refresh()

    # -- concluding --------------------------------------------------------------------------

    def conclusion(self, stopped: str | None = None) -> Conclusion:
        """What the answers so far say; ``stopped`` overrides why the quiz ended (say, the
        answers ran out)."""
        probabilities = self.probabilities()
        known: list[str] = []
        for i, rid in enumerate(self.scope):  # plan order: prerequisites come first
            if probabilities[rid] >= KNOWN and all(
                self.scope[p] in known for p in self._parents[i]
            ):
                known.append(rid)
        known_set = set(known)
        suggested = self._suggested_levels(known_set)
        levels = self._level_options(suggested)
        policy = parse_levels(levels, self.catalog)
        known_options = [
            rid
            for rid in known
            if rid not in self._named
            and LEVEL_RANK[self.catalog.resources[rid].level]
            >= LEVEL_RANK[policy.for_topic(self.catalog.resources[rid].topic)]
        ]
        after = plan(self.catalog, self.goals, policy, [*known_options, *self.given_known])
        confidence = (
            sum(max(p, 1 - p) for p in probabilities.values()) / len(probabilities)
            if probabilities
            else 1.0
        )
        return Conclusion(
            scope=list(self.scope),
            probabilities=probabilities,
            known=known,
            levels=levels,
            suggested=suggested,
            known_options=known_options,
            confidence=confidence,
            stopped=stopped or self.stopped,
            answered=list(self.answered),
            plan=after,
            goals=list(self.goals),
        )

    def _suggested_levels(self, known: set[str]) -> dict[str, str]:
        """Per topic of the scope: the highest level all of whose easier planned resources
        are known, when it is above the level given for the topic, and only as high as the
        evidence goes: some known resource sits just one level below it (knowing the one
        beginner resource of a topic says intermediate, not advanced)."""
        out: dict[str, str] = {}
        topics = dict.fromkeys(self.catalog.resources[rid].topic for rid in self.scope)
        for topic in topics:
            members = [rid for rid in self.scope if self.catalog.resources[rid].topic == topic]
            rank = {rid: LEVEL_RANK[self.catalog.resources[rid].level] for rid in members}
            given = LEVEL_RANK[self.policy.for_topic(topic)]
            for level in reversed(LEVELS[1:]):
                below = [rid for rid in members if rank[rid] < LEVEL_RANK[level]]
                just_below = LEVEL_RANK[level] - 1
                if (
                    LEVEL_RANK[level] > given
                    and below
                    and all(rid in known for rid in below)
                    and any(rank[rid] == just_below for rid in below)
                ):
                    out[topic] = level
                    break
        return out

    def _level_options(self, suggested: dict[str, str]) -> list[str]:
        """The given --level values with the suggestions laid over them; one bare level when
        the suggestion is the same for every topic of the scope."""
        topics = list(dict.fromkeys(self.catalog.resources[rid].topic for rid in self.scope))
        levels = set(suggested.values())
        if suggested and len(levels) == 1 and set(suggested) == set(topics):
            default = next(iter(levels))
        else:
            default = self.policy.default
        final = {**self.policy.topics, **suggested}
        out = [] if default == "beginner" else [default]
        out += [f"{t}={lv}" for t, lv in sorted(final.items()) if lv != default]
        return out
