"""How nodes of a pictured graph look: label, tooltip, colour, and legend group. Shared by the
SVG, Mermaid and DOT renderers so the three pictures agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pathfinder.models import Catalog
from pathfinder.render.text import duration

TOPIC_COLOURS = [
    "#dbeafe",
    "#fce7f3",
    "#dcfce7",
    "#fef3c7",
    "#ede9fe",
    "#ffedd5",
    "#cffafe",
    "#f1f5f9",
]
STATUS_COLOURS = {"done": "#bbf7d0", "reading": "#fde68a", "skipped": "#e5e7eb", "todo": "#ffffff"}


@dataclass(frozen=True)
class NodeLook:
    label: str
    tooltip: str
    fill: str
    group: str


def by_topic(
    catalog: Catalog, nodes: Iterable[str], numbers: Mapping[str, int] = {}
) -> dict[str, NodeLook]:
    """Colour by topic; ``numbers`` (plan positions) prefix the labels when given."""
    looks = {}
    for rid in nodes:
        r = catalog.resources[rid]
        colour = TOPIC_COLOURS[catalog.topic_rank(r.topic) % len(TOPIC_COLOURS)]
        looks[rid] = NodeLook(_label(rid, numbers), _tooltip(catalog, rid), colour, r.topic)
    return looks


def by_status(
    catalog: Catalog,
    nodes: Iterable[str],
    statuses: Mapping[str, str],
    numbers: Mapping[str, int] = {},
) -> dict[str, NodeLook]:
    looks = {}
    for rid in nodes:
        status = statuses.get(rid, "todo")
        tooltip = f"{_tooltip(catalog, rid)}, {status}"
        looks[rid] = NodeLook(_label(rid, numbers), tooltip, STATUS_COLOURS[status], status)
    return looks


def _label(rid: str, numbers: Mapping[str, int]) -> str:
    return f"{numbers[rid]}. {rid}" if rid in numbers else rid


def _tooltip(catalog: Catalog, rid: str) -> str:
    r = catalog.resources[rid]
    return f"{r.title} ({r.level}, {duration(r.minutes)})"
