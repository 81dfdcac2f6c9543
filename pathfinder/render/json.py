"""The plan as JSON: the stable, versioned interface other tools build on.

Schema (version 1), documented in the README:
``{"schema": "pathfinder.plan", "schema_version": 1, "goals", "goal_resources", "level",
"known", "total_minutes", "total_hours", "skipped_minutes", "items": [...], "skipped": [...]}``

The text is exactly what ``json.dumps(plan_document(plan), indent=2, ensure_ascii=False)``
writes (a test compares the two), but written faster: with ``indent`` the standard library
leaves its C encoder for a pure-Python one, which took 1.5 s for a plan of 92,000 items, and
building the document as dictionaries first took another 0.3 s. Here the plan items and
skipped items, the bulk of any large plan, are written straight from the dataclasses with a
template per item, their strings escaped by the standard library's own C string encoder, and
the small remainder of the document goes through ``json.dumps``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring  # the C escaper json.dumps itself uses
from typing import TYPE_CHECKING, Any

from pathfinder.planning.plan import OptionalItem, Plan, PlanItem, SkippedItem

_RAW = re.compile("[\x7f-\x9f]")


def _raw_escaped(text: str) -> str:
    """DEL and C1 characters, which json leaves raw, escaped the JSON way."""
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _quote(text: str) -> str:
    """A JSON string literal as json.dumps writes it, DEL and C1 escaped; an ASCII-only
    literal (which Python knows without a scan) can hold no C1 character, only DEL."""
    quoted = encode_basestring(text)
    if quoted.isascii():
        return quoted if "\x7f" not in quoted else _raw_escaped(quoted)
    return _raw_escaped(quoted) if _RAW.search(quoted) else quoted


if TYPE_CHECKING:
    from pathfinder.render.context import ExportContext

# The keys of the document, in order, before "total_hours"; "items" and "skipped" are lists
# of flat objects written by the templates below.
_PLAN_KEYS = (
    "goals",
    "goal_resources",
    "level",
    "known",
    "items",
    "skipped",
    "total_minutes",
    "skipped_minutes",
    "include_optional",
    "optional",
)


def item_data(item: PlanItem) -> dict[str, Any]:
    """One plan item as JSON-ready data (keys in the documented order)."""
    return {
        "position": item.position,
        "id": item.id,
        "title": item.title,
        "url": item.url,
        "topic": item.topic,
        "level": item.level,
        "kind": item.kind,
        "minutes": item.minutes,
        "cumulative_minutes": item.cumulative_minutes,
        "is_goal": item.is_goal,
        "reason": item.reason,
        "edge_why": item.edge_why,
        "needed_by": list(item.needed_by),
        "requires": list(item.requires),
    }


def _level_data(plan: Plan) -> dict[str, Any]:
    return {"default": plan.level.default, "topics": dict(plan.level.topics)}


def _optional_data(item: OptionalItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "url": item.url,
        "topic": item.topic,
        "level": item.level,
        "minutes": item.minutes,
    }


def _skipped_data(item: SkippedItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "topic": item.topic,
        "level": item.level,
        "minutes": item.minutes,
        "reason": item.reason,
        "detail": item.detail,
    }


def plan_document(plan: Plan, statuses: Mapping[str, str] | None = None) -> dict[str, object]:
    """The plan as JSON-ready data; with ``statuses`` every item also gets its ``status``."""
    items = [item_data(item) for item in plan.items]
    if statuses is not None:
        for item in items:
            item["status"] = statuses.get(item["id"], "todo")
    return {
        "schema": "pathfinder.plan",
        "schema_version": plan.schema_version,
        "goals": list(plan.goals),
        "goal_resources": list(plan.goal_resources),
        "level": _level_data(plan),
        "known": list(plan.known),
        "items": items,
        "skipped": [_skipped_data(s) for s in plan.skipped],
        "total_minutes": plan.total_minutes,
        "skipped_minutes": plan.skipped_minutes,
        "include_optional": plan.include_optional,
        "optional": [_optional_data(o) for o in plan.optional],
        "total_hours": round(plan.total_minutes / 60, 2),
    }


def render(plan: Plan, color: bool = False, statuses: Mapping[str, str] | None = None) -> str:
    if statuses is None:
        return _document(plan, None)
    return _document(plan, lambda rid: {"status": statuses.get(rid, "todo")})


def export(ctx: ExportContext) -> str:
    """The plan document with each item's status, note and week: ``export -f json``."""
    statuses, notes, weeks = ctx.statuses, ctx.notes, ctx.weeks
    return _document(
        ctx.plan,
        lambda rid: {
            "status": statuses.get(rid, "todo"),
            "note": notes.get(rid),
            "week": weeks.get(rid),
        },
        {
            "pace": ctx.pace,
            "hours_per_week": ctx.hours_per_week,
            "generated": ctx.generated.isoformat(),
        },
    )


