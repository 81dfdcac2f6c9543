"""A layered picture of a prerequisite graph as SVG, drawn without any external binary.

Layout: each node's column is its topological generation (prerequisites to the left); inside
a column, nodes are ordered by the barycentre of their neighbours, swept right and left a few
times, which removes most edge crossings. Hard edges are solid, soft dashed, "any one of"
dotted. Every label is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from pathfinder.catalog.graph import layout_graph
from pathfinder.render.looks import NodeLook

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 250, 30, 60, 14, 20
SWEEPS = 4

EDGE_STYLE = {"hard": "", "soft": ' stroke-dasharray="6 4"', "one_of": ' stroke-width="2.6"'}


def layers(graph: nx.DiGraph) -> list[list[str]]:
    """Columns of nodes, ordered to reduce crossings; deterministic for a given graph. Soft
    edges place nodes too, unless they would form a cycle; then only hard ones do."""
    placing = graph if nx.is_directed_acyclic_graph(graph) else layout_graph(graph)
    columns = [sorted(gen) for gen in nx.topological_generations(placing)]
    isolated = sorted(n for n in graph if n not in {m for c in columns for m in c})
    if isolated:
        columns = [sorted(columns[0] + isolated), *columns[1:]] if columns else [isolated]
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        indices = range(1, len(columns)) if forward else range(len(columns) - 2, -1, -1)
        for i in indices:
            neighbour = columns[i - 1] if forward else columns[i + 1]
            position = {node: p for p, node in enumerate(neighbour)}

            def centre(
                node: str, position: dict[str, int] = position, fwd: bool = forward
            ) -> float:
                near = graph.predecessors(node) if fwd else graph.successors(node)
                found = [position[n] for n in near if n in position]
                return sum(found) / len(found) if found else float("inf")

            current = {node: p for p, node in enumerate(columns[i])}
            columns[i] = sorted(columns[i], key=lambda n: (centre(n), current[n]))
    return columns


def render(graph: nx.DiGraph, looks: Mapping[str, NodeLook], title: str) -> str:
    """Draw ``graph`` (edges carry ``kind``); ``looks`` gives every node's label and colour."""
    columns = layers(graph)
    where: dict[str, tuple[int, int]] = {}
    for c, column in enumerate(columns):
        for r, node in enumerate(column):
            where[node] = (PAD + c * (NODE_W + GAP_X), PAD + 30 + r * (NODE_H + GAP_Y))
    tallest = max((len(c) for c in columns), default=0)
    width = PAD * 2 + max(len(columns), 1) * (NODE_W + GAP_X) - GAP_X
    legend = sorted({(look.group, look.fill) for look in looks.values()})
    height = PAD * 2 + 30 + tallest * (NODE_H + GAP_Y) + 24 * (len(legend) + 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{PAD}" y="{PAD + 12}" font-size="15" font-weight="bold">{escape(title)}</text>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>',
        '<g class="edges" fill="none" stroke="#64748b" stroke-width="1.3">',
    ]
    for u, v, kind in sorted(graph.edges(data="kind", default="hard")):
        (x1, y1), (x2, y2) = where[u], where[v]
        sx, sy, ex, ey = x1 + NODE_W, y1 + NODE_H / 2, x2, y2 + NODE_H / 2
        mid = (sx + ex) / 2
        out.append(
            f'<path d="M{sx},{sy} C{mid},{sy} {mid},{ey} {ex},{ey}" '
            f'marker-end="url(#arrow)" class="edge {kind}"{EDGE_STYLE.get(kind, "")}/>'
        )
    out.append("</g>")
    out.append('<g class="nodes">')
    for node in sorted(where):
        x, y = where[node]
        look = looks[node]
        label = look.label if len(look.label) <= 36 else look.label[:35] + "…"
        out.append(
            f'<g class="node" id={quoteattr("node-" + node)}><title>{escape(look.tooltip)}</title>'
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            f'fill="{look.fill}" stroke="#334155"/>'
            f'<text x="{x + 8}" y="{y + 19}">{escape(label)}</text></g>'
        )
    out.append("</g>")
    y = PAD + 30 + tallest * (NODE_H + GAP_Y) + 10
    for group, fill in legend:
        out.append(
            f'<rect x="{PAD}" y="{y}" width="14" height="14" fill="{fill}" stroke="#334155"/>'
            f'<text x="{PAD + 20}" y="{y + 11}">{escape(group)}</text>'
        )
        y += 24
    out.append("</svg>")
    return "\n".join(out) + "\n"
