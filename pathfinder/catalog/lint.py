"""Warnings about a catalog that loads but could be better: what ``pathfinder check`` adds to
the loader's errors. Each finding points at the file and line to change."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from pathfinder.errors import Problem
from pathfinder.models import Catalog, Location

# Minutes outside these bounds are probably a typo or a mis-classified kind.
EXPECTED_MINUTES: dict[str, tuple[int, int]] = {
    "blog": (5, 240),
    "paper": (30, 360),
    "video": (5, 360),
    "course": (30, 3000),
    "docs": (10, 600),
    "interactive": (10, 600),
    "book": (60, 3000),
}

# A hard edge across topics that drags at least this many minutes of reading (the prerequisite
# and what it needs in turn), and several times the dependent's own length, into every plan
# for the dependent deserves a second look: is someone who skipped it truly lost?
HEAVY_EDGE_MINUTES = 120
HEAVY_EDGE_RATIO = 3


def lint(catalog: Catalog) -> list[Problem]:
    """Warnings, sorted by file and line. The catalog is valid; these are judgement calls.

    Every rule is linear in the catalog's size (the implied-edge rule up to the width of an
    ancestor bitmask), so that ``check`` scales like ``plan``: networkx's transitive
    reduction, used before, took 740 s and 11 GiB on 100,000 resources. Resources are numbered
    in catalog order, and graphs are lists of those numbers."""
    ids = list(catalog.resources)
    resources = list(catalog.resources.values())
    graph = catalog.adjacency()  # the edges by number, without rebuilding the requirements
    parents = [sorted(set(hard)) if len(hard) > 1 else list(hard) for hard in graph.hard]
    found: list[Problem] = []

    warn = partial(_warn, found, catalog)  # (location, rid, message, rule); no extra frame

    minutes = [r.minutes for r in resources]
    levels, topics = graph.levels, graph.topics  # LEVEL_RANK numbers, topic numbers
    cross: list[tuple[int, int, int]] = []  # (dependent, prerequisite, limit) across topics
    for v, ps in enumerate(parents):
        if not ps:
            continue
        limit = max(HEAVY_EDGE_MINUTES, HEAVY_EDGE_RATIO * minutes[v])
        topic, beginner = topics[v], levels[v] == 0
        for u in ps:
            if beginner and levels[u] == 2:  # beginner on advanced
                warn(
                    catalog.edge_location(ids[u], ids[v]),
                    ids[v],
                    f"level inversion: this beginner resource hard-requires advanced {ids[u]!r}",
                    "level-inversion",
                )
            if topics[u] != topic:
                cross.append((v, u, limit))
    sums_from = _running_minutes(minutes, parents, cross)
    where: Location | None = None  # the dependent's block: the same for all its edges
    last = -1
    for v, u, limit in cross:
        sums = sums_from[u]  # the first running total to reach the limit, or the whole total
        index = bisect_left(sums, limit)
        pulled = sums[index] if index < len(sums) else sums[-1]
        if pulled >= limit:
            if v != last:
                where, last = catalog.edge_location(ids[u], ids[v]), v
            warn(
                where,
                ids[v],
                f"heavy hard edge: {ids[u]!r} pulls at least {pulled} minutes of "
                f"{resources[u].topic} into every plan for this {minutes[v]}-minute "
                "resource; make it soft unless a reader who skipped it is truly lost",
                "heavy-edge",
            )
    for u, v, path in implied_edges(parents):
        warn(
            catalog.edge_location(ids[u], ids[v]),
            ids[v],
            f"hard edge from {ids[u]!r} is implied by {' -> '.join(ids[p] for p in path)}",
            "implied-edge",
        )
    linked = [bool(ps) for ps in parents]
    for ps in parents:
        for u in ps:
            linked[u] = True
    for v, soft in enumerate(graph.soft):
        if soft:
            linked[v] = True
            for u in soft:
                linked[u] = True
    if graph.groups:
        number = {rid: i for i, rid in enumerate(ids)}
        for v, groups in graph.groups.items():
            linked[v] = True
            for members, _, _ in groups:  # OneOf fields
                for member in members:
                    linked[number[member]] = True
    for rid in sorted(ids[i] for i, is_linked in enumerate(linked) if not is_linked):
        warn(
            catalog.locations.get(rid),
            rid,
            "isolated: no prerequisites and nothing needs it",
            "isolated",
        )
    for rid, resource in catalog.resources.items():
        low, high = EXPECTED_MINUTES[resource.kind]
        if not low <= resource.minutes <= high:
            warn(
                catalog.locations.get(rid),
                rid,
                f"{resource.minutes} minutes is unusual for {_KIND_NOUNS[resource.kind]} "
                f"(kind {resource.kind}: expected {low}-{high}); check the estimate or the kind",
                "minutes",
            )
    found += check_warnings(catalog)
    found.sort(key=lambda p: (str(p.file or ""), p.line or 0, p.message))
    return found


# What a kind is called in a sentence ("unusual for a docs" read wrong).
_KIND_NOUNS = {
    "blog": "a blog post",
    "paper": "a paper",
    "video": "a video",
    "course": "a course",
    "docs": "documentation",
    "interactive": "an interactive resource",
    "book": "a book",
}


# A resource needs at least this many checks for ``pathfinder assess`` to tell a reader from a
# lucky guesser; warned about only in catalog folders that have checks at all.
MIN_CHECKS = 2


def check_warnings(catalog: Catalog) -> list[Problem]:
    """Warnings about resources' checks (the questions of ``assess`` and ``quiz``):

    * ``few-checks``: fewer than MIN_CHECKS checks, in a catalog folder where some resource
      has checks. A folder without any checks is not warned about: checks are optional, and a
      catalog opts in by writing its first one. Optional resources are left out: a topic's
      plan does not hold them, and their content is often what could not be verified.
    * ``duplicate-prompt``: a prompt asked already, by this resource or another.
    * ``choices-case``: two choices that differ only in case (answers are matched without
      regard to case when no choice matches exactly).
    """
    found: list[Problem] = []

    def warn(rid: str, message: str, rule: str) -> None:
        _warn(found, catalog, catalog.locations.get(rid), rid, message, rule)

    folders_with_checks = {
        _folder(catalog, rid) for rid, r in catalog.resources.items() if r.checks
    }
    checked_folder: dict[str, bool] = {}  # by file name: whether its folder has checks

    def in_checked_folder(rid: str) -> bool:
        location = catalog.locations.get(rid)
        if location is None:
            return None in folders_with_checks
        name = str(location.file)
        verdict = checked_folder.get(name)
        if verdict is None:
            verdict = checked_folder[name] = location.file.parent in folders_with_checks
        return verdict

    asked: dict[str, str] = {}
    for rid, resource in catalog.resources.items():
        checks = resource.quiz() if resource.checks else ()
        if (
            len(checks) < MIN_CHECKS
            and not resource.optional
            and folders_with_checks
            and in_checked_folder(rid)
        ):
            warn(
                rid,
                f"{len(checks)} check{'s' if len(checks) != 1 else ''}; assess needs at least "
                f"{MIN_CHECKS} per resource to tell a reader from a lucky guess",
                "few-checks",
            )
        for n, check in enumerate(checks, start=1):
            first = asked.setdefault(check.prompt.casefold(), f"{rid}#{n}")
            if first != f"{rid}#{n}":
                warn(rid, f"check {n}: the same prompt as {first}", "duplicate-prompt")
            lowered: dict[str, str] = {}
            for choice in check.choices or ():
                other = lowered.setdefault(choice.casefold(), choice)
                if other != choice:
                    warn(
                        rid,
                        f"check {n}: choices {other!r} and {choice!r} differ only in case",
                        "choices-case",
                    )
    return found


def _folder(catalog: Catalog, rid: str) -> Path | None:
    location = catalog.locations.get(rid)
    return location.file.parent if location else None


def implied_edges(
    parents: Sequence[Sequence[int]], budget: int | None = None
) -> list[tuple[int, int, list[int]]]:
    """Hard edges ``u -> v`` that a longer path of hard edges already implies (exactly the
    edges a transitive reduction removes), each with a shortest such path through the edges
    that stay; sorted. ``parents[v]`` lists v's parents, ascending; the graph is acyclic.

    ``u -> v`` is implied exactly when ``u`` is an ancestor of another parent of ``v``. Each
    node's parents are first looked for among their own ancestors, searched no further up
    than the shallowest parent's depth (the longest path from a source: a path from ``u``
    only passes deeper nodes), which on a catalog's graph is a few steps. A graph where those
    searches add up to more than ``budget`` steps (eight per node and edge unless given;
    long chains with shortcuts across them) is done with ancestor bitmasks instead, whose
    work is bounded by the nodes times the graph's width."""
    size = len(parents)
    children: list[list[int]] = [[] for _ in range(size)]
    for v, ps in enumerate(parents):
        for p in ps:
            children[p].append(v)  # ascending, since v is
    order = _topological(parents, children)
    if budget is None:
        budget = 8 * (size + sum(map(len, parents)))
    implied = _implied_by_search(parents, order, budget)
    if implied is None:
        implied = _implied_by_masks(parents, children, order)
    removed = set(implied)

    def up(node: int) -> list[int]:
        return [p for p in parents[node] if (p, node) not in removed]

    def down(node: int) -> list[int]:
        return [c for c in children[node] if (node, c) not in removed]

    return [(u, v, _shortest_path(up, down, u, v)) for u, v in sorted(implied)]


