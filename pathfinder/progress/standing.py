"""Progress against a plan: where the learner stands, what to read next, and when they finish.

Pure functions of a Plan, the learner's statuses and the catalog; dates come in as arguments
so every result is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pathfinder.models import Catalog
from pathfinder.planning.plan import Plan, PlanItem
from pathfinder.planning.schedule import DEFAULT_HOURS_PER_WEEK, Session, build_schedule
from pathfinder.progress.records import Status

FINISHED: frozenset[str] = frozenset({"done", "skipped"})


@dataclass(frozen=True)
class Standing:
    """Counts and times for a plan, with the learner's pace applied to every estimate."""

    total_items: int
    done_items: int
    skipped_items: int
    reading: list[PlanItem]
    total_minutes: float
    done_minutes: float
    left_minutes: float

    @property
    def finished_items(self) -> int:
        return self.done_items + self.skipped_items


def standing(plan: Plan, statuses: dict[str, Status], pace: float = 1.0) -> Standing:
    done = [i for i in plan.items if statuses.get(i.id) == "done"]
    skipped = [i for i in plan.items if statuses.get(i.id) == "skipped"]
    finished = sum(i.minutes for i in done + skipped) * pace
    total = plan.total_minutes * pace
    return Standing(
        total_items=len(plan.items),
        done_items=len(done),
        skipped_items=len(skipped),
        reading=[i for i in plan.items if statuses.get(i.id) == "reading"],
        total_minutes=total,
        done_minutes=finished,
        left_minutes=total - finished,
    )


def remaining_sessions(
    plan: Plan,
    statuses: dict[str, Status],
    start: date,
    hours_per_week: float | None = None,
    pace: float = 1.0,
) -> list[Session]:
    """The study schedule of what is not finished yet, from ``start`` on: what the finish
    date, the ICS export and the by-week checklist are all built from."""
    left = [i for i in plan.items if statuses.get(i.id) not in FINISHED]
    return build_schedule(left, start, hours_per_week or DEFAULT_HOURS_PER_WEEK, pace)


@dataclass(frozen=True)
class NextStep:
    item: PlanItem
    unlocks: list[str]
    reading: bool = False


def next_steps(plan: Plan, statuses: dict[str, Status], catalog: Catalog) -> list[NextStep]:
    """Unfinished items whose in-plan prerequisites are all finished, in plan order, each with
    the items that finishing it would make available; what the learner is reading comes
    first, whatever it still waits on (finish what you started). Prerequisites outside the
    plan were skipped as known, so they count as finished."""
    in_plan = {item.id for item in plan.items}
    finished = {rid for rid, status in statuses.items() if status in FINISHED}
    pending = [i for i in plan.items if i.id not in finished]
    # What still blocks each pending item, and who waits on whom: built once, so that the
    # whole function is linear in the plan's size and edges (a 40,000-item plan was quadratic).
    blocking = {
        i.id: {p for p in i.requires if p in in_plan and p not in finished} for i in pending
    }
    waiting: dict[str, list[PlanItem]] = {}
    for other in pending:
        for p in blocking[other.id]:
            waiting.setdefault(p, []).append(other)
    available = [i for i in pending if not blocking[i.id] or statuses.get(i.id) == "reading"]
    steps = []
    for item in available:
        # Items that wait on this one alone; ``waiting`` lists them in plan order.
        unlocks = [o.id for o in waiting.get(item.id, ()) if blocking[o.id] == {item.id}]
        steps.append(NextStep(item, unlocks, statuses.get(item.id) == "reading"))
    # Something already being read comes first: finish what you started.
    steps.sort(key=lambda s: (not s.reading, s.item.position))
    return steps


@dataclass(frozen=True)
class PlanChanges:
    added: list[str]
    removed: list[str]


def changes_since_saved(saved_items: list[str], plan: Plan, catalog: Catalog) -> PlanChanges:
    """What entered and what left the plan since it was saved (the catalog may have changed).
    A resource renamed since (its old id now an alias) is neither."""
    saved = [catalog.resolve(rid) or rid for rid in saved_items]
    now = [i.id for i in plan.items]
    saved_set, now_set = set(saved), set(now)  # lists keep the order, sets the speed
    return PlanChanges(
        added=[rid for rid in now if rid not in saved_set],
        removed=[rid for rid in saved if rid not in now_set],
    )
