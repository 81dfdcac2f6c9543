"""Options shared by several commands, declared once, and the helpers they feed."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathfinder.errors import PathfinderError
from pathfinder.models import LEVELS, Catalog

if TYPE_CHECKING:
    from pathfinder.progress.records import Progress
    from pathfinder.progress.store import ProgressStore
    from pathfinder.progress.workflow import CurrentPlan


def _completion_catalog() -> Catalog | None:
    try:
        return open_catalog(None)
    except Exception:  # completion must never print a traceback into the shell
        return None


def complete_goal(incomplete: str) -> list[str]:
    """Topics and resource ids for --goal, for shell completion."""
    catalog = _completion_catalog()
    names = [*catalog.topics, *catalog.resources] if catalog else []
    return [n for n in names if n.startswith(incomplete)]


def complete_resource(incomplete: str) -> list[str]:
    catalog = _completion_catalog()
    return [n for n in (catalog.resources if catalog else []) if n.startswith(incomplete)]


def complete_level(incomplete: str) -> list[str]:
    """Levels, and TOPIC=LEVEL once a topic and '=' are typed."""
    topic, sep, _ = incomplete.rpartition("=")
    if sep:
        return [f"{topic}={lvl}" for lvl in LEVELS if f"{topic}={lvl}".startswith(incomplete)]
    catalog = _completion_catalog()
    topics = [f"{t}=" for t in (catalog.topics if catalog else [])]
    return [n for n in [*LEVELS, *topics] if n.startswith(incomplete)]


CatalogDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Extra catalog folder laid over the built-in one (repeatable). "
        "Default: $PATHFINDER_CATALOG, colon-separated.",
        show_default=False,
    ),
]
SavedPlanCatalogDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Catalog folder laid over the built-in one, instead of the saved plan's (repeatable). "
        "If the saved plan's folders no longer exist (moved), the ones given are recorded in it.",
        show_default=False,
    ),
]
Goals = Annotated[
    list[str],
    typer.Option(
        "--goal", "-g", help="Topic or resource id to study (repeatable).", show_default=False
    ),
]
Levels = Annotated[
    list[str] | None,
    typer.Option(
        "--level",
        "-l",
        help="beginner, intermediate or advanced; TOPIC=LEVEL for one topic (repeatable). "
        "Default: beginner.",
        show_default=False,
        autocompletion=complete_level,
    ),
]
Known = Annotated[
    list[str] | None,
    typer.Option(
        "--known",
        "-k",
        help="Resource id you have already studied (repeatable).",
        show_default=False,
    ),
]

IncludeOptional = Annotated[
    bool,
    typer.Option(
        "--include-optional",
        help="Also plan the goal topics' optional resources (listed after the path otherwise).",
    ),
]


ProgressPath = Annotated[
    Path | None,
    typer.Option(
        "--progress",
        envvar="PATHFINDER_PROGRESS",
        help="Progress file. Default: $PATHFINDER_PROGRESS, else your user data folder.",
        show_default=False,
    ),
]
HoursPerWeek = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        min=0.1,
        max=168,
        help="Study hours per week (saved).",
        show_default=False,
    ),
]
Pace = Annotated[
    float | None,
    typer.Option(
        "--pace",
        min=0.1,
        max=20,
        help="Multiply every time estimate, e.g. 1.5 if you read slower (saved).",
        show_default=False,
    ),
]


Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.", show_default=False
    ),
]
StartDate = Annotated[
    str | None,
    typer.Option(
        "--start",
        help="First study day for the schedule, YYYY-MM-DD. Default: today.",
        show_default=False,
    ),
]


class GroupBy(str, Enum):
    topic = "topic"
    week = "week"


By = Annotated[
    GroupBy | None,
    typer.Option(
        "--by",
        help="Group the markdown checklist by topic or week. Default: topic.",
        show_default=False,
    ),
]


def markdown_grouping(by: GroupBy | None, output_format: str) -> str:
    """The --by value for the exporter; refused with any format but markdown, since it would
    silently change nothing there."""
    if by is not None and output_format != "markdown":
        raise PathfinderError(f"--by {by.value} applies to --format markdown only")
    return (by or GroupBy.topic).value


def parse_day(value: str | None, option: str) -> date:
    """A YYYY-MM-DD option value, today if absent."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PathfinderError(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def write_output(text: str, output: Path | None) -> None:
    """Print, or write the whole text to ``output`` at once (temporary file, then rename), so
    a failed write never leaves half a file."""
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.is_dir():
        raise PathfinderError(f"{output}: is a folder; give a file name with --output")
    if not output.parent.exists():
        raise PathfinderError(f"{output}: folder {output.parent} does not exist")
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PathfinderError(f"{output}: cannot be written ({exc.strerror or exc})") from None
    typer.echo(f"wrote {output}", err=True)


