"""A picture of a prerequisite graph as SVG, drawn without any external binary.

The layout is ``layout.layered``: prerequisites on top, layers down the page, long edges in
their own slots, so an edge never runs under a box it does not join. Labels wrap at hyphens
to keep boxes narrow, so a plan reads at the width of a README column; the picture has a
viewBox and may be scaled down (it stays sharp: it is vector). A legend under the graph says
what the edge styles, stripes and fills mean. Every label is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pathfinder.render.layout import Layout, Point
from pathfinder.render.layout_cache import cached_layered
from pathfinder.render.looks import EDGE_MEANINGS, Edge, Legend, NodeLook, legend, plain
from pathfinder.render.text import xml_attribute, xml_text

if TYPE_CHECKING:
    from pathlib import Path

    import networkx as nx

FONT = 13  # px; at a README column's 830 px a plan's picture is barely scaled
LINE = 16
WRAP = 132  # px: the longest label line before it wraps
# Advance widths in em of a wide common sans-serif (DejaVu Sans, the Linux default); other
# fonts are narrower, so a box sized with these holds its label in any of them.
_EM = dict.fromkeys("abdeghnopqu0123456789", 0.64) | dict.fromkeys("cksvxyz", 0.6)
_EM |= {"f": 0.36, "i": 0.28, "j": 0.28, "l": 0.28, "r": 0.42, "t": 0.4, "m": 0.98, "w": 0.82}
_EM |= {"-": 0.37, ".": 0.32, " ": 0.32, ",": 0.32, ":": 0.34, "_": 0.5}
PAD_X, PAD_Y, STRIPE = 9, 6, 6
MARGIN = 16
TITLE_H = 34
INK = "#334155"
EDGE_INK = "#475569"

EDGE_STYLE = {"soft": ' stroke-dasharray="6 4"', "one_of": ' stroke-width="2.6"'}


def _edge_style(kind: str) -> str:
    style = EDGE_STYLE.get(kind, "")
    return style if "stroke-width" in style else ' stroke-width="1.4"' + style


def render(graph: nx.DiGraph, looks: Mapping[str, NodeLook], title: str) -> str:
    """Draw ``graph`` (edges carry ``kind``); ``looks`` gives every node's label and colour."""
    nodes, edges = plain(graph)
    return render_plain(nodes, edges, looks, title)


def render_plain(
    nodes: Sequence[str],
    edges: Sequence[Edge],
    looks: Mapping[str, NodeLook],
    title: str,
    cache_dir: Path | None = None,
) -> str:
    """Draw ``nodes`` and ``edges`` (prerequisite, dependent, kind) in the order given (sort
    them for byte-stable output). Soft edges give way when the edges form a cycle.
    ``cache_dir``: where finished layouts are kept (see ``layout_cache``)."""
    lines = {node: wrap(looks[node].label) for node in nodes}
    layout = place(nodes, edges, lines, cache_dir)
    key = legend(looks[node] for node in nodes)
    title_w = text_width(title, 16) * 1.1  # bold
    width = max(layout.width, title_w, 300.0) + 2 * MARGIN
    key_svg, key_h = _legend(key, MARGIN, MARGIN + TITLE_H + layout.height + 24, width)
    height = MARGIN + TITLE_H + layout.height + 24 + key_h + MARGIN
    w, h = _num(width), _num(height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" style="max-width:100%;height:auto" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="{FONT}" fill="#0f172a">',
        f"<title>{xml_text(title)}</title>",
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 16}" font-size="16" font-weight="bold">'
        f"{xml_text(title)}</text>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_INK}"/></marker></defs>',
    ]
    dx = MARGIN + (width - 2 * MARGIN - layout.width) / 2
    dy = MARGIN + TITLE_H
    out.append(f'<g class="edges" fill="none" stroke="{EDGE_INK}">')
    for u, v, kind in edges:
        route = layout.routes.get((u, v))
        if route is None:  # a self-loop or a repeated pair: nothing to draw
            continue
        out.append(
            f'<path class="edge {kind}" data-from={xml_attribute(u)} data-to={xml_attribute(v)} '
            f'd="{path_data(route, dx, dy)}" marker-end="url(#arrow)"{_edge_style(kind)}/>'
        )
    out.append("</g>")
    out.append('<g class="nodes">')
    for node in nodes:
        out.append(_node(node, looks[node], lines[node], layout, dx, dy))
    out.append("</g>")
    out += key_svg
    out.append("</svg>")
    return "\n".join(out) + "\n"


