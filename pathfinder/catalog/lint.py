"""Warnings about a catalog that loads but could be better: what ``pathfinder check`` adds to
the loader's errors. Each finding points at the file and line to change."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from pathfinder.catalog.graph import build_graph, hard_subgraph
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
    """Warnings, sorted by file and line. The catalog is valid; these are judgement calls."""
    graph = build_graph(catalog)
    hard = hard_subgraph(graph)
    found: list[Problem] = []

    def warn(location: Location | None, rid: str, message: str, rule: str) -> None:
        if location is not None and _ignored(catalog, location.file, rule):
            return
        found.append(
            Problem(
                location.file if location else None,
                location.line if location else None,
                rid,
                message,
                "warning",
            )
        )

    for u, v in sorted(hard.edges):
        if catalog.resources[v].level == "beginner" and catalog.resources[u].level == "advanced":
            warn(
                catalog.edge_location(u, v),
                v,
                f"level inversion: this beginner resource hard-requires advanced {u!r}",
                "level-inversion",
            )
    for u, v in sorted(hard.edges):
        if catalog.resources[u].topic == catalog.resources[v].topic:
            continue
        own = catalog.resources[v].minutes
        limit = max(HEAVY_EDGE_MINUTES, HEAVY_EDGE_RATIO * own)
        pulled = _minutes_pulled(catalog, hard, u, limit)
        if pulled >= limit:
            topic = catalog.resources[u].topic
            warn(
                catalog.edge_location(u, v),
                v,
                f"heavy hard edge: {u!r} pulls at least {pulled} minutes of {topic} "
                f"into every plan for this {own}-minute resource; "
                "make it soft unless a reader who skipped it is truly lost",
                "heavy-edge",
            )
    reduced = nx.transitive_reduction(hard)
    for u, v in sorted(set(hard.edges) - set(reduced.edges)):
        path = nx.shortest_path(reduced, u, v)
        warn(
            catalog.edge_location(u, v),
            v,
            f"hard edge from {u!r} is implied by {' -> '.join(path)}",
            "implied-edge",
        )
    for rid in sorted(n for n in graph if graph.degree(n) == 0):
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
    return sorted(found, key=lambda p: (str(p.file or ""), p.line or 0, p.message))


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
        location = catalog.locations.get(rid)
        if location is not None and _ignored(catalog, location.file, rule):
            return
        found.append(
            Problem(
                location.file if location else None,
                location.line if location else None,
                rid,
                message,
                "warning",
            )
        )

    folders_with_checks = {
        _folder(catalog, rid) for rid, r in catalog.resources.items() if r.checks
    }
    asked: dict[str, str] = {}
    for rid, resource in catalog.resources.items():
        checks = resource.quiz()
        if (
            len(checks) < MIN_CHECKS
            and not resource.optional
            and _folder(catalog, rid) in folders_with_checks
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


def _minutes_pulled(catalog: Catalog, hard: nx.DiGraph, start: str, limit: int) -> int:
    """Minutes of ``start`` and its hard ancestors, counted breadth-first and stopping once
    ``limit`` is reached: on a large catalog a few steps per edge, not a walk of every
    ancestor."""
    seen, queue, total = {start}, [start], 0
    while queue and total < limit:
        node = queue.pop(0)
        total += catalog.resources[node].minutes
        for parent in hard.predecessors(node):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return total


def _ignored(catalog: Catalog, file: Path, rule: str) -> bool:
    """Whether the catalog folder ``file`` belongs to turned ``rule`` off (``check: ignore:``
    in its prerequisites.yaml), so that strict mode stays usable for catalogs with other
    conventions without silencing the rule for anyone else's files."""
    return any(
        rule in rules and file.is_relative_to(folder)
        for folder, rules in catalog.ignored_checks.items()
    )
