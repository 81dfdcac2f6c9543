"""Planning: goals and a declared level in, an ordered and explained study path out.

The rules, which the README documents and the tests check:

* A goal is a topic id (all its resources), a resource id (or a former id), or several.
* The plan holds the goals and everything they transitively need through hard edges; for a
  one_of group the first member already in the plan is used, else one the learner knows or is
  assumed to know (below their level), else the member whose level is nearest the learner's
  (ties: easier, then shorter, then catalog order).
* A topic goal stands for the topic's core resources; ones marked ``optional`` are listed after
  the path instead, unless ``include_optional``.
* Level: a resource below the learner's level for its topic is assumed known, and so is anything
  given with ``known``. Assumed-known resources are listed as skipped and not expanded further:
  what they need is assumed known too. A resource named explicitly as a goal is always planned
  unless it is known.
* Order (``study_order``): hard edges always; goals by stage (the hardest level leading to
  them), then topic, level and catalog position, soft edges honoured where they agree; each
  prerequisite just before the first item that needs it. Ties never depend on set ordering.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pathfinder.errors import PathfinderError, UnknownNameError
from pathfinder.models import (
    LEVEL_RANK,
    LEVELS,
    Catalog,
    Edge,
    Level,
    LevelPolicy,
    OneOf,
    Requirements,
    Resource,
)

if TYPE_CHECKING:  # imported by ``plan``: ``show`` and ``done`` resolve ids and need no plan
    from pathfinder.planning.plan import Plan, PlanItem, SkippedItem


def parse_levels(values: Sequence[str], catalog: Catalog) -> LevelPolicy:
    """``["beginner", "kernels=advanced"]`` -> LevelPolicy. A bare level sets the default;
    ``topic=level`` overrides one topic. Two different levels for the same scope are refused
    rather than one silently winning."""
    given: dict[str, Level] = {}  # "" for the default, else the topic
    for value in values:
        topic, _, name = value.rpartition("=")
        topic = topic.strip()
        level = _level(name.strip())
        if topic and topic not in catalog.topics:
            raise UnknownNameError("topic", topic, catalog.topics)
        if given.get(topic, level) != level:
            first, second = (f"{topic}={lvl}" if topic else lvl for lvl in (given[topic], level))
            raise PathfinderError(f"conflicting levels: --level {first} and --level {second}")
        given[topic] = level
    default = given.pop("", "beginner")
    return LevelPolicy(default=default, topics=given)


def _level(name: str) -> Level:
    if name not in LEVEL_RANK:
        raise UnknownNameError("level", name, LEVELS)
    return name  # type: ignore[return-value]


def resolve_goals(
    catalog: Catalog, goals: Sequence[str], include_optional: bool = False
) -> tuple[list[str], set[str], list[str]]:
    """Goal names -> (resource ids in catalog order of first mention, explicitly named ids,
    optional members of goal topics left out). A topic stands for its core resources, and its
    optional ones too with ``include_optional``; a resource named by id is always a goal."""
    if not goals or any(not g.strip() for g in goals):
        raise PathfinderError(
            "a goal is required: a topic (see 'pathfinder goals') or a resource id"
        )
    ids: list[str] = []
    explicit: set[str] = set()
    optional: list[str] = []
    for goal in goals:
        goal = goal.strip()
        if goal in catalog.topics:
            members = []
            for rid in catalog.members(goal):
                r = catalog.resources[rid]
                (optional if r.optional and not include_optional else members).append(rid)
        else:
            rid = catalog.resolve(goal)
            if rid is None:
                raise UnknownNameError("goal", goal, [*catalog.topics, *catalog.resources])
            members = [rid]
            explicit.add(rid)
        ids += [m for m in members if m not in ids]
    return ids, explicit, [o for o in dict.fromkeys(optional) if o not in ids]


def resolve_ids(catalog: Catalog, names: Iterable[str]) -> list[str]:
    """Resource ids or former ids -> canonical ids; an unknown one raises with suggestions."""
    out: list[str] = []
    for name in names:
        rid = catalog.resolve(name.strip())
        if rid is None:
            topic = name.strip() if name.strip() in catalog.topics else None
            explanation = (
                f"{topic} is a topic, not a resource: its plan is pathfinder plan --goal {topic}"
                if topic
                else None
            )
            raise UnknownNameError("resource", name, catalog.resources, explanation)
        if rid not in out:
            out.append(rid)
    return out


@dataclass
class _Search:
    """State of the closure walk; kept together so ``plan`` reads as the steps it takes."""

    catalog: Catalog
    policy: LevelPolicy
    known: set[str]
    explicit: set[str]
    planned: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    skipped: dict[str, str] = field(default_factory=dict)  # id -> "known" or "below-level"
    needed_by: dict[str, list[str]] = field(default_factory=dict)
    chosen: dict[str, list[str]] = field(default_factory=dict)  # id -> group members it uses
    soft_pairs: list[tuple[str, str]] = field(default_factory=list)  # group members not chosen
    soft: list[tuple[str, tuple[Edge, ...]]] = field(default_factory=list)  # planned id, its soft

    def requires(self, rid: str) -> list[str]:
        """What a planned resource builds on: its hard prerequisites, then the member chosen
        from each of its "any one of" groups (planned or skipped alike)."""
        req = self.catalog.requirements.get(rid)
        ids = [target for target, _ in req.hard] if req is not None else []
        extra = self.chosen.get(rid)
        return ids + extra if extra else ids

    def skip_reason(self, rid: str) -> str | None:
        if rid in self.known:
            return "known"
        resource = self.catalog.resources[rid]
        below = LEVEL_RANK[resource.level] < LEVEL_RANK[self.policy.for_topic(resource.topic)]
        if below and rid not in self.explicit:
            return "below-level"
        return None

    def visit(self, rid: str, by: str | None, queue: list[str]) -> None:
        if by is not None:
            self.chosen.setdefault(by, []).append(rid)
        if rid in self.planned:
            if by is not None:
                self.needed_by[rid].append(by)
            return
        if rid in self.skipped:
            return
        reason = self.skip_reason(rid)
        if reason is not None:
            self.skipped[rid] = reason
            return
        self.planned[rid] = None
        self.needed_by[rid] = [by] if by is not None else []
        queue.append(rid)

    def close(self, goals: Sequence[str]) -> None:
        """Breadth-first over hard edges from the goals, then settle one_of groups, until no
        group is left open. Breadth-first makes the first dependent the nearest to a goal.

        The inner loop is written out by hand (no call per edge): on a 100,000-resource
        catalog it runs a few hundred thousand times. When nothing can be skipped (nothing
        known, no topic above the beginner level) it only tells planned from new."""
        queue: list[str] = []
        for goal in goals:
            self.visit(goal, None, queue)
        get_requirements, resources = self.catalog.requirements.get, self.catalog.resources
        planned, skipped, needed_by = self.planned, self.skipped, self.needed_by
        softs = self.soft
        known, explicit = self.known, self.explicit
        floor = {t: LEVEL_RANK[self.policy.for_topic(t)] for t in self.catalog.topics}
        may_skip = bool(known) or any(floor.values())
        while queue:
            groups: list[tuple[str, tuple[OneOf, ...]]] = []
            for rid in queue:  # grows while it is walked: breadth first
                req = get_requirements(rid)
                if req is None:
                    continue
                hard, soft, one_of = req
                for target, _ in hard:
                    if target in planned:
                        needed_by[target].append(rid)
                    elif not may_skip:
                        planned[target] = None
                        needed_by[target] = [rid]
                        queue.append(target)
                    elif target not in skipped:
                        r = resources[target]
                        if target in known:
                            skipped[target] = "known"
                        elif LEVEL_RANK[r.level] < floor.get(r.topic, 0) and target not in explicit:
                            skipped[target] = "below-level"  # as skip_reason decides
                        else:
                            planned[target] = None
                            needed_by[target] = [rid]
                            queue.append(target)
                if soft:
                    softs.append((rid, soft))
                if one_of:
                    groups.append((rid, one_of))
            queue = []
            for rid, one_of in groups:
                for group in one_of:
                    choice = self.choose(group.ids, group.choose)
                    self.visit(choice, rid, queue)
                    self.soft_pairs += [(m, rid) for m in group.ids if m != choice]  # order only

    def choose(self, members: Sequence[str], rule: str = "nearest") -> str:
        """The member that satisfies an "any one of" group: one already planned, else one
        known, else one below the learner's level (assumed known), else by the group's rule
        (``models.ONE_OF_CHOICES``)."""
        for member in members:
            if member in self.planned:
                return member
        for member in members:
            if member in self.known:
                return member
        for member in members:  # one you are assumed to know (below your level) will do
            if self.skip_reason(member) == "below-level":
                return member
        return pick_by_rule(self.catalog, self.policy, members, rule)


def pick_by_rule(catalog: Catalog, policy: LevelPolicy, members: Sequence[str], rule: str) -> str:
    """The member an "any one of" group's own rule picks (``models.ONE_OF_CHOICES``), once
    none is planned, known or below the learner's level: the first listed, the lightest, or
    the one nearest the learner's level (ties: easier, then shorter, then listed first)."""
    resources = catalog.resources
    order = {rid: i for i, rid in enumerate(members)}
    if rule == "first":
        return members[0]
    if rule == "lightest":
        return min(members, key=lambda m: (resources[m].minutes, order[m]))

    def nearest(rid: str) -> tuple[int, int, int, int]:
        r = resources[rid]
        wanted = LEVEL_RANK[policy.for_topic(r.topic)]
        return (abs(LEVEL_RANK[r.level] - wanted), LEVEL_RANK[r.level], r.minutes, order[rid])

    return min(members, key=nearest)


