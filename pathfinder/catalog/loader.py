"""Loading: catalog folders and prerequisites.yaml into one validated ``Catalog``.

This is the single gate. Whatever it returns has every reference resolved, no duplicate ids or
urls, and an acyclic hard-prerequisite graph; whatever is wrong is raised as one CatalogError
listing each problem with its file, line and resource.

Layering: the built-in catalog comes first; each ``--catalog`` folder is laid over it. New
resources and edges add; a resource whose id already exists replaces the earlier one (its
edges are kept and the new layer's are added).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathfinder.errors import CatalogError, FileProblemsError, Problem, closest, shorten
from pathfinder.models import (
    Catalog,
    Edge,
    Lab,
    Location,
    OneOf,
    Requirements,
    Resource,
    Topic,
)

if TYPE_CHECKING:  # parsing needs PyYAML and pydantic; a warm cache needs neither
    from pathfinder.catalog.yaml_reader import PathKey, YamlDocument

PREREQUISITES_NAME = "prerequisites.yaml"
Site = tuple[Location, "PathKey"]  # where an edge's block is, and its path inside the file
_FILE_KEYS = {"topic", "resources", "labs"}


@dataclass(frozen=True)
class CatalogSource:
    """One layer: a folder of topic files and, optionally, its prerequisites file."""

    folder: Path
    prerequisites: Path | None


def builtin_source() -> CatalogSource:
    """The catalog shipped with pathfinder: inside the installed wheel, or at the top of a
    source checkout when running from the repository."""
    package = Path(__file__).resolve().parent.parent  # pathfinder/, above catalog/
    bundled = package / "_data"
    root = bundled if (bundled / "catalog").is_dir() else package.parent
    return CatalogSource(root / "catalog", root / PREREQUISITES_NAME)


def user_source(path: Path) -> CatalogSource:
    """A user's catalog folder: either topic files with a prerequisites.yaml beside them, or the
    repository layout (``catalog/`` next to ``prerequisites.yaml``)."""
    if not path.exists():
        raise CatalogError([Problem(path, None, None, "catalog folder does not exist")])
    if not path.is_dir():
        raise CatalogError([Problem(path, None, None, "is a file; --catalog takes a folder")])
    folder = path / "catalog" if (path / "catalog").is_dir() else path
    prerequisites = path / PREREQUISITES_NAME
    root = path.resolve()
    for entry in (folder, prerequisites):
        _refuse_links_outside(entry, root)
    return CatalogSource(folder, prerequisites if prerequisites.exists() else None)


def _refuse_links_outside(entry: Path, root: Path) -> None:
    """A catalog folder is read as a unit: a link inside it must stay inside it, so that a
    catalog from a stranger cannot make pathfinder read (and echo) files elsewhere."""
    if entry.is_symlink() and not entry.resolve().is_relative_to(root):
        raise CatalogError([Problem(entry, None, None, "links outside its catalog folder")])


def catalog_sources(
    extra: Sequence[Path | str] = (), *, builtin: bool = True
) -> list[CatalogSource]:
    sources = [builtin_source()] if builtin else []
    sources += [user_source(Path(p)) for p in extra]
    return sources


def load_catalog(
    extra: Sequence[Path | str] = (), *, builtin: bool = True, cache_dir: Path | None = None
) -> Catalog:
    """Load the built-in catalog (unless ``builtin`` is False) with ``extra`` folders on top.

    With ``cache_dir``, a catalog parsed before from the same unchanged files is read from
    the cache there instead (see ``pathfinder.catalog.cache``), and a fresh parse is stored
    in it."""
    sources = catalog_sources(extra, builtin=builtin)
    if cache_dir is None:
        return _load(sources)
    from pathfinder.catalog import cache

    try:
        files = [f for source in sources for f in _source_files(source)]
        key = cache.fingerprint(files)
    except (OSError, CatalogError):
        return _load(sources)  # the loader reports whatever is wrong with the files
    where = cache.cache_file(cache_dir, [source.folder for source in sources])
    catalog = cache.read(where, key)
    if catalog is None:
        catalog = _load(sources)
        cache.write(where, key, catalog)
    return catalog


def _load(sources: list[CatalogSource]) -> Catalog:
    """Parse and validate. Garbage collection is paused meanwhile: parsing allocates millions
    of objects and no cycles, and the collector's repeated scans cost a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Loader().load(sources)
    finally:
        if enabled:
            gc.enable()


def _source_files(source: CatalogSource) -> list[Path]:
    files = _topic_files(source.folder)
    return [*files, source.prerequisites] if source.prerequisites is not None else files


