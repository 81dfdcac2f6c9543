"""The learner's workflow over the progress file: save a plan, mark resources, and rebuild the
saved plan later without repeating its options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pathfinder.catalog.loader import load_catalog
from pathfinder.errors import PathfinderError
from pathfinder.models import Catalog

if TYPE_CHECKING:
    from pathfinder.planning.plan import Plan
from pathfinder.planning.planner import assumed_known, parse_levels, plan, resolve_ids
from pathfinder.progress.records import (
    DEFAULT_PLAN,
    Progress,
    SavedPlan,
    Status,
    with_note,
    with_plan,
    with_status,
)
from pathfinder.progress.store import ProgressStore

MAX_NOTE_CHARS = 10_000


def save_plan(
    store: ProgressStore,
    catalog: Catalog,
    goals: Sequence[str],
    levels: Sequence[str],
    known: Sequence[str],
    catalogs: Sequence[str],
    now: datetime,
    hours_per_week: float | None = None,
    pace: float | None = None,
    name: str = DEFAULT_PLAN,
    include_optional: bool = False,
) -> Saved:
    """Plan, then remember the options as the learner's current plan (replacing one of the same
    name). Everything is validated before the file is touched. Also returns the current plan
    this one replaced, read in the same locked update. Weekly hours and pace not given are
    the replaced plan's: they describe the learner, not the goal."""
    result = plan(catalog, goals, parse_levels(levels, catalog), known, include_optional)
    if not result.items:  # nothing to track: saving it would only replace a real plan
        raise PathfinderError(
            f"nothing to study for {', '.join(result.goals)} at level {result.level}: every "
            "resource is known or below your level; nothing was saved (try a lower --level)"
        )
    saved = SavedPlan(
        goals=tuple(result.goals),
        created=now,
        levels=tuple(levels),
        known=tuple(result.known),
        catalogs=tuple(catalogs),
        hours_per_week=hours_per_week,
        pace=1.0 if pace is None else pace,
        items=tuple(item.id for item in result.items),
        include_optional=include_optional,
    )
    replaced: list[SavedPlan | None] = []

    def change(progress: Progress) -> Progress:
        previous = progress.current()
        replaced.append(previous)
        kept = saved
        if previous is not None:
            if hours_per_week is None and previous.hours_per_week is not None:
                kept = replace(kept, hours_per_week=previous.hours_per_week)
            if pace is None:
                kept = replace(kept, pace=previous.pace)
        return with_plan(progress, name, kept)

    store.update(change)
    return Saved(result, replaced[-1])


@dataclass(frozen=True)
class Saved:
    plan: Plan
    replaced: SavedPlan | None  # the current plan before this one, if there was one


@dataclass(frozen=True)
class CurrentPlan:
    saved: SavedPlan
    plan: Plan
    catalog: Catalog
    progress: Progress


