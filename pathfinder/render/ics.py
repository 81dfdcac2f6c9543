"""The study schedule as an iCalendar file (RFC 5545): one event per study session.

Written directly rather than through icalendar, whose import cost the export a fifth of its
start-up for a dozen fixed properties. What RFC 5545 requires of them is done here: TEXT
values escaped (backslash, semicolon, comma, line breaks; section 3.3.11), so a newline or
a semicolon in a title cannot start a property of its own, every line ended with CRLF and
folded before 75 octets (section 3.1), and date-times in the basic format (section 3.3.5).
The output is byte for byte what icalendar 7 writes for the same calendar (its property
order, its folding); a test builds the same calendar with icalendar and compares, and
others read the file back with it.

Times are floating (the learner's local time), which every calendar application shows at the
same clock time wherever it is; the time stamp is in UTC."""

from __future__ import annotations

from datetime import datetime, timezone

from pathfinder.render.context import ExportContext
from pathfinder.render.text import duration

_LIMIT = 75  # octets, line break excluded: a folded line is cut before it reaches this


def render(ctx: ExportContext) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//pathfinder//study plan//EN",
        # A calendar name for the applications that show one. icalendar writes an unknown
        # property's value as given, commas unescaped; the goals are ids (letters, digits,
        # hyphens), so only the separators are affected, and anything else is escaped.
        "X-WR-CALNAME:" + _text(f"Study: {', '.join(ctx.plan.goals)}").replace("\\,", ","),
    ]
    stamp = _datetime(ctx.generated)
    for index, session in enumerate(ctx.sessions, start=1):
        begin = datetime.combine(session.day, session.start)
        first = session.parts[0]
        more = f" (+{len(session.parts) - 1} more)" if len(session.parts) > 1 else ""
        part = f" (part {first.part}/{first.parts})" if first.parts > 1 else ""
        described = []
        for p in session.parts:
            of = f", part {p.part}/{p.parts}" if p.parts > 1 else ""
            described.append(
                f"- {p.item.title} ({p.item.id}, {duration(p.minutes)}{of})\n  {p.item.url}"
            )
        uid = f"{session.day:%Y%m%d}-{index}-{'-'.join(ctx.plan.goals)}@pathfinder"
        lines += [  # in the order icalendar writes an event's properties
            "BEGIN:VEVENT",
            "SUMMARY:" + _text(f"Study: {first.item.title}{part}{more}"),
            "DTSTART:" + _datetime(begin),
            "DURATION:" + _duration(session.minutes),
            "DTSTAMP:" + stamp,
            "UID:" + _text(uid),
            "DESCRIPTION:" + _text("\n".join(described)),
            "URL:" + first.item.url,  # a URI: not escaped as text
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _text(value: str) -> str:
    """A TEXT value escaped: backslash first, then ``;`` and ``,``, and each line break
    (CRLF, LF or a lone CR) as ``\\n``; a ``\\N`` already in the text is a line break too,
    as icalendar reads it."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _datetime(moment: datetime) -> str:
    """``YYYYMMDDTHHMMSS``, with ``Z`` for a time with a zone (written in UTC); a time without
    one is floating."""
    suffix = ""
    if moment.tzinfo is not None:
        moment, suffix = moment.astimezone(timezone.utc), "Z"
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}{suffix}"
    )


def _duration(minutes: int) -> str:
    """``PT1H30M``, ``PT45M``, ``P1DT2H``: days, then hours and minutes (section 3.3.6)."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    clock = ""
    if rest:
        clock = "T" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return f"P{clock}" if not days and clock else f"P{days}D{clock}"


def _fold(line: str) -> str:
    """``line`` cut into lines of fewer than 75 octets, each after the first starting with a
    space, never inside a UTF-8 character, nor right after a backslash (an escape stays whole
    on one line, as some readers need)."""
    if len(line) < _LIMIT and line.isascii():
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width >= _LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)
