"""The calendar export is written without icalendar (its import cost the export a fifth of
its start-up): it must be byte for byte what icalendar writes for the same calendar, for any
text in a title, and read back to the same values."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from pathfinder import load_catalog, plan
from pathfinder.progress.records import Progress
from pathfinder.render.context import ExportContext, export_context
from pathfinder.render.exports import exporter
from pathfinder.render.text import duration

NOW = datetime(2026, 11, 27, 9, 0, 7, tzinfo=timezone.utc)


def _with_icalendar(ctx: ExportContext) -> str:
    """The calendar as icalendar writes it: the renderer as it was before it wrote its own."""
    calendar = Calendar()
    calendar.add("prodid", "-//pathfinder//study plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Study: {', '.join(ctx.plan.goals)}")
    for index, session in enumerate(ctx.sessions, start=1):
        begin = datetime.combine(session.day, session.start)
        first = session.parts[0]
        more = f" (+{len(session.parts) - 1} more)" if len(session.parts) > 1 else ""
        part = f" (part {first.part}/{first.parts})" if first.parts > 1 else ""
        lines = []
        for p in session.parts:
            of = f", part {p.part}/{p.parts}" if p.parts > 1 else ""
            lines.append(
                f"- {p.item.title} ({p.item.id}, {duration(p.minutes)}{of})\n  {p.item.url}"
            )
        event = Event()
        event.add("uid", f"{session.day:%Y%m%d}-{index}-{'-'.join(ctx.plan.goals)}@pathfinder")
        event.add("dtstamp", ctx.generated)
        event.add("dtstart", begin)
        event.add("duration", timedelta(minutes=session.minutes))
        event.add("summary", f"Study: {first.item.title}{part}{more}")
        event.add("description", "\n".join(lines))
        event.add("url", first.item.url)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


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
        ctx = _context(goals, None, hours, NOW)
        assert exporter("ics")(ctx) == _with_icalendar(ctx)


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(alphabet=st.sampled_from("\\;,:Nn^ \r\naé€😀\tx") | st.characters(), max_size=90),
    hours=st.sampled_from([0.5, 3.0, 30.0, 168.0]),
)
def test_any_title_is_escaped_and_folded_as_icalendar_does(title: str, hours: float) -> None:
    ctx = _context(["mooncake"], title, hours, NOW)
    from pathfinder.render.ics import render

    written = render(ctx)  # before ``visible``, which the exporter applies to both alike
    assert written == _with_icalendar(ctx)
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