def current_plan(
    store: ProgressStore,
    catalog_dirs: Sequence[str] | None = None,
    name: str | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> CurrentPlan:
    """Rebuild the saved plan from its options, with the catalog it was made with unless
    ``catalog_dirs`` says otherwise. ``progress`` saves reading the file again."""
    if progress is None:
        progress = store.load()
    chosen = name or progress.current_plan
    saved = progress.plans.get(chosen) if chosen else None
    if saved is None:
        if name:
            raise PathfinderError(f"no saved plan named {name!r} in {store.path}")
        raise PathfinderError(
            "no saved plan yet; save one with: pathfinder start --goal GOAL --level LEVEL"
        )
    if catalog_dirs is not None:
        dirs = list(catalog_dirs)
    else:
        dirs = recorded_folders(saved.catalogs, store.path)
    catalog = load_catalog(dirs, cache_dir=cache_dir)
    try:
        levels = parse_levels(saved.levels, catalog)
        result = plan(catalog, saved.goals, levels, saved.known, saved.include_optional)
    except PathfinderError as exc:  # a goal, level or known id the catalog no longer takes
        raise PathfinderError(f"saved plan {chosen!r} in {store.path}: {exc}") from None
    return CurrentPlan(saved, result, catalog, progress)


def recorded_folders(folders: Sequence[str], progress_path: Path) -> list[str]:
    """The catalog folders a saved plan was made with, checked: a folder that is gone (most
    often moved) is named with where it was recorded and how to point the plan elsewhere,
    rather than reported as a catalog problem the learner never made."""
    missing = [folder for folder in folders if not Path(folder).exists()]
    if not missing:
        return list(folders)
    if len(missing) == 1:
        what, them = f"catalog folder {missing[0]} does not exist", "it"
        new = {missing[0]: "NEWDIR"}
    else:
        what, them = f"catalog folders {', '.join(missing)} do not exist", "them"
        new = {folder: f"NEWDIR{n}" for n, folder in enumerate(missing, start=1)}
    options = " ".join(f"--catalog {new.get(folder, folder)}" for folder in folders)
    raise PathfinderError(
        f"{what}. Your saved plan was made with {them} (recorded in the progress file "
        f"{progress_path}); if you moved {them}, run once: pathfinder status {options}, and "
        "the saved plan keeps the new place (or save a new plan with pathfinder start)"
    )


def relocate_catalogs(store: ProgressStore, folders: Sequence[str]) -> tuple[str, ...] | None:
    """Record ``folders`` (the learner's --catalog) as the current plan's catalog folders when
    one it was saved with no longer exists: the catalog moved, and the learner said where.
    While the recorded folders all exist, --catalog applies to one command only. Returns the
    folders replaced, or None when nothing changed."""
    replaced: list[str] = []

    def change(progress: Progress) -> Progress:
        saved = progress.current()
        if saved is None or progress.current_plan is None or tuple(folders) == saved.catalogs:
            return progress
        if all(Path(folder).exists() for folder in saved.catalogs):
            return progress
        replaced[:] = saved.catalogs
        return with_plan(progress, progress.current_plan, replace(saved, catalogs=tuple(folders)))

    if folders:
        store.update(change)
    return tuple(replaced) or None


@dataclass(frozen=True)
class MarkResult:
    ids: list[str]  # the ids whose status changed
    unmet: dict[str, list[str]]  # id -> hard prerequisites not yet done
    unchanged: list[str] = field(default_factory=list)  # already had the status
    outside_plan: list[str] = field(default_factory=list)  # not in the current saved plan


CatalogFor = Callable[[list[str]], Catalog]  # the saved plan's catalog folders -> the catalog


def mark(
    store: ProgressStore,
    catalog: Catalog | CatalogFor,
    names: Sequence[str],
    status: Status,
    now: datetime,
) -> MarkResult:
    """Set ``status`` on resources. Every name is checked first, so one unknown id changes
    nothing. Marking done before the hard prerequisites is allowed; the result says so. An
    id that already has the status is left as it is (the file is not rewritten for nothing),
    and one outside the current saved plan is marked all the same; the result names both.

    ``catalog`` may be a function of the current plan's catalog folders: then the file is
    read once, under the lock, rather than once for the folders and once to change it."""
    ids: list[str] = []
    unmet: dict[str, list[str]] = {}
    unchanged: list[str] = []
    outside: list[str] = []

    def change(progress: Progress) -> Progress:
        nonlocal catalog
        saved = progress.current()
        if callable(catalog):
            catalog = catalog(list(saved.catalogs) if saved else [])
        resolved = resolve_ids(catalog, names)
        unchanged[:] = [rid for rid in resolved if progress.status_of(rid, catalog) == status]
        ids[:] = [rid for rid in resolved if rid not in unchanged]
        if saved is not None:
            planned = {catalog.resolve(rid) or rid for rid in saved.items}
            outside[:] = [rid for rid in ids if rid not in planned]
        updated = with_status(progress, ids, status, now, catalog)
        if status == "done":
            assumed_known = _assumed_known(progress, catalog)
            for rid in ids:
                missing = [
                    e.id
                    for e in catalog.requirements_of(rid).hard
                    if updated.status_of(e.id, catalog) not in ("done", "skipped")
                    and e.id not in assumed_known
                ]
                if missing:
                    unmet[rid] = missing
        return updated

    store.update(change)
    return MarkResult(ids, unmet, unchanged, outside)


def add_note(
    store: ProgressStore, catalog: Catalog | CatalogFor, name: str, text: str, now: datetime
) -> str:
    """Attach (or, with empty text, remove) a note; ``catalog`` as for ``mark``. A note longer
    than MAX_NOTE_CHARS is refused before the file is touched (the store refuses any change
    that would take the whole file past its size limit), so removing a note always works."""
    if len(text) > MAX_NOTE_CHARS:
        raise PathfinderError(
            f"the note is {len(text):,} characters long; a note may have at most "
            f"{MAX_NOTE_CHARS:,} (keep longer texts in a file and note where it is)"
        )
    found: list[str] = []

    def change(progress: Progress) -> Progress:
        nonlocal catalog
        if callable(catalog):
            saved = progress.current()
            catalog = catalog(list(saved.catalogs) if saved else [])
        found[:] = resolve_ids(catalog, [name])
        return with_note(progress, found[0], text, now, catalog)

    store.update(change)
    return found[0]


def update_saved(
    store: ProgressStore, hours_per_week: float | None, pace: float | None
) -> Progress | None:
    """Remember new hours per week or pace on the current plan (given once, used after).
    Returns the progress as written, or None when there was nothing to change."""
    changes = {k: v for k, v in (("hours_per_week", hours_per_week), ("pace", pace)) if v}
    if not changes:
        return None

    def change(progress: Progress) -> Progress:
        saved = progress.current()
        if saved is None or progress.current_plan is None:
            return progress
        return with_plan(progress, progress.current_plan, replace(saved, **changes))

    return store.update(change)


def _assumed_known(progress: Progress, catalog: Catalog) -> set[str]:
    """What the current plan treats as known: its --known ids and what is below its level."""
    saved = progress.current()
    if saved is None:
        return set()
    try:
        levels = parse_levels(saved.levels, catalog)
        return assumed_known(catalog, saved.goals, levels, saved.known, saved.include_optional)
    except PathfinderError:
        return set()
