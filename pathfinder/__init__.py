"""pathfinder: a prerequisite graph over an LLM-systems reading list, and a planner over it.

The library works without the command line::

    import pathfinder
    catalog = pathfinder.load_catalog()
    plan = pathfinder.plan(catalog, ["inference"], "beginner")
    for item in plan.items:
        print(item.position, item.id, item.reason)

Names are imported lazily so that ``import pathfinder`` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pathfinder.version import __version__

_EXPORTS = {
    "load_catalog": "pathfinder.catalog.loader",
    "plan": "pathfinder.planning.planner",
    "parse_levels": "pathfinder.planning.planner",
    "build_graph": "pathfinder.catalog.graph",
    "Catalog": "pathfinder.models",
    "Resource": "pathfinder.models",
    "Topic": "pathfinder.models",
    "Plan": "pathfinder.planning.plan",
    "PlanItem": "pathfinder.planning.plan",
    "SkippedItem": "pathfinder.planning.plan",
    "LevelPolicy": "pathfinder.models",
    "PathfinderError": "pathfinder.errors",
    "CatalogError": "pathfinder.errors",
    "UnknownNameError": "pathfinder.errors",
}

__all__ = [  # noqa: RUF022 - grouped by layer, like _EXPORTS
    "__version__",
    "load_catalog",
    "plan",
    "parse_levels",
    "build_graph",
    "Catalog",
    "Resource",
    "Topic",
    "Plan",
    "PlanItem",
    "SkippedItem",
    "LevelPolicy",
    "PathfinderError",
    "CatalogError",
    "UnknownNameError",
]

if TYPE_CHECKING:
    from pathfinder.catalog.graph import build_graph
    from pathfinder.catalog.loader import load_catalog
    from pathfinder.errors import CatalogError, PathfinderError, UnknownNameError
    from pathfinder.models import Catalog, LevelPolicy, Resource, Topic
    from pathfinder.planning.plan import Plan, PlanItem, SkippedItem
    from pathfinder.planning.planner import parse_levels, plan


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pathfinder' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
