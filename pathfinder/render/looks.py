"""How nodes of a pictured graph look: label, tooltip, colours, and the legend that explains
them. Shared by the SVG, Mermaid and DOT renderers so the three pictures agree.

A box's fill shows its topic (pale colour), or its status when a progress file is used; its
left stripe (a thick border where a format has no stripes) always shows its topic, so the
topic stays visible beside the status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pathfinder.models import Catalog
from pathfinder.render.text import duration

if TYPE_CHECKING:
    import networkx as nx

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
# The same hues, strong enough to read as a stripe or border beside any status fill.
TOPIC_STRIPES = [
    "#2563eb",
    "#db2777",
    "#16a34a",
    "#d97706",
    "#7c3aed",
    "#ea580c",
    "#0891b2",
    "#64748b",
]
STATUS_COLOURS = {"done": "#bbf7d0", "reading": "#fde68a", "skipped": "#e5e7eb", "todo": "#ffffff"}
# What each edge kind looks like and means, in the order every legend lists them.
EDGE_MEANINGS = [
    ("hard", "solid", "read first"),
    ("soft", "dashed", "helps"),
    ("one_of", "thick", "any one of"),
]

Edge = tuple[str, str, str]  # (prerequisite, dependent, kind)


@dataclass(frozen=True)
class NodeLook:
    """``group`` names what ``fill`` shows (a topic or a status) in the legend; ``topic`` and
    ``stripe`` (the topic's strong colour) are empty when the caller does not know them."""

    label: str
    tooltip: str
    fill: str
    group: str
    topic: str = ""
    stripe: str = ""


@dataclass(frozen=True)
class Legend:
    """The colours a picture uses: topics as (name, fill, stripe) and, when the fill shows
    status, statuses as (name, fill)."""

    topics: list[tuple[str, str, str]]
    statuses: list[tuple[str, str]]


def plain(graph: nx.DiGraph) -> tuple[list[str], list[Edge]]:
    """A networkx graph as sorted plain data, so renderers need not know networkx and their
    output does not depend on the order the graph was built in."""
    nodes = sorted(graph)
    edges = sorted((u, v, kind) for u, v, kind in graph.edges(data="kind", default="hard"))
    return nodes, edges


def legend(looks: Iterable[NodeLook]) -> Legend:
    """What the fills and stripes of ``looks`` mean, sorted (statuses in reading order)."""
    looks = list(looks)
    by_topic = all(look.group == look.topic for look in looks)
    topics: dict[str, tuple[str, str, str]] = {}
    statuses: dict[str, tuple[str, str]] = {}
    for look in looks:
        if by_topic or (not look.topic and look.group not in STATUS_COLOURS):
            topics.setdefault(look.group, (look.group, look.fill, look.stripe))
            continue
        statuses.setdefault(look.group, (look.group, look.fill))
        if look.topic:
            topics.setdefault(look.topic, (look.topic, "#ffffff", look.stripe))
    rank = {status: i for i, status in enumerate(["todo", "reading", "done", "skipped"])}
    return Legend(
        [topics[name] for name in sorted(topics)],
        [statuses[name] for name in sorted(statuses, key=lambda s: (rank.get(s, 9), s))],
    )


def by_topic(
    catalog: Catalog, nodes: Iterable[str], numbers: Mapping[str, int] = {}
) -> dict[str, NodeLook]:
    """Colour by topic; ``numbers`` (plan positions) prefix the labels when given."""
    looks = {}
    for rid in nodes:
        topic = catalog.resources[rid].topic
        fill, stripe = _topic_colours(catalog, topic)
        looks[rid] = NodeLook(
            _label(rid, numbers), _tooltip(catalog, rid), fill, topic, topic, stripe
        )
    return looks


def by_status(
    catalog: Catalog,
    nodes: Iterable[str],
    statuses: Mapping[str, str],
    numbers: Mapping[str, int] = {},
) -> dict[str, NodeLook]:
    """Fill by status, stripe by topic."""
    looks = {}
    for rid in nodes:
        status = statuses.get(rid, "todo")
        topic = catalog.resources[rid].topic
        tooltip = f"{_tooltip(catalog, rid)}, {status}"
        stripe = _topic_colours(catalog, topic)[1]
        looks[rid] = NodeLook(
            _label(rid, numbers), tooltip, STATUS_COLOURS[status], status, topic, stripe
        )
    return looks


def _topic_colours(catalog: Catalog, topic: str) -> tuple[str, str]:
    rank = catalog.topic_rank(topic) % len(TOPIC_COLOURS)
    return TOPIC_COLOURS[rank], TOPIC_STRIPES[rank]


def _label(rid: str, numbers: Mapping[str, int]) -> str:
    return f"{numbers[rid]}. {rid}" if rid in numbers else rid


def _tooltip(catalog: Catalog, rid: str) -> str:
    r = catalog.resources[rid]
    return f"{r.title} ({r.level}, {duration(r.minutes)})"
