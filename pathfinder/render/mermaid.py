"""A graph as a Mermaid flowchart, which GitHub and many note apps draw.

Nodes get generated ids (n0, n1, ...) so that no resource id can clash with Mermaid syntax
(``end``, ``o``/``x`` edge markers); the resource id is in the quoted label, with quotes and
markup characters written as entities."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from pathfinder.render.looks import NodeLook

ARROWS = {"hard": "-->", "soft": "-.->", "one_of": "==>"}


def _text(text: str) -> str:
    out = (
        text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    )
    return " ".join(out.split())


def render(graph: nx.DiGraph, looks: Mapping[str, NodeLook], title: str) -> str:
    nodes = sorted(graph)
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    lines = [
        "---",
        f'title: "{_text(title)}"',
        "---",
        "flowchart LR",
        "  %% solid: read first (hard) · dashed: helps (soft) · thick: any one of",
    ]
    groups = sorted({looks[n].group for n in nodes})
    for index, group in enumerate(groups):
        fill = next(looks[n].fill for n in nodes if looks[n].group == group)
        lines.append(f"  classDef g{index} fill:{fill},stroke:#334155,color:#0f172a")
    group_class = {group: f"g{i}" for i, group in enumerate(groups)}
    for node in nodes:
        look = looks[node]
        lines.append(f'  {ids[node]}["{_text(look.label)}"]:::{group_class[look.group]}')
    for u, v, kind in sorted(graph.edges(data="kind", default="hard")):
        lines.append(f"  {ids[u]} {ARROWS.get(kind, '-->')} {ids[v]}")
    return "\n".join(lines) + "\n"
