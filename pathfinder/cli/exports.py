"""``pathfinder export`` and ``pathfinder import``: the plan out to files, ticks back in."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import (
    By,
    HoursPerWeek,
    Output,
    ProgressPath,
    SavedPlanCatalogDirs,
    StartDate,
    markdown_grouping,
)
from pathfinder.cli.runtime import (
    catalog_cache_dir,
    catalog_dirs_or_env,
    check_output,
    now,
    open_catalog,
    open_current_plan,
    open_store,
    remember_moved_catalog,
    schedule_start,
    write_output,
)
from pathfinder.errors import FileProblemsError, PathfinderError, Problem, closest

if TYPE_CHECKING:
    from pathfinder.models import Catalog
    from pathfinder.render.markdown import ChecklistItem


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
    from pathfinder.progress import workflow
    from pathfinder.render.context import export_context
    from pathfinder.render.exports import exporter

    grouping = markdown_grouping(by, output_format.value)  # refuse bad options before work
    start_day = schedule_start(start)
    check_output(output)
    store = open_store(progress)
    # --hours-per-week is remembered with the plan (as on start and status), so the next
    # export, status and finish date use it too; checked against a saved plan first
    written = workflow.update_saved(store, hours_per_week, None) if store.exists() else None
    current = open_current_plan(store, catalog_dirs, written)
    remember_moved_catalog(store, catalog_dirs)
    saved = current.saved
    ctx = export_context(
        current.plan,
        current.catalog,
        current.progress,
        start=start_day,
        generated=now(),
        hours_per_week=saved.hours_per_week,
        pace=saved.pace,
        cache_dir=catalog_cache_dir(),
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
    """Record the ticked boxes of a markdown checklist as done (all or nothing: one unknown
    id and nothing is imported)."""
    from pathfinder.progress import workflow
    from pathfinder.progress.workflow import recorded_folders
    from pathfinder.render.markdown import checklist_items

    items = checklist_items(_read_checklist(checklist))
    if not items:
        raise PathfinderError(
            f"{checklist}: no checklist items with a `resource-id` found (expected lines like "
            "'- [x] ... `paged-attention` ...' from 'pathfinder export')"
        )
    store = open_store(progress)
    before = store.load()
    saved = before.current()
    dirs = catalog_dirs_or_env(catalog_dirs) or (
        recorded_folders(saved.catalogs, store.path) if saved else []
    )
    catalog = open_catalog([Path(d) for d in dirs])
    ticked, untouched = _resolve_checklist(checklist, items, catalog)
    new = [rid for rid in ticked if before.status_of(rid, catalog) != "done"]
    if new:
        workflow.mark(store, catalog, new, "done", now())
    remember_moved_catalog(store, catalog_dirs)
    typer.echo(f"{len(ticked)} ticked in {checklist}; {len(new)} newly marked done.")
    still_done = [rid for rid in untouched if before.status_of(rid, catalog) == "done"]
    if still_done:
        typer.echo(
            f"Unticked there but done here (left as done; use 'pathfinder reset'): "
            f"{', '.join(still_done)}"
        )


def _resolve_checklist(
    checklist: Path, items: list[ChecklistItem], catalog: Catalog
) -> tuple[list[str], list[str]]:
    """(ticked, unticked) canonical ids. Every item is checked before anything is recorded:
    an id the catalog does not know (a typo, a catalog folder left out) stops the whole
    import, with each such line named, since applying the rest would leave the learner to
    work out which ticks were taken and which were not."""
    ticked: list[str] = []
    unticked: list[str] = []
    problems: list[Problem] = []
    for item in items:
        rid = catalog.resolve(item.resource_id)
        if rid is None:
            near = closest(item.resource_id, catalog.resources)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            problems.append(
                Problem(checklist, item.line, item.resource_id, f"unknown resource id{hint}")
            )
        elif item.ticked:
            ticked.append(rid)
        else:
            unticked.append(rid)
    if problems:
        count = (
            "an unknown resource id"
            if len(problems) == 1
            else f"{len(problems)} unknown resource ids"
        )
        problems.append(
            Problem(
                checklist,
                None,
                None,
                f"has {count}; nothing was imported (fix or remove the lines below, then "
                "import again)",
            )
        )
        raise FileProblemsError(problems)
    ticked = list(dict.fromkeys(ticked))
    return ticked, [rid for rid in dict.fromkeys(unticked) if rid not in ticked]


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
