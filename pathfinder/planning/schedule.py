"""A study schedule: the plan's unfinished items laid into study sessions on a calendar.

The learner's hours per week are spread evenly over their study days (weekdays by default);
each session starts at the same local time and is filled with items in plan order, a long item
continuing into the next session. No part shorter than MIN_PART_MINUTES is cut off: a session
runs up to that much over to finish an item instead. Estimates are multiplied by the learner's pace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from pathfinder.planning.plan import PlanItem

WEEKDAYS = (0, 1, 2, 3, 4)
DEFAULT_HOURS_PER_WEEK = 5.0
DEFAULT_START_TIME = time(19, 0)
MIN_PART_MINUTES = 15


@dataclass(frozen=True)
class Part:
    """A stretch of one item inside a session: ``part`` of ``parts`` for items that span."""

    item: PlanItem
    minutes: int
    part: int
    parts: int


@dataclass
class Session:
    day: date
    start: time
    parts: list[Part] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.parts)


def build_schedule(
    items: list[PlanItem],
    start: date,
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK,
    pace: float = 1.0,
    days: tuple[int, ...] = WEEKDAYS,
    at: time = DEFAULT_START_TIME,
) -> list[Session]:
    """Sessions from ``start`` on (the first study day on or after it)."""
    if hours_per_week <= 0 or pace <= 0 or not days:
        raise ValueError("hours_per_week and pace must be positive, with at least one study day")
    per_session = max(1, round(hours_per_week * 60 / len(days)))
    remaining = [(item, max(1, round(item.minutes * pace))) for item in items]
    sessions: list[Session] = []
    day = start
    done_parts: dict[str, int] = {}
    index = 0
    left_in_item = remaining[0][1] if remaining else 0
    while index < len(remaining):
        while day.weekday() not in days:
            day += timedelta(days=1)
        session = Session(day=day, start=at)
        room = per_session
        while room > 0 and index < len(remaining):
            item, _ = remaining[index]
            if left_in_item <= room + MIN_PART_MINUTES:
                used = left_in_item  # finish it, running a little over rather than leave a sliver
            elif room < MIN_PART_MINUTES and session.parts:
                break  # do not start a long item in the last few minutes of a session
            else:
                used = room
            done_parts[item.id] = done_parts.get(item.id, 0) + 1
            session.parts.append(Part(item, used, done_parts[item.id], 0))
            room -= used
            left_in_item -= used
            if left_in_item == 0:
                index += 1
                left_in_item = remaining[index][1] if index < len(remaining) else 0
        sessions.append(session)
        day += timedelta(days=1)
    for session in sessions:  # now that every item's number of parts is known
        session.parts = [
            Part(p.item, p.minutes, p.part, done_parts[p.item.id]) for p in session.parts
        ]
    return sessions


def week_of(sessions: list[Session], start: date) -> dict[str, int]:
    """The study week (1-based, counted from ``start``) in which each item begins."""
    weeks: dict[str, int] = {}
    for session in sessions:
        for part in session.parts:
            weeks.setdefault(part.item.id, (session.day - start).days // 7 + 1)
    return weeks
