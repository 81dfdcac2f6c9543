"""``pathfinder export`` and ``pathfinder import``: the plan out to files, ticks back in."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import (
    By,
    HoursPerWeek,
    Output,
    ProgressPath,
    SavedPlanCatalogDirs,
    StartDate,
    catalog_dirs_or_env,
    markdown_grouping,
    now,
    open_catalog,
    open_current_plan,
    open_store,
    parse_day,
    remember_moved_catalog,
    write_output,
)
from pathfinder.errors import PathfinderError


class ExportFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    ics = "ics"
    html = "html"


@app.command("export")
def export_command(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="What to write.")
    ] = ExportFormat.markdown,
    output: Output = None,
    by: By = None,
    start: StartDate = None,
    hours_per_week: HoursPerWeek = None,
    catalog_dirs: SavedPlanCatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Export your current plan as a checklist, calendar, spreadsheet or web page."""
    from pathfinder.render.context import export_context
    from pathfinder.render.exports import exporter

    grouping = markdown_grouping(by, output_format.value)  # refuse bad options before work
    start_day = parse_day(start, "--start")
    store = open_store(progress)
    current = open_current_plan(store, catalog_dirs)
    remember_moved_catalog(store, catalog_dirs)
    saved = current.saved
    ctx = export_context(
        current.plan,
        current.catalog,
        current.progress,
        start=start_day,
        generated=now(),
        hours_per_week=hours_per_week or saved.hours_per_week,
        pace=saved.pace,
    )
    write_output(exporter(output_format.value, grouping)(ctx), output)


@app.command("import")
def import_command(
    checklist: Annotated[
        Path,
        typer.Argument(help="A markdown checklist from 'pathfinder export'.", show_default=False),
    ],
    catalog_dirs: SavedPlanCatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Record the ticked boxes of a markdown checklist as done."""
    from pathfinder.planning.planner import resolve_ids
    from pathfinder.progress import workflow
    from pathfinder.progress.workflow import recorded_folders
    from pathfinder.render.markdown import ticked_ids

    try:
        text = checklist.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PathfinderError(f"{checklist}: cannot be read ({exc})") from None
    ticked, unticked = ticked_ids(text)
    if not ticked and not unticked:
        raise PathfinderError(f"{checklist}: no checklist items with a `resource-id` found")
    store = open_store(progress)
    before = store.load()
    saved = before.current()
    dirs = catalog_dirs_or_env(catalog_dirs) or (
        recorded_folders(saved.catalogs, store.path) if saved else []
    )
    catalog = open_catalog([Path(d) for d in dirs])
    ticked_ids_ = resolve_ids(catalog, ticked)
    untouched = resolve_ids(catalog, unticked)
    new = [rid for rid in ticked_ids_ if before.status_of(rid, catalog) != "done"]
    if new:
        workflow.mark(store, catalog, new, "done", now())
    remember_moved_catalog(store, catalog_dirs)
    typer.echo(f"{len(ticked_ids_)} ticked in {checklist}; {len(new)} newly marked done.")
    still_done = [rid for rid in untouched if before.status_of(rid, catalog) == "done"]
    if still_done:
        typer.echo(
            f"Unticked there but done here (left as done; use 'pathfinder reset'): "
            f"{', '.join(still_done)}"
        )
