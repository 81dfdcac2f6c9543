"""Phase 1, read files: each layer's topic files and prerequisites file, parsed and validated,
gathered into one ``Layers``. References are only recorded here (with where they were made),
since a later layer may define what an earlier one names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathfinder.catalog.sources import CatalogSource, topic_files
from pathfinder.catalog.validation import validate
from pathfinder.errors import FileProblemsError, Problem
from pathfinder.models import Lab, Location, Resource, Topic

if TYPE_CHECKING:  # parsing needs PyYAML; a warm cache does not
    from pathfinder.catalog.yaml_reader import PathKey, YamlDocument

Site = tuple[Location, "PathKey"]  # where an edge's block is, and its path inside the file


@dataclass
class Layers:
    """What the layers add up to so far. Later layers overwrite resources by id and add edges;
    problems accumulate so that one error lists all of them."""

    problems: list[Problem] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    topic_order: list[str] = field(default_factory=list)
    resources: dict[str, Resource] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    labs: dict[str, Lab] = field(default_factory=dict)
    requirements: dict[str, dict[str, Any]] = field(default_factory=dict)
    requirement_locations: dict[str, Location] = field(default_factory=dict)
    reference_sites: list[tuple[str, str, Location]] = field(default_factory=list)
    include_sites: dict[str, Location] = field(default_factory=dict)  # topic -> its includes
    ignored_checks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folder -> rules


Part = tuple[Any, ...]
"""What one file contributes, validated, as plain values (so the cache can keep it): a topic
file's ``("topic", entries, resource_lines, includes_line, topic_line)`` or a prerequisites file's
``("prerequisites", entries, topic_order_line, requires_key_lines, check_line)``. Combining
parts across files (duplicate ids, layers, merged edges) happens in ``read_layer``, so a part
depends on its file's bytes alone."""

PartSource = Callable[[Path, bool], "Part | None"]


def read_layer(layers: Layers, source: CatalogSource, parts: PartSource | None = None) -> None:
    """Combine the parts of a layer's files, in order. ``parts(path, is_prerequisites)`` gives
    each file's part (from the cache, or parsed), or None with its problems added to
    ``layers.problems``; by default every file is parsed. A file that cannot be parsed is
    reported and skipped, so that the other files' problems are reported in the same run."""
    if parts is None:

        def parts(path: Path, is_prerequisites: bool) -> Part | None:
            return parse_part(path, None, is_prerequisites, layers.problems)

    seen_here: dict[str, Location] = {}
    topics_here: dict[str, Path] = {}
    for path in topic_files(source.folder):
        part = parts(path, False)
        if part is not None:
            add_topic_part(layers, path, part, seen_here, topics_here)
    given_here: dict[str, Location] = {}
    for path in source.prerequisites:
        part = parts(path, True)
        if part is not None:
            add_prerequisites_part(layers, path, part, source.root or path.parent, given_here)


def parse_part(
    path: Path, text: str | None, is_prerequisites: bool, problems: list[Problem]
) -> Part | None:
    """Parse and validate one file (``text``: its content, when already read) into its part;
    None, with the problems added to ``problems``, when it is not valid on its own."""
    from pathfinder.catalog.yaml_reader import parse_yaml, read_yaml

    try:
        doc = read_yaml(path) if text is None else parse_yaml(text, path)
    except FileProblemsError as exc:
        problems += exc.problems
        return None
    return (prerequisites_part if is_prerequisites else topic_part)(doc, problems)


def topic_part(doc: YamlDocument, problems: list[Problem]) -> Part | None:
    data = doc.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        problems.append(
            doc.problem((), f"must be a mapping with 'topic' and 'resources', not {what}")
        )
        return None
    entries = validate("CatalogFile", data, doc, problems)
    if entries is None:
        return None
    if entries.get("resources") and "topic" not in entries:
        problems.append(doc.problem((), "a file with resources needs a 'topic'"))
        return None
    includes = None
    if entries.get("topic", {}).get("includes"):
        includes = doc.line_of(("topic", "includes"))
    return ("topic", entries, doc.item_lines(("resources",)), includes, doc.line_of(("topic",)))


def prerequisites_part(doc: YamlDocument, problems: list[Problem]) -> Part | None:
    raw = doc.data if doc.data is not None else {}
    parsed = validate("PrerequisitesFile", raw, doc, problems)
    if parsed is None:
        return None
    return (
        "prerequisites",
        parsed,
        doc.line_of(("topic_order",)),
        doc.key_lines(("requires",)),
        doc.line_of(("check",)),
    )


