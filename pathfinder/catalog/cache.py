"""A parsed-catalog cache, so that only the first run after a change pays for YAML.

The cache holds the validated catalog as plain tuples in ``marshal`` format (which can hold
only basic values, so a tampered cache cannot run code), behind a header and a CRC-32 of the
payload that catches a truncated or damaged file.
It is keyed by pathfinder's version and every source file's path, size, modification time and
inode. Anything unexpected (another version, a changed or missing file, a bad digest, a
truncated or unreadable file) means the cache is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pathfinder.models import Catalog, Edge, Lab, Location, OneOf, Requirements, Resource, Topic
from pathfinder.version import __version__

MAGIC = b"pathfinder-catalog-cache\n"
FORMAT = (
    6  # 3: ``optional``; 4: sections, includes, choose, check settings; 5: topics by id; 6: checks
)
_DIGEST_BYTES = 4

Key = tuple[Any, ...]


def cache_file(cache_dir: Path, folders: list[Path]) -> Path:
    """One cache file per combination of catalog folders."""
    name = zlib.crc32("\0".join(str(f.resolve()) for f in folders).encode())
    return cache_dir / f"catalog-{name:08x}.bin"


def fingerprint(files: list[Path]) -> Key:
    """What the cache must match: our version and each file's identity and size and mtime."""
    stats = []
    for path in files:
        st = path.stat()
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
    return (FORMAT, __version__, tuple(stats))


def read(path: Path, key: Key) -> Catalog | None:
    """The cached catalog, or None when there is none or it cannot be trusted."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + _DIGEST_BYTES
    if not blob.startswith(MAGIC) or len(blob) < head:
        return None
    digest, payload = blob[len(MAGIC) : head], blob[head:]
    if zlib.crc32(payload).to_bytes(_DIGEST_BYTES, "big") != digest:
        return None
    try:
        stored_key, data = marshal.loads(payload)
        if stored_key != key:
            return None
        return _catalog(data)
    except (EOFError, ValueError, TypeError, IndexError, KeyError):
        return None


def write(path: Path, key: Key, catalog: Catalog) -> None:
    """Store the catalog; a cache that cannot be written is simply not written."""
    payload = marshal.dumps((key, _data(catalog)))
    import tempfile

    digest = zlib.crc32(payload).to_bytes(_DIGEST_BYTES, "big")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + digest + payload)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def _data(catalog: Catalog) -> tuple[Any, ...]:
    files: dict[str, int] = {}

    def where(location: Location) -> tuple[int, int | None]:
        return (files.setdefault(str(location.file), len(files)), location.line)

    # The values are named tuples: marshal stores them as plain tuples of their fields.
    topics = [tuple(t) for t in catalog.topics.values()]
    resources = [tuple(r) for r in catalog.resources.values()]
    requirements = [
        (rid, tuple(map(tuple, req.hard)), tuple(map(tuple, req.soft)),
         tuple(map(tuple, req.one_of)))
        for rid, req in catalog.requirements.items()
    ]  # fmt: skip
    labs = [tuple(lab) for lab in catalog.labs]
    locations = {rid: where(loc) for rid, loc in catalog.locations.items()}
    blocks = {rid: where(loc) for rid, loc in catalog.requirement_locations.items()}
    order = catalog.reading_order()
    reading = (list(order.keys.values()), order.backward)
    return (
        topics, resources, requirements, labs, catalog.aliases, locations, blocks, list(files),
        reading, catalog.ignored_checks,
    )  # fmt: skip


class _Locations(Mapping[str, Location]):
    """Locations kept as (file number, line) and made into Location objects when asked for:
    only error messages and warnings need them, and building 200,000 up front costs."""

    def __init__(self, raw: dict[str, tuple[int, int | None]], paths: list[Path]) -> None:
        self._raw = raw
        self._paths = paths

    def __getitem__(self, key: str) -> Location:
        file, line = self._raw[key]
        return Location(self._paths[file], line)

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _catalog(data: tuple[Any, ...]) -> Catalog:
    topics, resources, requirements, labs, aliases, locations, blocks, files, reading, ignored = (
        data
    )
    paths = [Path(f) for f in files]
    new = tuple.__new__  # named tuples straight from their fields, without calling __new__

    catalog = Catalog(
        topics={t[0]: new(Topic, t) for t in topics},
        resources={r[0]: new(Resource, r) for r in resources},
        requirements={
            rid: new(
                Requirements,
                (
                    tuple([new(Edge, e) for e in hard]),
                    tuple([new(Edge, e) for e in soft]),
                    tuple([new(OneOf, g) for g in groups]),
                ),
            )
            for rid, hard, soft, groups in requirements
        },
        labs=[new(Lab, lab) for lab in labs],
        aliases=dict(aliases),
        locations=_Locations(locations, paths),
        requirement_locations=_Locations(blocks, paths),
        ignored_checks=dict(ignored),
    )
    keys, backward = reading
    catalog.remember_reading_order(keys, backward)  # a length mismatch raises ValueError
    return catalog
