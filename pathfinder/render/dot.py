"""A graph in Graphviz DOT, for people who lay out graphs with Graphviz. Every id and label
is a quoted DOT string with backslashes, quotes and newlines escaped."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from pathfinder.render.looks import NodeLook

STYLES = {"hard": "solid", "soft": "dashed", "one_of": "bold"}


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + " ".join(escaped.split()) + '"'


def render(graph: nx.DiGraph, looks: Mapping[str, NodeLook], title: str) -> str:
    lines = [
        "digraph pathfinder {",
        f"  label={quote(title)};",
        "  labelloc=t;",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11];',
        '  edge [color="#64748b"];',
    ]
    for node in sorted(graph):
        look = looks[node]
        lines.append(
            f"  {quote(node)} [label={quote(look.label)}, tooltip={quote(look.tooltip)}, "
            f"fillcolor={quote(look.fill)}];"
        )
    for u, v, kind in sorted(graph.edges(data="kind", default="hard")):
        style = STYLES.get(kind, "solid")
        extra = ', label="one of"' if kind == "one_of" else ""
        lines.append(f"  {quote(u)} -> {quote(v)} [style={style}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