def add_topic_part(
    layers: Layers,
    file: Path,
    part: Part,
    seen_here: dict[str, Location],
    topics_here: dict[str, Path],
) -> None:
    """``seen_here`` and ``topics_here`` span one layer: an id repeated within a layer is a
    mistake, while a later layer repeating it replaces the earlier definition on purpose."""
    _, entries, lines, includes_line, topic_line = part
    for lab in entries.get("labs", ()):
        layers.labs[lab["id"]] = Lab(
            lab["id"], lab["name"], lab["url"], lab["focus"], tuple(lab.get("topics", ()))
        )
    if "topic" not in entries:
        return
    raw = entries["topic"]
    earlier = layers.topics.get(raw["id"])
    includes = (*(earlier.includes if earlier else ()), *raw.get("includes", ()))
    topic = Topic(raw["id"], raw["title"], raw["description"], tuple(dict.fromkeys(includes)))
    if raw.get("includes"):
        layers.include_sites[topic.id] = Location(file, includes_line)
    if topic.id in topics_here:
        message = f"topic {topic.id!r} is already defined in {topics_here[topic.id]}"
        layers.problems.append(Problem(file, topic_line, None, message))
    topics_here[topic.id] = file
    layers.topics[topic.id] = topic
    for index, entry in enumerate(entries.get("resources", ())):
        location = Location(file, lines[index] if index < len(lines) else None)
        rid = entry["id"]
        if rid in seen_here:
            first = seen_here[rid]
            layers.problems.append(
                Problem(
                    location.file,
                    location.line,
                    rid,
                    f"duplicate id (first defined at {first.file}:{first.line})",
                )
            )
            continue
        seen_here[rid] = location
        layers.locations[rid] = location
        layers.resources[rid] = Resource(
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
            optional=entry.get("optional", False),
            section=entry.get("section"),
        )


def add_prerequisites_part(
    layers: Layers, file: Path, part: Part, root: Path, given_here: dict[str, Location]
) -> None:
    """Edges are kept raw with their ``Site``: only the few that turn out wrong need their exact
    line, which phase 3 finds by reading the file again. A layer's prerequisites files are
    read as one file would be: ``given_here`` spans the layer, and a key given in two of them
    (a resource's requirements, ``topic_order``, ``check``) is a duplicate, as it would be
    twice in one file."""
    _, parsed, order_line, key_lines, check_line = part
    for key, line in (("topic_order", order_line), ("check", check_line)):
        if key in parsed and _duplicate(layers, given_here, key, Location(file, line), None):
            parsed = {k: v for k, v in parsed.items() if k != key}
    ignore = parsed.get("check", {}).get("ignore", ())
    if ignore:
        layers.ignored_checks[str(root)] = tuple(dict.fromkeys(ignore))
    for topic in parsed.get("topic_order", ()):
        if topic not in layers.topic_order:
            layers.topic_order.append(topic)
        layers.reference_sites.append(("topic", topic, Location(file, order_line)))
    for rid, req in parsed.get("requires", {}).items():
        location = Location(file, key_lines.get(rid))
        if _duplicate(layers, given_here, f"requires {rid}", location, rid):
            continue
        layers.reference_sites.append(("resource", rid, location))
        layers.requirement_locations.setdefault(rid, location)
        merged = layers.requirements.setdefault(rid, {"hard": {}, "soft": {}, "one_of": []})
        for kind in ("hard", "soft"):
            for index, edge in enumerate(req.get(kind, ())):
                site = (location, ("requires", rid, kind, index))
                merged[kind].setdefault(edge["id"], (edge, site))
        for index, group in enumerate(req.get("one_of", ())):
            merged["one_of"].append((group, (location, ("requires", rid, "one_of", index))))


def _duplicate(
    layers: Layers, given_here: dict[str, Location], key: str, location: Location, rid: str | None
) -> bool:
    """Whether ``key`` was already given by another prerequisites file of this layer (then
    reported, as YAML reports a key given twice in one file)."""
    first = given_here.setdefault(key, location)
    if first is location:
        return False
    name = key.removeprefix("requires ")
    message = f"duplicate key {name!r} (first at {first.file}:{first.line})"
    layers.problems.append(Problem(location.file, location.line, rid, message))
    return True
