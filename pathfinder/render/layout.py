"""A layered (Sugiyama) drawing of a directed graph, top to bottom, on plain data.

Nodes are strings with a box size; edges are ``(source, target)`` pairs, drawn pointing down.
The four classic steps, each a small function over integer node numbers:

1. **Cycle removal**: edges are kept in the order given; one that would close a cycle is laid
   out reversed (and still drawn pointing at its real target). ``loose`` edges (soft ones)
   are added last, so a cycle is broken on them first.
2. **Layer assignment**: longest path from the sources, then each node moves up or down within
   the room its neighbours leave when that shortens its edges (a source is pulled down next
   to the first node that needs it). An edge spanning several layers is split by a dummy node
   in every layer it crosses: that dummy is the edge's own slot in the layer, so no box can
   be placed where the edge runs.
3. **Crossing reduction**: layer-by-layer sweeps, alternately down and up, ordering each
   layer by the weighted median of its neighbours' positions, each sweep followed by
   swapping adjacent nodes while that removes crossings (transposition); started from a
   breadth-first and from a depth-first order, and the order with the fewest crossings seen
   is kept.
4. **Coordinate assignment**: each node is pulled towards the weighted mean of its
   neighbours' centres (edges between dummies weigh most, so long edges run straight), layer
   by layer, and the layer is then solved exactly for the closest positions that keep its
   order and spacing (pool-adjacent-violators). A dozen sweeps settle it.

Between two layers an edge only crosses the empty band between them, and inside a layer it
only runs through its dummy's slot, so an edge never passes through a box it does not join.
Everything is deterministic for a given input order; nothing here imports networkx.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

Point = tuple[float, float]

GAP_X = 22.0  # between two boxes in a layer
GAP_DUMMY = 12.0  # beside a dummy (an edge's slot)
DUMMY_W = 4.0
GAP_Y = 46.0  # the band between two layers, where edges bend; more room when many do
GAP_Y_MAX = 86.0
SWEEPS = 24
STALE_SWEEPS = 8  # a start gives up after this many sweeps without a better order
PLACE_SWEEPS = 16


@dataclass(frozen=True)
class Box:
    """A node's rectangle: top-left corner and size."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Layout:
    """Where everything goes. ``routes[(u, v)]`` are the points of edge u -> v from u to v:
    ``[start, slot_top, slot_bottom, slot_top, slot_bottom, ..., end]``; a renderer bends
    between pairs (start -> first slot top, slot bottom -> next slot top, ..., -> end) inside
    the gaps between layers, and draws the straight slot segments through the layers."""

    boxes: dict[str, Box]
    routes: dict[tuple[str, str], list[Point]]
    width: float
    height: float
    crossings: int  # between layers, of the chosen order (edge pairs that cross)


def layered(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    sizes: Mapping[str, tuple[float, float]],
    loose: Collection[tuple[str, str]] = (),
) -> Layout:
    """Lay out ``nodes`` (with ``sizes[node] = (width, height)``) and ``edges``, prerequisites
    on top. Edges in ``loose`` may be laid out reversed first if the graph has a cycle.
    Self-loops and repeated edges are dropped; unknown endpoints raise KeyError."""
    index = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    ordered = [e for e in edges if e not in loose] + [e for e in edges if e in loose]
    for u, v in ordered:
        pair = (index[u], index[v])
        if pair[0] != pair[1] and pair not in seen:
            seen.add(pair)
            pairs.append(pair)
    directed = _break_cycles(n, pairs)
    rank = _assign_layers(n, directed)
    graph = _split_long_edges(n, rank, directed, [sizes[node] for node in nodes])
    order = _order(graph)
    xs = _place(graph, order)
    return _geometry(nodes, pairs, directed, graph, order, xs)


