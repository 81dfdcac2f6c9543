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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

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


_NEEDED_BY, _REQUIRES = PlanItem.needed_by, PlanItem.requires  # the slots, under properties


class _FromLinks:
    """A list field of ``PlannedItem`` kept in PlanItem's slot ``slot``, filled on first read
    from the item's ``PlanLinks`` (its method ``method``), then kept; set as usual."""

    def __init__(self, slot: Any, method: str) -> None:
        self._slot = slot
        self._method = method

    def __get__(self, item: PlannedItem | None, owner: type | None = None) -> Any:
        if item is None:
            return self
        try:
            return self._slot.__get__(item)
        except AttributeError:  # not worked out yet
            value = getattr(item._links, self._method)(item._number)
            self._slot.__set__(item, value)
            return value

    def __set__(self, item: PlannedItem, value: list[str]) -> None:
        self._slot.__set__(item, value)


class PlanLinks:
    """What the items of one plan need to work out ``needed_by`` and ``requires`` when first
    read: resources by number (their position in catalog order), the plan's order and each
    planned number's prerequisites (its hard ones, then the "any one of" members it chose)."""

    __slots__ = ("_ids", "_needed_by", "_order", "_planned", "_requires")

    def __init__(
        self, ids: list[str], order: list[int], requires: list[Sequence[int]], planned: bytes
    ) -> None:
        self._ids = ids
        self._order = order
        self._requires = requires
        self._planned = planned  # by number: 1 when in the plan
        self._needed_by: list[list[str] | None] | None = None

    def requires(self, number: int) -> list[str]:
        ids = self._ids
        return [ids[p] for p in self._requires[number]]

    def needed_by(self, number: int) -> list[str]:
        """What in the plan needs ``number``, in plan order without repeats; worked out for
        every item at once, on the first call."""
        if self._needed_by is None:
            ids, requires, planned = self._ids, self._requires, self._planned
            needed_by: list[list[str] | None] = [None] * len(ids)
            for v in self._order:
                vid = ids[v]
                for p in requires[v]:
                    if planned[p]:
                        users = needed_by[p]
                        if users is None:
                            needed_by[p] = [vid]
                        elif users[-1] is not vid:  # the same str object: ids[v] for this v
                            users.append(vid)
            self._needed_by = needed_by
        return self._needed_by[number] or []


class PlannedItem(PlanItem):
    """A PlanItem as the planner makes it: ``needed_by`` and ``requires`` are worked out when
    first read (``PlanLinks``), then kept; every other field is as given. A table never reads
    them, and making 92,000 lists of each up front cost every ``plan`` of a 100,000-resource
    catalog 0.17 s, 0.65 s at 300,000 (each id is a string somewhere else in memory).
    Constructed like a PlanItem (``needed_by`` and ``requires`` given) it is one."""

    __slots__ = ("_links", "_number")

    def __init__(
        self,
        position: int,
        id: str,
        title: str,
        url: str,
        topic: str,
        level: Level,
        kind: str,
        minutes: int,
        cumulative_minutes: int,
        is_goal: bool,
        reason: str,
        edge_why: str | None,
        needed_by: list[str] | None = None,
        requires: list[str] | None = None,
        number: int = -1,
        links: PlanLinks | None = None,
    ) -> None:
        self.position = position
        self.id = id
        self.title = title
        self.url = url
        self.topic = topic
        self.level = level
        self.kind = kind
        self.minutes = minutes
        self.cumulative_minutes = cumulative_minutes
        self.is_goal = is_goal
        self.reason = reason
        self.edge_why = edge_why
        self._number = number
        self._links = links
        if needed_by is not None:
            _NEEDED_BY.__set__(self, needed_by)
        if requires is not None:
            _REQUIRES.__set__(self, requires)

    needed_by = _FromLinks(_NEEDED_BY, "needed_by")  # type: ignore[assignment]
    requires = _FromLinks(_REQUIRES, "requires")  # type: ignore[assignment]


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
