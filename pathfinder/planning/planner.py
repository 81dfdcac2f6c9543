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
from itertools import compress
from typing import TYPE_CHECKING

from pathfinder.errors import PathfinderError, UnknownNameError
from pathfinder.models import (
    LEVEL_RANK,
    LEVELS,
    Catalog,
    Level,
    LevelPolicy,
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


class _Search:
    """State of the closure walk; kept together so ``plan`` reads as the steps it takes.

    Resources are numbered by their position in catalog order (``Catalog.adjacency``), and
    the walk keeps integers in lists: on a 100,000-resource catalog that is several times
    faster than ids in dicts. ``state`` says, per number, new (0), planned (1) or skipped
    (2): the planned numbers are read from it (``planned``), in ascending order."""

    def __init__(
        self, catalog: Catalog, policy: LevelPolicy, known: set[str], explicit: set[str]
    ) -> None:
        self.catalog = catalog
        self.policy = policy
        self.known = known
        self.explicit = explicit
        reading = catalog.reading_order()
        self.ids = reading.ids
        self.keys = reading.keys
        self.size = len(reading.ids)
        self.graph = catalog.adjacency()
        self.state = bytearray(self.size)
        self.skipped: dict[str, str] = {}  # id -> "known" or "below-level", as found
        self.chosen: dict[int, list[int]] = {}  # number -> group members it uses
        self.soft_pairs: list[tuple[int, int]] = []  # group members not chosen

    def planned(self) -> list[int]:
        """The planned numbers in ascending order rather than as found: every pass over them
        then walks the lists indexed by number (and the objects made in catalog order) front
        to back, which on a large catalog costs a fraction of reading them in a scattered
        order."""
        return list(compress(range(self.size), self.state.translate(_ONLY_PLANNED)))

    def number(self, rid: str) -> int:
        """A resource's position in catalog order (its reading key carries it)."""
        return self.keys[rid] % self.size

    def skip_reason(self, rid: str) -> str | None:
        if rid in self.known:
            return "known"
        resource = self.catalog.resources[rid]
        below = LEVEL_RANK[resource.level] < LEVEL_RANK[self.policy.for_topic(resource.topic)]
        if below and rid not in self.explicit:
            return "below-level"
        return None

    def visit(self, u: int, by: int | None, queue: list[int]) -> None:
        if by is not None:
            self.chosen.setdefault(by, []).append(u)
        if self.state[u]:  # planned or skipped already
            return
        rid = self.ids[u]
        reason = self.skip_reason(rid)
        if reason is not None:
            self.state[u] = 2
            self.skipped[rid] = reason
            return
        self.state[u] = 1
        queue.append(u)

    def close(self, goals: Sequence[str]) -> None:
        """Breadth-first over hard edges from the goals, then settle one_of groups, until no
        group is left open. Breadth-first makes the first dependent the nearest to a goal.

        The inner loop is written out by hand (no call per edge): on a 100,000-resource
        catalog it runs a few hundred thousand times. When nothing can be skipped (nothing
        known, no topic above the beginner level) it only tells planned from new."""
        queue: list[int] = []
        for goal in goals:
            self.visit(self.number(goal), None, queue)
        graph, ids = self.graph, self.ids
        hard_of, groups_of = graph.hard, graph.groups
        state, skipped = self.state, self.skipped
        known = {self.number(rid) for rid in self.known}
        explicit = {self.number(rid) for rid in self.explicit}
        floor = [LEVEL_RANK[self.policy.for_topic(t)] for t in self.catalog.topics] + [0]
        levels, topics = graph.levels, graph.topics
        may_skip = bool(known) or any(floor)
        while queue:
            groups: list[int] = []
            for u in queue:  # grows while it is walked: breadth first
                for t in hard_of[u]:
                    if state[t]:
                        continue  # planned or skipped already
                    if not may_skip:
                        state[t] = 1
                        queue.append(t)
                    elif t in known:
                        state[t] = 2
                        skipped[ids[t]] = "known"
                    elif levels[t] < floor[topics[t]] and t not in explicit:
                        state[t] = 2
                        skipped[ids[t]] = "below-level"  # as skip_reason decides
                    else:
                        state[t] = 1
                        queue.append(t)
                if u in groups_of:
                    groups.append(u)
            queue = []
            number = self.number
            for u in groups:
                for members, _, rule in groups_of[u]:  # OneOf fields
                    choice = self.choose(members, rule)
                    self.visit(number(choice), u, queue)
                    self.soft_pairs += [(number(m), u) for m in members if m != choice]

    def choose(self, members: Sequence[str], rule: str = "nearest") -> str:
        """The member that satisfies an "any one of" group: one already planned, else one
        known, else one below the learner's level (assumed known), else by the group's rule
        (``models.ONE_OF_CHOICES``)."""
        for member in members:
            if self.state[self.number(member)] == 1:
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
    from pathfinder.planning.plan import OptionalItem, Plan, PlanLinks, PlannedItem

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
    ids, state = search.ids, search.state
    goal_set = {search.number(g) for g in goal_ids}
    planned = search.planned()
    soft_of = search.graph.soft
    catalog_soft = [(u, v) for v in planned for u in soft_of[v] if state[u] == 1]
    pairs = [(u, v) for u, v in search.soft_pairs if state[u] == 1 and state[v] == 1]
    soft = catalog_soft + pairs  # alternatives not chosen order like soft edges
    order, requires, soft = _study_order(search, planned, goal_set, catalog_soft, soft)
    position = _positions(order, search.size)
    items: list[PlanItem] = []
    total = 0
    resources = list(catalog.resources.values())
    graph = search.graph
    hard_of, hard_why, groups_of = graph.hard, graph.hard_why, graph.groups
    # What each item's reason reads of what needs it: the first in plan order, and how many
    # there are (the lists themselves are made only if read: ``PlanLinks``).
    first_of = [0] * search.size
    count = [0] * search.size
    last = [-1] * search.size
    for v in order:
        for p in requires[v]:
            if last[p] != v and state[p] == 1:
                if not count[p]:
                    first_of[p] = v
                count[p] += 1
                last[p] = v
    links = PlanLinks(ids, order, requires, state.translate(_ONLY_PLANNED))
    # An item that something builds on softly before its first hard use: the earliest such
    # soft user (its reason cites that use first). Only those items are kept.
    soft_first: dict[int, int] = {}
    for u, v in soft:
        at = position[v]
        if at > position[u] and u not in goal_set and at < position[first_of[u]]:
            earlier = soft_first.get(u)
            if earlier is None or at < position[earlier]:
                soft_first[u] = v
    add = items.append
    for number, u in enumerate(order, start=1):
        r = resources[u]
        rid, title, url, kind, topic, level, minutes, _, _, _, _, _, _, section, _ = r
        total += minutes
        if u in goal_set:
            is_goal = True
            edge_why = None
            reason = teaches(r)
        else:
            is_goal = False
            first = first_of[u]
            whys = hard_why[first]
            if whys is None and first not in groups_of:  # no reason on any edge of first
                edge_why = None
            elif u in hard_of[first]:  # the reason on the edge
                edge_why = None if whys is None else whys[hard_of[first].index(u)]
            else:
                edge_why = next(  # the "any one of" group it was chosen from
                    (why for members, why, _ in groups_of.get(first, ()) if rid in members), None
                )
            user = soft_first.get(u)
            if user is not None:
                uses, whys = graph.soft[user], graph.soft_why[user]
                why = whys[uses.index(u)] if whys is not None and u in uses else None
                reason = _soft_reason(why, ids[user], position[user], ids[first], position[first])
            else:  # the common case, written out: "before #12 x (+2 more): why"
                reason = f"before #{position[first]} {ids[first]}"
                if count[u] > 1:
                    reason += f" (+{count[u] - 1} more)"
                if edge_why:
                    reason += f": {edge_why}"
        add(
            PlannedItem(  # positional: a tenth of the cost of keywords, for 100,000 items
                number,
                rid,
                f"{title} ({section})" if section else title,
                url,
                topic,
                level,
                kind,
                minutes,
                total,
                is_goal,
                reason,
                edge_why,
                None,  # needed_by and requires: worked out by ``links`` when first read
                None,
                u,
                links,
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
            if state[search.number(r.id)] != 1 and search.skip_reason(r.id) is None
        ],
    )


_ONLY_PLANNED = bytes([0, 1]).ljust(256, b"\0")  # a _Search state -> 1 when planned, else 0


def _positions(order: list[int], size: int) -> list[int]:
    """Each number's 1-based place in ``order`` (0 for numbers not in it)."""
    position = [0] * size
    for place, u in enumerate(order, start=1):
        position[u] = place
    return position


def _study_order(
    search: _Search,
    planned: list[int],
    goals: set[int],
    catalog_soft: list[tuple[int, int]],
    soft: list[tuple[int, int]],
) -> tuple[list[int], list[Sequence[int]], list[tuple[int, int]]]:
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
    stage (the member chosen is what the dependent builds on). Resources are numbers
    (``_Search``).

    Also returns what each planned resource requires (its hard prerequisites, then the
    members it chose), which the order needs anyway and the plan items show, and the soft
    edges the order honours (the reasons must not cite one it dropped).
    """
    catalog, state, size = search.catalog, search.state, search.size
    reading = catalog.reading_order()
    keys, number = list(reading.keys.values()), search.number  # by number: catalog order
    span = len(catalog.topics) * len(LEVELS) * size  # above every reading key; a multiple of size
    backward = [(number(u), number(v)) for u, v in reading.backward]
    if any(state[u] == 1 and state[v] == 1 for u, v in backward):
        successors = _successors(search, planned)
        stage = _stages(search, planned, successors, catalog_soft)
        soft = [(u, v) for u, v in soft if stage[u] <= stage[v]]  # see below
        key = {u: stage[u] * span + keys[u] for u in planned}
        order = _priority_order(key, size, span, successors, soft)
    else:
        # No edge of this plan goes against the reading order, so that order is a
        # topological one: read in it, each item's stage follows from the stages of what
        # leads to it, already known. And stages never fall along an edge, so the priority
        # order would be the sorted order (stage, then reading key): the reading order,
        # stage by stage. A key modulo the catalog's size is the resource's number.
        by_key = [k % size for k in sorted([keys[u] for u in planned])]
        stage = _stages_in_order(search, by_key)
        buckets: list[list[int]] = [[] for _ in LEVELS]
        for u in by_key:
            buckets[stage[u]].append(u)
        order = [u for bucket in buckets for u in bucket]
        # An alternative not chosen may be harder than what it would precede: such an edge
        # is dropped, since a soft edge never puts a harder resource first (catalog soft
        # edges never point into an easier stage: stages are computed along them).
        soft = [(u, v) for u, v in soft if stage[u] <= stage[v]]
    # What each item is preceded by: its hard prerequisites, and the items planned only as
    # prerequisites that it builds on softly (a primer in the plan anyway is read before the
    # first thing that uses it, not after). Soft edges that go against ``order`` (broken there
    # because they conflict with a hard edge or with rising difficulty) are left out, so that
    # every edge followed goes forward in a topological order: no cycles.
    position = _positions(order, size)
    soft_before: dict[int, list[int]] = {}
    for u, v in soft:
        if u not in goals and position[u] < position[v]:
            soft_before.setdefault(v, []).append(u)
    # Built in ``order``, a topological order, so that everything an item needs is measured
    # (``depth``: the longest chain of prerequisites below it) before the item itself; each
    # item's prerequisites are then sorted as the just-in-time pass visits them: deepest
    # first, ties in ``order``. ``rank`` is -depth * count + place in ``order``, so one
    # number holds both: the lowest rank among an item's prerequisites is the deepest one,
    # and its depth is ``(count - 1 - rank) // count``.
    hard_of, chosen = search.graph.hard, search.chosen
    everything_planned = not search.skipped  # then no prerequisite needs filtering
    requires: list[Sequence[int]] = [()] * size  # by number, as ``prerequisites``
    prerequisites: list[Sequence[int]] = [()] * size
    rank = [0] * size
    count = len(order)
    get_chosen, get_before = chosen.get, soft_before.get
    by_rank = rank.__getitem__
    for i, u in enumerate(order):
        needs: Sequence[int] = hard_of[u]
        extra = get_chosen(u)
        if extra:
            needs = [*needs, *extra]
        requires[u] = needs
        if not everything_planned:
            needs = [p for p in needs if state[p] == 1]
        before = get_before(u)
        if before:
            needs = list(needs)
            for p in before:
                if p not in needs:  # a repeated id (a hard edge also chosen) is harmless
                    needs.append(p)
        if needs:
            if len(needs) > 1:
                needs = sorted(needs, key=by_rank)
            rank[u] = ((count - 1 - rank[needs[0]]) // count + 1) * -count + i
        else:
            rank[u] = i
        prerequisites[u] = needs
    return _just_in_time(order, prerequisites, goals, size), requires, soft


def _stages_in_order(search: _Search, order: list[int]) -> list[int]:
    """``_stages`` when ``order`` (the planned numbers) is a topological order of the plan's
    hard and soft edges: each item's stage is the highest of its own level and the stages of
    its hard prerequisites, the members it chose and its soft prerequisites. Those outside
    the plan have stage 0 here, which raises nothing. One pass, reading each item's own
    lists, instead of following every edge forwards from scattered places."""
    graph = search.graph
    levels, hard_of, soft_of, chosen = graph.levels, graph.hard, graph.soft, search.chosen
    stage = [0] * search.size
    for v in order:
        highest = levels[v]
        for p in hard_of[v]:
            if stage[p] > highest:
                highest = stage[p]
        for p in soft_of[v]:
            if stage[p] > highest:
                highest = stage[p]
        if v in chosen:
            for p in chosen[v]:
                if stage[p] > highest:
                    highest = stage[p]
        stage[v] = highest
    return stage


def _successors(search: _Search, planned: list[int]) -> list[list[int]]:
    """What needs each planned resource (by number) through a hard edge or a choice in an
    "any one of" group, once per edge."""
    hard_of, chosen, state = search.graph.hard, search.chosen, search.state
    successors: list[list[int]] = [[] for _ in range(search.size)]
    for v in planned:
        for p in (*hard_of[v], *chosen.get(v, ())):
            if state[p] == 1:
                successors[p].append(v)
    return successors


def _stages(
    search: _Search,
    planned: list[int],
    successors: list[list[int]],
    soft: list[tuple[int, int]],
) -> list[int]:
    """Each planned resource's stage (by number; 0 for the others): the highest level rank
    among the resources it can be reached from (itself included) over the plan's hard and
    soft edges (``successors``, ``soft``). One depth-first sweep per level, hardest first, so
    cycles through soft edges need no special care."""
    levels, needed_by = search.graph.levels, successors
    stage = [0] * search.size
    for u in planned:
        stage[u] = levels[u]
    soft_succ: dict[int, list[int]] = {}
    for u, v in soft:
        soft_succ.setdefault(u, []).append(v)
    no_soft: list[int] = []
    for rank in range(len(LEVELS) - 1, 0, -1):
        frontier = [u for u in planned if stage[u] == rank]
        while frontier:
            u = frontier.pop()
            for succ in needed_by[u]:
                if stage[succ] < rank:
                    stage[succ] = rank
                    frontier.append(succ)
            for succ in soft_succ.get(u, no_soft):
                if stage[succ] < rank:
                    stage[succ] = rank
                    frontier.append(succ)
    return stage


def _priority_order(
    key: dict[int, int],
    size: int,
    span: int,
    hard_succ: list[list[int]],
    soft: list[tuple[int, int]],
) -> list[int]:
    """Kahn's algorithm with a priority queue over integer keys (a key modulo ``size`` is
    its resource's number). Hard edges are always respected; a resource whose soft
    prerequisites are not done waits while anything else of its stage (``key // span``) or
    an earlier one is ready: a soft edge never lets a harder resource go first.
    O((V + E) log V)."""
    hard_in = dict.fromkeys(key, 0)
    for u in key:
        for v in hard_succ[u]:  # type: ignore[union-attr]
            hard_in[v] += 1
    soft_succ: dict[int, list[int]] = {}
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
    done: set[int] = set()
    order: list[int] = []
    while ready or waiting:
        early = waiting and (not ready or waiting[0] // span < ready[0] // span)
        node = pop(waiting if early else ready) % size
        if node in done:
            continue
        done.add(node)
        order.append(node)
        for succ in hard_succ[node]:  # type: ignore[union-attr]
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
    order: list[int], prerequisites: list[Sequence[int]], goals: set[int], size: int
) -> list[int]:
    """Goals in ``order``; before each, its prerequisites not yet placed, depth first.

    Why this puts a prerequisite P right before its first dependent, with only that
    dependent's own prerequisites in between: P is placed while visiting the prerequisites of
    some item Y, and everything placed between P and Y belongs to Y's prerequisites. Y is P's
    first dependent if no sibling visited after P needs P, which holds because siblings are
    visited deepest first (a resource is deeper than anything it needs); ties keep ``order``.
    ``prerequisites`` must only point backwards in ``order`` and be sorted that way (deepest
    first, then by ``order``). Iterative: a long chain of prerequisites must not hit the
    recursion limit."""
    placed = bytearray(size)
    out: list[int] = []
    place = out.append
    # Goals first; then anything a goal did not pull in (none, when called from ``plan``).
    for target in [*(u for u in order if u in goals), *order]:
        if placed[target]:
            continue
        stack, pending = [target], [iter(prerequisites[target])]
        while stack:
            for p in pending[-1]:
                if not placed[p]:
                    stack.append(p)
                    pending.append(iter(prerequisites[p]))
                    break
            else:  # every prerequisite placed: place the item itself
                pending.pop()
                u = stack.pop()
                placed[u] = 1
                place(u)
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
    why: str | None, soft_first: str, soft_place: int, first: str, first_place: int
) -> str:
    """Why a prerequisite is here when something that builds on it softly comes before its
    first hard use (``soft_first``, at ``soft_place`` in the plan, with the soft edge's
    reason ``why``): that soft use and its reason, then the hard use. (Otherwise the line is
    its first use and why that needs it, read from the prerequisite's side; a goal's line is
    what it ``teaches``.)"""
    text = f"before #{soft_place} {soft_first}" + (f": {why}" if why else "")
    return text + f"; needed by #{first_place} {first}"


def _skipped(r: Resource, reason: str, policy: LevelPolicy) -> SkippedItem:
    from pathfinder.planning.plan import SkippedItem

    if reason == "known":
        detail = "you know it already"
    else:
        detail = f"{r.level}, below your level ({policy.for_topic(r.topic)}) for {r.topic}"
    return SkippedItem(r.id, r.title, r.topic, r.level, r.minutes, reason, detail)  # type: ignore[arg-type]
