"""A picture's layout is kept in the cache folder: the same inputs give the same layout from
the cache, any change is laid out afresh, and a bad cache file is never trusted."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pathfinder.render import layout_cache
from pathfinder.render.layout import layered

Inputs = tuple[list[str], list[tuple[str, str]], dict[str, tuple[float, float]], set]


def _graph(seed: int, n: int = 30) -> Inputs:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(n)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(2 * n)]
    sizes = {node: (rng.choice([40.0, 96.5, 130.25]), rng.choice([34.0, 50.0])) for node in nodes}
    return nodes, edges, sizes, set(edges[::5])


def _no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("laid out again although the cache holds this layout")

    monkeypatch.setattr(layout_cache, "layered", refuse)


def test_a_cached_layout_is_the_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graphs = [_graph(seed) for seed in range(5)]
    fresh = [layered(*graph) for graph in graphs]
    assert [layout_cache.cached_layered(tmp_path, *g) for g in graphs] == fresh
    _no_layout(monkeypatch)
    assert [layout_cache.cached_layered(tmp_path, *g) for g in graphs] == fresh


@pytest.mark.parametrize("change", ["size", "edge", "loose", "order"])
def test_any_change_is_laid_out_afresh(tmp_path: Path, change: str) -> None:
    nodes, edges, sizes, loose = _graph(1)
    layout_cache.cached_layered(tmp_path, nodes, edges, sizes, loose)
    if change == "size":
        sizes = {**sizes, nodes[3]: (sizes[nodes[3]][0] + 0.5, sizes[nodes[3]][1])}
    elif change == "edge":
        edges = [*edges, (nodes[0], nodes[-1])]
    elif change == "loose":
        loose = loose | {edges[1]}
    else:
        nodes = list(reversed(nodes))
    assert layout_cache.cached_layered(tmp_path, nodes, edges, sizes, loose) == layered(
        nodes, edges, sizes, loose
    )


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    graph = _graph(2)
    fresh = layered(*graph)
    layout_cache.cached_layered(tmp_path, *graph)
    cached = tmp_path / layout_cache.FILE
    whole = cached.read_bytes()
    for damage in (b"", b"not marshal", whole[:-9], b"\xe9" + whole[1:]):
        cached.write_bytes(damage)
        assert layout_cache.cached_layered(tmp_path, *graph) == fresh
    assert cached.read_bytes() == whole  # rewritten as it was


def test_only_the_last_few_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graphs = [_graph(seed, 6) for seed in range(layout_cache.KEEP + 3)]
    for graph in graphs:
        layout_cache.cached_layered(tmp_path, *graph)
    _no_layout(monkeypatch)
    for graph in graphs[3:]:
        layout_cache.cached_layered(tmp_path, *graph)  # kept
    with pytest.raises(AssertionError, match="laid out again"):
        layout_cache.cached_layered(tmp_path, *graphs[0])  # the oldest went


def test_no_cache_folder_no_file(tmp_path: Path) -> None:
    assert layout_cache.cached_layered(None, *_graph(3)) == layered(*_graph(3))
    assert not list(tmp_path.rglob(layout_cache.FILE))


def test_graph_and_the_web_page_draw_from_the_cache(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """End to end: the same picture twice is the same bytes, the second from the cache."""
    outputs = []
    for _ in range(2):
        result = cli("graph", "-f", "svg")
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert list(tmp_path.rglob(layout_cache.FILE))
