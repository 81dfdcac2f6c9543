"""Where a catalog's files are: the built-in layer, the user's ``--catalog`` folders, and the
topic files and prerequisites files inside each; and whether each is small enough to read.
Nothing here parses YAML, so a warm cache can fingerprint the files without PyYAML or
pydantic."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pathfinder.errors import CatalogError, Problem

PREREQUISITES_NAME = "prerequisites.yaml"
PREREQUISITES_FOLDER = "prerequisites"  # more prerequisites files, *.yaml, read after it
# Far above any real file (the 100,000-resource benchmark's largest is 7 MB), and refused from
# the file's size alone: parsing 50 MB of YAML would take minutes and gigabytes.
MAX_FILE_BYTES = 16 * 2**20
_LOOP = "is a link that leads back to itself (a loop); remove it"


@dataclass(frozen=True)
class CatalogSource:
    """One layer: a folder of topic files and its prerequisites files (none, a
    prerequisites.yaml, the *.yaml files of a prerequisites/ folder, or both: read in that
    order, as if they were one file)."""

    folder: Path
    prerequisites: tuple[Path, ...] = ()
    root: Path | None = None  # the folder given (--catalog): what ``check: ignore:`` covers


def builtin_source() -> CatalogSource:
    """The catalog shipped with pathfinder: inside the installed wheel, or at the top of a
    source checkout when running from the repository."""
    package = Path(__file__).resolve().parent.parent  # pathfinder/, above catalog/
    bundled = package / "_data"
    root = bundled if (bundled / "catalog").is_dir() else package.parent
    extra = root / PREREQUISITES_FOLDER
    split = tuple(_yaml_files(extra, skip="")) if extra.is_dir() else ()
    return CatalogSource(root / "catalog", (root / PREREQUISITES_NAME, *split), root)


def user_source(path: Path) -> CatalogSource:
    """A user's catalog folder: either topic files with a prerequisites.yaml (or a
    prerequisites/ folder) beside them, or the repository layout (``catalog/`` next to
    ``prerequisites.yaml`` or ``prerequisites/``)."""
    kind = _kind(path)
    if kind is None:
        raise CatalogError([Problem(path, None, None, "catalog folder does not exist")])
    if kind != "folder":
        what = "is a file; --catalog takes a folder" if kind == "file" else kind
        raise CatalogError([Problem(path, None, None, what)])
    sub = path / "catalog"
    folder = sub if _kind(sub) == "folder" else path
    if folder is path and sub.is_symlink():
        _refuse_links_outside(sub, path.resolve())  # a loop or a link to nothing: say so
    prerequisites = path / PREREQUISITES_NAME
    split = path / PREREQUISITES_FOLDER
    root = path.resolve()
    for entry in (folder, prerequisites, split):
        _refuse_links_outside(entry, root)
    files: list[Path] = []
    kind = _kind(prerequisites)
    if kind == "file":
        files.append(prerequisites)
    elif kind is not None:
        raise CatalogError([Problem(prerequisites, None, None, _not_a_file(kind))])
    kind = _kind(split)
    if kind == "folder":
        files += _yaml_files(split, skip="")
    elif kind is not None:
        what = (
            "is a file; prerequisites/ must be a folder of *.yaml files" if kind == "file" else kind
        )
        raise CatalogError([Problem(split, None, None, what)])
    return CatalogSource(folder, tuple(files), path)


def _kind(path: Path) -> str | None:
    """What ``path`` is, links followed: "folder", "file" (regular), None when nothing is
    there, else a sentence for a catalog error (a link loop, a name too long, a device or
    a pipe, which could be read forever)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _LOOP
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return "is not a regular file (a device, pipe or socket)"


def _not_a_file(kind: str) -> str:
    return "is a folder, not a YAML file" if kind == "folder" else kind


def _refuse_links_outside(entry: Path, root: Path) -> None:
    """A catalog folder is read as a unit: a link inside it must stay inside it, so that a
    catalog from a stranger cannot make pathfinder read (and echo) files elsewhere. A link
    that loops is refused here too (resolving it raised RuntimeError before Python 3.13)."""
    if not entry.is_symlink():
        return
    if _kind(entry) == _LOOP:
        raise CatalogError([Problem(entry, None, None, _LOOP)])
    if not entry.resolve().is_relative_to(root):
        raise CatalogError([Problem(entry, None, None, "links outside its catalog folder")])


def catalog_sources(
    extra: Sequence[Path | str] = (), *, builtin: bool = True
) -> list[CatalogSource]:
    """The built-in layer first, so that every folder given is laid over it, in order."""
    sources = [builtin_source()] if builtin else []
    sources += [user_source(Path(p)) for p in extra]
    return sources


def source_files(source: CatalogSource) -> list[Path]:
    """Every file a layer is read from: the cache's fingerprint covers exactly these."""
    return [*topic_files(source.folder), *source.prerequisites]


def check_sizes(sources: Sequence[CatalogSource]) -> None:
    """Refuse, before anything is parsed, every file too large to read: all of them in one
    error, each with the remedy that fits it (a topic file splits into topic files, a
    prerequisites file into a prerequisites/ folder)."""
    problems: list[Problem] = []
    for source in sources:
        prerequisites = set(source.prerequisites)
        for path in source_files(source):
            try:
                size = path.stat().st_size
            except OSError:
                continue  # reading it reports why
            if size > MAX_FILE_BYTES:
                remedy = (
                    f"split it into several *.yaml files in a {PREREQUISITES_FOLDER}/ folder "
                    "beside it (they are read as one file)"
                    if path in prerequisites
                    else "split it into several topic files"
                )
                problems.append(Problem(path, None, None, too_large(size, remedy)))
    if problems:
        raise CatalogError(problems)


def too_large(size: int, remedy: str) -> str:
    """The message for a file over MAX_FILE_BYTES."""
    return (
        f"is too large ({size / 2**20:.1f} MB; the limit for one file is "
        f"{MAX_FILE_BYTES // 2**20} MB): {remedy}"
    )


def topic_files(folder: Path) -> list[Path]:
    """YAML files of a catalog folder, sorted; links that lead outside the folder are refused."""
    files = _yaml_files(folder)
    if not files:
        raise CatalogError([Problem(folder, None, None, "holds no catalog files (*.yaml)")])
    return files


def _yaml_files(folder: Path, skip: str = PREREQUISITES_NAME) -> list[Path]:
    """The *.yaml and *.yml files of a folder (but ``skip``), sorted; links that lead outside
    the folder are refused, and so are pipes and devices."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise CatalogError(
            [Problem(folder, None, None, f"cannot be read: {exc.strerror or exc}")]
        ) from None
    root = folder.resolve()
    files: list[Path] = []
    for entry in entries:
        if entry.suffix not in (".yaml", ".yml") or entry.name == skip:
            continue
        _refuse_links_outside(entry, root)
        kind = _kind(entry)
        if kind == "file":
            files.append(entry)
        elif kind is not None and kind != "folder":  # a pipe would be read forever
            raise CatalogError([Problem(entry, None, None, kind)])
    return files
