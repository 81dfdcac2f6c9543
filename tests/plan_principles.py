"""The ordering principles of the README's "How a plan is ordered", as checks on a finished
plan. Written against the plan and the catalog alone (with networkx for reachability), not
against the planner's code, so the property tests and the built-in plans share one judge."""

from __future__ import annotations

import itertools

import networkx as nx

from pathfinder import Catalog, Plan
from pathfinder.models import LEVEL_RANK


def hard_graph(plan: Plan) -> nx.DiGraph:
    """Edges ``p -> item`` for each planned prerequisite (chosen "any one of" members too)."""
    planned = {item.id for item in plan.items}
    graph = nx.DiGraph()
    graph.add_nodes_from(planned)
    for item in plan.items:
        graph.add_edges_from((p, item.id) for p in item.requires if p in planned)
    return graph


def ordering_graph(plan: Plan, catalog: Catalog, alternatives: bool = True) -> nx.DiGraph:
    """The hard graph plus the soft edges among planned items; with ``alternatives``, the
    members of "any one of" groups that were not chosen count as soft edges too, except one
    into an easier stage (a soft edge never puts a harder resource first, and the item does
    not build on an alternative it did not choose)."""
    graph = hard_graph(plan)
    planned = set(graph)
    for item in plan.items:
        req = catalog.requirements_of(item.id)
        graph.add_edges_from((e.id, item.id) for e in req.soft if e.id in planned)
    if alternatives:
        stages = stage(plan, catalog)
        for item in plan.items:
            for group in catalog.requirements_of(item.id).one_of:
                graph.add_edges_from(
                    (m, item.id) for m in group.ids if m in planned and stages[m] <= stages[item.id]
                )
    return graph


def stage(plan: Plan, catalog: Catalog) -> dict[str, int]:
    """The hardest level among an item and everything that leads to it in the plan (through
    hard and soft edges; an alternative not chosen is not something an item builds on)."""
    graph = ordering_graph(plan, catalog, alternatives=False)
    level = {rid: LEVEL_RANK[catalog.resources[rid].level] for rid in graph}
    return {rid: max(level[a] for a in nx.ancestors(graph, rid) | {rid}) for rid in graph}


def first_uses(plan: Plan, catalog: Catalog) -> dict[str, str]:
    """For each item planned only as a prerequisite, the first item after it that builds on it
    through a hard or soft edge (its first use)."""
    graph = ordering_graph(plan, catalog)
    position = {item.id: item.position for item in plan.items}
    uses = {}
    for item in plan.items:
        later = [s for s in graph.successors(item.id) if position[s] > item.position]
        if not item.is_goal and later:
            uses[item.id] = min(later, key=position.__getitem__)
    return uses


def just_in_time_violations(plan: Plan, catalog: Catalog) -> list[str]:
    """A prerequisite-only item P comes before its first use U with nothing in between but
    what U builds on (U's transitive hard or soft prerequisites in the plan)."""
    graph = ordering_graph(plan, catalog)
    position = {item.id: item.position for item in plan.items}
    order = [item.id for item in plan.items]
    problems = []
    for rid, first in first_uses(plan, catalog).items():
        allowed = nx.ancestors(graph, first)
        between = order[position[rid] : position[first] - 1]
        strangers = [s for s in between if s not in allowed]
        if strangers:
            problems.append(f"{rid} -> {first}: {', '.join(strangers)} in between")
    return problems


def difficulty_inversions(plan: Plan, catalog: Catalog) -> list[str]:
    """Goals g1 before g2 where g1 is harder than g2 and nothing leading to g2 in the plan is
    as hard as g1: an inversion no prerequisite chain forces."""
    stages = stage(plan, catalog)
    goals = [item for item in plan.items if item.is_goal]
    problems = []
    hardest_so_far: tuple[int, str] | None = None
    for item in goals:
        rank = LEVEL_RANK[item.level]
        if hardest_so_far and hardest_so_far[0] > stages[item.id]:
            problems.append(f"{hardest_so_far[1]} before easier {item.id}")
        if hardest_so_far is None or rank > hardest_so_far[0]:
            hardest_so_far = (rank, item.id)
    return problems


def prerequisites_first_violations(plan: Plan) -> list[str]:
    position = {item.id: item.position for item in plan.items}
    return [
        f"{p} after {item.id}"
        for item in plan.items
        for p in item.requires
        if p in position and position[p] > item.position
    ]


def prerequisite_distances(plan: Plan, catalog: Catalog) -> list[int]:
    """For each item planned only as a prerequisite: how many steps before its first use."""
    position = {item.id: item.position for item in plan.items}
    return [position[use] - position[rid] for rid, use in first_uses(plan, catalog).items()]


def topic_switches(plan: Plan) -> int:
    return sum(1 for a, b in itertools.pairwise(plan.items) if a.topic != b.topic)


def broken_soft_edges(plan: Plan, catalog: Catalog) -> list[str]:
    """Soft edges between planned items that the order goes against."""
    position = {item.id: item.position for item in plan.items}
    return [
        f"{e.id} -> {item.id}"
        for item in plan.items
        for e in catalog.requirements_of(item.id).soft
        if e.id in position and position[e.id] > item.position
    ]