def _policy(level: LevelPolicy | Level) -> LevelPolicy:
    return level if isinstance(level, LevelPolicy) else LevelPolicy(default=_level(level))


def _search(
    catalog: Catalog,
    goals: Sequence[str],
    level: LevelPolicy | Level,
    known: Iterable[str],
    include_optional: bool = False,
) -> tuple[_Search, list[str], list[str]]:
    goal_ids, explicit, optional = resolve_goals(catalog, goals, include_optional)
    known_ids = set(resolve_ids(catalog, known))
    if explicit & known_ids:
        both = sorted(explicit & known_ids)[0]
        raise PathfinderError(f"{both} is both a goal and --known; give it as one or the other")
    search = _Search(catalog, _policy(level), known_ids, explicit)
    search.close(goal_ids)
    return search, goal_ids, optional


def assumed_known(
    catalog: Catalog,
    goals: Sequence[str],
    level: LevelPolicy | Level = "beginner",
    known: Iterable[str] = (),
    include_optional: bool = False,
) -> set[str]:
    """What a plan for these options skips as known, without building the plan itself."""
    search, _, _ = _search(catalog, goals, level, known, include_optional)
    return set(search.skipped)


def plan(
    catalog: Catalog,
    goals: Sequence[str],
    level: LevelPolicy | Level = "beginner",
    known: Iterable[str] = (),
    include_optional: bool = False,
) -> Plan:
    """Build the study path for ``goals``; see the module docstring for the rules."""
    from pathfinder.planning.plan import OptionalItem, Plan, PlanItem

    known = list(known)
    topic = next((k for k in known if k not in catalog.resources and k in catalog.topics), None)
    if topic is not None:
        raise PathfinderError(
            f"--known takes resource ids, and {topic} is a topic; to skip what you know of "
            f"it, raise your level there: --level {topic}=intermediate (or advanced)"
        )
    known_ids = resolve_ids(catalog, known)
    search, goal_ids, optional_ids = _search(catalog, goals, level, known_ids, include_optional)
    policy = search.policy
    goal_set = set(goal_ids)
    planned = search.planned
    catalog_soft = [(u, v) for v, soft in search.soft for u, _ in soft if u in planned]
    pairs = [(u, v) for u, v in search.soft_pairs if u in planned and v in planned]
    soft = catalog_soft + pairs  # alternatives not chosen order like soft edges
    order, requires = _study_order(catalog, search, goal_set, catalog_soft, soft)
    position = {rid: i for i, rid in enumerate(order, start=1)}
    soft_users: dict[str, list[str]] = {}
    for u, v in soft:
        if u not in goal_set and position[v] > position[u]:
            soft_users.setdefault(u, []).append(v)
    items: list[PlanItem] = []
    total = 0
    resources, requirements = catalog.resources, catalog.requirements
    needed_by_of = search.needed_by
    for number, rid in enumerate(order, start=1):
        r = resources[rid]
        total += r.minutes
        needers = needed_by_of[rid]
        needed_by = (
            sorted(dict.fromkeys(needers), key=position.__getitem__)
            if len(needers) > 1
            else needers
        )
        is_goal = rid in goal_set
        if is_goal:
            edge_why = None
            reason = teaches(r)
        else:
            first = needed_by[0]
            for target, why in requirements[first].hard:  # the reason on the edge (inline)
                if target == rid:
                    edge_why = why
                    break
            else:
                edge_why = _edge_why(requirements[first], rid)  # an "any one of" group
            users = soft_users.get(rid)
            soft_first = (
                None
                if users is None
                else users[0]
                if len(users) == 1
                else min(users, key=position.__getitem__)
            )
            if soft_first is not None and position[soft_first] < position[first]:
                reason = _soft_reason(catalog, rid, soft_first, first, position)
            else:  # the common case, written out: "before #12 x (+2 more): why"
                reason = f"before #{position[first]} {first}"
                if len(needed_by) > 1:
                    reason += f" (+{len(needed_by) - 1} more)"
                if edge_why:
                    reason += f": {edge_why}"
        items.append(
            PlanItem(  # positional: a tenth of the cost of keywords, for 100,000 items
                number,
                rid,
                f"{r.title} ({r.section})" if r.section else r.title,
                r.url,
                r.topic,
                r.level,
                r.kind,
                r.minutes,
                total,
                is_goal,
                reason,
                edge_why,
                needed_by,
                requires[rid],
            )
        )
    skipped = [_skipped(catalog.resources[rid], why, policy) for rid, why in search.skipped.items()]
    return Plan(
        goals=[g.strip() for g in goals],
        goal_resources=goal_ids,
        level=policy,
        known=known_ids,
        items=items,
        skipped=skipped,
        total_minutes=total,
        skipped_minutes=sum(s.minutes for s in skipped),
        include_optional=include_optional,
        optional=[
            OptionalItem(r.id, r.title, r.url, r.topic, r.level, r.minutes)
            for r in (catalog.resources[rid] for rid in optional_ids)
            if r.id not in position and search.skip_reason(r.id) is None
        ],
    )


