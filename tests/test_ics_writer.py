"""The calendar export is written without icalendar (its import cost the export a fifth of
its start-up): it must be byte for byte what icalendar writes when it reads the calendar and
writes it back, for any text in a title, and read back to the same values."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from pathfinder import load_catalog, plan
from pathfinder.progress.records import Progress
from pathfinder.render.context import export_context
from pathfinder.render.exports import exporter

NOW = datetime(2026, 11, 27, 9, 0, 7, tzinfo=timezone.utc)


def _as_icalendar_writes_it(text: str) -> str:
    """The calendar as icalendar reads it and writes it back: its escaping, folding and
    formats, the content being ours (what each event says is tested on the exports)."""
    return Calendar.from_ical(text).to_ical().decode("utf-8")


def _context(goals: list[str], title: str | None, hours: float, generated: datetime):  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    if title is not None:
        catalog.resources = {
            rid: r._replace(title=f"{title} {n}")  # different titles: no two alike
            for n, (rid, r) in enumerate(catalog.resources.items())
        }
    result = plan(catalog, goals)
    return export_context(result, catalog, Progress(), date(2026, 11, 30), generated, hours)


def test_the_built_in_plans_are_written_as_icalendar_writes_them() -> None:
    for goals, hours in ((["inference"], 5.0), (["inference", "kernels", "training"], 1.5),
                         (["mooncake"], 40.0), (["basics"], 168.0)):  # fmt: skip
        written = exporter("ics")(_context(goals, None, hours, NOW))
        assert written == _as_icalendar_writes_it(written)


@settings(max_examples=60, deadline=None)
@given(
    # any text a catalog can hold: decoded UTF-8, so no lone surrogate (PyYAML refuses the
    # escape of one, and the progress file refuses one from the command line)
    title=st.text(
        alphabet=st.sampled_from("\\;,:Nn^ \r\naé€😀\tx")
        | st.characters(exclude_categories=["Cs"]),
        max_size=90,
    ),
    hours=st.sampled_from([0.5, 3.0, 30.0, 168.0]),
)
def test_any_title_is_escaped_and_folded_as_icalendar_does(title: str, hours: float) -> None:
    ctx = _context(["mooncake"], title, hours, NOW)
    from pathfinder.render.ics import render

    written = render(ctx)  # before ``visible``, which the exporter applies to both alike
    assert written == _as_icalendar_writes_it(written)
    events = list(Calendar.from_ical(written).walk("VEVENT"))
    assert len(events) == len(ctx.sessions)
    assert str(events[0]["summary"]).startswith("Study: ")
    assert sum((e.decoded("duration") for e in events), timedelta()) == timedelta(
        minutes=sum(s.minutes for s in ctx.sessions)
    )


def test_a_time_stamp_in_another_zone_is_written_in_utc() -> None:
    from pathfinder.render.ics import _datetime

    paris = timezone(timedelta(hours=1))
    assert _datetime(datetime(2026, 11, 27, 10, 0, 7, tzinfo=paris)) == "20261127T090007Z"
    assert _datetime(datetime(2026, 11, 27, 10, 0, 7)) == "20261127T100007"


def test_durations_as_icalendar_writes_them() -> None:
    from icalendar import vDuration

    from pathfinder.render.ics import _duration

    for minutes in (1, 15, 59, 60, 61, 90, 600, 1439, 1440, 1441, 1500, 2880, 10_000):
        assert _duration(minutes) == vDuration(timedelta(minutes=minutes)).to_ical().decode()
