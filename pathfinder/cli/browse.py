"""Looking around the catalog: ``goals``, ``show``, ``search`` and ``graph``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from pathfinder.cli import quick
from pathfinder.cli.app import app
from pathfinder.cli.options import (
    CatalogDirs,
    Goals,
    IncludeOptional,
    Known,
    Levels,
    Output,
    ProgressPath,
    ResourceId,
)
from pathfinder.cli.runtime import (
    catalog_cache_dir,
    check_output,
    open_catalog,
    open_store,
    prose_width,
    use_color,
    write_output,
)
from pathfinder.errors import visible


@app.command("goals")
def goals_command(catalog_dirs: CatalogDirs = None) -> None:
    """List the topics you can plan for, with their size, levels and hours."""
    from pathfinder.render import catalog_views

    catalog = open_catalog(catalog_dirs)
    typer.echo(catalog_views.goals(catalog, use_color(), prose_width()), nl=False)


@app.command("show")
def show_command(
    resource: ResourceId,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Show one resource: facts, summary, what it needs and what needs it, and your status
    and note on it when you keep a progress file."""
    quick.show(resource, catalog_dirs, progress)


@app.command("search")
def search_command(
    text: Annotated[list[str], typer.Argument(help="Words to look for.", show_default=False)],
    limit: Annotated[int, typer.Option("-n", "--limit", min=1, help="How many to show.")] = 10,
    catalog_dirs: CatalogDirs = None,
) -> None:
    """Find resources by words in their ids, titles, concepts, authors and summaries."""
    from pathfinder.catalog.search import search
    from pathfinder.render import catalog_views

    catalog = open_catalog(catalog_dirs)
    query = " ".join(text)
    matches = search(catalog, query, limit)
    text = catalog_views.search_results(query, matches, use_color(), prose_width())
    typer.echo(text, nl=False)


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"


@app.command("graph")
def graph_command(
    goal: Goals = None,  # type: ignore[assignment]
    level: Levels = None,
    known: Known = None,
    include_optional: IncludeOptional = False,
    output_format: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="Picture format.", case_sensitive=False)
    ] = GraphFormat.mermaid,
    output: Output = None,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Draw the prerequisite graph, or one plan's part of it, as Mermaid, DOT or SVG."""
    import importlib

    from pathfinder.catalog.graph import edges_among
    from pathfinder.planning.planner import parse_levels, plan
    from pathfinder.render import looks

    # only the format asked for is imported: the SVG renderer brings the layout code
    renderer = importlib.import_module(f"pathfinder.render.{output_format.value}")
    check_output(output)  # refuse a bad --output before the work
    catalog = open_catalog(catalog_dirs)
    if goal:
        levels = parse_levels(level or [], catalog)
        result = plan(catalog, goal, levels, known or [], include_optional)
        ids = [item.id for item in result.items]
        numbers = {item.id: item.position for item in result.items}
        title = f"Study path: {', '.join(result.goals)} (level: {result.level})"
    else:
        ids, numbers, title = list(catalog.resources), {}, "pathfinder: the whole catalog"
    nodes, edges = sorted(ids), edges_among(catalog, ids)  # plain data: no networkx to load
    store = open_store(progress)
    if store.exists():
        node_looks = looks.by_status(catalog, nodes, store.load().statuses(catalog), numbers)
    else:
        node_looks = looks.by_topic(catalog, nodes, numbers)
    if output_format is GraphFormat.svg:  # laid out here: the layout may come from the cache
        picture = renderer.render_plain(nodes, edges, node_looks, title, catalog_cache_dir())
    else:
        picture = renderer.render_plain(nodes, edges, node_looks, title)
    write_output(visible(picture), output)
