"""The plan as a terminal table that fits its width (80 columns unless the CLI measured a
terminal) and reads fine without colour."""

from __future__ import annotations

from collections.abc import Mapping

from pathfinder.planning.plan import Plan
from pathfinder.render.text import WIDTH, duration, fit, hours, plural, running_total, style, wrap

# Everything on an item's line but its title: number, gap, level, time, total, and the last
# column of the screen left free (a terminal wraps a line that fills it).
_FIXED = 3 + 2 + 12 + 1 + 6 + 1 + 6 + 1
_TITLE = WIDTH - _FIXED  # 48: the title column at 80 columns
MIN_TITLE = 12  # below this a title says nothing; a narrower terminal wraps the lines itself
_MARK = 4  # "[x] "


MARKS = {"done": "[x]", "reading": "[~]", "skipped": "[-]", "todo": "[ ]"}


def title_column(plan: Plan, width: int, marks: bool) -> int:
    """The title column for a screen ``width`` wide: exactly the 80-column layout at 80;
    narrower screens shrink it (down to MIN_TITLE); wider ones grow it only as far as the
    longest title needs, so a wide terminal shows whole titles and no empty band."""
    room = width - _FIXED - (_MARK if marks else 0)
    if width <= WIDTH:
        return max(MIN_TITLE, room)
    longest = max((len(item.title) for item in plan.items), default=0)
    return max(_TITLE - (_MARK if marks else 0), min(room, longest))


def render(
    plan: Plan,
    color: bool = False,
    statuses: Mapping[str, str] | None = None,
    width: int = WIDTH,
) -> str:
    """The plan as text; with ``statuses`` (from a progress file) each item shows its mark.
    ``width``: the screen's columns (the CLI passes the terminal's). Every line stays
    within it, and on a wide screen within what the titles need, so reasons stay readable."""
    title_width = title_column(plan, width, statuses is not None)
    # the width the rows take (with the free last column), which the wrapped text follows
    width = title_width + _FIXED + (_MARK if statuses is not None else 0)
    max_lines = 3 if width >= WIDTH else 5  # a why line keeps its words on a narrow screen
    goals = ", ".join(plan.goals)
    heading = wrap(f"Study path for {goals} (level: {plan.level})", 0, width, hang=2, max_lines=4)
    lines = [
        *(style(line, "bold", color) for line in heading),
        plural(len(plan.items), "resource")
        + (f" · {hours(plan.total_minutes)}" if plan.items else "")
        + (f" · {len(plan.skipped)} skipped" if plan.skipped else ""),
        "",
    ]
    if not plan.items:
        lines += wrap(
            "Nothing to study: every resource for this goal is known or below your level.",
            0,
            width,
        )
    else:
        mark = "    " if statuses is not None else ""
        header = f"{'#':>3}  {mark}{'Title':<{title_width}} {'Level':<12} {'Time':>6} {'Total':>6}"
        lines += [style(header, "dim", color)]
    # The hot loop for big plans, kept plain: an item's two lines are one string, a mark and
    # a time are looked up rather than formatted, and a title is cut only when too long.
    marks = {status: f"{mark} " for status, mark in MARKS.items()}
    times: dict[int, str] = {}
    add = lines.append
    detail_room = width - 8  # "     " + " · "
    for item in plan.items:
        rid, title, reason, minutes, total = (
            item.id, item.title, item.reason, item.minutes, item.cumulative_minutes
        )  # fmt: skip
        if len(title) > title_width:
            title = fit(title, title_width)
        title = title.ljust(title_width)
        if color:
            title = style(title, "bold", color)
        mark = "" if statuses is None else marks[statuses.get(rid, "todo")]
        time = times.get(minutes)
        if time is None:
            time = times[minutes] = f"{duration(minutes):>6}"
        head = (
            f"{item.position:>3}  {mark}{title} {item.level:<12} {time} {running_total(total):>6}"
        )
        if len(rid) + len(reason) > detail_room:
            add(head)
            lines += _styled_id(wrap(f"{rid} · {reason}", 5, width, max_lines), rid, color)
        elif color:
            add(head)
            lines += _styled_id([f"     {rid} · {reason}"], rid, color)
        else:
            add(f"{head}\n     {rid} · {reason}")
    for reason, heading in (("below-level", "Assumed known, below your level"), ("known", "Known")):
        group = [s for s in plan.skipped if s.reason == reason]
        if group:
            minutes = sum(s.minutes for s in group)
            lines += ["", f"{heading} ({len(group)}, {hours(minutes)}):"]
            lines += wrap(", ".join(s.id for s in group), indent=2, width=width, max_lines=12)
    if plan.optional:
        minutes = sum(o.minutes for o in plan.optional)
        lines += ["", f"Optional, not in the path ({len(plan.optional)}, {hours(minutes)}):"]
        lines += [f"  {o.id} · {o.level} · {duration(o.minutes)}" for o in plan.optional]
        lines += ["  Plan them too with --include-optional."]
    footer = "Details: pathfinder show ID · Why: pathfinder why ID --goal GOAL"
    parts = [footer] if len(footer) < width else footer.split(" · ")
    lines += ["", *(style(line, "dim", color) for line in parts)]
    return "\n".join(lines) + "\n"


def _styled_id(lines: list[str], resource_id: str, color: bool) -> list[str]:
    if color:
        lines[0] = lines[0].replace(resource_id, style(resource_id, "cyan", color), 1)
    return lines