def place(
    nodes: Sequence[str],
    edges: Sequence[Edge],
    lines: Mapping[str, list[str]],
    cache_dir: Path | None = None,
) -> Layout:
    """The layout of the picture whose boxes hold ``lines`` (each node's wrapped label)."""
    sizes = {
        node: (
            max(text_width(line) for line in lines[node]) + 2 * PAD_X + STRIPE,
            len(lines[node]) * LINE + 2 * PAD_Y,
        )
        for node in nodes
    }
    loose = {(u, v) for u, v, kind in edges if kind == "soft"}
    return cached_layered(cache_dir, nodes, [(u, v) for u, v, _ in edges], sizes, loose)


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn at ``size`` px (rather too wide than too narrow)."""
    return sum(_EM.get(c, 0.72) for c in text) * size


def wrap(label: str, limit: float = WRAP) -> list[str]:
    """``label`` in lines at most ``limit`` px wide where it can, broken after hyphens and at
    spaces (a longer word keeps its own line rather than being cut)."""
    words: list[str] = []
    for part in label.split(" "):
        pieces = part.split("-")
        words += [p + "-" for p in pieces[:-1]] + [pieces[-1] + " "]
    out: list[str] = []
    line = ""
    for word in words:
        if line and text_width((line + word).rstrip()) > limit:
            out.append(line.rstrip())
            line = ""
        line += word
    if line.strip() or not out:
        out.append(line.rstrip())
    return out


def path_data(route: Sequence[Point], dx: float = 0.0, dy: float = 0.0) -> str:
    """SVG path commands for a route: an S-bend (a cubic curve with vertical ends) across each
    gap between layers, a straight line through each slot in a layer."""
    pts = [(x + dx, y + dy) for x, y in route]
    out = [f"M{_num(pts[0][0])},{_num(pts[0][1])}"]
    for i in range(1, len(pts)):
        (x0, y0), (x1, y1) = pts[i - 1], pts[i]
        if i % 2 == 1:  # across a gap
            mid = _num((y0 + y1) / 2)
            out.append(f"C{_num(x0)},{mid} {_num(x1)},{mid} {_num(x1)},{_num(y1)}")
        else:  # through a dummy's slot
            out.append(f"L{_num(x1)},{_num(y1)}")
    return " ".join(out)


def _node(node: str, look: NodeLook, lines: list[str], layout: Layout, dx: float, dy: float) -> str:
    box = layout.boxes[node]
    x, y = box.x + dx, box.y + dy
    parts = [
        f'<g class="node" id={xml_attribute("node-" + node)}>'
        f"<title>{xml_text(look.tooltip)}</title>",
        f'<rect class="box" x="{_num(x)}" y="{_num(y)}" width="{_num(box.w)}" '
        f'height="{_num(box.h)}" rx="5" fill="{look.fill}" stroke="{INK}"/>',
    ]
    if look.stripe:
        parts.append(
            f'<path class="stripe" d="{_stripe(x, y, box.h)}" fill="{look.stripe}" stroke="{INK}"/>'
        )
    top = y + (box.h - len(lines) * LINE) / 2 + LINE - 4
    for i, line in enumerate(lines):
        parts.append(
            f'<text x="{_num(x + STRIPE + PAD_X - 2)}" y="{_num(top + i * LINE)}">'
            f"{xml_text(line)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def _stripe(x: float, y: float, h: float) -> str:
    """The box's left edge as a band with the box's rounded corners."""
    r = 5
    return (
        f"M{_num(x + r)},{_num(y)} H{_num(x + STRIPE)} V{_num(y + h)} H{_num(x + r)} "
        f"A{r},{r} 0 0 1 {_num(x)},{_num(y + h - r)} V{_num(y + r)} "
        f"A{r},{r} 0 0 1 {_num(x + r)},{_num(y)} Z"
    )


def _legend(key: Legend, x0: float, y0: float, width: float) -> tuple[list[str], float]:
    """The legend's SVG, flowed in rows within ``width``, and its height."""
    out = [f'<g class="legend" font-size="{FONT - 1}">']
    x, y = x0, y0
    right = width - MARGIN

    def place(item_w: float) -> tuple[float, float]:
        nonlocal x, y
        if x > x0 and x + item_w > right:
            x, y = x0, y + 22
        at = (x, y)
        x += item_w + 18
        return at

    def heading(text: str) -> None:
        nonlocal x, y
        if x > x0:
            x, y = x0, y + 26
        out.append(f'<text x="{_num(x)}" y="{_num(y + 12)}" font-weight="bold">{text}</text>')
        x += text_width(text, FONT - 1) * 1.1 + 10

    heading("Edges:")
    for kind, look, meaning in EDGE_MEANINGS:
        text = f"{look}: {meaning}" + ("" if kind == "one_of" else f" ({kind})")
        ex, ey = place(36 + text_width(text, FONT - 1))
        out.append(
            f'<path class="legend-edge {kind}" d="M{_num(ex)},{_num(ey + 8)} H{_num(ex + 30)}" '
            f'stroke="{EDGE_INK}" fill="none" marker-end="url(#arrow)"'
            f"{_edge_style(kind)}/>"
            f'<text x="{_num(ex + 36)}" y="{_num(ey + 12)}">{xml_text(text)}</text>'
        )
    for name, entries in (("Topics:", key.topics), ("Status:", key.statuses)):
        if not entries:
            continue
        heading(name)
        for entry in entries:
            label, fill = entry[0], entry[1]
            stripe = entry[2] if len(entry) > 2 else ""
            sx, sy = place(24 + text_width(label, FONT - 1))
            out.append(
                f'<rect x="{_num(sx)}" y="{_num(sy + 1)}" width="18" height="14" rx="3" '
                f'fill="{fill}" stroke="{INK}"/>'
            )
            if stripe:
                out.append(f'<path d="{_stripe(sx, sy + 1, 14)}" fill="{stripe}" stroke="{INK}"/>')
            out.append(f'<text x="{_num(sx + 24)}" y="{_num(sy + 12)}">{xml_text(label)}</text>')
    out.append("</g>")
    return out, y + 18 - y0


def _num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing .0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
