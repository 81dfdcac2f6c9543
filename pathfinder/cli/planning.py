"""``pathfinder plan`` and ``pathfinder why``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from pathfinder import learning
from pathfinder.cli.app import app
from pathfinder.cli.options import (
    CatalogDirs,
    Goals,
    Known,
    Levels,
    ProgressPath,
    catalog_dirs_or_env,
    now,
    open_catalog,
    open_store,
    use_color,
)
from pathfinder.errors import PathfinderError
from pathfinder.planner import parse_levels, plan, resolve_ids
from pathfinder.render import json as json_render
from pathfinder.render import table, why


class PlanFormat(str, Enum):
    table = "table"
    json = "json"


_RENDERERS = {PlanFormat.table: table.render, PlanFormat.json: json_render.render}


@app.command("plan")
def plan_command(
    goal: Goals,
    level: Levels = None,
    known: Known = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.table,
    save: Annotated[
        bool, typer.Option("--save", help="Also save it as your current plan (like start).")
    ] = False,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Print an ordered study path for GOAL at your level, each step with why it is there."""
    catalog = open_catalog(catalog_dirs)
    store = open_store(progress)
    if save:
        dirs = catalog_dirs_or_env(catalog_dirs)
        result = learning.save_plan(store, catalog, goal, level or [], known or [], dirs, now())
    else:
        result = plan(catalog, goal, parse_levels(level or [], catalog), known or [])
    statuses = store.load().statuses(catalog) if store.exists() else None
    color = use_color() and output_format is PlanFormat.table
    typer.echo(_RENDERERS[output_format](result, color, statuses), nl=False)
    if save:
        typer.echo(f"Saved as your current plan in {store.path}", err=True)


@app.command("why")
def why_command(
    resource: Annotated[str, typer.Argument(help="Resource id to explain.", show_default=False)],
    goal: Goals,
    level: Levels = None,
    known: Known = None,
    catalog_dirs: CatalogDirs = None,
) -> None:
    """Show the chain that brings RESOURCE into the plan for GOAL."""
    catalog = open_catalog(catalog_dirs)
    (rid,) = resolve_ids(catalog, [resource])
    result = plan(catalog, goal, parse_levels(level or [], catalog), known or [])
    if result.item(rid) is None and not any(s.id == rid for s in result.skipped):
        raise PathfinderError(f"{rid} is not part of the plan for {', '.join(goal)}")
    typer.echo(why.render(result, rid), nl=False)
