"""The plan as CSV, one row per item, for spreadsheets.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) get a leading apostrophe, the usual neutralisation for CSV injection."""

from __future__ import annotations

import csv
import io

from pathfinder.render.context import ExportContext

COLUMNS = [
    "position", "id", "title", "url", "topic", "level", "kind", "minutes",
    "cumulative_minutes", "status", "week", "reason", "note",
]  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(ctx: ExportContext) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in ctx.plan.items:
        row = [
            item.position, item.id, item.title, item.url, item.topic, item.level, item.kind,
            round(item.minutes * ctx.pace), item.cumulative_minutes, ctx.status(item.id),
            ctx.weeks.get(item.id, ""), item.reason, ctx.notes.get(item.id, ""),
        ]  # fmt: skip
        writer.writerow([cell(v) for v in row])
    return out.getvalue()
