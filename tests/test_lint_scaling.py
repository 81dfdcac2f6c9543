"""``check``'s rules without networkx: on random catalogs they find exactly what the networkx
formulation used before found (a transitive reduction for implied edges, graph degrees for
isolated resources, breadth-first walks over the hard subgraph for heavy edges)."""

from __future__ import annotations

from collections import deque
from itertools import pairwise
from pathlib import Path

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from pathfinder.catalog.lint import (
    EXPECTED_MINUTES,
    HEAVY_EDGE_MINUTES,
    HEAVY_EDGE_RATIO,
    implied_edges,
    lint,
)
from pathfinder.models import LEVELS, Catalog, Edge, Location, OneOf, Requirements, Resource, Topic


@st.composite
def dags(draw: st.DrawFn) -> list[list[int]]:
    """Parents of each node, ascending, in a random acyclic graph. Nodes are drawn in a random
    topological order, so edges run both ways in node numbering."""
    size = draw(st.integers(1, 40))
    topological = draw(st.permutations(range(size)))
    density = draw(st.floats(0.0, 0.6))
    parents: list[list[int]] = [[] for _ in range(size)]
    for later in range(size):
        for earlier in range(later):
            if draw(st.floats(0, 1)) < density:
                parents[topological[later]].append(topological[earlier])
    return [sorted(ps) for ps in parents]


@settings(max_examples=400, deadline=None)
@given(dags())
def test_implied_edges_are_what_a_transitive_reduction_removes(parents: list[list[int]]) -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(parents)))
    graph.add_edges_from((u, v) for v, ps in enumerate(parents) for u in ps)
    reduced = nx.transitive_reduction(graph)
    found = implied_edges(parents)
    assert [(u, v) for u, v, _ in found] == sorted(set(graph.edges) - set(reduced.edges))
    assert implied_edges(parents, budget=0) == found  # the bitmasks, from the start
    assert implied_edges(parents, budget=len(parents)) == found  # or part way through
    for u, v, path in found:
        assert path[0] == u and path[-1] == v
        assert all(reduced.has_edge(a, b) for a, b in pairwise(path)), path
        assert len(path) == nx.shortest_path_length(reduced, u, v) + 1


def test_ties_between_shortest_paths_are_broken_the_same_way_every_time() -> None:
    """a -> d is implied by a -> b -> d and by a -> c -> d; the first in catalog order wins."""
    parents = [[], [0], [0], [0, 1, 2]]
    assert implied_edges(parents) == [(0, 3, [0, 1, 3])]


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    """A random valid catalog: a DAG of hard edges plus soft and one_of edges, resources of
    random topics, levels and lengths, some with no edges at all."""
    parents = draw(dags())
    size = len(parents)
    topics = {f"t{i}": Topic(f"t{i}", f"T{i}", "d") for i in range(draw(st.integers(1, 3)))}
    ids = [f"r{i}" for i in range(size)]
    resources = {
        rid: Resource(
            rid,
            rid,
            f"https://e.org/{rid}",
            draw(st.sampled_from(sorted(EXPECTED_MINUTES))),
            draw(st.sampled_from(sorted(topics))),
            draw(st.sampled_from(LEVELS)),
            draw(st.integers(1, 400)),
            "s",
        )
        for rid in ids
    }
    requirements = {}
    for v, ps in enumerate(parents):
        soft = [Edge(ids[u]) for u in draw(st.lists(st.integers(0, size - 1), max_size=2))]
        groups = []
        if size > 2 and draw(st.booleans()):
            members = draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=3, unique=True))
            if v not in members and not set(members) & set(ps):
                groups.append(OneOf(tuple(ids[m] for m in members)))
        soft = [e for e in soft if e.id != ids[v]]
        hard = [Edge(ids[u]) for u in draw(st.permutations(ps))]
        if hard or soft or groups:
            requirements[ids[v]] = Requirements(tuple(hard), tuple(soft), tuple(groups))
    file = Path("/catalog/topic.yaml")
    return Catalog(
        topics=topics,
        resources=resources,
        requirements=requirements,
        locations={rid: Location(file, 10 + i) for i, rid in enumerate(ids)},
        requirement_locations={
            rid: Location(Path("/catalog/p.yaml"), i) for i, rid in enumerate(ids)
        },
    )


