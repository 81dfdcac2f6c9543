"""A study plan: the planner's result, as plain dataclasses.

Nothing here validates: a plan is built by the planner from a catalog the loader has already
checked, so there is nothing left to check, and a command that prints a plan as a table must
not pay for a validation library it never uses (importing and building pydantic models cost
every ``plan``, ``status`` and ``next`` about 70 ms). The JSON form, the stable interface for
other tools, is written by ``pathfinder.render.json`` (``plan_document`` for the data,
``render`` for the text); the README documents its keys.

The items are not frozen because a plan over a large catalog has a hundred thousand of them
and frozen dataclasses cost several times more to create: treat every value here as
read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pathfinder.models import Level, LevelPolicy


@dataclass(slots=True)
class PlanItem:
    """One step of a study path, with why it is there."""

    position: int
    id: str
    title: str
    url: str
    topic: str
    level: Level
    kind: str
    minutes: int
    cumulative_minutes: int
    is_goal: bool
    reason: str
    edge_why: str | None
    needed_by: list[str]
    requires: list[str]


_REQUIRES = PlanItem.requires  # the slot itself, under the property below


class PlannedItem(PlanItem):
    """A PlanItem as the planner makes it: ``requires`` is kept as catalog numbers and turned
    into ids when first read, then kept; every other field is as given. A table never reads
    it, and turning the prerequisites of a 92,000-item plan into lists of ids up front cost
    every ``plan`` 0.13 s (each id is a string somewhere else in memory). ``with_numbers`` is
    how the planner fills it."""

    __slots__ = ("_ids",)

    @property  # type: ignore[misc]
    def requires(self) -> list[str]:  # type: ignore[override]
        ids = self._ids
        if ids is not None:
            self._ids = None
            _REQUIRES.__set__(self, [ids[n] for n in _REQUIRES.__get__(self)])
        return _REQUIRES.__get__(self)  # type: ignore[no-any-return]

    @requires.setter
    def requires(self, value: list[str]) -> None:
        _REQUIRES.__set__(self, value)
        self._ids = None

    def with_numbers(self, ids: list[str]) -> PlannedItem:
        """Read the ``requires`` given to the constructor as numbers into ``ids``."""
        self._ids = ids
        return self


SkipReason = Literal["known", "below-level"]


@dataclass(slots=True)
class SkippedItem:
    """A resource the plan relies on but leaves out, because the learner knows it."""

    id: str
    title: str
    topic: str
    level: Level
    minutes: int
    reason: SkipReason
    detail: str


@dataclass(slots=True)
class OptionalItem:
    """A resource of a goal topic marked optional: worth reading, not on the path. Listed after
    the path; ``include_optional`` plans it."""

    id: str
    title: str
    url: str
    topic: str
    level: Level
    minutes: int


@dataclass(frozen=True, kw_only=True)
class Plan:
    """An ordered, explained study path. ``schema_version`` guards the JSON interface."""

    schema_version: int = 1
    goals: list[str]
    goal_resources: list[str]
    level: LevelPolicy
    known: list[str]
    items: list[PlanItem]
    skipped: list[SkippedItem]
    total_minutes: int
    skipped_minutes: int
    include_optional: bool = False
    optional: list[OptionalItem] = field(default_factory=list)

    def item(self, resource_id: str) -> PlanItem | None:
        return next((i for i in self.items if i.id == resource_id), None)

    def chain_to_goal(self, resource_id: str) -> list[str]:
        """The path from ``resource_id`` up to the goal that pulled it in, following the
        first item that needs each step. Empty when the resource is not in the plan."""
        by_id = {item.id: item for item in self.items}
        chain: list[str] = []
        current = by_id.get(resource_id)
        while current is not None and current.id not in chain:
            chain.append(current.id)
            if current.is_goal or not current.needed_by:
                break
            current = by_id.get(current.needed_by[0])
        return chain
