"""Finished layouts kept in the cache folder, so the same picture is not laid out twice.

Laying out the whole built-in catalog (about 50 boxes and 500 slots for long edges) takes
about 50 ms of sweeps, a third of ``pathfinder graph --format svg``; the same picture is
often drawn again (a plan's web page after each mark, the catalog for the docs). A layout
is stored under a BLAKE2b digest of everything it is computed from: the nodes, edges, box
sizes and soft edges in their order, pathfinder's version and the layout code itself (its
source file's bytes), so an edit of any of them, even one that keeps the version, is a new
key and never served stale. The file holds the last few layouts as plain values in
``marshal`` format (which cannot run code); anything unexpected in it is ignored and
rewritten.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from pathfinder.render import layout as _layout_module
from pathfinder.render.layout import Box, Layout, layered
from pathfinder.version import __version__

FORMAT = 1
KEEP = 16  # layouts kept: a few plans and the whole catalog, each a few kilobytes
FILE = "layouts.bin"


def cached_layered(
    cache_dir: Path | None,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    sizes: Mapping[str, tuple[float, float]],
    loose: Collection[tuple[str, str]] = (),
) -> Layout:
    """``layout.layered(nodes, edges, sizes, loose)``, from the cache in ``cache_dir`` when
    it holds the layout of exactly these inputs (None: no cache)."""
    if cache_dir is None:
        return layered(nodes, edges, sizes, loose)
    from hashlib import blake2b

    try:
        code = Path(_layout_module.__file__).read_bytes()
    except OSError:  # no source to key on (a frozen build): never cached
        return layered(nodes, edges, sizes, loose)
    inputs = (list(nodes), list(edges), [sizes[node] for node in nodes], sorted(loose))
    key = blake2b(marshal.dumps((FORMAT, __version__, code, inputs)), digest_size=16).hexdigest()
    path = cache_dir / FILE
    entries = _read(path)
    found = entries.get(key)
    if found is not None:
        with contextlib.suppress(TypeError, ValueError):
            return _from_values(found)
    result = layered(nodes, edges, sizes, loose)
    entries.pop(key, None)
    entries[key] = _values(result)
    while len(entries) > KEEP:  # the oldest first: dicts keep their insertion order
        del entries[next(iter(entries))]
    _write(path, entries)
    return result


def _values(layout: Layout) -> tuple[Any, ...]:
    boxes = {node: (b.x, b.y, b.w, b.h) for node, b in layout.boxes.items()}
    return (boxes, layout.routes, layout.width, layout.height, layout.crossings)


def _from_values(values: Any) -> Layout:
    boxes, routes, width, height, crossings = values
    return Layout(
        {node: Box(*box) for node, box in boxes.items()},
        {tuple(edge): [tuple(point) for point in points] for edge, points in routes.items()},  # type: ignore[misc]
        width,
        height,
        crossings,
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        form, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if form != FORMAT or not isinstance(entries, dict):
        return {}
    return entries


def _write(path: Path, entries: dict[str, Any]) -> None:
    """Replace the file at once (a reader sees the old or the new one); a cache that cannot
    be written is simply not written."""
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".layouts-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps((FORMAT, entries)))
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
