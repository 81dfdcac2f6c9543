"""``pathfinder plan`` and ``pathfinder why``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import (
    By,
    CatalogDirs,
    Goals,
    IncludeOptional,
    Known,
    Levels,
    Output,
    PlanHoursPerWeek,
    ProgressPath,
    ResourceId,
    StartDate,
    markdown_grouping,
)
from pathfinder.cli.runtime import (
    catalog_cache_dir,
    catalog_dirs_or_env,
    check_output,
    now,
    open_catalog,
    open_store,
    prose_width,
    retain,
    schedule_start,
    terminal_width,
    use_color,
    write_output,
)
from pathfinder.errors import PathfinderError, visible


class PlanFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    ics = "ics"
    html = "html"


@app.command("plan")
def plan_command(
    goal: Goals,
    level: Levels = None,
    known: Known = None,
    include_optional: IncludeOptional = False,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = PlanFormat.table,
    save: Annotated[
        bool, typer.Option("--save", help="Also save it as your current plan (like start).")
    ] = False,
    output: Output = None,
    by: By = None,
    start: StartDate = None,
    hours_per_week: PlanHoursPerWeek = None,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Print an ordered study path for GOAL at your level, each step with why it is there."""
    grouping = markdown_grouping(by, output_format.value)  # refuse bad options before work
    start_day = schedule_start(start)
    catalog = open_catalog(catalog_dirs)
    store = open_store(progress)
    check_output(output)  # before --save writes the progress file
    if save:
        from pathfinder.progress import workflow

        dirs = catalog_dirs_or_env(catalog_dirs)
        saved_plan = workflow.save_plan(
            store,
            catalog,
            goal,
            level or [],
            known or [],
            dirs,
            now(),
            hours_per_week,
            include_optional=include_optional,
        )
        result = saved_plan.plan
    else:
        from pathfinder.planning.planner import parse_levels, plan

        levels = parse_levels(level or [], catalog)
        result = plan(catalog, goal, levels, known or [], include_optional)
    saved = store.load() if store.exists() else None
    if output_format in (PlanFormat.table, PlanFormat.json):
        from pathfinder.render import json as json_render
        from pathfinder.render import table

        statuses = saved.statuses(catalog) if saved is not None else None
        if output_format is PlanFormat.table:
            to_screen = output is None
            width = terminal_width() if to_screen else table.WIDTH
            text = visible(table.render(result, use_color() and to_screen, statuses, width))
        else:  # JSON escapes control characters itself
            text = json_render.render(result, False, statuses)
    else:
        from pathfinder.render.context import export_context
        from pathfinder.render.exports import exporter

        ctx = export_context(
            result,
            catalog,
            saved,
            start=start_day,
            generated=now(),
            hours_per_week=hours_per_week,
            cache_dir=catalog_cache_dir(),
        )
        text = exporter(output_format.value, grouping)(ctx)
    retain(result, text)
    write_output(text, output)
    if save:
        typer.echo(f"Saved as your current plan in {store.path}", err=True)
        previous = saved_plan.replaced
        if previous is not None:
            typer.echo(
                f"It replaces your plan for {', '.join(previous.goals)} (saved "
                f"{previous.created:%Y-%m-%d}); what you marked is kept.",
                err=True,
            )


@app.command("why")
def why_command(
    resource: ResourceId,
    goal: Goals,
    level: Levels = None,
    known: Known = None,
    include_optional: IncludeOptional = False,
    catalog_dirs: CatalogDirs = None,
) -> None:
    """Show the chain that brings RESOURCE into the plan for GOAL."""
    from pathfinder.planning.planner import parse_levels, plan, resolve_ids
    from pathfinder.render import catalog_views, why

    catalog = open_catalog(catalog_dirs)
    (rid,) = resolve_ids(catalog, [resource])
    result = plan(catalog, goal, parse_levels(level or [], catalog), known or [], include_optional)
    if any(o.id == rid for o in result.optional):
        raise PathfinderError(
            f"{rid} is optional for {', '.join(goal)}: listed after the path, planned with "
            "--include-optional"
        )
    if result.item(rid) is None and not any(s.id == rid for s in result.skipped):
        left_out = catalog_views.alternative_not_chosen(result, catalog, rid)
        raise PathfinderError(
            f"{rid} is not part of the plan for {', '.join(goal)}"
            + (f": {left_out}" if left_out else "")
        )
    typer.echo(why.render(result, rid, prose_width()), nl=False)
