"""The progress file on disk: strict reading, locked read-modify-write, atomic replacement.

Guarantees, each tested:

* A write goes to a temporary file in the same folder, is flushed and fsynced, then renamed
  over the old file; a crash at any point leaves either the old or the new file, never a mix.
* Every update holds an exclusive lock for the whole read-modify-write, so concurrent commands
  never lose each other's changes. The lock is an OS lock (flock), released when its process
  dies, so a killed command cannot block the next one. The lock file is opened without
  following links (a planted link cannot make pathfinder create a file elsewhere) and is never
  made beside a progress path that is refused anyway (a folder, a pipe).
* A change that would take the file past the size it may be read back at is refused before
  anything is written, so the tool never makes its own file unreadable.
* A file that is corrupt, truncated, from a newer pathfinder, or has unknown fields raises
  ProgressError naming the file and line, and is never written over.

The file is also remembered, parsed, in the cache folder the command line gives
(``cache_dir``), under the length and CRC-32 of its text: the same text read again is taken
from there, any other text is parsed as usual. For a large file that saves the parse (a saved
plan of a big catalog lists every item: 92,000 ids took the YAML parser most of a second); for
a small one, importing PyYAML at all (about 10 ms of a 100 ms command). The cache holds only
plain values in ``marshal`` format, and only for files that passed every check; anything
unreadable in it is ignored.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pathfinder.errors import FileProblemsError, Problem, ProgressError
from pathfinder.progress.records import (
    SCHEMA_VERSION,
    Progress,
    ProgressDataError,
    parse_progress,
    to_data,
)
from pathfinder.version import __version__

LOCK_TIMEOUT_SECONDS = 15.0
# The size a progress file may be read back at: yaml_reader.MAX_BYTES, which read_text
# enforces (a test keeps the two equal), written out so that this module needs no PyYAML.
MAX_BYTES = 16 * 2**20
_HEADER = (
    "# pathfinder progress file: what you have read, and your saved plans.\n"
    "# Safe to read and back up. If you edit it, `pathfinder status` tells you if it still loads.\n"
)


def default_progress_path() -> Path:
    """The platform's user data folder, e.g. ~/.local/share/pathfinder/progress.yaml."""
    from platformdirs import user_data_path

    return user_data_path("pathfinder", appauthor=False) / "progress.yaml"