def _topological(parents: Sequence[Sequence[int]], children: list[list[int]]) -> list[int]:
    waiting = [len(ps) for ps in parents]
    ready = [v for v in range(len(parents) - 1, -1, -1) if not waiting[v]]
    order: list[int] = []
    while ready:
        node = ready.pop()
        order.append(node)
        for child in children[node]:
            waiting[child] -= 1
            if not waiting[child]:
                ready.append(child)
    return order


def _implied_by_search(
    parents: Sequence[Sequence[int]], order: list[int], budget: int
) -> list[tuple[int, int]] | None:
    """The implied edges, found by searching each node's parents' ancestors down to the
    shallowest parent's depth (nothing at that depth leads to a parent); None once the
    searches pass ``budget`` steps."""
    depth = [0] * len(parents)
    for node in order:
        ps = parents[node]
        if ps:
            depth[node] = 1 + max([depth[p] for p in ps])
    implied: list[tuple[int, int]] = []
    for v, ps in enumerate(parents):
        if len(ps) < 2:
            continue
        floor = min([depth[p] for p in ps])
        seen: set[int] = set()
        stack = [x for q in ps if depth[q] > floor for x in parents[q] if depth[x] >= floor]
        while stack:
            x = stack.pop()
            if x not in seen:
                seen.add(x)
                if depth[x] > floor:  # at the floor: a parent of v or a dead end, not a way
                    stack += [y for y in parents[x] if depth[y] >= floor]
        budget -= len(seen) + 1
        if budget < 0:
            return None
        implied += [(p, v) for p in ps if p in seen]
    return implied


