"""Progress commands: start, done, reading, skip, reset, note, status, next."""

from __future__ import annotations

from typing import Annotated

import typer

from pathfinder.cli import quick
from pathfinder.cli.app import app
from pathfinder.cli.options import (
    CatalogDirs,
    Goals,
    HoursPerWeek,
    Ids,
    IncludeOptional,
    Known,
    Levels,
    Pace,
    ProgressPath,
    ResourceId,
    SavedPlanCatalogDirs,
)
from pathfinder.cli.runtime import (
    catalog_dirs_or_env,
    now,
    open_catalog,
    open_current_plan,
    open_store,
    parse_day,
    prose_width,
    remember_moved_catalog,
    schedule_start,
    use_color,
)
from pathfinder.errors import PathfinderError
from pathfinder.render.text import hours, plural

Today = Annotated[
    str | None, typer.Option("--today", hidden=True, help="Pretend today is YYYY-MM-DD.")
]


@app.command("start")
def start_command(
    goal: Goals,
    level: Levels = None,
    known: Known = None,
    include_optional: IncludeOptional = False,
    hours_per_week: HoursPerWeek = None,
    pace: Pace = None,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Save a plan as your current plan, so status, next and export need no options."""
    from pathfinder.progress import workflow

    store = open_store(progress)
    dirs = catalog_dirs_or_env(catalog_dirs)
    catalog = open_catalog(catalog_dirs)
    saved = workflow.save_plan(
        store,
        catalog,
        goal,
        level or [],
        known or [],
        dirs,
        now(),
        hours_per_week,
        pace,
        include_optional=include_optional,
    )
    result, previous = saved.plan, saved.replaced
    typer.echo(
        f"Saved your plan for {', '.join(result.goals)}: "
        f"{plural(len(result.items), 'resource')}, {hours(result.total_minutes)}, in {store.path}"
    )
    if previous is not None:
        typer.echo(
            f"It replaces your plan for {', '.join(previous.goals)} (saved "
            f"{previous.created:%Y-%m-%d}); what you marked is kept."
        )
    typer.echo("Next: pathfinder next · mark progress with: pathfinder done ID")


def _status_command(name: str, help_text: str) -> None:
    """Register ``pathfinder NAME ID ...``, which sets the status that command stands for
    (``quick.STATUS_COMMANDS``) on the ids."""
    status = quick.STATUS_COMMANDS[name]

    def command(
        ids: Ids, catalog_dirs: SavedPlanCatalogDirs = None, progress: ProgressPath = None
    ) -> None:
        quick.mark(ids, status, catalog_dirs, progress)

    command.__doc__ = help_text
    app.command(name)(command)


@app.command("done")
def done_command(
    ids: Ids,
    quiz: Annotated[
        bool,
        typer.Option("--quiz", help="First answer each resource's checks (score kept)."),
    ] = False,
    catalog_dirs: SavedPlanCatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Mark resources as read."""
    if quiz:
        from pathfinder.cli.assess import _Answers, quiz_resource, record_quizzes
        from pathfinder.planning.planner import resolve_ids

        store = open_store(progress)
        store.check_writable()  # before any question: answers are never given in vain
        catalog = open_catalog(catalog_dirs)
        source = _Answers(None)
        records = []
        for rid in resolve_ids(catalog, ids):
            if not catalog.resources[rid].checks:
                typer.echo(f"{rid} has no checks; marked without a quiz", err=True)
                continue
            record = quiz_resource(catalog, rid, source, json_mode=False)
            if record is None:
                raise PathfinderError("no answer given; nothing recorded, nothing marked")
            records.append(record)
        record_quizzes(store, records)
    quick.mark(ids, quick.STATUS_COMMANDS["done"], catalog_dirs, progress)


_status_command("reading", "Mark resources as being read now.")
_status_command("skip", "Mark resources as deliberately skipped (they count as finished).")
_status_command("reset", "Set resources back to todo (their notes are kept).")


@app.command("note")
def note_command(
    resource: ResourceId,
    text: Annotated[
        str, typer.Argument(help="The note; an empty string removes it.", show_default=False)
    ],
    catalog_dirs: SavedPlanCatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Attach a note to a resource (shown in exports)."""
    quick.note(resource, text, catalog_dirs, progress)


@app.command("status")
def status_command(
    hours_per_week: HoursPerWeek = None,
    pace: Pace = None,
    catalog_dirs: SavedPlanCatalogDirs = None,
    progress: ProgressPath = None,
    today: Today = None,
) -> None:
    """Where you stand on your current plan: progress, reading, hours left, finish date."""
    from pathfinder.planning.schedule import DEFAULT_HOURS_PER_WEEK
    from pathfinder.progress import standing, workflow
    from pathfinder.render import status as status_render

    start = parse_day(today, "--today") if today else schedule_start(None)
    store = open_store(progress)
    loaded = workflow.update_saved(store, hours_per_week, pace) or store.load()
    if loaded.current() is None:
        where = store.path if store.exists() else f"{store.path} (not created yet)"
        typer.echo(f"Progress file: {where}")
        typer.echo("No saved plan yet: pathfinder start --goal inference --level beginner")
        typer.echo("(or find your level first: pathfinder assess --goal inference)")
        if loaded.resources:
            unknown = loaded.unknown_ids(open_catalog(catalog_dirs))
            typer.echo(status_render.progress_counts(loaded.resources, unknown), nl=False)
        if loaded.assessments:  # quizzes taken before any plan was saved still count
            typer.echo("\n".join(status_render.assessment_lines(loaded.assessments)))
        return
    current = open_current_plan(store, catalog_dirs, loaded)
    remember_moved_catalog(store, catalog_dirs)
    saved, result = current.saved, current.plan
    statuses = current.progress.statuses(current.catalog)
    where_you_stand = standing.standing(result, statuses, saved.pace)
    hours = saved.hours_per_week or DEFAULT_HOURS_PER_WEEK
    sessions = standing.remaining_sessions(result, statuses, start, hours, saved.pace)
    view = status_render.StatusView(
        progress_path=store.path,
        saved=saved,
        plan=result,
        standing=where_you_stand,
        changes=standing.changes_since_saved(saved.items, result, current.catalog),
        unknown_ids=current.progress.unknown_ids(current.catalog),
        hours_per_week=hours,
        hours_assumed=saved.hours_per_week is None,
        finish=sessions[-1].day if sessions else None,
        assessments=current.progress.assessments,
    )
    typer.echo(status_render.status(view, use_color(), prose_width()), nl=False)


@app.command("next")
def next_command(
    count: Annotated[int, typer.Option("-n", "--count", min=1, help="How many to list.")] = 5,
    catalog_dirs: SavedPlanCatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """What to read next: items whose prerequisites are done, the first one suggested."""
    from pathfinder.progress import standing
    from pathfinder.render import status as status_render

    store = open_store(progress)
    current = open_current_plan(store, catalog_dirs)
    remember_moved_catalog(store, catalog_dirs)
    statuses = current.progress.statuses(current.catalog)
    steps = standing.next_steps(current.plan, statuses, current.catalog)
    text = status_render.next_steps(steps, count, current.saved.pace, use_color(), prose_width())
    typer.echo(text, nl=False)
