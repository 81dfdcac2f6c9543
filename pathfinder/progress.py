"""What a learner has done: per-resource statuses and saved plans, as plain values.

Progress belongs to the learner, not to one plan: statuses are kept per resource id and shared
by every saved plan. Ids that leave the catalog are kept, never dropped; a renamed resource
(its old id in ``aliases``) keeps its status through ``Progress.status_of``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pathfinder.models import Catalog

SCHEMA_VERSION = 1
Status = Literal["todo", "reading", "done", "skipped"]
STATUSES: tuple[str, ...] = ("todo", "reading", "done", "skipped")
DEFAULT_PLAN = "default"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Model):
    """One resource's status, when it last changed, and the learner's note."""

    status: Status = "todo"
    changed: datetime
    note: str | None = None


class SavedPlan(_Model):
    """The options a plan was made with, so that status, next and export need none of them.
    ``items`` are the plan's ids when it was saved, to tell what the catalog has changed."""

    goals: list[str] = Field(min_length=1)
    levels: list[str] = Field(default_factory=list)
    known: list[str] = Field(default_factory=list)
    catalogs: list[str] = Field(default_factory=list)
    created: datetime
    hours_per_week: float | None = Field(default=None, gt=0, le=168)
    pace: float = Field(default=1.0, gt=0, le=20)
    items: list[str] = Field(default_factory=list)


class Progress(_Model):
    """The whole progress file."""

    schema_version: int = SCHEMA_VERSION
    current_plan: str | None = None
    plans: dict[str, SavedPlan] = Field(default_factory=dict)
    resources: dict[str, Entry] = Field(default_factory=dict)

    def status_of(self, resource_id: str, catalog: Catalog | None = None) -> Status:
        entry = self.entry_for(resource_id, catalog)
        return entry.status if entry else "todo"

    def entry_for(self, resource_id: str, catalog: Catalog | None = None) -> Entry | None:
        """The entry under the id or, when the catalog renamed it, under a former id."""
        entry = self.resources.get(resource_id)
        if entry is None and catalog is not None:
            resource = catalog.resources.get(resource_id)
            for alias in resource.aliases if resource else ():
                if alias in self.resources:
                    return self.resources[alias]
        return entry

    def statuses(self, catalog: Catalog) -> dict[str, Status]:
        """Status of every catalog resource that has one other than todo."""
        out: dict[str, Status] = {}
        for rid in catalog.resources:
            status = self.status_of(rid, catalog)
            if status != "todo":
                out[rid] = status
        return out

    def unknown_ids(self, catalog: Catalog) -> list[str]:
        """Ids in the file that the catalog no longer has under any name (kept, reported)."""
        return sorted(rid for rid in self.resources if catalog.resolve(rid) is None)

    def current(self) -> SavedPlan | None:
        return self.plans.get(self.current_plan) if self.current_plan else None


def with_status(
    progress: Progress,
    ids: list[str],
    status: Status,
    now: datetime,
    catalog: Catalog,
) -> Progress:
    """Set ``status`` on canonical ``ids``; an entry kept under a former id moves to the id."""
    resources = dict(progress.resources)
    for rid in ids:
        previous = _pop_entry(resources, rid, catalog)
        note = previous.note if previous else None
        resources[rid] = Entry(status=status, changed=now, note=note)
    return progress.model_copy(update={"resources": resources})


def with_note(progress: Progress, rid: str, note: str, now: datetime, catalog: Catalog) -> Progress:
    resources = dict(progress.resources)
    previous = _pop_entry(resources, rid, catalog)
    status = previous.status if previous else "todo"
    resources[rid] = Entry(status=status, changed=now, note=note or None)
    return progress.model_copy(update={"resources": resources})


def with_plan(progress: Progress, name: str, saved: SavedPlan) -> Progress:
    plans = {**progress.plans, name: saved}
    return progress.model_copy(update={"plans": plans, "current_plan": name})


def _pop_entry(resources: dict[str, Entry], rid: str, catalog: Catalog) -> Entry | None:
    entry = resources.pop(rid, None)
    if entry is None:
        resource = catalog.resources.get(rid)
        for alias in resource.aliases if resource else ():
            entry = resources.pop(alias, None) or entry
    return entry
