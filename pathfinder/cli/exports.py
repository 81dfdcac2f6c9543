"""``pathfinder export`` and ``pathfinder import``: the plan out to files, ticks back in."""

from __future__ import annotations

import os
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
    check_output,
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
        ExportFormat, typer.Option("--format", "-f", help="What to write.", case_sensitive=False)
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
    check_output(output)
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

    text = _read_checklist(checklist)
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


def _read_checklist(path: Path) -> str:
    """The checklist's text, checked first like every file pathfinder reads: a regular file
    (a pipe would be waited on forever) within the size limit of catalog and progress files."""
    import stat

    from pathfinder.catalog.yaml_reader import MAX_BYTES

    try:
        with open(path, "rb", buffering=0, opener=_open_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise PathfinderError(f"{path}: is a folder; give the checklist file")
            if not stat.S_ISREG(info.st_mode):
                raise PathfinderError(
                    f"{path}: is not a regular file (a device, pipe or socket); give the "
                    "checklist file"
                )
            if info.st_size > MAX_BYTES:
                raise PathfinderError(
                    f"{path}: is too large ({info.st_size / 2**20:.1f} MB; the limit is "
                    f"{MAX_BYTES // 2**20} MB): not a checklist from 'pathfinder export'"
                )
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise PathfinderError(f"{path}: is a folder; give the checklist file") from None
    except OSError as exc:
        raise PathfinderError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PathfinderError(f"{path}:{line}: is not valid UTF-8") from None


def _open_nonblocking(path: str, flags: int) -> int:
    """Opening a pipe for reading waits for a writer; with O_NONBLOCK it returns at once, so
    that the type check above can refuse it."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
