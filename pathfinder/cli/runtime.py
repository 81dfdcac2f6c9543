"""What a command needs from around it, without typer: the progress file, the catalog
(through its cache), the clock, the terminal, the one writer of output and error messages.
Kept apart from the option declarations (``options``) so that the commands a learner runs
many times a day (``show``, ``done``...) can run without importing typer at all (see
``pathfinder.cli.quick``)."""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pathfinder.errors import CatalogError, FileProblemsError, PathfinderError, Problem, visible
from pathfinder.render.text import for_terminal
from pathfinder.version import __version__

if TYPE_CHECKING:
    from pathfinder.models import Catalog
    from pathfinder.progress.records import Progress
    from pathfinder.progress.store import ProgressStore
    from pathfinder.progress.workflow import CurrentPlan

EXIT_USER_ERROR = 2
VERSION_LINE = f"pathfinder {__version__}"  # what --version prints


def completing() -> bool:
    """Whether the shell is asking for completions: the words are then in the environment
    (``_PATHFINDER_COMPLETE`` and the like), not on the command line, and only the whole
    typer application can answer."""
    return any(key.endswith("_COMPLETE") for key in os.environ)


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Write ``text`` to standard output (or error) and flush, as ``click.echo`` does: the
    streams are the ``TerminalWriter``s of the running command, so a control character from
    a catalog or a progress file reaches the terminal escaped."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


class TerminalWriter:
    """Stands in for stdout or stderr while a command runs: the one writer of everything
    pathfinder prints (results, messages, click's usage errors), so a control character from
    a catalog, a progress file or the command line reaches the terminal visibly escaped, and
    colour only where pathfinder put it (see ``pathfinder.render.text.for_terminal``)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text, self._stream.isatty()))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_streams() -> Iterator[None]:
    """Standard output and error as ``TerminalWriter``s for the life of a command, then as
    they were (a program running several commands, such as the tests, gets them back)."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalWriter(stdout), TerminalWriter(stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: relative to the working folder when it is under it (as
    the user most likely typed it, and as editors and CI annotations want it), else whole."""
    full = os.path.normpath(os.path.abspath(path))
    here = os.getcwd()
    if full == here or full.startswith(here.rstrip(os.sep) + os.sep):
        return os.path.relpath(full, here)
    return str(path)


def problem_lines(problems: Iterable[Problem]) -> str:
    """Each problem as ``file:line: severity: id: message``, a line each, with the file shown
    as ``shown_path`` shows it, worked out once a file: ``check`` on a big catalog writes
    250,000 lines from a few files. For ``echo`` only: control characters are escaped by the
    terminal writer every command's output goes through, once for the whole text."""
    shown: dict[Path, str] = {}
    lines: list[str] = []
    for problem in problems:
        file = problem.file
        if file is None:
            lines.append(str(problem))
            continue
        where = shown.get(file)
        if where is None:
            where = shown[file] = str(Path(shown_path(file)))
        lines.append(problem.shown(where, escaped=False))
    return "\n".join(lines)


def report(exc: PathfinderError) -> int:
    """A library error as the user sees it, on stderr: each problem of a file on its own
    ``file:line:`` line, anything else as one ``error:`` line; exit code 2."""
    if isinstance(exc, FileProblemsError):
        echo(problem_lines(exc.problems), err=True)
    else:
        echo(f"error: {exc}", err=True)
    return EXIT_USER_ERROR


_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:=[a-z]+)?")


def folded(name: str) -> str:
    """An id, topic or level as the catalog spells it: lower case (``-g Inference``,
    ``--level Kernels=Advanced``; every id is lower-case kebab). Anything that would not be
    a name even in lower case is left exactly as given, for the error to quote it."""
    lower = name.strip().lower()
    return lower if _NAME.fullmatch(lower) else name


def lower_names(values: list[str] | None) -> list[str] | None:
    """Levels (or ids) given in any case; see ``folded``."""
    return None if values is None else [folded(value) for value in values]


def lower_name(value: str) -> str:
    return folded(value)


def id_list(values: list[str] | None) -> list[str] | None:
    """Ids given as arguments: any case, comma-separated lists split (``done a,b``)."""
    if values is None:
        return None
    return [folded(p) for v in values for p in (v.split(",") if "," in v else [v])]


