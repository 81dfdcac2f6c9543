"""Options shared by several commands, declared once, and the helpers they feed."""

from __future__ import annotations

import contextlib
import math
import os
import sys
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pathfinder.errors import CatalogError, PathfinderError
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


def _finite(value: float | None) -> float | None:
    """Range checks pass nan (every comparison with it is false): refuse it, and infinity,
    here, so that no float option reaches the progress file or the schedule unbounded."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number; give one such as 1.5")
    return value


HoursPerWeek = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        min=0.1,
        max=168,
        callback=_finite,
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
        callback=_finite,
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


# What this command reads and --output must never replace: the progress file (and its lock)
# and the catalog folders loaded, registered by open_store, open_catalog and open_current_plan.
_PROGRESS_FILES: list[Path] = []
_CATALOG_DIRS: list[list[str]] = []


def write_output(text: str, output: Path | None) -> None:
    """Print, or write the whole text to ``output`` at once, so a failed write never leaves
    half a file: into a new temporary file beside the target (a unique name, created with
    O_EXCL, so no link planted there is followed and concurrent writers never collide), then
    renamed over it, keeping an existing file's permissions.

    Refused before anything is written: a folder, anything that is not a regular file (a
    device, a pipe: leave out --output to write to standard output), a link (not followed:
    planted in a shared folder, it could aim the write anywhere), the progress file and every
    file of a catalog this command read."""
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        target = _output_target(output)
        _refuse_inputs(output, target)
        _replace_file(output, target, text)
    finally:  # the command is over; a program running several (tests) starts afresh
        _PROGRESS_FILES.clear()
        _CATALOG_DIRS.clear()
    typer.echo(f"wrote {output}", err=True)


def check_output(output: Path | None) -> None:
    """Refuse an --output that ``write_output`` would refuse before a command does its work:
    for what it is (a folder, a link, a device, a missing folder), and for being one of the
    files registered so far as read (the progress file, once the store is open).
    ``write_output`` checks everything again."""
    if output is not None:
        _refuse_inputs(output, _output_target(output))


def _output_problem(output: Path, message: str) -> PathfinderError:
    return PathfinderError(f"{output}: {message}")


def _output_target(output: Path) -> Path:
    """The absolute path of the regular file, existing or not, that ``output`` names."""
    import stat

    try:
        info = os.lstat(output)
    except FileNotFoundError:
        parent = output.parent
        if not parent.is_dir():
            if parent.exists() or parent.is_symlink():
                raise _output_problem(output, f"{parent} is not a folder") from None
            raise _output_problem(output, f"folder {parent} does not exist") from None
        return parent.resolve() / output.name
    except NotADirectoryError:
        raise _output_problem(output, f"{output.parent} is not a folder") from None
    except OSError as exc:  # a name too long, a folder we may not enter, a loop above it
        raise _output_problem(output, f"cannot be written ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        # Not followed: a link planted where an export goes (a shared folder) would otherwise
        # aim the write at any file the user can write, or at /proc/self/fd/1.
        raise _output_problem(
            output,
            f"is a link (to {os.readlink(output)}); --output does not follow links: "
            "name the file itself",
        )
    if stat.S_ISDIR(info.st_mode):
        raise _output_problem(output, "is a folder; give a file name with --output")
    if not stat.S_ISREG(info.st_mode):
        raise _output_problem(
            output,
            "is not a regular file (a device, pipe or socket); --output writes regular files "
            "only: leave it out to write to standard output",
        )
    return output.parent.resolve() / output.name


def _refuse_inputs(output: Path, target: Path) -> None:
    """Never write over what this command reads: compared by resolved path and by inode, so
    another name or a hard link for the same file is caught too."""
    protected: dict[Path, str] = {}
    env = os.environ.get("PATHFINDER_PROGRESS")
    for path in [*_PROGRESS_FILES, *([Path(env).absolute()] if env else [])]:
        with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a loop, Python < 3.13
            path = path.resolve()
        protected[path] = "is your progress file"
        protected[path.with_name(path.name + ".lock")] = "is your progress file's lock"
    if _CATALOG_DIRS:
        from pathfinder.catalog.sources import catalog_sources, source_files

        for dirs in _CATALOG_DIRS:
            try:
                files = [f for source in catalog_sources(dirs) for f in source_files(source)]
            except (OSError, CatalogError):  # loaded a moment ago; gone since: nothing to guard
                continue
            for file in files:
                protected.setdefault(file, "is a file of the catalog this command read")
    try:
        mine = os.stat(target)
        identity = (mine.st_dev, mine.st_ino)
    except OSError:
        identity = None
    for path, what in protected.items():
        try:
            same = path == target or path.resolve() == target
            if not same and identity is not None:
                theirs = os.stat(path)
                same = (theirs.st_dev, theirs.st_ino) == identity
        except (OSError, RuntimeError):
            continue
        if same:
            raise _output_problem(
                output, f"{what}; --output never writes over it: choose another file"
            )


def _replace_file(output: Path, target: Path, text: str) -> None:
    import tempfile

    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise _output_problem(output, f"cannot be written ({exc.strerror or exc})") from None
    tmp = None
    try:
        # mkstemp: a random name, O_CREAT | O_EXCL | O_NOFOLLOW, retried on a clash; the
        # name is cut so that the temporary file's stays under the usual 255-byte limit.
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name[:120]}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise _output_problem(output, f"cannot be written ({exc.strerror or exc})") from None


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

    store = ProgressStore(
        path if path is not None else default_progress_path(), cache_dir=catalog_cache_dir()
    )
    _PROGRESS_FILES.append(Path(store.path).absolute())
    return store


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

    folders = catalog_dirs_or_env(dirs)
    catalog = load_catalog(folders, cache_dir=catalog_cache_dir())
    _CATALOG_DIRS.append(folders)
    retain(catalog)
    return catalog


def open_current_plan(
    store: ProgressStore, dirs: list[Path] | None, progress: Progress | None = None
) -> CurrentPlan:
    """The saved plan, rebuilt with --catalog folders if given, else the ones it was saved
    with, through the catalog cache. ``progress``: the file's content, if already read."""
    from pathfinder.progress.workflow import current_plan

    given = catalog_dirs_or_env(dirs) or None
    current = current_plan(store, given, cache_dir=catalog_cache_dir(), progress=progress)
    _CATALOG_DIRS.append(given if given is not None else list(current.saved.catalogs))
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
