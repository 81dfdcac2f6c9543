"""``pathfinder goals`` and ``pathfinder show``: looking around the catalog."""

from __future__ import annotations

from typing import Annotated

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import CatalogDirs, open_catalog, use_color
from pathfinder.planner import resolve_ids
from pathfinder.render import catalog_views


@app.command("goals")
def goals_command(catalog_dirs: CatalogDirs = None) -> None:
    """List the topics you can plan for, with their size, levels and hours."""
    typer.echo(catalog_views.goals(open_catalog(catalog_dirs), use_color()), nl=False)


@app.command("show")
def show_command(
    resource: Annotated[
        str, typer.Argument(help="Resource id (or former id).", show_default=False)
    ],
    catalog_dirs: CatalogDirs = None,
) -> None:
    """Show one resource: facts, summary, what it needs and what needs it."""
    catalog = open_catalog(catalog_dirs)
    (rid,) = resolve_ids(catalog, [resource])
    typer.echo(catalog_views.resource_card(catalog, rid, use_color()), nl=False)
