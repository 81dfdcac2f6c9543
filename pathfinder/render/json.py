"""The plan as JSON: the stable, versioned interface other tools build on.

Schema (version 1), documented in the README:
``{"schema": "pathfinder.plan", "schema_version": 1, "goals", "goal_resources", "level",
"known", "total_minutes", "total_hours", "skipped_minutes", "items": [...], "skipped": [...]}``
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pathfinder.planning.plan import Plan

_RAW = re.compile("[\x7f-\x9f]")

if TYPE_CHECKING:
    from pathfinder.render.context import ExportContext


def plan_document(plan: Plan, statuses: Mapping[str, str] | None = None) -> dict[str, object]:
    """The plan as JSON-ready data; with ``statuses`` every item also gets its ``status``."""
    data = plan.model_dump(mode="json")
    version = data.pop("schema_version")
    if statuses is not None:
        for item in data["items"]:
            item["status"] = statuses.get(item["id"], "todo")
    return {
        "schema": "pathfinder.plan",
        "schema_version": version,
        **data,
        "total_hours": round(plan.total_minutes / 60, 2),
    }


def render(plan: Plan, color: bool = False, statuses: Mapping[str, str] | None = None) -> str:
    return _dumps(plan_document(plan, statuses))


def export(ctx: ExportContext) -> str:
    """The plan document with each item's status and note: ``pathfinder export -f json``."""
    doc = plan_document(ctx.plan, ctx.statuses)
    for item in doc["items"]:  # type: ignore[union-attr]
        item["note"] = ctx.notes.get(item["id"])
        item["week"] = ctx.weeks.get(item["id"])
    doc["pace"] = ctx.pace
    doc["hours_per_week"] = ctx.hours_per_week
    doc["generated"] = ctx.generated.isoformat()
    return _dumps(doc)


def _dumps(doc: object) -> str:
    """JSON text; json escapes C0 controls itself, DEL and C1 (which it leaves raw) are escaped
    here the JSON way, so the text stays valid JSON and no raw control character leaves."""
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
