"""A plan's picture data, built from the plan's own resources, equals the matching part of
the whole catalog's graph (edge kinds: hard over "any one of" over soft)."""

from __future__ import annotations

import pytest

from pathfinder import load_catalog, plan
from pathfinder.catalog.graph import build_graph, edges_among, plan_subgraph

CATALOG = load_catalog()


@pytest.mark.parametrize("goal", [*CATALOG.topics, "mooncake"])
@pytest.mark.parametrize("level", ["beginner", "advanced"])
def test_plan_edges_equal_the_catalog_graph_restricted_to_the_plan(goal: str, level: str) -> None:
    ids = [item.id for item in plan(CATALOG, [goal], level).items]
    whole = build_graph(CATALOG).subgraph(ids)
    sub = plan_subgraph(CATALOG, ids)
    assert sorted(sub.nodes) == sorted(ids)
    assert sorted(sub.edges(data="kind")) == sorted(whole.edges(data="kind"))
    assert all(sub.edges[e] == whole.edges[e] for e in whole.edges)
    assert edges_among(CATALOG, ids) == sorted(whole.edges(data="kind"))


def test_whole_catalog_edges() -> None:
    edges = edges_among(CATALOG, CATALOG.resources)
    assert edges == sorted(build_graph(CATALOG).edges(data="kind"))
    assert {kind for _, _, kind in edges} == {"hard", "soft", "one_of"}
