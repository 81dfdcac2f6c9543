"""Terminal views of progress: ``status`` and ``next``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from pathfinder.planning.plan import Plan
from pathfinder.progress.records import STATUSES, AssessmentRecord, Entry, SavedPlan
from pathfinder.progress.standing import NextStep, PlanChanges, Standing
from pathfinder.render.text import WIDTH, duration, fit, hours, style, wrap

BAR_WIDTH = 30


@dataclass(frozen=True)
class StatusView:
    """Everything ``status`` shows, computed by the caller; rendering only formats it."""

    progress_path: Path
    saved: SavedPlan
    plan: Plan
    standing: Standing
    changes: PlanChanges
    unknown_ids: list[str]
    hours_per_week: float
    hours_assumed: bool
    finish: date | None
    assessments: tuple[AssessmentRecord, ...] = ()


def bar(done: float, total: float, color: bool, width: int = BAR_WIDTH) -> str:
    share = done / total if total else 1.0
    filled = round(share * width)
    body = style("#" * filled, "green", color) + "-" * (width - filled)
    return f"[{body}] {share:4.0%}"


def status(view: StatusView, color: bool = False, width: int = WIDTH) -> str:
    """The status view, wrapped to ``width`` columns (the CLI passes a narrow terminal's)."""
    _wrap = partial(wrap, width=width)
    bar_width = max(10, min(BAR_WIDTH, width - 36))
    s, saved = view.standing, view.saved
    level = ", ".join(saved.levels) if saved.levels else "beginner"
    heading = _wrap(f"Plan: {', '.join(saved.goals)} (level: {level})", 0, hang=2, max_lines=4)
    lines = [
        *(style(line, "bold", color) for line in heading),
        *_wrap(f"Saved {saved.created:%Y-%m-%d}; progress file: {view.progress_path}", 0, hang=2),
        "",
        f"Items {bar(s.finished_items, s.total_items, color, bar_width)}  "
        f"{s.finished_items}/{s.total_items} finished"
        + (f" ({s.skipped_items} skipped)" if s.skipped_items else ""),
        f"Time  {bar(s.done_minutes, s.total_minutes, color, bar_width)}  "
        f"{hours(s.done_minutes)} of {hours(s.total_minutes)}",
    ]
    if s.reading:
        lines += ["", "Reading now:"]
        lines += [f"  - {fit(f'{i.id}: {i.title}', width - 4)}" for i in s.reading]
    lines.append("")
    complete = s.finished_items == s.total_items
    if complete:
        lines.append(style("Plan complete. Well done.", "bold", color))
    else:
        per_week = f"{view.hours_per_week:g} hour{'' if view.hours_per_week == 1 else 's'}"
        assumed = " (assumed; set --hours-per-week)" if view.hours_assumed else ""
        finish = f", finishing around {view.finish:%Y-%m-%d}" if view.finish else ""
        lines += _wrap(
            f"Left: {hours(s.left_minutes)} at {per_week} a week{assumed}{finish}.", indent=0
        )
        if saved.pace != 1:
            lines += _wrap(
                f"Times are at your pace: {saved.pace:g} times the estimates (--pace).", 0
            )
    if view.changes.added or view.changes.removed:
        lines += ["", "The catalog changed since this plan was saved:"]
        if view.changes.added:
            lines += _wrap(
                f"new in the plan: {', '.join(view.changes.added)}", 2, hang=2, max_lines=6
            )
        if view.changes.removed:
            lines += _wrap(
                f"left the plan: {', '.join(view.changes.removed)}", 2, hang=2, max_lines=6
            )
    if view.unknown_ids:
        lines += ["", *_unknown_lines(view.unknown_ids, width)]
    lines += assessment_lines(view.assessments)
    follow = (
        "Plan something new: pathfinder goals · pathfinder start --goal GOAL"
        if complete
        else "What to read next: pathfinder next"
    )
    lines += ["", style(follow, "dim", color)]
    return "\n".join(lines) + "\n"


def assessment_lines(records: tuple[AssessmentRecord, ...]) -> list[str]:
    """The latest score of each resource quizzed, and the latest placement quiz."""
    quizzes = {r.resource: r for r in records if r.kind == "quiz" and r.resource}
    placements = [r for r in records if r.kind == "placement"]
    lines: list[str] = []
    if quizzes:
        scores = ", ".join(f"{rid} {r.right}/{len(r.answers)}" for rid, r in quizzes.items())
        lines += ["", *wrap(f"Quiz scores: {scores}", 0, hang=2, max_lines=6)]
    if placements:
        last = placements[-1]
        confidence = f", confidence {last.confidence:.0%}" if last.confidence is not None else ""
        lines += wrap(
            f"Placement quiz {last.at:%Y-%m-%d} for {', '.join(last.goals)}: "
            f"{last.right}/{len(last.answers)} right, {len(last.known)} resources known"
            f"{confidence}",
            0,
            hang=2,
        )
    return lines


def progress_counts(entries: Mapping[str, Entry], unknown_ids: list[str]) -> str:
    """What the progress file holds when no plan is saved: counts per status, and the ids
    no catalog knows (kept, never dropped)."""
    counts = Counter(entry.status for entry in entries.values())
    shown = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    lines = [f"Marked so far: {shown}."]
    if unknown_ids:
        lines += _unknown_lines(unknown_ids)
    return "\n".join(lines) + "\n"


def _unknown_lines(unknown_ids: list[str], width: int = WIDTH) -> list[str]:
    text = "Kept in your progress file but no longer in the catalog: " + ", ".join(unknown_ids)
    return wrap(text, 0, width, max_lines=6)


def next_steps(
    steps: list[NextStep], limit: int, pace: float, color: bool = False, width: int = WIDTH
) -> str:
    """What to read next, wrapped to ``width`` columns; the first step in full."""
    _wrap = partial(wrap, width=width)
    id_width = max(12, min(48, width - 32))
    if not steps:
        return (
            "Nothing left to read in this plan: it is complete.\n"
            "Plan something new: pathfinder goals · pathfinder start --goal GOAL\n"
        )
    first = steps[0]
    item = first.item
    lines = [
        style(f"{'Keep reading' if first.reading else 'Next'}: {item.title}", "bold", color),
        *_wrap(f"{item.id} · {item.level} · {duration(round(item.minutes * pace))}", 2, hang=2),
        f"  {item.url}",
        *_wrap(f"Why: {item.reason}", indent=2, hang=5, max_lines=4),
    ]
    if first.unlocks:
        lines += _wrap(f"Finishing it unlocks: {', '.join(first.unlocks)}", 2, hang=2, max_lines=4)
    rest = steps[1:limit]
    if rest:
        lines += ["", f"Also ready ({len(rest)} of {len(steps) - 1}):"]
        for step in rest:
            rid, time = step.item.id, duration(round(step.item.minutes * pace))
            if len(rid) > id_width and width < WIDTH:  # a narrow screen: the id whole, above
                lines += [f"  {step.item.position:>3}. {rid}"]
                lines += [f"{'':<{8 + id_width}}{step.item.level:<12} {time:>6}"]
                continue
            lines.append(
                f"  {step.item.position:>3}. {fit(rid, id_width):<{id_width}} "
                f"{step.item.level:<12} {time:>6}"
            )
    return "\n".join(lines) + "\n"
