"""A graph as a Mermaid flowchart, which GitHub and many note apps draw.

Nodes get generated ids (n0, n1, ...) so that no resource id can clash with Mermaid syntax
(``end``, ``o``/``x`` edge markers); the resource id is in the quoted label, with quotes and
markup characters written as entities. A "Legend" subgraph (ids k0, k1, ...) shows each edge
style with its meaning, and a box for each topic and status colour; a box's fill is its topic
or its status, its border its topic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pathfinder.render.looks import EDGE_MEANINGS, Edge, NodeLook, legend, plain

if TYPE_CHECKING:
    import networkx as nx

ARROWS = {"hard": "-->", "soft": "-.->", "one_of": "==>"}
INK = "#334155"


def _text(text: str) -> str:
    out = (
        text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )
    return " ".join(out.split())


def render(graph: nx.DiGraph, looks: Mapping[str, NodeLook], title: str) -> str:
    nodes, edges = plain(graph)
    return render_plain(nodes, edges, looks, title)


def render_plain(
    nodes: Sequence[str], edges: Sequence[Edge], looks: Mapping[str, NodeLook], title: str
) -> str:
    """``nodes`` and ``edges`` (prerequisite, dependent, kind) in the order given."""
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["---", f'title: "{_text(title)}"', "---", "flowchart TB"]
    styles: dict[tuple[str, str], str] = {}  # (fill, border) -> class name

    def style(fill: str, border: str) -> str:
        return styles.setdefault((fill, border or INK), f"g{len(styles)}")

    node_class = {node: style(looks[node].fill, looks[node].stripe) for node in nodes}
    key = legend(looks[node] for node in nodes)
    key_lines = ['  subgraph legend["Legend"]', "    direction LR"]
    k = 0
    for kind, look, meaning in EDGE_MEANINGS:
        key_lines.append(f'    k{k}["A"] {ARROWS[kind]}|"{look}: {meaning}"| k{k + 1}["B"]')
        k += 2
    key_lines.append(f"    class {','.join(f'k{i}' for i in range(k))} key")
    for name, fill, stripe in key.topics:
        key_lines.append(f'    k{k}["topic: {_text(name)}"]:::{style(fill, stripe)}')
        k += 1
    for name, fill in key.statuses:
        key_lines.append(f'    k{k}["status: {_text(name)}"]:::{style(fill, "")}')
        k += 1
    key_lines.append("  end")
    for (fill, border), name in styles.items():
        width = ",stroke-width:3px" if border != INK else ""
        lines.append(f"  classDef {name} fill:{fill},stroke:{border},color:#0f172a{width}")
    lines.append(f"  classDef key fill:#ffffff,stroke:{INK},color:#0f172a")
    for node in nodes:
        lines.append(f'  {ids[node]}["{_text(looks[node].label)}"]:::{node_class[node]}')
    for u, v, kind in edges:
        lines.append(f"  {ids[u]} {ARROWS.get(kind, '-->')} {ids[v]}")
    lines += key_lines
    return "\n".join(lines) + "\n"
