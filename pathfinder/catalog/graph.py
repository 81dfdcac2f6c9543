"""The prerequisite graph as a networkx DiGraph.

Edge direction: ``u -> v`` means "read u before v" (u is a prerequisite of v)::

    transformer-inference-arithmetic --hard--> paged-attention --hard--> mooncake

Every edge carries ``kind`` ("hard", "soft" or "one_of") and ``why`` (the reason, or None);
one_of edges also carry ``group``, the index of their group in the dependent's requirements.

``edges_among`` gives the same edges among a set of resources as plain tuples without
networkx, whose import alone costs a command 75 ms: what a picture of a plan needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pathfinder.models import Catalog

if TYPE_CHECKING:
    import networkx as nx

Edge = tuple[str, str, str]  # (prerequisite, dependent, kind)


def build_graph(catalog: Catalog) -> nx.DiGraph:
    """The whole catalog as a graph; nodes carry their Resource under ``resource``."""
    import networkx as nx

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
    """The catalog's edges among a plan's items (``ids``): what a picture of the plan shows.
    The same nodes and edges, with the same data, as ``build_graph(catalog).subgraph(ids)``
    (nodes in catalog order), without building a graph of the whole catalog first."""
    import networkx as nx

    members = set(ids)
    graph = nx.DiGraph()
    for rid, resource in catalog.resources.items():
        if rid in members:
            graph.add_node(rid, resource=resource)
    for rid, req in catalog.requirements.items():
        if rid not in members:
            continue
        for edge in req.soft:
            if edge.id in members:
                graph.add_edge(edge.id, rid, kind="soft", why=edge.why)
        for index, group in enumerate(req.one_of):
            for member in group.ids:
                if member in members:
                    graph.add_edge(member, rid, kind="one_of", why=group.why, group=index)
        for edge in req.hard:
            if edge.id in members:
                graph.add_edge(edge.id, rid, kind="hard", why=edge.why)
    return graph


def edges_among(catalog: Catalog, ids: Iterable[str]) -> list[Edge]:
    """The catalog's edges between resources in ``ids``, as (prerequisite, dependent, kind),
    sorted; one edge per pair, the kind ``build_graph`` gives it (hard over one_of over soft).
    Linear in the edges of those resources, and no networkx."""
    members = set(ids)
    kinds: dict[tuple[str, str], str] = {}
    requirements = catalog.requirements
    for rid in members:
        req = requirements.get(rid)
        if req is None:
            continue
        for edge in req.soft:
            if edge.id in members:
                kinds[(edge.id, rid)] = "soft"
        for group in req.one_of:
            for member in group.ids:
                if member in members:
                    kinds[(member, rid)] = "one_of"
        for edge in req.hard:
            if edge.id in members:
                kinds[(edge.id, rid)] = "hard"
    return sorted((u, v, kind) for (u, v), kind in kinds.items())


def layout_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Hard and one_of edges only: acyclic, so it can be layered left to right."""
    return graph.edge_subgraph((u, v) for u, v, k in graph.edges(data="kind") if k != "soft").copy()