def _networkx_lint(catalog: Catalog) -> list[tuple[str, str]]:
    """The rules as networkx computed them before (with the hard graph's predecessors in
    catalog order), each finding as (resource, message); an implied edge's message without
    its path, which is any shortest one."""
    graph = nx.DiGraph()
    graph.add_nodes_from(catalog.resources)
    position = {rid: i for i, rid in enumerate(catalog.resources)}
    hard_edges = set()
    for rid, req in catalog.requirements.items():
        for edge in req.soft:
            graph.add_edge(edge.id, rid)
        for group in req.one_of:
            for member in group.ids:
                graph.add_edge(member, rid)
        hard_edges |= {(edge.id, rid) for edge in req.hard}
    graph.add_edges_from(hard_edges)
    hard = nx.DiGraph()
    hard.add_nodes_from(n for e in hard_edges for n in e)
    hard.add_edges_from(sorted(hard_edges, key=lambda e: (position[e[0]], position[e[1]])))
    res = catalog.resources
    found = []
    for u, v in sorted(hard_edges):
        if res[v].level == "beginner" and res[u].level == "advanced":
            found.append(
                (v, f"level inversion: this beginner resource hard-requires advanced {u!r}")
            )
        if res[u].topic != res[v].topic:
            limit = max(HEAVY_EDGE_MINUTES, HEAVY_EDGE_RATIO * res[v].minutes)
            seen, queue, total = {u}, deque([u]), 0
            while queue and total < limit:
                node = queue.popleft()
                total += res[node].minutes
                for parent in hard.predecessors(node):
                    if parent not in seen:
                        seen.add(parent)
                        queue.append(parent)
            if total >= limit:
                found.append((v, f"heavy hard edge: {u!r} pulls at least {total} minutes"))
    reduced = nx.transitive_reduction(hard)
    for u, v in sorted(set(hard.edges) - set(reduced.edges)):
        found.append((v, f"hard edge from {u!r} is implied by"))
    found += [(n, "isolated") for n in graph if graph.degree(n) == 0]
    for rid, r in res.items():
        low, high = EXPECTED_MINUTES[r.kind]
        if not low <= r.minutes <= high:
            found.append((rid, f"{r.minutes} minutes is unusual"))
    return sorted(found)


def _shortened(message: str) -> str:
    for end in (" minutes of ", " is implied by", " no prerequisites", " is unusual"):
        if end in message:
            return message[: message.index(end) + len(end)].strip()
    return message


@settings(max_examples=200, deadline=None)
@given(catalogs())
def test_lint_finds_what_networkx_found(catalog: Catalog) -> None:
    ours = []
    for p in lint(catalog):
        message = _shortened(p.message)
        if message.startswith("isolated"):
            message = "isolated"
        elif message.endswith("minutes of"):
            message = message.removesuffix(" minutes of") + " minutes"
        ours.append((p.resource, message))
    assert sorted(ours) == _networkx_lint(catalog)


@settings(max_examples=200, deadline=None)
@given(dags(), st.data())
def test_the_quick_acyclicity_test_agrees_with_the_cycle_search(
    parents: list[list[int]], data: st.DataObject
) -> None:
    """Any graph: a DAG, perhaps with a back edge added (a cycle unless it closes none)."""
    from pathfinder.catalog.graph_checks import _acyclic, find_cycle

    size = len(parents)
    extra = data.draw(
        st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=2)
    )
    requirements = {
        f"r{v}": Requirements(tuple(Edge(f"r{u}") for u in ps))
        for v, ps in enumerate(parents)
        if ps
    }
    for u, v in extra:
        if u != v:
            old = requirements.get(f"r{v}", Requirements())
            requirements[f"r{v}"] = old._replace(one_of=(OneOf((f"r{u}", f"r{u}x")),))
    needs = {
        rid: sorted({e.id for e in req.hard} | {m for g in req.one_of for m in g.ids})
        for rid, req in requirements.items()
    }
    assert _acyclic(requirements) == (find_cycle(needs) is None)


def test_a_chain_with_shortcuts_falls_back_to_bitmasks_and_finds_every_shortcut() -> None:
    """Every node needs the one before it and the first: each search would walk the whole
    chain (quadratic), so the budget runs out and the bitmasks take over."""
    size = 1000  # searches: half a million steps; the budget: 24,000
    parents = [[]] + [[0, v - 1] if v > 1 else [0] for v in range(1, size)]
    found = implied_edges(parents)
    assert [(u, v) for u, v, _ in found] == [(0, v) for v in range(2, size)]
    assert found[-1][2] == list(range(size))  # the only path left is the chain itself
