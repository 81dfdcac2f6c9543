"""The commands a learner runs many times a day (``show``, ``done``, ``reading``, ``skip``,
``reset``, ``note``) and ``--version``, written without typer.

Importing typer and click takes about two thirds of such a command's start-up, more than
the command's own work. So the console entry point runs the plain forms of these commands
(ids and a note's text, no option at all) through ``run`` here, without importing either,
and hands every other command line to the typer application: options, ``--help``, a
misspelt command, shell completion, a word that starts with ``-``. The typer commands call
the same functions (``show``, ``mark``, ``note``), through the same value conversions
(``id_list``, ``lower_name``, $PATHFINDER_PROGRESS) and the same error report, so the two
ways in cannot differ; a test runs each form both ways and compares what they print, their
exit codes and the progress file they leave."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pathfinder.cli.runtime import (
    VERSION_LINE,
    completing,
    echo,
    id_list,
    lower_name,
    now,
    open_catalog,
    open_store,
    prose_width,
    remember_moved_catalog,
    report,
    terminal_streams,
    use_color,
)
from pathfinder.errors import PathfinderError

if TYPE_CHECKING:
    from pathfinder.models import Catalog
    from pathfinder.progress.records import Status
    from pathfinder.progress.store import ProgressStore

# The command that sets each status on the ids it is given.
STATUS_COMMANDS: dict[str, Status] = {
    "done": "done",
    "reading": "reading",
    "skip": "skipped",
    "reset": "todo",
}


def run(argv: list[str]) -> int | None:
    """Run ``argv`` when it is a plain form of an everyday command and return the exit code;
    None, having done nothing, for anything else."""
    action = _plain_form(argv)
    if action is None:
        return None
    with terminal_streams():
        try:
            action()
        except PathfinderError as exc:
            return report(exc)
    return 0


def _plain_form(argv: list[str]) -> Callable[[], None] | None:
    if completing():
        return None
    if argv == ["--version"]:
        return lambda: echo(VERSION_LINE)
    if len(argv) < 2 or any(word.startswith("-") for word in argv):
        return None  # options, --help, "--": typer parses them
    name, words = argv[0], argv[1:]
    env = os.environ.get("PATHFINDER_PROGRESS")
    progress = Path(env) if env else None  # as typer reads the --progress option's envvar
    if name == "show" and len(words) == 1:
        return lambda: show(lower_name(words[0]), None, progress)
    if name in STATUS_COMMANDS:
        ids = id_list(words) or []
        return lambda: mark(ids, STATUS_COMMANDS[name], None, progress)
    if name == "note" and len(words) == 2:
        return lambda: note(lower_name(words[0]), words[1], None, progress)
    return None


def show(resource: str, catalog_dirs: list[Path] | None, progress: Path | None) -> None:
    """``pathfinder show ID``: the resource's card, with your status, note and place in your
    plan when you keep a progress file."""
    from pathfinder.planning.planner import resolve_ids
    from pathfinder.render import catalog_views

    catalog = open_catalog(catalog_dirs)
    (rid,) = resolve_ids(catalog, [resource])
    store = open_store(progress)
    yours = None
    if store.exists():
        mine = store.load()
        entry = mine.entry_for(rid, catalog)
        saved = mine.current()
        items = [catalog.resolve(i) or i for i in saved.items] if saved else []
        yours = catalog_views.Yours(
            status=entry.status if entry else "todo",
            note=entry.note if entry else None,
            position=items.index(rid) + 1 if rid in items else None,
            plan_size=len(items),
            goals=saved.goals if saved else (),
        )
    card = catalog_views.resource_card(catalog, rid, use_color(), yours, prose_width())
    echo(card, nl=False)


def mark(
    ids: list[str], status: Status, catalog_dirs: list[Path] | None, progress: Path | None
) -> None:
    """``pathfinder done|reading|skip|reset ID...``: set ``status`` on the ids."""
    from pathfinder.progress import workflow

    store = open_store(progress)
    result = workflow.mark(store, catalog_for(store, catalog_dirs), ids, status, now())
    if result.ids:
        echo(f"{status}: {', '.join(result.ids)}")
    if result.unchanged:
        echo(f"already {status}: {', '.join(result.unchanged)}")
    for rid, missing in result.unmet.items():
        needs = "prerequisite" if len(missing) == 1 else "prerequisites"
        echo(f"note: {rid} is marked done before its {needs} {', '.join(missing)}", err=True)
    if result.outside_plan:
        are = "is" if len(result.outside_plan) == 1 else "are"
        echo(
            f"note: {', '.join(result.outside_plan)} {are} not in your current plan; "
            f"marked {status} all the same",
            err=True,
        )
    remember_moved_catalog(store, catalog_dirs)


def note(resource: str, text: str, catalog_dirs: list[Path] | None, progress: Path | None) -> None:
    """``pathfinder note ID TEXT``: attach a note to a resource (an empty text removes it)."""
    from pathfinder.progress import workflow

    store = open_store(progress)
    rid = workflow.add_note(store, catalog_for(store, catalog_dirs), resource, text, now())
    remember_moved_catalog(store, catalog_dirs)
    echo(f"note saved on {rid}" if text else f"note removed from {rid}")


def catalog_for(
    store: ProgressStore, catalog_dirs: list[Path] | None
) -> Callable[[list[str]], Catalog]:
    """The catalog to use once the current plan's folders are known (read under the lock):
    --catalog if given, else the plan's folders, which must still be there."""
    from pathfinder.progress.workflow import recorded_folders

    def catalog(saved_dirs: list[str]) -> Catalog:
        if catalog_dirs:
            return open_catalog(catalog_dirs)
        return open_catalog([Path(d) for d in recorded_folders(saved_dirs, store.path)] or None)

    return catalog
