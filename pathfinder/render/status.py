"""Terminal views of progress: ``status`` and ``next``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pathfinder.planning.plan import Plan
from pathfinder.progress.records import STATUSES, AssessmentRecord, Entry, SavedPlan
from pathfinder.progress.standing import NextStep, PlanChanges, Standing
from pathfinder.render.text import duration, fit, style, wrap

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


def bar(done: float, total: float, color: bool) -> str:
    share = done / total if total else 1.0
    filled = round(share * BAR_WIDTH)
    body = style("#" * filled, "green", color) + "-" * (BAR_WIDTH - filled)
    return f"[{body}] {share:4.0%}"


def status(view: StatusView, color: bool = False) -> str:
    s, saved = view.standing, view.saved
    level = ", ".join(saved.levels) if saved.levels else "beginner"
    heading = wrap(f"Plan: {', '.join(saved.goals)} (level: {level})", 0, hang=2, max_lines=4)
    lines = [
        *(style(line, "bold", color) for line in heading),
        *wrap(f"Saved {saved.created:%Y-%m-%d}; progress file: {view.progress_path}", 0, hang=2),
        "",
        f"Items {bar(s.finished_items, s.total_items, color)}  "
        f"{s.finished_items}/{s.total_items} finished"
        + (f" ({s.skipped_items} skipped)" if s.skipped_items else ""),
        f"Hours {bar(s.done_minutes, s.total_minutes, color)}  "
        f"{s.done_minutes / 60:.1f}/{s.total_minutes / 60:.1f} h",
    ]
    if s.reading:
        lines += ["", "Reading now:"]
        lines += [f"  - {fit(f'{i.id}: {i.title}', 76)}" for i in s.reading]
    lines.append("")
    if s.total_items and s.finished_items == s.total_items:
        lines.append(style("Plan complete. Well done.", "bold", color))
    else:
        pace = f" at pace {saved.pace:g}" if saved.pace != 1 else ""
        assumed = " (assumed; set --hours-per-week)" if view.hours_assumed else ""
        finish = f", finishing around {view.finish:%Y-%m-%d}" if view.finish else ""
        lines += wrap(
            f"Left: {s.left_minutes / 60:.1f} h{pace} at {view.hours_per_week:g} h/week"
            f"{assumed}{finish}.",
            indent=0,
        )
    if view.changes.added or view.changes.removed:
        lines += ["", "The catalog changed since this plan was saved:"]
        if view.changes.added:
            lines += wrap(
                f"new in the plan: {', '.join(view.changes.added)}", 2, hang=2, max_lines=6
            )
        if view.changes.removed:
            lines += wrap(
                f"left the plan: {', '.join(view.changes.removed)}", 2, hang=2, max_lines=6
            )
    if view.unknown_ids:
        lines += ["", *_unknown_lines(view.unknown_ids)]
    lines += assessment_lines(view.assessments)
    lines += ["", style("What to read next: pathfinder next", "dim", color)]
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


def _unknown_lines(unknown_ids: list[str]) -> list[str]:
    text = "Kept in your progress file but no longer in the catalog: " + ", ".join(unknown_ids)
    return wrap(text, 0, max_lines=6)


def next_steps(steps: list[NextStep], limit: int, pace: float, color: bool = False) -> str:
    if not steps:
        return "Nothing left to read in this plan.\n"
    first = steps[0]
    item = first.item
    lines = [
        style(f"{'Keep reading' if first.reading else 'Next'}: {item.title}", "bold", color),
        *wrap(f"{item.id} · {item.level} · {duration(round(item.minutes * pace))}", 2, hang=2),
        f"  {item.url}",
        *wrap(f"Why: {item.reason}", indent=2, hang=5, max_lines=4),
    ]
    if first.unlocks:
        lines += wrap(f"Finishing it unlocks: {', '.join(first.unlocks)}", 2, hang=2, max_lines=4)
    rest = steps[1:limit]
    if rest:
        lines += ["", f"Also ready ({len(rest)} of {len(steps) - 1}):"]
        for step in rest:
            lines.append(
                f"  {step.item.position:>3}. {fit(step.item.id, 48):<48} "
                f"{step.item.level:<12} {duration(round(step.item.minutes * pace)):>6}"
            )
    return "\n".join(lines) + "\n"