ItemExtra = Callable[[str], Mapping[str, Any]]


def _document(plan: Plan, extra: ItemExtra | None, tail: Mapping[str, Any] | None = None) -> str:
    """The text of ``plan_document`` (with ``extra(id)`` appended to each item and ``tail``
    to the document), as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it.
    json escapes C0 controls itself; DEL and C1 (which it leaves raw) are escaped here the
    JSON way, so the text stays valid JSON and holds no raw control character but the line
    breaks between values (``exports`` relies on that)."""
    parts = [f'{{\n  "schema": "pathfinder.plan",\n  "schema_version": {int(plan.schema_version)}']
    for key in _PLAN_KEYS:
        if key == "items":
            text = _list(_item_text(item, extra) for item in plan.items)
        elif key == "skipped":
            text = _list(map(_skipped_text, plan.skipped))
        elif key == "level":
            text = _small(_level_data(plan))
        elif key == "optional":
            text = _small([_optional_data(o) for o in plan.optional])
        else:
            text = _small(getattr(plan, key))
        parts.append(f'  "{key}": {text}')
    parts.append(f'  "total_hours": {_small(round(plan.total_minutes / 60, 2))}')
    for key, value in (tail or {}).items():
        parts.append(f"  {_quote(key)}: {_small(value)}")
    return ",\n".join(parts) + "\n}\n"


def _small(value: object) -> str:
    """Any JSON value at the document's second level, by the standard library: with indent 2
    every line break is an indentation, so indenting one level more is a replace."""
    return _raw_escaped(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  "))


def _list(texts: Iterable[str]) -> str:
    """A list at the second level, of elements already written for the third."""
    body = ",\n".join(texts)
    return f"[\n{body}\n  ]" if body else "[]"


_PAD = "      "  # the keys of an item: three levels deep


def _ids(values: list[str]) -> str:
    if not values:
        return "[]"
    inner = ",\n        ".join(map(_quote, values))
    return f"[\n        {inner}\n      ]"


def _item_text(item: PlanItem, extra: ItemExtra | None) -> str:
    p = _PAD
    why = "null" if item.edge_why is None else _quote(item.edge_why)
    text = (
        f'    {{\n{p}"position": {item.position},\n{p}"id": {_quote(item.id)},\n'
        f'{p}"title": {_quote(item.title)},\n{p}"url": {_quote(item.url)},\n'
        f'{p}"topic": {_quote(item.topic)},\n{p}"level": {_quote(item.level)},\n'
        f'{p}"kind": {_quote(item.kind)},\n{p}"minutes": {item.minutes},\n'
        f'{p}"cumulative_minutes": {item.cumulative_minutes},\n'
        f'{p}"is_goal": {"true" if item.is_goal else "false"},\n'
        f'{p}"reason": {_quote(item.reason)},\n{p}"edge_why": {why},\n'
        f'{p}"needed_by": {_ids(item.needed_by)},\n{p}"requires": {_ids(item.requires)}'
    )
    if extra is not None:
        for key, value in extra(item.id).items():
            text += f",\n{p}{_quote(key)}: {_scalar(value)}"
    return text + "\n    }"


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if value.__class__ is str:
        return _quote(value)  # type: ignore[arg-type]
    if value.__class__ is int:
        return int.__repr__(value)  # type: ignore[arg-type]
    return _raw_escaped(json.dumps(value, ensure_ascii=False))


def _skipped_text(item: SkippedItem) -> str:
    p = _PAD
    return (
        f'    {{\n{p}"id": {_quote(item.id)},\n{p}"title": {_quote(item.title)},\n'
        f'{p}"topic": {_quote(item.topic)},\n{p}"level": {_quote(item.level)},\n'
        f'{p}"minutes": {item.minutes},\n{p}"reason": {_quote(item.reason)},\n'
        f'{p}"detail": {_quote(item.detail)}\n    }}'
    )