def _study_order(
    catalog: Catalog,
    search: _Search,
    goals: set[str],
    catalog_soft: list[tuple[str, str]],
    soft: list[tuple[str, str]],
) -> tuple[list[str], dict[str, list[str]]]:
    """The plan's order, designed for learning (the README's "How a plan is ordered"):

    1. Every planned resource gets a *stage*: the hardest level among itself and everything
       that leads to it in the plan through hard or soft edges. A beginner post that builds on
       an advanced paper cannot be read before that paper, so it belongs to the advanced stage.
    2. Goals are ordered by stage, then topic, then level, then catalog position, honouring
       soft edges where they do not conflict: difficulty rises across the whole plan, and
       within a stage topics stay together.
    3. Each goal is preceded by those of its prerequisites not yet placed, depth first, so a
       prerequisite comes right before the first item that needs it.

    ``catalog_soft`` are the catalog's soft edges among planned resources; ``soft`` adds the
    members of "any one of" groups not chosen, which order like soft edges but do not raise a
    stage (the member chosen is what the dependent builds on).

    Also returns what each planned resource requires (``_Search.requires``), which the
    order needs anyway and the plan items show.
    """
    planned = search.planned
    stage = _stages(catalog, search, catalog_soft)
    # An alternative not chosen may be harder than what it would precede: such an edge is
    # dropped, since a soft edge never puts a harder resource first (catalog soft edges never
    # point into an easier stage: stages are computed along them).
    soft = [(u, v) for u, v in soft if stage[u] <= stage[v]]
    reading = catalog.reading_order()
    ids, keys = reading.ids, reading.keys
    size = len(ids)
    span = len(catalog.topics) * len(LEVELS) * size  # above every reading key; a multiple of size
    if any(u in planned and v in planned for u, v in reading.backward):
        key = {rid: stage[rid] * span + keys[rid] for rid in planned}
        order = _priority_order(key, ids, span, search.needed_by, soft)
    else:
        # No edge of this plan goes against the reading order and stages never fall along an
        # edge, so the priority order would be the sorted order: sort.
        order = [ids[k % size] for k in sorted([stage[rid] * span + keys[rid] for rid in planned])]
    # What each item is preceded by: its hard prerequisites, and the items planned only as
    # prerequisites that it builds on softly (a primer in the plan anyway is read before the
    # first thing that uses it, not after). Soft edges that go against ``order`` (broken there
    # because they conflict with a hard edge or with rising difficulty) are left out, so that
    # every edge followed goes forward in a topological order: no cycles.
    position = {rid: i for i, rid in enumerate(order)}
    soft_before: dict[str, list[str]] = {}
    for u, v in soft:
        if u not in goals and position[u] < position[v]:
            soft_before.setdefault(v, []).append(u)
    # Built in ``order``, a topological order, so that everything an item needs is measured
    # (``depth``: the longest chain of prerequisites below it) before the item itself; each
    # item's prerequisites are then sorted as the just-in-time pass visits them: deepest
    # first, ties in ``order``.
    requirements, chosen = catalog.requirements, search.chosen
    everything_planned = not search.skipped  # then no prerequisite needs filtering
    requires: dict[str, list[str]] = {}
    prerequisites: dict[str, list[str]] = {}
    depth: dict[str, int] = {}
    rank: dict[str, int] = {}
    count = len(order)
    for i, rid in enumerate(order):
        req = requirements.get(rid)
        ids_needed = [target for target, _ in req.hard] if req is not None else []
        extra = chosen.get(rid)
        if extra:
            ids_needed += extra
        requires[rid] = ids_needed
        needs = ids_needed if everything_planned else [p for p in ids_needed if p in planned]
        before = soft_before.get(rid)
        if before:
            needs = list(needs)
            for u in before:
                if u not in needs:  # a repeated id (a hard edge also chosen) is harmless
                    needs.append(u)
        if needs:
            d = max(map(depth.__getitem__, needs)) + 1
            if len(needs) > 1:
                needs = sorted(needs, key=rank.__getitem__)
        else:
            d = 0
        depth[rid] = d
        rank[rid] = -d * count + i
        prerequisites[rid] = needs
    return _just_in_time(order, prerequisites, goals), requires


