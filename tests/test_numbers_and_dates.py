"""Numbers that are not numbers and dates past the calendar (issue 12, class 3): float options
are finite and bounded, a schedule that would end after 9999-12-31 is an error found before it
is built, and no session or part of one is shorter than MIN_PART_MINUTES."""

from __future__ import annotations

import os
import time as clock
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathfinder.planning.plan import PlanItem
from pathfinder.planning.schedule import (
    MIN_PART_MINUTES,
    ScheduleTooLongError,
    build_schedule,
)


def item(n: int, minutes: int) -> PlanItem:
    return PlanItem(n, f"r{n}", "T", "https://e.org", "t", "beginner", "blog", minutes, 0,
                    False, "", None, [], [])  # fmt: skip


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e309"])
@pytest.mark.parametrize("option", ["--hours-per-week", "--pace"])
def test_float_options_refuse_nan_and_infinity(cli, option: str, value: str) -> None:  # type: ignore[no-untyped-def]
    args = ["start", "-g", "inference", option, value]
    result = cli(*args)
    assert result.exit_code == 2
    assert "is not a number" in result.output or "is not in the range" in result.output
    assert not Path(os.environ["PATHFINDER_PROGRESS"]).exists()  # nothing saved


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--today", "9999-12-30"],
        ["export", "--start", "9999-12-31"],
        ["export", "-f", "ics", "--start", "9999-12-25"],
        ["plan", "-g", "inference", "-f", "ics", "--start", "9999-12-31"],
    ],
)
def test_dates_past_the_calendar_are_clear_errors(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert cli("start", "-g", "inference").exit_code == 0
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "the study schedule would end after 9999-12-31" in result.output


def test_a_schedule_too_long_is_refused_before_it_is_built() -> None:
    items = [item(n, 100_000) for n in range(200)]  # 333,000 h
    started = clock.perf_counter()
    with pytest.raises(ScheduleTooLongError, match=r"333,333 h left at 0\.1 h a week"):
        build_schedule(items, date(2026, 1, 1), hours_per_week=0.1, pace=1.0)
    assert clock.perf_counter() - started < 0.5


def test_nan_never_reaches_the_schedule() -> None:
    with pytest.raises(ValueError):
        build_schedule([item(1, 10)], date(2026, 1, 1), hours_per_week=float("nan"))


@settings(max_examples=60, deadline=None)
@given(
    minutes=st.lists(st.integers(1, 600), min_size=1, max_size=12),
    hours=st.floats(0.1, 20),
    pace=st.floats(0.1, 3),
)
def test_no_part_is_cut_shorter_than_the_minimum(
    minutes: list[int], hours: float, pace: float
) -> None:
    """A part shorter than MIN_PART_MINUTES is only ever a whole item that short; the time
    scheduled per week on average never exceeds the hours asked by more than the overrun."""
    sessions = build_schedule(
        [item(n, m) for n, m in enumerate(minutes)], date(2026, 1, 5), hours, pace
    )
    for session in sessions:
        for part in session.parts:
            whole = max(1, round(part.item.minutes * pace))
            assert part.minutes >= MIN_PART_MINUTES or part.minutes == whole, (session, part)


def test_few_hours_give_fewer_sessions_not_slivers() -> None:
    sessions = build_schedule([item(1, 600)], date(2026, 1, 5), hours_per_week=0.5)
    assert {p.minutes for s in sessions for p in s.parts} <= {15, 30}
    assert len(sessions) == 40 - 1  # 600 min: 38 sessions of 15, the last runs 15 over
    days = (sessions[-1].day - sessions[0].day).days
    assert 19 * 7 <= days <= 21 * 7  # 30 min a week: 20 weeks
