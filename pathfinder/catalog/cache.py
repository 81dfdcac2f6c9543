"""A parsed-catalog cache, so that only files that changed are parsed again.

Two levels, both keyed on content, never on sizes or times (an edit that keeps the size and
restores the modification time, as ``cp -p``, tar and sync tools do, must not be served
stale): each file is known by a BLAKE2b digest of its bytes.

- The whole validated catalog, for the exact set of files and digests it came from: a run on
  unchanged files reads it and nothing else.
- Each file's part (``pathfinder.catalog.reading.Part``: the file parsed and validated on its
  own), keyed on its path and digest: after an edit, only the edited file is parsed, and the
  checks across files (layers, references, cycles) run again on the cached parts.

Both are plain values in ``marshal`` format (which can hold only basic values, so a tampered
cache cannot run code), behind a header and a CRC-32 of the payload that catches a truncated
or damaged file. Anything unexpected (another version, another digest, a bad CRC, a truncated
or unreadable file) means that entry is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pathfinder.catalog.reading import Part, parse_part
from pathfinder.errors import FileProblemsError, Problem
from pathfinder.models import Catalog, Edge, Lab, Location, OneOf, Requirements, Resource, Topic
from pathfinder.version import __version__

try:  # hashlib's own BLAKE2b, without hashlib, which loads OpenSSL too (3 ms of every command)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

MAGIC = b"pathfinder-catalog-cache\n"
# 3: resources gained ``optional``; 4: sections, includes, choose, check settings;
# 5: keyed on content digests, with a part per file; 6: topics by id; 7: checks;
# 8: the adjacency by catalog position, requirements and locations unmarshalled on use
FORMAT = 8
_DIGEST_BYTES = 4

Key = tuple[Any, ...]


def digest(content: bytes) -> bytes:
    """What a file is known by: 128 bits of BLAKE2b (about 1 GB/s, so 36 MB of catalog costs
    a few tens of milliseconds; a CRC would be faster but two different files can share one)."""
    return blake2b(content, digest_size=16).digest()


class CatalogCache:
    """The cache entries of one load: the catalog of these exact files, and each file's part.

    ``contents`` are the bytes of every source file, read once: digests and any parsing use
    these same bytes, so a file that changes meanwhile cannot be stored under the digest of
    what it was. ``parsed`` lists the files this load parsed (the others came from the
    cache), in order."""

    def __init__(self, cache_dir: Path, folders: list[Path], contents: dict[Path, bytes]) -> None:
        self._dir = cache_dir
        name = zlib.crc32(b"\0".join(os.fsencode(f.resolve()) for f in folders))
        self._whole = cache_dir / f"catalog-{name:08x}.bin"
        self._contents = contents
        self._digests = {path: digest(data) for path, data in contents.items()}
        self._key: Key = (FORMAT, __version__, tuple((str(p), d) for p, d in self._digests.items()))
        self._new_parts: dict[Path, Part] = {}
        self._patched: tuple[Any, ...] | None = None  # the payload ``patched`` made
        self._stale: tuple[Any, Any] = (None, None)  # the cached catalog of other files
        self._failed: dict[Path, list[Problem]] = {}  # parsed by ``patched``, with problems
        self.parsed: list[Path] = []

    def catalog(self) -> Catalog | None:
        """The cached catalog of exactly these files, or None."""
        stored_key, data = _read_any(self._whole)
        if stored_key != self._key:
            self._stale = (stored_key, data)  # for ``patched``
            return None
        try:
            return None if data is None else _catalog(data)
        except (EOFError, ValueError, TypeError, IndexError, KeyError):
            return None

    def patched(self, topic_files: set[Path]) -> Catalog | None:
        """After an edit of one topic file that changes nothing the checks across files read
        (its topic block, labs, and each resource's id, url, section, aliases and level, in
        order), the cached catalog of the files as they were with that file's resources
        taken from its new part; None in any other case (the caller then combines every
        file's part and runs every check). This is what makes fixing a title or a summary in
        one file of a 100,000-resource catalog cost that file's parse, not a second of
        checks across 100,000 resources.

        Nothing the loader checks across files can have changed: duplicate ids, urls and
        aliases, references to resources and topics, includes and cycles read only those
        fields, the prerequisites and the other files. The edited file itself is parsed and
        validated as always; a file with problems is left to the full load to report."""
        old_key, data = self._stale
        self._stale = (None, None)  # not kept through a full load when this fails
        if not (
            isinstance(old_key, tuple)
            and len(old_key) == 3
            and old_key[:2] == self._key[:2]
            and isinstance(data, tuple)
            and len(data) == 10
        ):
            return None
        old, new = dict(old_key[2]), dict(self._key[2])
        changed = [name for name, d in new.items() if old.get(name) != d]
        if list(old) != list(new) or len(changed) != 1:  # the same files, in the same order
            return None
        path = next((p for p in topic_files if str(p) == changed[0]), None)
        if path is None:
            return None
        before = _read(self._part_file(path), (FORMAT, __version__, changed[0], old[changed[0]]))
        problems: list[Problem] = []
        after = self.part(path, False, problems)
        if problems:
            self._failed[path] = problems  # for the full load to report, without a new parse
            return None
        if (
            not isinstance(before, tuple)
            or after is None
            or before[0] != "topic"
            or after[0] != "topic"
            or _shape(before[1]) != _shape(after[1])
        ):
            return None
        try:
            return self._patch(data, path, after)
        except (EOFError, ValueError, TypeError, IndexError, KeyError):
            return None

    def _patch(self, data: tuple[Any, ...], path: Path, part: Part) -> Catalog:
        """``data`` (a cached catalog's payload) with the resources of ``path`` and their
        lines taken from its new ``part``; ``save`` stores it under this load's key."""
        from pathfinder.catalog.reading import Layers, add_topic_part

        layers = Layers()
        add_topic_part(layers, path, part, {}, {})
        if layers.problems:
            raise ValueError("the part does not combine on its own")
        resources, files = list(data[1]), data[6]
        number = {resource[0]: i for i, resource in enumerate(resources)}
        file = files.index(str(path))
        locations, blocks = marshal.loads(data[5])
        for rid, resource in layers.resources.items():
            i = number[rid]
            if resources[i][4] != resource.topic or locations[rid][0] != file:
                raise ValueError("not the same resource")
            resources[i] = tuple(resource)
            locations[rid] = (file, layers.locations[rid].line)
        patched = (*data[:1], resources, *data[2:5], marshal.dumps((locations, blocks)), *data[6:])
        catalog = _catalog(patched)
        self._patched = patched
        return catalog

    def part(self, path: Path, is_prerequisites: bool, problems: list[Problem]) -> Part | None:
        """A file's part: from the cache when this path with this digest was parsed before,
        else parsed now (problems go to ``problems``; a file with problems is not kept)."""
        if path not in self._digests:  # appeared since the files were listed
            self.parsed.append(path)
            return parse_part(path, None, is_prerequisites, problems)
        if path in self._new_parts:  # parsed already by ``patched``
            return self._new_parts[path]
        if path in self._failed:
            problems += self._failed[path]
            return None
        key = (FORMAT, __version__, str(path), self._digests[path])
        part = _read(self._part_file(path), key)
        if isinstance(part, tuple) and part and part[0] in ("topic", "prerequisites"):
            return part
        from pathfinder.catalog.yaml_reader import decode

        self.parsed.append(path)
        try:
            text = decode(self._contents[path], path)
        except FileProblemsError as exc:
            problems += exc.problems
            return None
        part = parse_part(path, text, is_prerequisites, problems)
        if part is not None:
            self._new_parts[path] = part
        return part

    def save(self, catalog: Catalog) -> None:
        """Store the parts parsed in this load and the catalog; what cannot be written is
        simply not written."""
        for path, part in self._new_parts.items():
            key = (FORMAT, __version__, str(path), self._digests[path])
            _write(self._part_file(path), key, part)
        _write(self._whole, self._key, self._patched or _data(catalog))

    def _part_file(self, path: Path) -> Path:
        name = blake2b(os.fsencode(path), digest_size=12).hexdigest()
        return self._dir / "parts" / f"{name}.bin"


def _read(path: Path, key: Key) -> Any:
    """The value stored under ``key`` in ``path``, or None when there is none or it cannot be
    trusted."""
    stored_key, data = _read_any(path)
    return data if stored_key == key else None


def _read_any(path: Path) -> tuple[Any, Any]:
    """The key and value stored in ``path``, whatever the key; (None, None) when there is
    nothing there that can be trusted. A large file is mapped rather than read: its pages
    come straight from the page cache, without a copy (at 100,000 resources the file is
    35 MB, and mapping it saves 0.02 s). Cache files are replaced whole, never rewritten in
    place, so a mapped file cannot change under the reader."""
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size < _MAP_FROM:
                return _unpack(handle.read())
            import mmap

            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None, None
    try:
        return _unpack(mapped)
    finally:
        mapped.close()


_MAP_FROM = 1 << 20  # bytes; a smaller file is read (importing mmap costs half a millisecond)


def _unpack(blob: bytes | Any) -> tuple[Any, Any]:
    """The key and value in the bytes of a cache file (``blob``: bytes or a mapped file)."""
    head = len(MAGIC) + _DIGEST_BYTES
    if len(blob) < head or blob[: len(MAGIC)] != MAGIC:
        return None, None
    crc = blob[len(MAGIC) : head]
    with memoryview(blob) as view, view[head:] as payload:  # not a copy of the payload
        if zlib.crc32(payload).to_bytes(_DIGEST_BYTES, "big") != crc:
            return None, None
        try:
            stored_key, data = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None, None
    return stored_key, data


def _shape(entries: dict[str, Any]) -> Any:
    """What of a topic file's validated entries the checks across files read: its topic
    block and labs, and each resource's id, url, section, aliases and level, in order."""
    return (
        entries.get("topic"),
        entries.get("labs"),
        [
            (r["id"], r["url"], r.get("section"), r.get("aliases"), r["level"])
            for r in entries.get("resources", ())
        ],
    )


def _write(path: Path, key: Key, data: Any) -> None:
    payload = marshal.dumps((key, data))
    import tempfile

    crc = zlib.crc32(payload).to_bytes(_DIGEST_BYTES, "big")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + crc + payload)
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
    # Requirements and locations are marshalled apart, inside the payload, and unmarshalled
    # only when asked for (see _Requirements, _Locations).
    return (
        topics, resources, marshal.dumps(requirements), labs, catalog.aliases,
        marshal.dumps((locations, blocks)), list(files), reading, catalog.ignored_checks,
        tuple(catalog.adjacency()),
    )  # fmt: skip


class _Unmarshalled(Mapping[str, Any]):
    """A mapping over a dictionary unmarshalled on first use (``_raw`` in the subclass): its
    keys, size and membership read that dictionary as it is."""

    _raw: dict[str, Any]

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class _Locations(_Unmarshalled, Mapping[str, Location]):
    """Locations kept as (file number, line) and made into Location objects when asked for
    (each once): only error messages and warnings need them, and building 200,000 up front
    costs. The numbers themselves are unmarshalled from ``blob`` on first use (item
    ``which`` of it)."""

    def __init__(self, blob: _Blob, which: int, paths: list[Path]) -> None:
        self._blob = blob
        self._which = which
        self._paths = paths
        self._loaded: dict[str, tuple[int, int | None]] | None = None
        self._made: dict[str, Location] = {}

    @property
    def _raw(self) -> dict[str, tuple[int, int | None]]:
        if self._loaded is None:
            self._loaded = self._blob.value()[self._which]
        return self._loaded  # type: ignore[return-value]

    def __getitem__(self, key: str) -> Location:
        made = self.get(key)
        if made is None:
            raise KeyError(key)
        return made  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        made = self._made.get(key)
        if made is None:  # one lookup of each kind: check asks 200,000 times
            raw = (self._loaded or self._raw).get(key)
            if raw is None:
                return default
            made = self._made[key] = Location(self._paths[raw[0]], raw[1])
        return made


class _Blob:
    """A marshalled value, unmarshalled (and made into what ``build`` makes of it) on first
    use, then kept."""

    def __init__(self, data: bytes, build: Any = None) -> None:
        self._data: bytes | None = data
        self._build = build
        self._value: Any = None

    def value(self) -> Any:
        if self._data is not None:
            value = marshal.loads(self._data)
            self._value = self._build(value) if self._build is not None else value
            self._data = None
        return self._value


class _Requirements(_Unmarshalled, Mapping[str, Requirements]):
    """The catalog's requirements, unmarshalled and rebuilt into named tuples on first use.
    A plan reads the adjacency instead (``Catalog.adjacency``), so on a 100,000-resource
    catalog it does not pay for rebuilding 380,000 edges (0.3 s); ``check``, ``graph`` and
    ``show`` do, when they first ask."""

    def __init__(self, blob: bytes) -> None:
        self._blob = _Blob(blob, _requirements)

    @property
    def _raw(self) -> dict[str, Requirements]:  # type: ignore[override]
        return self._blob.value()  # type: ignore[no-any-return]

    def __getitem__(self, key: str) -> Requirements:
        return self._raw[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._raw.get(key, default)

    def keys(self) -> Any:
        return self._raw.keys()

    def items(self) -> Any:
        return self._raw.items()

    def values(self) -> Any:
        return self._raw.values()

    def __eq__(self, other: object) -> bool:
        return self._raw == (other._raw if isinstance(other, _Requirements) else other)

    def __repr__(self) -> str:
        return repr(self._raw)


def _requirements(raw: list[tuple[Any, ...]]) -> dict[str, Requirements]:
    new = tuple.__new__  # named tuples straight from their fields, without calling __new__
    return {
        rid: new(
            Requirements,
            (
                tuple([new(Edge, e) for e in hard]),
                tuple([new(Edge, e) for e in soft]),
                tuple([new(OneOf, g) for g in groups]),
            ),
        )
        for rid, hard, soft, groups in raw
    }


def _catalog(data: tuple[Any, ...]) -> Catalog:
    (
        topics, resources, requirements, labs, aliases, locations, files, reading, ignored,
        adjacency,
    ) = data  # fmt: skip
    paths = [Path(f) for f in files]
    where = _Blob(locations)
    new = tuple.__new__  # named tuples straight from their fields, without calling __new__

    catalog = Catalog(
        topics={t[0]: new(Topic, t) for t in topics},
        resources={r[0]: new(Resource, r) for r in resources},
        requirements=_Requirements(requirements),  # type: ignore[arg-type]
        labs=[new(Lab, lab) for lab in labs],
        aliases=dict(aliases),
        locations=_Locations(where, 0, paths),
        requirement_locations=_Locations(where, 1, paths),
        ignored_checks=dict(ignored),
    )
    keys, backward = reading
    catalog.remember_reading_order(keys, backward)  # a length mismatch raises ValueError
    catalog.remember_adjacency(adjacency)
    return catalog
