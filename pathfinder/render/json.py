"""The plan as JSON: the stable, versioned interface other tools build on.

Schema (version 1), documented in the README:
``{"schema": "pathfinder.plan", "schema_version": 1, "goals", "goal_resources", "level",
"known", "total_minutes", "total_hours", "skipped_minutes", "items": [...], "skipped": [...]}``
"""

from __future__ import annotations

import json

from pathfinder.models import Plan


def plan_document(plan: Plan) -> dict[str, object]:
    data = plan.model_dump(mode="json")
    version = data.pop("schema_version")
    return {
        "schema": "pathfinder.plan",
        "schema_version": version,
        **data,
        "total_hours": round(plan.total_minutes / 60, 2),
    }


def render(plan: Plan, color: bool = False) -> str:
    return json.dumps(plan_document(plan), indent=2, ensure_ascii=False) + "\n"
