"""The prerequisite graph as a networkx DiGraph.

Edge direction: ``u -> v`` means "read u before v" (u is a prerequisite of v)::

    transformer-inference-arithmetic --hard--> paged-attention --hard--> mooncake

Every edge carries ``kind`` ("hard", "soft" or "one_of") and ``why`` (the reason, or None);
one_of edges also carry ``group``, the index of their group in the dependent's requirements.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from pathfinder.models import Catalog


def build_graph(catalog: Catalog) -> nx.DiGraph:
    """The whole catalog as a graph; nodes carry their Resource under ``resource``."""
    graph = nx.DiGraph()
    for rid, resource in catalog.resources.items():
        graph.add_node(rid, resource=resource)
    for rid, req in catalog.requirements.items():
        for edge in req.soft:
            graph.add_edge(edge.id, rid, kind="soft", why=edge.why)
        for index, group in enumerate(req.one_of):
            for member in group.ids:
                graph.add_edge(member, rid, kind="one_of", why=group.why, group=index)
        for edge in req.hard:  # last, so a hard edge wins over a soft one on the same pair
            graph.add_edge(edge.id, rid, kind="hard", why=edge.why)
    return graph


def hard_subgraph(graph: nx.DiGraph) -> nx.DiGraph:
    """Only the hard edges: the constraints no order may break."""
    return graph.edge_subgraph(
        (u, v) for u, v, kind in graph.edges(data="kind") if kind == "hard"
    ).copy()


def plan_subgraph(catalog: Catalog, ids: Iterable[str]) -> nx.DiGraph:
    """The catalog's edges among a plan's items (``ids``): what a picture of the plan shows."""
    return build_graph(catalog).subgraph(ids).copy()


def layout_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Hard and one_of edges only: acyclic, so it can be layered left to right."""
    return graph.edge_subgraph((u, v) for u, v, k in graph.edges(data="kind") if k != "soft").copy()
