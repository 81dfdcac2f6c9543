"""Loading: catalog folders and prerequisites.yaml into one validated ``Catalog``.

This is the single gate. Whatever it returns has every reference resolved, no duplicate ids or
urls, and an acyclic hard-prerequisite graph; whatever is wrong is raised as one CatalogError
listing each problem with its file, line and resource.

Layering: the built-in catalog comes first; each ``--catalog`` folder is laid over it. New
resources and edges add; a resource whose id already exists replaces the earlier one (its
edges are kept and the new layer's are added).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pathfinder.catalog_files import LabEntry, PrerequisitesFile, ResourceEntry, TopicEntry
from pathfinder.errors import CatalogError, FileProblemsError, Problem, closest
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
from pathfinder.yamlfile import PathKey, YamlDocument, read_yaml

PREREQUISITES_NAME = "prerequisites.yaml"
_FILE_KEYS = {"topic", "resources", "labs"}


@dataclass(frozen=True)
class CatalogSource:
    """One layer: a folder of topic files and, optionally, its prerequisites file."""

    folder: Path
    prerequisites: Path | None


def builtin_source() -> CatalogSource:
    """The catalog shipped with pathfinder: inside the installed wheel, or at the top of a
    source checkout when running from the repository."""
    package = Path(__file__).resolve().parent
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
    return CatalogSource(folder, prerequisites if prerequisites.exists() else None)


def catalog_sources(
    extra: Sequence[Path | str] = (), *, builtin: bool = True
) -> list[CatalogSource]:
    sources = [builtin_source()] if builtin else []
    sources += [user_source(Path(p)) for p in extra]
    return sources


def load_catalog(extra: Sequence[Path | str] = (), *, builtin: bool = True) -> Catalog:
    """Load the built-in catalog (unless ``builtin`` is False) with ``extra`` folders on top."""
    return _Loader().load(catalog_sources(extra, builtin=builtin))


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
        if entry.is_symlink() and not entry.resolve().is_relative_to(root):
            raise CatalogError([Problem(entry, None, None, "links outside its catalog folder")])
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
        self.edge_locations: dict[tuple[str, str], Location] = {}
        self.reference_sites: list[tuple[str, str, Location]] = []

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
            edge_locations=self.edge_locations,
        )

    # -- one layer -------------------------------------------------------------------------

    def _load_layer(self, source: CatalogSource) -> None:
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
        for key in data:
            if key not in _FILE_KEYS:
                self.problems.append(
                    doc.problem(
                        (key,),
                        f"unknown top-level key {key!r} (expected {', '.join(sorted(_FILE_KEYS))})",
                    )
                )
        topic = None
        if "topic" in data:
            entry = self._validate(TopicEntry, data["topic"], doc, ("topic",))
            if entry is not None:
                topic = Topic(entry.id, entry.title, entry.description)
                if topic.id in topics_here:
                    self.problems.append(
                        doc.problem(
                            ("topic",),
                            f"topic {topic.id!r} is already defined in {topics_here[topic.id]}",
                        )
                    )
                topics_here[topic.id] = doc.file
                self.topics[topic.id] = topic
        for index, raw in enumerate(
            _as_list(data.get("resources"), doc, ("resources",), self.problems)
        ):
            self._load_resource(raw, topic, doc, ("resources", index), seen_here)
        for index, raw in enumerate(_as_list(data.get("labs"), doc, ("labs",), self.problems)):
            lab = self._validate(LabEntry, raw, doc, ("labs", index))
            if lab is not None:
                self.labs[lab.id] = Lab(lab.id, lab.name, lab.url, lab.focus, tuple(lab.topics))
        if data.get("resources") and "topic" not in data:
            self.problems.append(doc.problem((), "a file with resources needs a 'topic'"))

    def _load_resource(
        self,
        raw: Any,
        topic: Topic | None,
        doc: YamlDocument,
        path: PathKey,
        seen_here: dict[str, Location],
    ) -> None:
        rid = raw.get("id") if isinstance(raw, dict) else None
        rid = rid if isinstance(rid, str) else None
        if not isinstance(raw, dict):
            self.problems.append(doc.problem(path, "a resource must be a mapping"))
            return
        if "topic" in raw:
            self.problems.append(
                doc.problem(
                    (*path, "topic"), "set the topic once, in the file's 'topic' block", rid
                )
            )
            return
        if topic is None:
            return
        entry = self._validate(ResourceEntry, raw, doc, path, rid)
        if entry is None:
            return
        resource = Resource(
            id=entry.id,
            title=entry.title,
            url=entry.url,
            kind=entry.kind,
            topic=topic.id,
            level=entry.level,
            minutes=entry.minutes,
            summary=entry.summary,
            authors=tuple(entry.authors),
            year=entry.year,
            concepts=tuple(entry.concepts),
            aliases=tuple(entry.aliases),
        )
        location = Location(doc.file, doc.line_of(path))
        if resource.id in seen_here:
            first = seen_here[resource.id]
            self.problems.append(
                doc.problem(
                    path, f"duplicate id (first defined at {first.file}:{first.line})", resource.id
                )
            )
            return
        seen_here[resource.id] = location
        self.resources[resource.id] = resource
        self.locations[resource.id] = location

    def _load_prerequisites(self, doc: YamlDocument) -> None:
        parsed = self._validate(
            PrerequisitesFile, doc.data if doc.data is not None else {}, doc, ()
        )
        if parsed is None:
            return
        for topic in parsed.topic_order:
            if topic not in self.topic_order:
                self.topic_order.append(topic)
            self.reference_sites.append(
                ("topic", topic, Location(doc.file, doc.line_of(("topic_order",))))
            )
        for rid, req in parsed.requires.items():
            key_loc = Location(doc.file, doc.line_of(("requires", rid)))
            self.reference_sites.append(("resource", rid, key_loc))
            merged = self.requirements.setdefault(rid, {"hard": {}, "soft": {}, "one_of": []})
            for kind in ("hard", "soft"):
                for index, edge in enumerate(getattr(req, kind)):
                    loc = Location(doc.file, doc.line_of(("requires", rid, kind, index)))
                    merged[kind].setdefault(edge.id, (edge, loc))
            for index, group in enumerate(req.one_of):
                loc = Location(doc.file, doc.line_of(("requires", rid, "one_of", index)))
                merged["one_of"].append((group, loc))

    def _validate(
        self, model: type[Any], raw: Any, doc: YamlDocument, path: PathKey, rid: str | None = None
    ) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                field = ".".join(str(part) for part in loc) or "value"
                self.problems.append(doc.problem((*path, *loc), f"{field}: {_message(err)}", rid))
            return None

    # -- whole catalog ---------------------------------------------------------------------

    def _check_aliases_and_urls(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        urls: dict[str, str] = {}
        for rid, resource in self.resources.items():
            loc = self.locations[rid]
            for alias in resource.aliases:
                if alias in self.resources:
                    self.problems.append(
                        Problem(
                            loc.file,
                            loc.line,
                            rid,
                            f"alias {alias!r} is the id of another resource",
                        )
                    )
                elif alias in aliases and aliases[alias] != rid:
                    self.problems.append(
                        Problem(
                            loc.file,
                            loc.line,
                            rid,
                            f"alias {alias!r} is also claimed by {aliases[alias]!r}",
                        )
                    )
                else:
                    aliases[alias] = rid
            url = resource.url.rstrip("/")
            if url in urls:
                self.problems.append(
                    Problem(
                        loc.file,
                        loc.line,
                        rid,
                        f"url is also used by {urls[url]!r}: {resource.url}",
                    )
                )
            urls.setdefault(url, rid)
        for lab in self.labs.values():
            for topic in lab.topics:
                if topic not in self.topics:
                    self.problems.append(
                        Problem(
                            None,
                            None,
                            lab.id,
                            f"lab names unknown topic {topic!r}{_hint(topic, self.topics)}",
                        )
                    )
        return aliases

    def _resolve_requirements(self, aliases: dict[str, str]) -> dict[str, Requirements]:
        def resolve(name: str) -> str | None:
            return name if name in self.resources else aliases.get(name)

        for kind, name, loc in self.reference_sites:
            known = self.topics if kind == "topic" else self.resources
            if (kind == "resource" and resolve(name) is None) or (
                kind == "topic" and name not in known
            ):
                self.problems.append(
                    Problem(
                        loc.file,
                        loc.line,
                        name if kind == "resource" else None,
                        f"unknown {kind} {name!r}{_hint(name, known)}",
                    )
                )
        resolved: dict[str, Requirements] = {}
        for raw_id, merged in self.requirements.items():
            rid = resolve(raw_id)
            if rid is None:
                continue
            edges: dict[str, list[Edge]] = {"hard": [], "soft": []}
            for kind in ("hard", "soft"):
                for edge, loc in merged[kind].values():
                    target = self._resolve_reference(rid, edge.id, loc, resolve)
                    if target is not None:
                        edges[kind].append(Edge(id=target, why=edge.why))
                        self.edge_locations.setdefault((target, rid), loc)
            groups: list[OneOf] = []
            for group, loc in merged["one_of"]:
                members = [self._resolve_reference(rid, m, loc, resolve) for m in group.ids]
                if None in members:
                    continue
                if len(set(members)) < 2:
                    self.problems.append(
                        Problem(
                            loc.file,
                            loc.line,
                            rid,
                            "a one_of group needs at least two different resources",
                        )
                    )
                    continue
                groups.append(OneOf(ids=tuple(members), why=group.why))
                for member in members:
                    self.edge_locations.setdefault((member, rid), loc)
            previous = resolved.get(rid)
            if previous is not None:  # an alias and its id both listed: merge
                edges["hard"] += previous.hard
                edges["soft"] += previous.soft
                groups += previous.one_of
            resolved[rid] = Requirements(tuple(edges["hard"]), tuple(edges["soft"]), tuple(groups))
        return resolved

    def _resolve_reference(self, rid: str, name: str, loc: Location, resolve: Any) -> str | None:
        target = resolve(name)
        if target is None:
            self.problems.append(
                Problem(
                    loc.file,
                    loc.line,
                    rid,
                    f"requires unknown resource {name!r}{_hint(name, self.resources)}",
                )
            )
        elif target == rid:
            self.problems.append(Problem(loc.file, loc.line, rid, "requires itself"))
            return None
        return target

    def _check_acyclic(self, requirements: dict[str, Requirements]) -> None:
        """Hard edges and one_of edges must not form a cycle. A small iterative DFS rather than
        networkx, so that commands which only read the catalog stay fast to start."""
        needs: dict[str, list[str]] = {
            rid: sorted({e.id for e in req.hard} | {m for g in req.one_of for m in g.ids})
            for rid, req in requirements.items()
        }
        cycle = find_cycle(needs)
        if cycle:
            loc = self.edge_locations.get((cycle[1], cycle[0]))
            text = " -> ".join([*cycle])
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


def _as_list(value: Any, doc: YamlDocument, path: PathKey, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(doc.problem(path, f"{path[-1]}: must be a list"))
        return []
    return value


def _hint(name: str, choices: Iterable[str]) -> str:
    near = closest(name, choices)
    return f"; did you mean {', '.join(near)}?" if near else ""


def _message(err: dict[str, Any]) -> str:
    """pydantic's message, plus the offending value when it is short enough to help."""
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "unknown field"
    value = err.get("input")
    if isinstance(value, bool) and err["type"] != "bool_type":
        return f"{message} (got {value}: YAML reads unquoted yes/no/on/off as true/false; quote it)"
    if err["type"] != "missing" and isinstance(value, (str, int, float, bool)):
        shown = repr(value)
        if len(shown) <= 60:
            message += f" (got {shown})"
    return message
