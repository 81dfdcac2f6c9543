"""A study plan: the planner's result. ``Plan`` is a pydantic model, so library users can
serialise it (``plan.model_dump(mode="json")``) and validate plans they read back; its items are
frozen dataclasses, because a plan over a large catalog has a hundred thousand of them and a
pydantic model per item would cost seconds. The models build their validators on first use
(``defer_build``): printing a plan as a table never needs them, and building them costs a
command a tenth of a second."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pathfinder.models import Level, LevelPolicy


@dataclass(slots=True)
class PlanItem:
    """One step of a study path, with why it is there. Treat it as read-only; it is not
    frozen only because frozen dataclasses cost ten times more to create."""

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


SkipReason = Literal["known", "below-level"]


class SkippedItem(BaseModel):
    """A resource the plan relies on but leaves out, because the learner knows it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    title: str
    topic: str
    level: Level
    minutes: int
    reason: SkipReason
    detail: str


class OptionalItem(BaseModel):
    """A resource of a goal topic marked optional: worth reading, not on the path. Listed after
    the path; ``include_optional`` plans it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    title: str
    url: str
    topic: str
    level: Level
    minutes: int


class Plan(BaseModel):
    """An ordered, explained study path. ``schema_version`` guards the JSON interface."""

    model_config = ConfigDict(frozen=True, defer_build=True)

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
    optional: list[OptionalItem] = []

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
