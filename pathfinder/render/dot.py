"""A graph in Graphviz DOT, for people who lay out graphs with Graphviz. Every id and label
is a quoted DOT string with backslashes, quotes and newlines escaped.

The title and the legend (edge styles, topic colours, statuses) are the graph's label, an
HTML-like table: the file stays pure data (no legend nodes or edges to mistake for the
catalog's), and Graphviz draws the legend above the graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pathfinder.render.looks import EDGE_MEANINGS, Edge, NodeLook, legend, plain
from pathfinder.render.text import xml_text

if TYPE_CHECKING:
    import networkx as nx

STYLES = {"hard": "solid", "soft": "dashed", "one_of": "bold"}


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + " ".join(escaped.split()) + '"'


def render(graph: nx.DiGraph, looks: Mapping[str, NodeLook], title: str) -> str:
    nodes, edges = plain(graph)
    return render_plain(nodes, edges, looks, title)


def render_plain(
    nodes: Sequence[str], edges: Sequence[Edge], looks: Mapping[str, NodeLook], title: str
) -> str:
    """``nodes`` and ``edges`` (prerequisite, dependent, kind) in the order given."""
    lines = [
        "digraph pathfinder {",
        f"  label={_label(title, [looks[n] for n in nodes])};",
        "  labelloc=t;",
        "  labeljust=l;",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=11];',
        '  edge [color="#64748b"];',
    ]
    for node in nodes:
        look = looks[node]
        border = f', color="{look.stripe}", penwidth=2' if look.stripe else ""
        lines.append(
            f"  {quote(node)} [label={quote(look.label)}, tooltip={quote(look.tooltip)}, "
            f"fillcolor={quote(look.fill)}{border}];"
        )
    for u, v, kind in edges:
        style = STYLES.get(kind, "solid")
        extra = ', label="one of"' if kind == "one_of" else ""
        lines.append(f"  {quote(u)} -> {quote(v)} [style={style}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label(title: str, looks: Sequence[NodeLook]) -> str:
    """The title and the legend as an HTML-like label (text escaped for it)."""

    def text(value: str) -> str:
        return xml_text(" ".join(value.split())).replace('"', "&quot;")

    key = legend(looks)
    rows = [f'<tr><td align="left" colspan="2"><b>{text(title)}</b></td></tr>']
    samples = {"hard": "solid", "soft": "dashed", "one_of": "solid"}
    for kind, look, meaning in EDGE_MEANINGS:
        weight = "3" if kind == "one_of" else "1"
        rows.append(
            f'<tr><td sides="b" border="{weight}" style="{samples[kind]}" width="36"> </td>'
            f'<td align="left">{look}: {meaning}</td></tr>'
        )
    for name, fill, stripe in key.topics:
        border = f' color="{stripe}"' if stripe else ""
        rows.append(
            f'<tr><td bgcolor="{fill}" border="2"{border}> </td>'
            f'<td align="left">topic: {text(name)}</td></tr>'
        )
    for name, fill in key.statuses:
        rows.append(
            f'<tr><td bgcolor="{fill}" border="1"> </td>'
            f'<td align="left">status: {text(name)}</td></tr>'
        )
    body = "".join(rows)
    return f'<<table border="0" cellborder="0" cellspacing="3" cellpadding="2">{body}</table>>'