def _implied_by_masks(
    parents: Sequence[Sequence[int]], children: list[list[int]], order: list[int]
) -> list[tuple[int, int]]:
    """The implied edges, from each node's ancestors (itself included) as one integer
    bitmask, bit r for the node r-th in ``order``, built in that order: only a parent later
    in the order can have an earlier one among its ancestors. A mask is dropped once its
    node's last child is done, so memory follows the graph's width rather than its size."""
    rank = [0] * len(parents)
    for r, node in enumerate(order):
        rank[node] = r
    masks = [0] * len(parents)  # by rank
    left = [len(children[node]) for node in order]  # by rank: children not yet done
    later_first = [sorted([rank[p] for p in parents[node]], reverse=True) for node in order]
    implied: list[tuple[int, int]] = []
    for r, ranks in enumerate(later_first):
        # the node's own bit first (every parent's rank is lower, so the test never sees
        # it): one big-integer operation fewer per node than adding it at the end
        mask = 1 << r if left[r] else 0
        for p in ranks:
            if mask >> p & 1:  # an ancestor of a later parent
                implied.append((order[p], order[r]))
            mask |= masks[p]
            left[p] -= 1
            if not left[p]:
                masks[p] = 0
        if left[r]:
            masks[r] = mask
    return implied


def _shortest_path(
    up: Callable[[int], list[int]], down: Callable[[int], list[int]], source: int, target: int
) -> list[int]:
    """A shortest path from ``source`` to ``target`` (one exists), searching from both ends
    and growing the smaller frontier each step: implied edges have short paths, so few nodes
    are visited. Neighbours are tried in catalog order, so ties are broken the same way on
    every run."""
    before: dict[int, int | None] = {source: None}
    after: dict[int, int | None] = {target: None}
    forward, backward = [source], [target]
    meet: int | None = None
    while meet is None and forward and backward:
        if len(forward) <= len(backward):
            forward, meet = _grow(forward, down, before, after)
        else:
            backward, meet = _grow(backward, up, after, before)
    path: list[int] = []
    step = meet
    while step is not None:
        path.append(step)
        step = before[step]
    path.reverse()
    step = after[path[-1]]
    while step is not None:
        path.append(step)
        step = after[step]
    return path


