"""Where a catalog's files are: the built-in layer, the user's ``--catalog`` folders, and the
topic files inside each. Nothing here parses YAML, so a warm cache can fingerprint the files
without PyYAML or pydantic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pathfinder.errors import CatalogError, Problem

PREREQUISITES_NAME = "prerequisites.yaml"


@dataclass(frozen=True)
class CatalogSource:
    """One layer: a folder of topic files and, optionally, its prerequisites file."""

    folder: Path
    prerequisites: Path | None


def builtin_source() -> CatalogSource:
    """The catalog shipped with pathfinder: inside the installed wheel, or at the top of a
    source checkout when running from the repository."""
    package = Path(__file__).resolve().parent.parent  # pathfinder/, above catalog/
    bundled = package / "_data"
    root = bundled if (bundled / "catalog").is_dir() else package.parent
    return CatalogSource(root / "catalog", root / PREREQUISITES_NAME)


def user_source(path: Path) -> CatalogSource:
    """A user's catalog folder: either topic files with a prerequisites.yaml beside them, or the
    repository layout (``catalog/`` next to ``prerequisites.yaml``)."""
    if not path.exists():
        raise CatalogError([Problem(path, None, None, "catalog folder does not exist")])
    if not path.is_dir():
        raise CatalogError([Problem(path, None, None, "is a file; --catalog takes a folder")])
    folder = path / "catalog" if (path / "catalog").is_dir() else path
    prerequisites = path / PREREQUISITES_NAME
    root = path.resolve()
    for entry in (folder, prerequisites):
        _refuse_links_outside(entry, root)
    return CatalogSource(folder, prerequisites if prerequisites.exists() else None)


def _refuse_links_outside(entry: Path, root: Path) -> None:
    """A catalog folder is read as a unit: a link inside it must stay inside it, so that a
    catalog from a stranger cannot make pathfinder read (and echo) files elsewhere."""
    if entry.is_symlink() and not entry.resolve().is_relative_to(root):
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
    files = topic_files(source.folder)
    return [*files, source.prerequisites] if source.prerequisites is not None else files


def topic_files(folder: Path) -> list[Path]:
    """YAML files of a catalog folder, sorted; links that lead outside the folder are refused."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise CatalogError(
            [Problem(folder, None, None, f"cannot be read: {exc.strerror or exc}")]
        ) from None
    root = folder.resolve()
    files: list[Path] = []
    for entry in entries:
        if entry.suffix not in (".yaml", ".yml") or entry.name == PREREQUISITES_NAME:
            continue
        _refuse_links_outside(entry, root)
        if entry.is_file():
            files.append(entry)
    if not files:
        raise CatalogError([Problem(folder, None, None, "holds no catalog files (*.yaml)")])
    return files