_RETAINED: list[object] | None = None


def retain_until_exit() -> None:
    """Called by the console entry point, which ends the process with ``os._exit``: from now
    on, ``retain`` keeps big values alive so that nothing frees them object by object."""
    global _RETAINED
    _RETAINED = []


def retain(*values: object) -> None:
    """Keep ``values`` (a catalog, a plan) until the process ends; a no-op when the CLI runs
    inside another program (tests, ``CliRunner``), where memory must be given back."""
    if _RETAINED is not None:
        _RETAINED.extend(values)


def open_store(path: Path | None) -> ProgressStore:
    from pathfinder.progress.store import ProgressStore, default_progress_path

    return ProgressStore(path if path is not None else default_progress_path())


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def catalog_dirs_or_env(dirs: list[Path] | None) -> list[str]:
    """The --catalog folders, else those of $PATHFINDER_CATALOG, as absolute paths."""
    if not dirs:
        env = os.environ.get("PATHFINDER_CATALOG", "")
        dirs = [Path(p) for p in env.split(os.pathsep) if p]
    return [str(Path(d).absolute()) for d in dirs]


def open_catalog(dirs: list[Path] | None) -> Catalog:
    """The built-in catalog with the user's folders on top (options, else the environment),
    through the parsed-catalog cache in the user cache folder ($PATHFINDER_CACHE overrides)."""
    from pathfinder.catalog.loader import load_catalog

    catalog = load_catalog(catalog_dirs_or_env(dirs), cache_dir=catalog_cache_dir())
    retain(catalog)
    return catalog


def open_current_plan(
    store: ProgressStore, dirs: list[Path] | None, progress: Progress | None = None
) -> CurrentPlan:
    """The saved plan, rebuilt with --catalog folders if given, else the ones it was saved
    with, through the catalog cache. ``progress``: the file's content, if already read."""
    from pathfinder.progress.workflow import current_plan

    current = current_plan(
        store, catalog_dirs_or_env(dirs) or None, cache_dir=catalog_cache_dir(), progress=progress
    )
    retain(current)
    return current


def remember_moved_catalog(store: ProgressStore, dirs: list[Path] | None) -> None:
    """After a command ran with --catalog: when the saved plan's own catalog folders no
    longer exist, the given ones become the plan's (see ``workflow.relocate_catalogs``)."""
    from pathfinder.progress.workflow import relocate_catalogs

    if not dirs:
        return
    new = [str(Path(d).absolute()) for d in dirs]
    replaced = relocate_catalogs(store, new)
    if replaced is not None:
        typer.echo(
            f"note: your saved plan now uses the catalog folder {', '.join(new)} in place of "
            f"{', '.join(replaced)}, which is gone; recorded in {store.path}",
            err=True,
        )


def catalog_cache_dir() -> Path | None:
    """$PATHFINDER_CACHE (empty: no cache), else the platform's user cache folder."""
    cache = os.environ.get("PATHFINDER_CACHE")
    if cache is not None:
        return Path(cache) if cache else None
    from platformdirs import user_cache_path

    return user_cache_path("pathfinder", appauthor=False)


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