def _topic_files(folder: Path) -> list[Path]:
    """YAML files of a catalog folder, sorted; links that lead outside the folder are refused."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise CatalogError(
            [Problem(folder, None, None, f"cannot be read: {exc.strerror or exc}")]
        ) from None
    root = folder.resolve()
    files: list[Path] = []
    for entry in entries:
        if entry.suffix not in (".yaml", ".yml") or entry.name == PREREQUISITES_NAME:
            continue
        _refuse_links_outside(entry, root)
        if entry.is_file():
            files.append(entry)
    if not files:
        raise CatalogError([Problem(folder, None, None, "holds no catalog files (*.yaml)")])
    return files


class _Loader:
    """Accumulates layers and problems; ``load`` raises once with every problem found."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.topics: dict[str, Topic] = {}
        self.topic_order: list[str] = []
        self.resources: dict[str, Resource] = {}
        self.locations: dict[str, Location] = {}
        self.labs: dict[str, Lab] = {}
        self.requirements: dict[str, dict[str, Any]] = {}
        self.requirement_locations: dict[str, Location] = {}
        self.reference_sites: list[tuple[str, str, Location]] = []
        self._reread: dict[Path, YamlDocument] = {}

    def load(self, sources: Iterable[CatalogSource]) -> Catalog:
        for source in sources:
            self._load_layer(source)
            if self.problems:
                raise CatalogError(self.problems)
        aliases = self._check_aliases_and_urls()
        requirements = self._resolve_requirements(aliases)
        if self.problems:
            raise CatalogError(self.problems)
        self._check_acyclic(requirements)
        if self.problems:
            raise CatalogError(self.problems)
        topics = self._ordered_topics()
        rank = {topic: i for i, topic in enumerate(topics)}
        resources = dict(
            sorted(self.resources.items(), key=lambda kv: rank[kv[1].topic])
        )  # stable: file order within a topic
        return Catalog(
            topics={t: self.topics[t] for t in topics},
            resources=resources,
            requirements=requirements,
            labs=list(self.labs.values()),
            aliases=aliases,
            locations=self.locations,
            requirement_locations=self.requirement_locations,
        )

    # -- one layer -------------------------------------------------------------------------

    def _load_layer(self, source: CatalogSource) -> None:
        from pathfinder.catalog.yaml_reader import read_yaml

        seen_here: dict[str, Location] = {}
        topics_here: dict[str, Path] = {}
        for path in _topic_files(source.folder):
            try:
                doc = read_yaml(path)
            except FileProblemsError as exc:
                self.problems += exc.problems
                continue
            self._load_topic_file(doc, seen_here, topics_here)
        if source.prerequisites is not None:
            try:
                doc = read_yaml(source.prerequisites)
            except FileProblemsError as exc:
                self.problems += exc.problems
                return
            self._load_prerequisites(doc)

    def _load_topic_file(
        self, doc: YamlDocument, seen_here: dict[str, Location], topics_here: dict[str, Path]
    ) -> None:
        data = doc.data
        if not isinstance(data, dict):
            what = "empty" if data is None else f"a {type(data).__name__}"
            self.problems.append(
                doc.problem((), f"must be a mapping with 'topic' and 'resources', not {what}")
            )
            return
        entries = self._validate("CatalogFile", data, doc)
        if entries is None:
            return
        if entries.get("resources") and "topic" not in entries:
            self.problems.append(doc.problem((), "a file with resources needs a 'topic'"))
            return
        for lab in entries.get("labs", ()):
            self.labs[lab["id"]] = Lab(
                lab["id"], lab["name"], lab["url"], lab["focus"], tuple(lab.get("topics", ()))
            )
        if "topic" not in entries:
            return
        raw = entries["topic"]
        topic = Topic(raw["id"], raw["title"], raw["description"])
        if topic.id in topics_here:
            message = f"topic {topic.id!r} is already defined in {topics_here[topic.id]}"
            self.problems.append(doc.problem(("topic",), message))
        topics_here[topic.id] = doc.file
        self.topics[topic.id] = topic
        lines = doc.item_lines(("resources",))
        for index, entry in enumerate(entries.get("resources", ())):
            location = Location(doc.file, lines[index] if index < len(lines) else None)
            rid = entry["id"]
            if rid in seen_here:
                first = seen_here[rid]
                self.problems.append(
                    Problem(
                        location.file,
                        location.line,
                        rid,
                        f"duplicate id (first defined at {first.file}:{first.line})",
                    )
                )
                continue
            seen_here[rid] = location
            self.locations[rid] = location
            self.resources[rid] = Resource(
                id=rid,
                title=entry["title"],
                url=entry["url"],
                kind=entry["kind"],
                topic=topic.id,
                level=entry["level"],
                minutes=entry["minutes"],
                summary=entry["summary"],
                authors=tuple(entry.get("authors", ())),
                year=entry.get("year"),
                concepts=tuple(entry.get("concepts", ())),
                aliases=tuple(entry.get("aliases", ())),
            )

    def _load_prerequisites(self, doc: YamlDocument) -> None:
        parsed = self._validate("PrerequisitesFile", doc.data if doc.data is not None else {}, doc)
        if parsed is None:
            return
        order_line = doc.line_of(("topic_order",))
        for topic in parsed.get("topic_order", ()):
            if topic not in self.topic_order:
                self.topic_order.append(topic)
            self.reference_sites.append(("topic", topic, Location(doc.file, order_line)))
        key_lines = doc.key_lines(("requires",))
        for rid, req in parsed.get("requires", {}).items():
            location = Location(doc.file, key_lines.get(rid))
            self.reference_sites.append(("resource", rid, location))
            self.requirement_locations.setdefault(rid, location)
            merged = self.requirements.setdefault(rid, {"hard": {}, "soft": {}, "one_of": []})
            for kind in ("hard", "soft"):
                for index, edge in enumerate(req.get(kind, ())):
                    site = (location, ("requires", rid, kind, index))
                    merged[kind].setdefault(edge["id"], (edge, site))
            for index, group in enumerate(req.get("one_of", ())):
                merged["one_of"].append((group, (location, ("requires", rid, "one_of", index))))

    def _validate(self, shape: str, raw: Any, doc: YamlDocument) -> Any:
        """Validate against the schema named ``shape`` in pathfinder.catalog.file_schemas (imported
        here: a warm cache needs neither pydantic nor the schemas)."""
        from pydantic import ValidationError

        from pathfinder.catalog import file_schemas

        try:
            return file_schemas.adapter(getattr(file_schemas, shape)).validate_python(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                rid = _resource_id(raw, loc)
                field = ".".join(str(part) for part in _field_path(loc)) or "value"
                self.problems.append(doc.problem(loc, f"{field}: {_message(err, loc)}", rid))
            return None

    # -- whole catalog ---------------------------------------------------------------------

    def _check_aliases_and_urls(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        urls: dict[str, str] = {}
        for rid, resource in self.resources.items():
            for alias in resource.aliases:
                if alias in self.resources:
                    message = f"alias {alias!r} is the id of another resource"
                    loc = self._field_location(rid, "aliases")
                    self.problems.append(Problem(loc.file, loc.line, rid, message))
                elif alias in aliases and aliases[alias] != rid:
                    message = f"alias {alias!r} is also claimed by {aliases[alias]!r}"
                    loc = self._field_location(rid, "aliases")
                    self.problems.append(Problem(loc.file, loc.line, rid, message))
                else:
                    aliases[alias] = rid
            url = resource.url.rstrip("/")
            if url in urls:
                message = f"url is also used by {urls[url]!r}: {resource.url}"
                loc = self._field_location(rid, "url")
                self.problems.append(Problem(loc.file, loc.line, rid, message))
            urls.setdefault(url, rid)
        for lab in self.labs.values():
            for topic in lab.topics:
                if topic not in self.topics:
                    message = f"lab names unknown topic {topic!r}{_hint(topic, self.topics)}"
                    self.problems.append(Problem(None, None, lab.id, message))
        return aliases

    def _resolve_requirements(self, aliases: dict[str, str]) -> dict[str, Requirements]:
        def resolve(name: str) -> str | None:
            return name if name in self.resources else aliases.get(name)

        for kind, name, loc in self.reference_sites:
            if kind == "topic" and name not in self.topics:
                message = f"unknown topic {name!r}{_hint(name, self.topics)}"
                self.problems.append(Problem(loc.file, loc.line, None, message))
            elif kind == "resource" and resolve(name) is None:
                message = f"unknown resource {name!r}{_hint(name, self.resources)}"
                self.problems.append(Problem(loc.file, loc.line, name, message))
        resolved: dict[str, Requirements] = {}
        for raw_id, merged in self.requirements.items():
            rid = resolve(raw_id)
            if rid is None:
                continue
            edges: dict[str, list[Edge]] = {"hard": [], "soft": []}
            for kind in ("hard", "soft"):
                for edge, site in merged[kind].values():
                    target = self._resolve_reference(rid, edge["id"], site, resolve)
                    if target is not None:
                        edges[kind].append(Edge(target, edge.get("why")))
            groups: list[OneOf] = []
            for group, site in merged["one_of"]:
                members = [self._resolve_reference(rid, m, site, resolve) for m in group["ids"]]
                if None in members:
                    continue
                if len(set(members)) < 2:
                    message = "a one_of group needs at least two different resources"
                    loc = self._precise(site)
                    self.problems.append(Problem(loc.file, loc.line, rid, message))
                    continue
                groups.append(OneOf(tuple(members), group.get("why")))  # type: ignore[arg-type]
            previous = resolved.get(rid)
            if previous is not None:  # an alias and its id both listed: merge
                edges["hard"] += previous.hard
                edges["soft"] += previous.soft
                groups += previous.one_of
            resolved[rid] = Requirements(tuple(edges["hard"]), tuple(edges["soft"]), tuple(groups))
            if raw_id != rid and raw_id in self.requirement_locations:
                self.requirement_locations.setdefault(rid, self.requirement_locations[raw_id])
        return resolved

    def _resolve_reference(self, rid: str, name: str, site: Site, resolve: Any) -> str | None:
        target = resolve(name)
        if target is None:
            loc = self._precise(site)
            message = f"requires unknown resource {name!r}{_hint(name, self.resources)}"
            self.problems.append(Problem(loc.file, loc.line, rid, message))
        elif target == rid:
            loc = self._precise(site)
            self.problems.append(Problem(loc.file, loc.line, rid, "requires itself"))
            return None
        return target

    def _precise(self, site: Site) -> Location:
        """The exact line of an entry, for an error message. Only errors need it, so the
        file is read again rather than every line being remembered on the fast path."""
        location, path = site
        doc = self._document(location.file)
        return Location(location.file, doc.line_of(path)) if doc else location

    def _field_location(self, rid: str, field: str) -> Location:
        """The line of one field of a resource (its url, its aliases), for an error message."""
        location = self.locations[rid]
        doc = self._document(location.file)
        entries = doc.data.get("resources") if doc and isinstance(doc.data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and entry.get("id") == rid:
                return Location(location.file, doc.line_of(("resources", index, field)))  # type: ignore[union-attr]
        return location

    def _document(self, file: Path) -> YamlDocument | None:
        from pathfinder.catalog.yaml_reader import read_yaml

        if file not in self._reread:
            try:
                self._reread[file] = read_yaml(file)
            except FileProblemsError:
                return None
        return self._reread[file]

    def _check_acyclic(self, requirements: dict[str, Requirements]) -> None:
        """Hard edges and one_of edges must not form a cycle. A small iterative DFS rather than
        networkx, so that commands which only read the catalog stay fast to start."""
        needs: dict[str, list[str]] = {
            rid: sorted({e.id for e in req.hard} | {m for g in req.one_of for m in g.ids})
            for rid, req in requirements.items()
        }
        cycle = find_cycle(needs)
        if cycle:
            loc = self.requirement_locations.get(cycle[0])
            text = " -> ".join(cycle)
            self.problems.append(
                Problem(
                    loc.file if loc else None,
                    loc.line if loc else None,
                    cycle[0],
                    f"prerequisite cycle: {text} (each needs the next)",
                )
            )

    def _ordered_topics(self) -> list[str]:
        listed = [t for t in self.topic_order if t in self.topics]
        return listed + sorted(t for t in self.topics if t not in listed)


def find_cycle(needs: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a "needs" mapping as [a, b, ..., a], or None. Iterative, O(V + E)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for start in sorted(needs):
        if state.get(start):
            continue
        path: list[str] = [start]
        iters = [iter(needs.get(start, ()))]
        state[start] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(needs.get(nxt, ())))
    return None


def _resource_id(raw: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the resource an error is in, when the error is inside one."""
    if len(loc) >= 2 and loc[0] == "resources" and isinstance(loc[1], int):
        try:
            rid = raw["resources"][loc[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return rid if isinstance(rid, str) else None
    if len(loc) >= 2 and loc[0] == "requires" and isinstance(loc[1], str):
        return loc[1]
    return None


def _field_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of an error's location a catalog author thinks in: inside the resource."""
    if len(loc) >= 3 and loc[0] == "resources" and isinstance(loc[1], int):
        return loc[2:]
    if len(loc) >= 3 and loc[0] == "requires":
        return loc[2:]
    return loc


def _hint(name: str, choices: Iterable[str]) -> str:
    near = closest(name, choices)
    return f"; did you mean {', '.join(near)}?" if near else ""


def _message(err: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """pydantic's message, plus the offending value when it is short enough to help."""
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        if len(loc) == 1:
            return f"unknown top-level key (expected {', '.join(sorted(_FILE_KEYS))})"
        if len(loc) == 3 and loc[0] == "resources" and loc[2] == "topic":
            return "set the topic once, in the file's 'topic' block"
        return "unknown field"
    value = err.get("input")
    if isinstance(value, bool) and err["type"] != "bool_type":
        return f"{message} (got {value}: YAML reads unquoted yes/no/on/off as true/false; quote it)"
    if isinstance(value, (date, datetime)):
        return f"{message} (got {value}: YAML reads an unquoted date as a date; quote it)"
    if err["type"] != "missing" and isinstance(value, (str, int, float)):
        message += f" (got {shorten(value)})"
    return message
