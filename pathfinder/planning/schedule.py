"""A study schedule: the plan's unfinished items laid into study sessions on a calendar.

The learner's hours per week are spread evenly over their study days (weekdays by default);
each session starts at the same local time and is filled with items in plan order, a long item
continuing into the next session. Hours too few for MIN_PART_MINUTES a day give sessions of
that length on fewer days. No part shorter than MIN_PART_MINUTES is cut off: a session
runs up to that much over to finish an item instead. Estimates are multiplied by the learner's pace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pathfinder.errors import PathfinderError
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


def first_study_day(now: datetime, at: time = DEFAULT_START_TIME) -> date:
    """The day a schedule made at ``now`` (the learner's local clock) starts from, so that its
    first session is still to come: today while today's study time has not begun, else
    tomorrow (``build_schedule`` then moves on to the next study day)."""
    return now.date() if now.time() < at else now.date() + timedelta(days=1)


class ScheduleTooLongError(PathfinderError):
    """The schedule would end after the last date the calendar can hold (31 December 9999)."""


def build_schedule(
    items: list[PlanItem],
    start: date,
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK,
    pace: float = 1.0,
    days: tuple[int, ...] = WEEKDAYS,
    at: time = DEFAULT_START_TIME,
) -> list[Session]:
    """Sessions from ``start`` on (the first study day on or after it).

    When the weekly hours give less than MIN_PART_MINUTES a study day, sessions are that long
    and held on fewer days (the time not studied carries over), so no session is a sliver.
    Raises ScheduleTooLongError, before building anything, when the schedule would end after
    the last representable date."""
    if not (0 < hours_per_week <= 168 and 0 < pace <= 1000) or not days:  # also refuses nan
        raise ValueError("hours_per_week and pace must be positive, with at least one study day")
    per_day = hours_per_week * 60 / len(days)
    per_session = max(1, round(per_day)) if per_day >= MIN_PART_MINUTES else MIN_PART_MINUTES
    remaining = [(item, max(1, round(item.minutes * pace))) for item in items]
    _refuse_past_the_calendar(sum(m for _, m in remaining), start, hours_per_week)
    sessions: list[Session] = []
    day = start
    done_parts: dict[str, int] = {}
    index = 0
    left_in_item = remaining[0][1] if remaining else 0
    banked = 0.0  # study time owed by days without a session (short weekly hours only)
    try:
        while index < len(remaining):
            while day.weekday() not in days:
                day += timedelta(days=1)
            if per_day < MIN_PART_MINUTES:
                banked += per_day
                if banked < MIN_PART_MINUTES:
                    day += timedelta(days=1)
                    continue
                banked -= MIN_PART_MINUTES
            session = Session(day=day, start=at)
            room = per_session
            while room > 0 and index < len(remaining):
                item, _ = remaining[index]
                if left_in_item <= room + MIN_PART_MINUTES:
                    used = left_in_item  # finish it, running a little over: no sliver left
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
    except OverflowError:  # an unusual mix the estimate missed: still an error, not a crash
        raise _too_long(start, sum(m for _, m in remaining), hours_per_week) from None
    for session in sessions:  # now that every item's number of parts is known
        session.parts = [
            Part(p.item, p.minutes, p.part, done_parts[p.item.id]) for p in session.parts
        ]
    return sessions


def _refuse_past_the_calendar(minutes: int, start: date, hours_per_week: float) -> None:
    """Sessions run over rather than leave a sliver, so the schedule lasts at most about as
    many weeks as its minutes need at the weekly hours; one week's margin covers the first
    study day and the last session."""
    if minutes == 0:
        return
    weeks = math.ceil(minutes / (hours_per_week * 60)) + 1
    if weeks * 7 >= (date.max - start).days:
        raise _too_long(start, minutes, hours_per_week)


def _too_long(start: date, minutes: int, hours_per_week: float) -> ScheduleTooLongError:
    return ScheduleTooLongError(
        f"the study schedule would end after 9999-12-31, the last date pathfinder can handle: "
        f"{minutes / 60:,.0f} h left at {hours_per_week:g} h a week from {start.isoformat()}; "
        "give more hours per week or an earlier start date"
    )


def week_of(sessions: list[Session], start: date) -> dict[str, int]:
    """The study week (1-based, counted from ``start``) in which each item begins."""
    weeks: dict[str, int] = {}
    for session in sessions:
        for part in session.parts:
            weeks.setdefault(part.item.id, (session.day - start).days // 7 + 1)
    return weeks