def _grow(
    level: list[int],
    step: Callable[[int], list[int]],
    seen: dict[int, int | None],
    other: dict[int, int | None],
) -> tuple[list[int], int | None]:
    """One level of a breadth-first search from one end: the next frontier (each new node
    recorded in ``seen`` with the node it was reached from), and the first node the other
    end has seen too, if any (the search stops there)."""
    grown: list[int] = []
    for node in level:
        for nxt in step(node):
            if nxt not in seen:
                seen[nxt] = node
                grown.append(nxt)
            if nxt in other:
                return grown, nxt
    return grown, None


def _running_minutes(
    minutes: Sequence[int], parents: Sequence[Sequence[int]], edges: list[tuple[int, int, int]]
) -> dict[int, list[int]]:
    """For each prerequisite of ``edges`` (dependent, prerequisite, limit): the running
    totals of its minutes and its hard ancestors', counted breadth-first up to the largest
    limit any of its dependents has (on a large catalog a few steps per prerequisite, not a
    walk of every ancestor; one walk serves all its dependents)."""
    limits: dict[int, int] = {}
    for _, start, limit in edges:
        if limits.get(start, 0) < limit:
            limits[start] = limit
    totals: dict[int, list[int]] = {}
    for start, limit in limits.items():
        queue, seen, total, sums = [start], {start}, 0, []
        for node in queue:  # breadth-first: the list grows while it is read
            total += minutes[node]
            sums.append(total)
            if total >= limit:
                break
            for parent in parents[node]:
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)
        totals[start] = sums
    return totals


def _warn(
    found: list[Problem],
    catalog: Catalog,
    location: Location | None,
    rid: str,
    message: str,
    rule: str,
) -> None:
    """Add a warning of ``rule`` at ``location``, unless its catalog folder turned it off."""
    if location is None:
        found.append(_new(Problem, (None, None, rid, message, "warning")))
    elif not (catalog.ignored_checks and _ignored(catalog, location.file, rule)):
        found.append(_new(Problem, (location.file, location.line, rid, message, "warning")))


# A named tuple straight from its fields: Problem(...) runs a Python-level __new__, and check
# on a big catalog makes 250,000 of them.
_new = tuple.__new__


def _ignored(catalog: Catalog, file: Path, rule: str) -> bool:
    """Whether the catalog folder ``file`` belongs to turned ``rule`` off (``check: ignore:``
    in its prerequisites.yaml), so that strict mode stays usable for catalogs with other
    conventions without silencing the rule for anyone else's files."""
    return any(
        rule in rules and file.is_relative_to(folder)
        for folder, rules in catalog.ignored_checks.items()
    )