class ProgressStore:
    """One progress file. Reading a missing file gives empty progress; nothing is created until
    the first change. ``cache_dir``: where a large file's parsed content may be kept."""

    def __init__(
        self,
        path: Path,
        cache_dir: Path | None = None,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.path = path
        self.cache_dir = cache_dir
        self.lock_timeout = lock_timeout

    @property
    def target(self) -> Path:
        """Where bytes go: a link to a file is followed, so that a learner who keeps the file
        elsewhere (a dotfiles folder, a synced drive) keeps that layout. A link to nothing is
        refused rather than followed, so no file appears somewhere unexpected."""
        try:
            if not self.path.is_symlink():
                return self.path
        except OSError as exc:  # a name over the system's limit
            raise self._error(None, f"cannot be read ({exc.strerror or exc})") from None
        try:
            return self.path.resolve(strict=True)
        except FileNotFoundError:
            link = os.readlink(self.path)
            raise self._error(
                None, f"is a link to {link}, which does not exist; fix or remove the link"
            ) from None
        except (OSError, RuntimeError):  # a loop: RuntimeError before Python 3.13
            raise self._error(None, "is a link that leads back to itself; remove it") from None

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> Progress:
        path = self.target
        if not self._exists(path):
            return Progress()
        cached = self._cached(path)
        if cached is not None:
            return cached
        from pathfinder.catalog.yaml_reader import read_text  # PyYAML: only with a file to parse

        try:
            text = read_text(path, too_large="this is not a pathfinder progress file")
            written = os.stat(path).st_mtime
        except FileProblemsError as exc:
            raise ProgressError(exc.problems) from None
        except OSError as exc:  # gone or unreadable between reading and this look
            raise self._error(None, f"cannot be read ({exc.strerror or exc})") from None
        stamp = datetime.fromtimestamp(int(written), timezone.utc)
        progress = self._parse(text, stamp)
        if self.cache_dir is not None:
            _cache_write(self._cache_file(), text, progress)
        return progress

    def _cached(self, path: Path) -> Progress | None:
        """The file's content from the cache when it holds exactly this text, read without
        PyYAML (importing it costs a command more than the parse of a small file); None
        otherwise, and for anything unusual, which the parser then reports."""
        if self.cache_dir is None:
            return None
        try:
            if os.stat(path).st_size > MAX_BYTES:
                return None
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        return _cache_read(self._cache_file(), text)

    def check_writable(self) -> Progress:
        """The current progress, once it is clear that a change could be written to the
        file: it loads, it is not read-only, and its folder (or the nearest one that exists)
        takes new files. A quiz asks this before its first question, so that a file that
        cannot take the answers is reported before they are given, not after."""
        progress = self.load()
        path = self.target
        if self._exists(path) and _read_only(path, os.stat(path).st_mode):
            raise self._read_only_error()
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            raise self._error(None, f"cannot be written: the folder {folder} does not allow it")
        return progress

    def _read_only_error(self) -> ProgressError:
        return self._error(
            None, "is read-only; make it writable to record changes (nothing was changed)"
        )

    def update(self, change: Callable[[Progress], Progress]) -> Progress:
        """Apply ``change`` to the current progress under the lock and write the result."""
        import yaml  # noqa: F401  (imported before the lock, not while others wait for it)

        from pathfinder.catalog import yaml_reader  # noqa: F401

        with self._locked():
            current = self.load()
            new = change(current)
            if new != current:
                self._write(new)
            return new

    # -- internals ---------------------------------------------------------------------------

    def _exists(self, path: Path) -> bool:
        """Whether the progress file is there; anything but a regular file is refused, before
        it is read (a device or a pipe could be read forever) or a lock is made beside it."""
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise self._error(None, f"cannot be read ({exc.strerror or exc})") from None
        if stat.S_ISDIR(mode):
            raise self._error(None, "is a folder, not a progress file")
        if not stat.S_ISREG(mode):
            raise self._error(None, "is not a regular file")
        return True

    def _parse(self, text: str, written: datetime) -> Progress:
        """``written``: the file's modification time, for entries added without ``changed``."""
        if not text.strip():
            raise self._error(None, "is empty; restore it from a backup or delete it to start over")
        from pathfinder.catalog.yaml_reader import parse_yaml

        try:
            doc = parse_yaml(text, self.path)
        except FileProblemsError as exc:
            raise ProgressError(exc.problems) from None
        data = doc.data
        if not isinstance(data, dict):
            raise self._error(1, "is not a pathfinder progress file (expected a mapping)")
        version = data.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise self._error(doc.line_of(("schema_version",)), "has no valid schema_version")
        if version > SCHEMA_VERSION:
            raise self._error(
                doc.line_of(("schema_version",)),
                f"was written by a newer pathfinder (schema {version}; this one reads "
                f"{SCHEMA_VERSION}); upgrade pathfinder",
            )
        try:
            return parse_progress(data, written)
        except ProgressDataError as exc:
            raise ProgressError(
                Problem(
                    self.path, doc.line_of(path), None, f"{'.'.join(map(str, path))}: {message}"
                )
                for path, message in exc.problems
            ) from None

    def _write(self, progress: Progress) -> None:
        import tempfile

        import yaml

        path = self.target
        try:
            mode: int | None = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and _read_only(path, mode):
            raise self._read_only_error()  # replacing it would override what its owner chose
        path.parent.mkdir(parents=True, exist_ok=True)
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter when present
        data = to_data(progress)
        try:
            text = _HEADER + yaml.dump(
                data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100
            )
        except UnicodeEncodeError:  # bytes from the command line that are not UTF-8 text
            raise self._error(
                None,
                f"cannot take {_not_text(data)!r}: it is not UTF-8 text (a command-line "
                "argument or folder name with bytes in another encoding?); nothing was changed",
            ) from None
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:  # it could not be read back: refuse the change instead
            raise self._error(
                None,
                f"would grow to {size / 2**20:.1f} MB, past the {MAX_BYTES // 2**20} MB a "
                "progress file may have; the change was refused and the file left unchanged "
                "(remove long notes or old plans)",
            )
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if mode is not None:  # the new file keeps the old one's permissions
                os.chmod(tmp, mode & 0o777)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_folder(path.parent)
        if self.cache_dir is not None:
            _cache_write(self._cache_file(), text, progress)  # what the next command reads

    def _cache_file(self) -> Path:
        import zlib

        assert self.cache_dir is not None
        name = zlib.crc32(os.fsencode(self.path.absolute()))
        return self.cache_dir / f"progress-{name:08x}.bin"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        path = self.target
        self._exists(path)  # no lock beside something that is refused anyway
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _exclusive(path.with_name(path.name + ".lock"), self.lock_timeout):
                yield
        except LockFileError as exc:
            raise self._error(None, str(exc)) from None
        except TimeoutError:
            raise self._error(
                None,
                f"is locked by another pathfinder command (waited {self.lock_timeout:g} s; "
                "PATHFINDER_LOCK_TIMEOUT sets how long); try again",
            ) from None
        except OSError as exc:  # permissions, a full disk, a read-only folder
            raise self._error(
                None, f"cannot be written ({exc.strerror or exc}); it was left unchanged"
            ) from None

    def _error(self, line: int | None, message: str) -> ProgressError:
        return ProgressError([Problem(self.path, line, None, message)])


def _not_text(value: object) -> str | None:
    """The first string in ``value`` (a progress file's data) that cannot be written as UTF-8:
    one with a lone surrogate, which is how Python hands over command-line bytes it could not
    decode."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value
        return None
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        for item in value:
            found = _not_text(item)
            if found is not None:
                return found
    return None


def _read_only(path: Path, mode: int) -> bool:
    """Whether the file (whose ``st_mode`` is ``mode``) is not for us to change: its owner took
    the write permission away (``chmod a-w``, which root's access check would not show), or
    we may not write it."""
    return not mode & stat.S_IWUSR or not os.access(path, os.W_OK)


# -- the cache of the file's parsed content --------------------------------------------------

# 2: with assessments (version 1 left them out: a file holding any lost them when cached).
# pathfinder's version too: another version may read (and check) the same text differently.
_CACHE_FORMAT = ("pathfinder-progress-cache", 2, SCHEMA_VERSION, __version__)


def _text_key(text: str) -> tuple[int, int]:
    import zlib

    data = text.encode("utf-8", "surrogatepass")
    return (len(data), zlib.crc32(data))


def _cache_read(cache: Path, text: str) -> Progress | None:
    """The progress parsed earlier from exactly ``text``, or None."""
    import marshal

    try:
        blob = cache.read_bytes()
    except OSError:
        return None
    try:
        form, key, payload = marshal.loads(blob)
        if form != _CACHE_FORMAT or key != _text_key(text):
            return None
        return _from_values(payload)
    except (EOFError, ValueError, TypeError, IndexError, KeyError):
        return None


def _cache_write(cache: Path, text: str, progress: Progress) -> None:
    """Keep ``progress``, parsed from ``text``; a cache that cannot be written is not."""
    import marshal
    import tempfile

    blob = marshal.dumps((_CACHE_FORMAT, _text_key(text), _values(progress)))
    tmp = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=cache.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, cache)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _values(progress: Progress) -> tuple[object, ...]:
    plans = tuple(
        (
            name,
            saved.goals,
            saved.created.isoformat(),
            saved.levels,
            saved.known,
            saved.catalogs,
            saved.hours_per_week,
            saved.pace,
            saved.items,
            saved.include_optional,
        )
        for name, saved in progress.plans.items()
    )
    resources = tuple(
        (rid, entry.status, entry.changed.isoformat(), entry.note)
        for rid, entry in progress.resources.items()
    )
    assessments = tuple(
        (
            record.kind,
            record.at.isoformat(),
            tuple((a.check, a.answer, a.correct, a.at.isoformat()) for a in record.answers),
            record.resource,
            record.goals,
            record.levels,
            record.known,
            record.suggested_levels,
            record.confidence,
        )
        for record in progress.assessments
    )
    return (progress.schema_version, progress.current_plan, plans, resources, assessments)


def _from_values(values: tuple[Any, ...]) -> Progress:
    from datetime import datetime

    from pathfinder.progress.records import AssessmentRecord, Entry, QuizAnswer, SavedPlan

    version, current, plans, resources, assessments = values
    saved_plans = {}
    for name, goals, created, levels, known, catalogs, hours, pace, items, optional in plans:
        saved_plans[name] = SavedPlan(
            tuple(goals),
            datetime.fromisoformat(created),
            tuple(levels),
            tuple(known),
            tuple(catalogs),
            hours,
            pace,
            tuple(items),
            optional,
        )
    entries = {
        rid: Entry(status, datetime.fromisoformat(changed), note)
        for rid, status, changed, note in resources
    }
    records = tuple(
        AssessmentRecord(
            kind,
            datetime.fromisoformat(at),
            tuple(
                QuizAnswer(check, answer, correct, datetime.fromisoformat(when))
                for check, answer, correct, when in answers
            ),
            resource,
            tuple(goals),
            tuple(levels),
            tuple(known),
            tuple(suggested),
            confidence,
        )
        for kind, at, answers, resource, goals, levels, known, suggested, confidence in assessments
    )
    return Progress(version, current, saved_plans, entries, records)


class LockFileError(Exception):
    """The lock file beside the progress file is a link, a folder or not a regular file."""


@contextlib.contextmanager
def _exclusive(lock_path: Path, timeout: float) -> Iterator[None]:
    """An exclusive OS lock on ``lock_path``, released by the OS if the process dies.

    On POSIX this is flock(2) from the standard library (importing filelock costs a command
    like ``pathfinder done`` a tenth of its start-up); elsewhere, the filelock package."""
    try:
        import fcntl
    except ImportError:  # Windows
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(lock_path), timeout=timeout):
                yield
        except Timeout:
            raise TimeoutError from None
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:  # never through a link: a dangling one would create a file wherever it points
        fd = os.open(lock_path, flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LockFileError(f"its lock file {lock_path} is a link; remove it") from None
        if exc.errno == errno.EISDIR:
            raise LockFileError(f"its lock file {lock_path} is a folder; remove it") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LockFileError(f"its lock file {lock_path} is not a regular file; remove it")
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