def _break_cycles(n: int, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The edges oriented so the graph is acyclic: each edge, in the given order, keeps its
    direction unless the edges kept before it already lead from its target to its source."""
    succ: list[list[int]] = [[] for _ in range(n)]
    out = []
    for u, v in pairs:
        if _reaches(succ, v, u):
            u, v = v, u
        succ[u].append(v)
        out.append((u, v))
    return out


def _reaches(succ: list[list[int]], start: int, goal: int) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in succ[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _assign_layers(n: int, edges: list[tuple[int, int]]) -> list[int]:
    """Longest path from the sources, then local moves that shorten the total edge length."""
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        succs[u].append(v)
        preds[v].append(u)
    indegree = [len(p) for p in preds]
    queue = [i for i in range(n) if indegree[i] == 0]
    topo = []
    while queue:
        node = queue.pop(0)
        topo.append(node)
        for nxt in succs[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    rank = [0] * n
    for node in topo:
        for nxt in succs[node]:
            rank[nxt] = max(rank[nxt], rank[node] + 1)
    moved = True
    while moved:  # each move shortens the total length, so this ends
        moved = False
        for node in reversed(topo):
            up, down = len(preds[node]), len(succs[node])
            low = max((rank[p] + 1 for p in preds[node]), default=0)
            high = min((rank[s] - 1 for s in succs[node]), default=rank[node])
            target = high if down > up else low if up > down else rank[node]
            if target != rank[node]:
                rank[node] = target
                moved = True
    low = min(rank, default=0)
    return [r - low for r in rank]


@dataclass
class _Layered:
    """The proper layered graph: real nodes 0..real-1, then dummies; every edge joins
    adjacent layers. ``chains[k]`` are the nodes edge k passes through, top to bottom."""

    real: int
    rank: list[int]
    width: list[float]
    height: list[float]
    up: list[list[int]]
    down: list[list[int]]
    chains: list[list[int]]


def _split_long_edges(
    n: int, rank: list[int], edges: list[tuple[int, int]], sizes: list[tuple[float, float]]
) -> _Layered:
    graph = _Layered(
        n,
        list(rank),
        [w for w, _ in sizes],
        [h for _, h in sizes],
        [[] for _ in range(n)],
        [[] for _ in range(n)],
        [],
    )
    for u, v in edges:
        chain = [u]
        for layer in range(rank[u] + 1, rank[v]):
            dummy = len(graph.rank)
            graph.rank.append(layer)
            graph.width.append(DUMMY_W)
            graph.height.append(0.0)
            graph.up.append([])
            graph.down.append([])
            chain.append(dummy)
        chain.append(v)
        for a, b in pairwise(chain):
            graph.down[a].append(b)
            graph.up[b].append(a)
        graph.chains.append(chain)
    return graph


def _order(graph: _Layered) -> list[list[int]]:
    """Each layer's nodes left to right, with few crossings: the best of sweeps from a
    breadth-first and a depth-first start, each begun downwards and upwards."""
    best: list[list[int]] = []
    best_crossings = -1
    for depth_first in (False, True):
        for first_down in (True, False):
            order = _initial_order(graph, depth_first)
            found = _crossings(graph, order)
            if best_crossings < 0 or found < best_crossings:
                best, best_crossings = [list(layer) for layer in order], found
            stale = 0
            pos = [0] * len(graph.rank)
            for sweep in range(SWEEPS):
                if best_crossings == 0:
                    return best
                if stale == STALE_SWEEPS:
                    break
                downward = (sweep % 2 == 0) == first_down
                layers = range(1, len(order)) if downward else range(len(order) - 2, -1, -1)
                for layer in layers:
                    order[layer] = _median_sort(graph, order, layer, downward, pos)
                _transpose(graph, order)
                found = _crossings(graph, order)
                stale += 1
                if found < best_crossings:
                    best, best_crossings = [list(layer) for layer in order], found
                    stale = 0
    return best


def _initial_order(graph: _Layered, depth_first: bool) -> list[list[int]]:
    """Layers filled in the order a search from each source (in input order) meets nodes,
    so that connected nodes start out near each other."""
    order: list[list[int]] = [[] for _ in range(max(graph.rank, default=-1) + 1)]
    placed = [False] * len(graph.rank)
    for start in range(len(graph.rank)):
        if placed[start] or graph.up[start]:
            continue
        frontier = [start]
        placed[start] = True
        while frontier:
            node = frontier.pop() if depth_first else frontier.pop(0)
            order[graph.rank[node]].append(node)
            near = graph.down[node] + graph.up[node]
            for nxt in reversed(near) if depth_first else near:
                if not placed[nxt]:
                    placed[nxt] = True
                    frontier.append(nxt)
    return order


def _positions(order: list[list[int]], size: int) -> list[int]:
    pos = [0] * size
    for layer in order:
        for p, node in enumerate(layer):
            pos[node] = p
    return pos


def _median_sort(
    graph: _Layered, order: list[list[int]], layer: int, downward: bool, pos: list[int]
) -> list[int]:
    """The layer sorted by the weighted median of each node's neighbours in the layer just
    swept; a node without such neighbours keeps its place. ``pos``: scratch space, one slot
    per node, of which only the neighbouring layer's are set and read."""
    for p, node in enumerate(order[layer - 1] if downward else order[layer + 1]):
        pos[node] = p
    nodes = order[layer]
    near_of = graph.up if downward else graph.down
    values: list[float | None] = []
    for node in nodes:
        near = sorted([pos[m] for m in near_of[node]])
        values.append(_weighted_median(near) if near else None)
    movable = sorted(
        (v, i) for i, v in enumerate(values) if v is not None
    )  # ties keep the current order
    result = list(nodes)
    slots = [i for i, v in enumerate(values) if v is not None]
    for slot, (_, i) in zip(slots, movable, strict=True):
        result[slot] = nodes[i]
    return result


def _weighted_median(sorted_positions: list[int]) -> float:
    m = len(sorted_positions) // 2
    if len(sorted_positions) % 2 == 1:
        return float(sorted_positions[m])
    if len(sorted_positions) == 2:
        return (sorted_positions[0] + sorted_positions[1]) / 2
    left = sorted_positions[m - 1] - sorted_positions[0]
    right = sorted_positions[-1] - sorted_positions[m]
    if left + right == 0:
        return (sorted_positions[m - 1] + sorted_positions[m]) / 2
    return (sorted_positions[m - 1] * right + sorted_positions[m] * left) / (left + right)


def _transpose(graph: _Layered, order: list[list[int]]) -> None:
    """Swap neighbours in a layer while that lowers the crossings around them.

    The crossings between the edges of two neighbours u, v (u on the left) are counted for
    both orders in one pass over their edge pairs: an upper (or lower) end of u's right of
    one of v's is a crossing as they stand, left of it one if they are swapped. While a
    layer is worked on only its own nodes move, so the ends' positions are looked up once
    per layer. A layer that found nothing to swap is not looked at again until it or a layer
    beside it changes: it would find nothing again."""
    pos = _positions(order, len(graph.rank))
    up, down = graph.up, graph.down
    changes = [0] * (len(order) + 2)  # swaps made in each layer, with an empty layer each side
    settled: list[tuple[int, int, int] | None] = [None] * len(order)
    improved = True
    rounds = 0
    while improved and rounds < 8:
        improved = False
        rounds += 1
        for number, layer in enumerate(order):
            around = (changes[number], changes[number + 1], changes[number + 2])
            if settled[number] == around:
                continue
            ups = [[pos[a] for a in up[node]] for node in layer]
            downs = [[pos[a] for a in down[node]] for node in layer]
            for i in range(len(layer) - 1):
                kept = swapped = 0  # crossings as they stand, and with the two swapped
                for ends in (ups, downs):
                    right = ends[i + 1]
                    if right:
                        for a in ends[i]:
                            for b in right:
                                if a > b:
                                    kept += 1
                                elif a < b:
                                    swapped += 1
                if swapped < kept:
                    u, v = layer[i], layer[i + 1]
                    layer[i], layer[i + 1] = v, u
                    pos[u], pos[v] = i + 1, i
                    ups[i], ups[i + 1] = ups[i + 1], ups[i]
                    downs[i], downs[i + 1] = downs[i + 1], downs[i]
                    changes[number + 1] += 1
                    improved = True
            if changes[number + 1] == around[1]:
                settled[number] = around


def _crossings(graph: _Layered, order: list[list[int]]) -> int:
    """Edge crossings between every two adjacent layers: inversions of the lower ends when
    the edges are sorted by their upper ends (counted with a Fenwick tree)."""
    pos = _positions(order, len(graph.rank))
    total = 0
    for layer, nodes in enumerate(order[:-1]):
        ends = sorted((pos[u], pos[v]) for u in nodes for v in graph.down[u])
        size = len(order[layer + 1])
        tree = [0] * (size + 1)
        for seen, (_, low) in enumerate(ends):
            i, before = low + 1, 0  # how many earlier edges end at or left of ``low``
            while i > 0:
                before += tree[i]
                i -= i & -i
            total += seen - before
            i = low + 1
            while i <= size:
                tree[i] += 1
                i += i & -i
    return total


def _place(graph: _Layered, order: list[list[int]]) -> list[float]:
    """Centre x of every node."""
    size = len(graph.rank)
    xs = [0.0] * size
    for layer in order:
        x = 0.0
        for i, node in enumerate(layer):
            if i:
                x += _separation(graph, layer[i - 1], node)
            xs[node] = x
    widest = max((xs[layer[-1]] for layer in order if layer), default=0.0)
    for layer in order:
        if layer:
            shift = (widest - xs[layer[-1]]) / 2
            for node in layer:
                xs[node] += shift

    def weight(a: int, b: int) -> float:
        dummies = (a >= graph.real) + (b >= graph.real)
        return (1.0, 2.0, 8.0)[dummies]

    count = len(order)
    for sweep in range(PLACE_SWEEPS):
        layers = range(count) if sweep % 2 == 0 else range(count - 1, -1, -1)
        for layer in layers:
            nodes = order[layer]
            if not nodes:
                continue
            want, weights = [], []
            for node in nodes:
                near = graph.up[node] + graph.down[node]
                total = sum(weight(node, m) for m in near)
                if total:
                    want.append(sum(weight(node, m) * xs[m] for m in near) / total)
                    weights.append(total)
                else:
                    want.append(xs[node])
                    weights.append(0.01)
            offsets = [0.0]
            for a, b in pairwise(nodes):
                offsets.append(offsets[-1] + _separation(graph, a, b))
            fitted = _isotonic([w - o for w, o in zip(want, offsets, strict=True)], weights)
            for node, z, o in zip(nodes, fitted, offsets, strict=True):
                xs[node] = z + o
    left = min((xs[node] - graph.width[node] / 2 for layer in order for node in layer), default=0.0)
    return [x - left for x in xs]


def _separation(graph: _Layered, a: int, b: int) -> float:
    """Least distance between the centres of a and b, side by side in a layer."""
    gap = GAP_X if a < graph.real and b < graph.real else GAP_DUMMY
    return (graph.width[a] + graph.width[b]) / 2 + gap


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence closest to ``values`` in weighted least squares
    (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, weight2, count2 = blocks.pop()
            mean1, weight1, count1 = blocks[-1]
            total = weight1 + weight2
            blocks[-1] = [(mean1 * weight1 + mean2 * weight2) / total, total, count1 + count2]
    out: list[float] = []
    for mean, _, count in blocks:
        out += [mean] * int(count)
    return out


def _geometry(
    nodes: Sequence[str],
    pairs: list[tuple[int, int]],
    directed: list[tuple[int, int]],
    graph: _Layered,
    order: list[list[int]],
    xs: list[float],
) -> Layout:
    tops, y = [], 0.0
    heights = []
    for layer in order:
        height = max((graph.height[node] for node in layer), default=0.0)
        tops.append(y)
        heights.append(height)
        bending = sum(len(graph.down[node]) for node in layer)
        y += height + min(GAP_Y + 2.5 * max(0, bending - 6), GAP_Y_MAX)
    boxes = {}
    for i, node in enumerate(nodes):
        top = tops[graph.rank[i]]
        w = graph.width[i]
        boxes[node] = Box(xs[i] - w / 2, top, w, heights[graph.rank[i]])
    # Ports: the edges leaving a box share its bottom side, ordered by where they go, and
    # the edges entering it share its top side, ordered by where they come from.
    out_port: dict[int, float] = {}
    in_port: dict[int, float] = {}
    for side, ports in (("down", out_port), ("up", in_port)):
        by_node: dict[int, list[tuple[float, int]]] = {}
        for k, chain in enumerate(graph.chains):
            node, nxt = (chain[0], chain[1]) if side == "down" else (chain[-1], chain[-2])
            by_node.setdefault(node, []).append((xs[nxt], k))
        for node, ends in by_node.items():
            ends.sort()
            room = min(graph.width[node] * 0.6, 16.0 * (len(ends) - 1))
            for i, (_, k) in enumerate(ends):
                offset = room * (i / (len(ends) - 1) - 0.5) if len(ends) > 1 else 0.0
                ports[k] = xs[node] + offset
    routes: dict[tuple[str, str], list[Point]] = {}
    for k, chain in enumerate(graph.chains):
        first, last = chain[0], chain[-1]
        points: list[Point] = [(out_port[k], tops[graph.rank[first]] + heights[graph.rank[first]])]
        for dummy in chain[1:-1]:
            layer = graph.rank[dummy]
            points += [(xs[dummy], tops[layer]), (xs[dummy], tops[layer] + heights[layer])]
        points.append((in_port[k], tops[graph.rank[last]]))
        u, v = pairs[k]
        if directed[k] != pairs[k]:
            points.reverse()
        routes[(nodes[u], nodes[v])] = points
    width = max((box.x + box.w for box in boxes.values()), default=0.0)
    for layer in order:
        for node in layer:
            width = max(width, xs[node] + graph.width[node] / 2)
    return Layout(
        boxes,
        routes,
        width,
        max((top + height for top, height in zip(tops, heights, strict=True)), default=0.0),
        _crossings(graph, order),
    )
