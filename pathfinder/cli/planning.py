"""``pathfinder plan`` and ``pathfinder why``."""

from __future__ import annotations

import itertools
from enum import Enum
from typing import Annotated

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import CatalogDirs, Goals, Known, Levels, open_catalog, use_color
from pathfinder.errors import PathfinderError
from pathfinder.planner import parse_levels, plan, resolve_ids
from pathfinder.render import json as json_render
from pathfinder.render import table


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
    catalog_dirs: CatalogDirs = None,
) -> None:
    """Print an ordered study path for GOAL at your level, each step with why it is there."""
    catalog = open_catalog(catalog_dirs)
    result = plan(catalog, goal, parse_levels(level or [], catalog), known or [])
    color = use_color() and output_format is PlanFormat.table
    typer.echo(_RENDERERS[output_format](result, color), nl=False)


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
    chain = result.chain_to_goal(rid)
    if not chain:
        skipped = next((s for s in result.skipped if s.id == rid), None)
        if skipped is not None:
            typer.echo(f"{rid} is skipped in this plan: {skipped.detail}.")
            return
        raise PathfinderError(f"{rid} is not part of the plan for {', '.join(goal)}")
    first = result.item(rid)
    assert first is not None
    typer.echo(f"{rid} is #{first.position} of {len(result.items)} in the plan because:")
    for step, needer in itertools.pairwise(chain):
        item, parent = result.item(step), result.item(needer)
        assert item is not None and parent is not None
        why = f": {item.edge_why}" if item.edge_why else ""
        typer.echo(f"  {step} is needed by {needer} (#{parent.position}){why}")
    last = result.item(chain[-1])
    assert last is not None
    typer.echo(f"  {last.id} is a {last.reason}")
