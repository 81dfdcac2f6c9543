"""Phase 4, check the graph: hard prerequisites must be acyclic (or no reading order exists),
and topics are ordered as the prerequisites files list them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pathfinder.errors import Problem
from pathfinder.models import Location, Requirements, Topic


def check_acyclic(
    requirements: Mapping[str, Requirements],
    requirement_locations: Mapping[str, Location],
    problems: list[Problem],
) -> None:
    """Hard edges and one_of edges must not form a cycle. A small iterative DFS rather than
    networkx, so that commands which only read the catalog stay fast to start; and first a
    plainer test (``_acyclic``), since only a catalog with a cycle needs the search that
    names the same cycle on every run."""
    if _acyclic(requirements):
        return
    needs: dict[str, list[str]] = {
        rid: sorted({e.id for e in req.hard} | {m for g in req.one_of for m in g.ids})
        for rid, req in requirements.items()
    }
    cycle = find_cycle(needs)
    if cycle:
        loc = requirement_locations.get(cycle[0])
        text = " -> ".join(cycle)
        problems.append(
            Problem(
                loc.file if loc else None,
                loc.line if loc else None,
                cycle[0],
                f"prerequisite cycle: {text} (each needs the next)",
            )
        )


def _acyclic(requirements: Mapping[str, Requirements]) -> bool:
    """Whether the hard and one_of edges are acyclic: peel off resources with nothing left
    that they need (Kahn's algorithm), O(V + E) with no sorting."""
    waiting: dict[str, int] = {}
    needed_by: dict[str, list[str]] = {}
    for rid, req in requirements.items():
        needs = {e.id for e in req.hard}
        for group in req.one_of:
            needs.update(group.ids)
        waiting[rid] = len(needs)
        for need in needs:
            if need in needed_by:
                needed_by[need].append(rid)
            else:
                needed_by[need] = [rid]
    ready = [rid for rid in needed_by if not waiting.get(rid)]
    ready += [rid for rid, count in waiting.items() if not count and rid not in needed_by]
    done = 0
    while ready:
        rid = ready.pop()
        done += 1
        for dependent in needed_by.get(rid, ()):
            waiting[dependent] -= 1
            if not waiting[dependent]:
                ready.append(dependent)
    return done == len(waiting.keys() | needed_by.keys())


def find_cycle(needs: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a "needs" mapping as [a, b, ..., a], or None. Iterative, O(V + E)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in sorted(needs):
        if state.get(start):
            continue
        path: list[str] = [start]
        iters = [iter(needs.get(start, ()))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(needs.get(nxt, ())))
    return None


def ordered_topics(topics: Mapping[str, Topic], topic_order: Sequence[str]) -> list[str]:
    """Listed topics first, in the order listed; any others after them, alphabetically, so that
    an unlisted topic still has a fixed place."""
    listed = [t for t in topic_order if t in topics]
    return listed + sorted(t for t in topics if t not in listed)