def parse_day(value: str | None, option: str) -> date:
    """A YYYY-MM-DD option value, today if absent."""
    if not value:
        return local_now().date()
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
        echo(text, nl=False)
        return
    try:
        target = _output_target(output)
        _refuse_inputs(output, target)
        _replace_file(output, target, text)
    finally:  # the command is over; a program running several (tests) starts afresh
        _PROGRESS_FILES.clear()
        _CATALOG_DIRS.clear()
    echo(f"wrote {output}", err=True)


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
    another name or a hard link for the same file is caught too.

    The progress file and its lock may not exist yet, so they are compared by path as well.
    A catalog file exists (it was just read): it can only be the target if the target
    exists, and then both are the same file, whatever names or links lead to either, so
    comparing inodes is enough, one stat a file (resolving each file's path cost an export
    about 5 ms)."""
    protected: dict[Path, str] = {}
    env = os.environ.get("PATHFINDER_PROGRESS")
    for path in [*_PROGRESS_FILES, *([Path(env).absolute()] if env else [])]:
        with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a loop, Python < 3.13
            path = path.resolve()
        protected[path] = "is your progress file"
        protected[path.with_name(path.name + ".lock")] = "is your progress file's lock"
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
            raise _refused(output, what)
    if _CATALOG_DIRS and identity is not None:
        from pathfinder.catalog.sources import catalog_sources, source_files

        for dirs in _CATALOG_DIRS:
            try:
                files = [f for source in catalog_sources(dirs) for f in source_files(source)]
            except (OSError, CatalogError):  # loaded a moment ago; gone since: nothing to guard
                continue
            for file in files:
                try:
                    theirs = os.stat(file)
                except OSError:
                    continue
                if (theirs.st_dev, theirs.st_ino) == identity:
                    raise _refused(output, "is a file of the catalog this command read")


def _refused(output: Path, what: str) -> PathfinderError:
    return _output_problem(output, f"{what}; --output never writes over it: choose another file")


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
        path if path is not None else default_progress_path(),
        cache_dir=catalog_cache_dir(),
        lock_timeout=_lock_timeout(),
    )
    _PROGRESS_FILES.append(Path(store.path).absolute())
    return store


def _lock_timeout() -> float:
    """$PATHFINDER_LOCK_TIMEOUT: how many seconds a change waits for another pathfinder
    command to finish with the progress file (15 unless set; a slow network drive may need
    more)."""
    from pathfinder.progress.store import LOCK_TIMEOUT_SECONDS

    text = os.environ.get("PATHFINDER_LOCK_TIMEOUT", "").strip()
    if not text:
        return LOCK_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (0 < seconds <= 86_400):
        raise PathfinderError(
            f"PATHFINDER_LOCK_TIMEOUT must be a number of seconds from 0 to 86400 (a day), "
            f"not {visible(text)!r}"
        )
    return seconds


def schedule_start(value: str | None) -> date:
    """The first day of a study schedule: --start as given, else the day of the next study
    session still to come (after today's study time, tomorrow), so that a calendar never
    begins with a session already past."""
    if value:
        return parse_day(value, "--start")
    from pathfinder.planning.schedule import first_study_day

    return first_study_day(local_now())


def local_now() -> datetime:
    """The learner's local clock, without a time zone: $PATHFINDER_TODAY when set (a pinned
    clock, so documented output can be reproduced), else the system's."""
    pinned = _pinned_clock()
    return pinned[0] if pinned else datetime.now()


def now() -> datetime:
    """The time now in UTC, whole seconds, for timestamps in the progress file and exports:
    $PATHFINDER_TODAY when set, else the system's clock."""
    pinned = _pinned_clock()
    return pinned[1] if pinned else datetime.now(timezone.utc).replace(microsecond=0)


def _pinned_clock() -> tuple[datetime, datetime] | None:
    """$PATHFINDER_TODAY as (local time without a zone, UTC time): YYYY-MM-DD (its midnight,
    local time) or YYYY-MM-DDTHH:MM[:SS], with a UTC offset or without (local time)."""
    value = os.environ.get("PATHFINDER_TODAY")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        aware = moment if moment.tzinfo else moment.astimezone()
        local = aware.astimezone().replace(tzinfo=None)
        utc = aware.astimezone(timezone.utc).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise PathfinderError(
            f"PATHFINDER_TODAY: {value!r} is not a usable date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    return local, utc


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
        echo(
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


def terminal_width() -> int:
    """The columns to fit: $COLUMNS when set (as git and ls read it), else the terminal's
    width when standard output is one, else 80, so files and pipes get the same text on
    every machine."""
    from pathfinder.render.text import WIDTH

    given = os.environ.get("COLUMNS", "").strip()
    if given.isdigit() and int(given) > 0:
        return min(int(given), 1000)
    if sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns or WIDTH
        except (OSError, ValueError, AttributeError):
            return WIDTH
    return WIDTH


def prose_width() -> int:
    """The width for views of running text (status, next, why, show): a narrow terminal's,
    else 80, since lines of prose much longer than that are hard to read."""
    from pathfinder.render.text import WIDTH

    return max(30, min(terminal_width(), WIDTH))


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
