"""The plan as a terminal table that fits 80 columns and reads fine without colour."""

from __future__ import annotations

from collections.abc import Mapping

from pathfinder.planning.plan import Plan
from pathfinder.render.text import WIDTH, duration, fit, hours, plural, style, wrap

_TITLE = WIDTH - 3 - 2 - 12 - 1 - 6 - 1 - 6 - 1


MARKS = {"done": "[x]", "reading": "[~]", "skipped": "[-]", "todo": "[ ]"}


def render(plan: Plan, color: bool = False, statuses: Mapping[str, str] | None = None) -> str:
    """The plan as text; with ``statuses`` (from a progress file) each item shows its mark."""
    title_width = _TITLE - 4 if statuses is not None else _TITLE
    goals = ", ".join(plan.goals)
    heading = wrap(f"Study path for {goals} (level: {plan.level})", 0, hang=2, max_lines=4)
    lines = [
        *(style(line, "bold", color) for line in heading),
        f"{plural(len(plan.items), 'resource')} · {hours(plan.total_minutes)}"
        + (f" · {len(plan.skipped)} skipped" if plan.skipped else ""),
        "",
    ]
    if not plan.items:
        lines.append("Nothing to study: every resource for this goal is known or below your level.")
    else:
        mark = "    " if statuses is not None else ""
        header = f"{'#':>3}  {mark}{'Title':<{title_width}} {'Level':<12} {'Time':>6} {'Total':>6}"
        lines += [style(header, "dim", color)]
    for item in plan.items:  # the hot loop for big plans: keep it plain
        title = fit(item.title, title_width)
        mark = f"{MARKS[statuses.get(item.id, 'todo')]} " if statuses is not None else ""
        title = f"{title:<{title_width}}"
        if color:
            title = style(title, "bold", color)
        lines.append(
            f"{item.position:>3}  {mark}{title} {item.level:<12} "
            f"{duration(item.minutes):>6} {duration(item.cumulative_minutes):>6}"
        )
        detail = f"     {item.id} · {item.reason}"
        if len(detail) > WIDTH:
            lines += _styled_id(wrap(f"{item.id} · {item.reason}", indent=5), item.id, color)
        else:
            lines += _styled_id([detail], item.id, color)
    for reason, heading in (("below-level", "Assumed known, below your level"), ("known", "Known")):
        group = [s for s in plan.skipped if s.reason == reason]
        if group:
            minutes = sum(s.minutes for s in group)
            lines += ["", f"{heading} ({len(group)}, {hours(minutes)}):"]
            lines += wrap(", ".join(s.id for s in group), indent=2, max_lines=12)
    if plan.optional:
        minutes = sum(o.minutes for o in plan.optional)
        lines += ["", f"Optional, not in the path ({len(plan.optional)}, {hours(minutes)}):"]
        lines += [f"  {o.id} · {o.level} · {duration(o.minutes)}" for o in plan.optional]
        lines += ["  Plan them too with --include-optional."]
    lines += [
        "",
        style("Details: pathfinder show ID · Why: pathfinder why ID --goal GOAL", "dim", color),
    ]
    return "\n".join(lines) + "\n"


def _styled_id(lines: list[str], resource_id: str, color: bool) -> list[str]:
    if color:
        lines[0] = lines[0].replace(resource_id, style(resource_id, "cyan", color), 1)
    return lines
