"""The study schedule as an iCalendar file: one event per study session.

icalendar does the escaping and line folding that RFC 5545 requires, so a newline or a
semicolon in a title cannot inject a property. Times are floating (the learner's local time),
which every calendar application shows at the same clock time wherever it is."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from pathfinder.render.context import ExportContext
from pathfinder.render.text import duration


def render(ctx: ExportContext) -> str:
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