def _stages(catalog: Catalog, search: _Search, soft: list[tuple[str, str]]) -> dict[str, int]:
    """Each planned resource's stage: the highest level rank among the resources it can be
    reached from (itself included) over the plan's hard and soft edges (``soft``). One
    depth-first sweep per level, hardest first, so cycles through soft edges need no special
    care."""
    resources, needed_by = search.catalog.resources, search.needed_by
    stage = {rid: LEVEL_RANK[resources[rid].level] for rid in search.planned}
    soft_succ: dict[str, list[str]] = {}
    for u, v in soft:
        soft_succ.setdefault(u, []).append(v)
    no_soft: list[str] = []
    for rank in range(len(LEVELS) - 1, 0, -1):
        frontier = [rid for rid, s in stage.items() if s == rank]
        while frontier:
            rid = frontier.pop()
            for succ in needed_by[rid]:
                if stage[succ] < rank:
                    stage[succ] = rank
                    frontier.append(succ)
            for succ in soft_succ.get(rid, no_soft):
                if stage[succ] < rank:
                    stage[succ] = rank
                    frontier.append(succ)
    return stage


def _priority_order(
    key: dict[str, int],
    ids: list[str],
    span: int,
    hard_succ: dict[str, list[str]],
    soft: list[tuple[str, str]],
) -> list[str]:
    """Kahn's algorithm with a priority queue over integer keys. Hard edges are always
    respected; a resource whose soft prerequisites are not done waits while anything else of
    its stage (``key // span``) or an earlier one is ready: a soft edge never lets a harder
    resource go first. O((V + E) log V)."""
    size = len(ids)
    hard_in = dict.fromkeys(key, 0)
    for dependents in hard_succ.values():
        for v in dependents:
            hard_in[v] += 1
    soft_succ: dict[str, list[str]] = {}
    soft_in = dict.fromkeys(key, 0)
    for u, v in soft:
        soft_succ.setdefault(u, []).append(v)
        soft_in[v] += 1  # a duplicate pair counts twice and is released twice
    ready: list[int] = []
    waiting: list[int] = []  # hard prerequisites done, soft ones not
    for n in key:
        if hard_in[n] == 0:
            (ready if soft_in[n] == 0 else waiting).append(key[n])
    heapq.heapify(ready)
    heapq.heapify(waiting)
    push, pop = heapq.heappush, heapq.heappop
    done: set[str] = set()
    order: list[str] = []
    while ready or waiting:
        early = waiting and (not ready or waiting[0] // span < ready[0] // span)
        node = ids[pop(waiting if early else ready) % size]
        if node in done:
            continue
        done.add(node)
        order.append(node)
        for succ in hard_succ[node]:
            hard_in[succ] -= 1
            if hard_in[succ] == 0:
                push(ready if soft_in[succ] == 0 else waiting, key[succ])
        for succ in soft_succ.get(node, ()):
            if succ in done:
                continue  # a soft edge that had to be broken
            soft_in[succ] -= 1
            if soft_in[succ] == 0 and hard_in[succ] == 0:
                push(ready, key[succ])
    return order


def _just_in_time(
    order: list[str], prerequisites: dict[str, list[str]], goals: set[str]
) -> list[str]:
    """Goals in ``order``; before each, its prerequisites not yet placed, depth first.

    Why this puts a prerequisite P right before its first dependent, with only that
    dependent's own prerequisites in between: P is placed while visiting the prerequisites of
    some item Y, and everything placed between P and Y belongs to Y's prerequisites. Y is P's
    first dependent if no sibling visited after P needs P, which holds because siblings are
    visited deepest first (a resource is deeper than anything it needs); ties keep ``order``.
    ``prerequisites`` must only point backwards in ``order`` and be sorted that way (deepest
    first, then by ``order``). Iterative: a long chain of prerequisites must not hit the
    recursion limit."""
    placed: set[str] = set()
    out: list[str] = []
    place = out.append
    # Goals first; then anything a goal did not pull in (none, when called from ``plan``).
    for target in [*(rid for rid in order if rid in goals), *order]:
        if target in placed:
            continue
        stack, pending = [target], [iter(prerequisites[target])]
        while stack:
            for p in pending[-1]:
                if p not in placed:
                    stack.append(p)
                    pending.append(iter(prerequisites[p]))
                    break
            else:  # every prerequisite placed: place the item itself
                pending.pop()
                rid = stack.pop()
                placed.add(rid)
                place(rid)
    return out


def _edge_why(dependent: Requirements, prerequisite: str) -> str | None:
    """The reason written on the edge of ``dependent``'s requirements that names
    ``prerequisite``: a hard edge, else the "any one of" group it is in."""
    for target, why in dependent.hard:
        if target == prerequisite:
            return why
    return next((g.why for g in dependent.one_of if prerequisite in g.ids), None)


def edge_reason(catalog: Catalog, prerequisite: str, dependent: str) -> str | None:
    """The reason written on the edge that makes ``dependent`` need ``prerequisite``."""
    return _edge_why(catalog.requirements_of(dependent), prerequisite)


def teaches(r: Resource, limit: int = 3) -> str:
    """What a resource gives the learner, in a few words: its first concepts, or else the
    first sentence of its summary."""
    if r.concepts:
        return "teaches " + ", ".join(r.concepts[:limit])
    return r.summary.split(". ")[0].rstrip(".")


def _soft_reason(
    catalog: Catalog, rid: str, soft_first: str, first: str, position: dict[str, int]
) -> str:
    """Why a prerequisite is here when something that builds on it softly comes before its
    first hard use: that soft use and its reason, then the hard use. (Otherwise the line is
    its first use and why that needs it, read from the prerequisite's side; a goal's line is
    what it ``teaches``.)"""
    why = next((e.why for e in catalog.requirements_of(soft_first).soft if e.id == rid), None)
    text = f"before #{position[soft_first]} {soft_first}" + (f": {why}" if why else "")
    return text + f"; needed by #{position[first]} {first}"


def _skipped(r: Resource, reason: str, policy: LevelPolicy) -> SkippedItem:
    from pathfinder.planning.plan import SkippedItem

    if reason == "known":
        detail = "you know it already"
    else:
        detail = f"{r.level}, below your level ({policy.for_topic(r.topic)}) for {r.topic}"
    return SkippedItem(r.id, r.title, r.topic, r.level, r.minutes, reason, detail)  # type: ignore[arg-type]
