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
from pathfinder.errors import FileProblemsError, Problem, closest
from pathfinder.models import CheckFields, Lab, Location, Resource, Topic

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
    # topics named by id alone (to add resources to them), where first named; checked once
    # every layer is read, since the topic may be defined in any of them
    topic_references: dict[str, Location] = field(default_factory=dict)
    pending_includes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # theirs
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
    raw = entries.get("topic")
    if raw is not None and ("title" in raw) != ("description" in raw):
        missing = "description" if "title" in raw else "title"
        message = (
            f"topic {raw['id']!r} has no {missing}: give a new topic both a title and a "
            "description, or name an existing topic by its id alone to add resources to it"
        )
        problems.append(doc.problem(("topic",), message))
        return None
    for index, entry in enumerate(entries.get("resources", ())):
        if "checks" in entry:  # kept as plain tuples, validated across fields here
            entry["checks"] = _checks(doc, index, entry["id"], entry["checks"], problems)
    includes = None
    if (raw or {}).get("includes"):
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
    tid = _add_topic(layers, file, entries["topic"], topics_here, topic_line, includes_line)
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
            topic=tid,
            level=entry["level"],
            minutes=entry["minutes"],
            summary=entry["summary"],
            authors=tuple(entry.get("authors", ())),
            year=entry.get("year"),
            concepts=tuple(entry.get("concepts", ())),
            aliases=tuple(entry.get("aliases", ())),
            optional=entry.get("optional", False),
            section=entry.get("section"),
            checks=tuple(entry.get("checks", ())),
        )


def _add_topic(
    layers: Layers,
    file: Path,
    raw: dict[str, Any],
    topics_here: dict[str, Path],
    topic_line: int | None,
    includes_line: int | None,
) -> str:
    """Record a file's topic block: a definition (title and description), or a reference to
    a topic defined elsewhere (its id alone), whose existence is checked once every layer is
    read (half a definition is refused earlier, when the file is parsed). Returns its id."""
    tid = raw["id"]
    earlier = layers.topics.get(tid)
    includes = tuple(
        dict.fromkeys((*(earlier.includes if earlier else ()), *raw.get("includes", ())))
    )
    if raw.get("includes"):
        layers.include_sites[tid] = Location(file, includes_line)
    if "title" not in raw:  # a reference: the topic is defined elsewhere, maybe in a later file
        layers.topic_references.setdefault(tid, Location(file, topic_line))
        layers.pending_includes[tid] = (
            *layers.pending_includes.get(tid, ()),
            *raw.get("includes", ()),
        )
        if earlier is not None:
            layers.topics[tid] = earlier._replace(includes=includes)
    else:
        if tid in topics_here:
            message = f"topic {tid!r} is already defined in {topics_here[tid]}"
            layers.problems.append(Problem(file, topic_line, None, message))
        topics_here[tid] = file
        includes = tuple(dict.fromkeys((*includes, *layers.pending_includes.get(tid, ()))))
        layers.topics[tid] = Topic(tid, raw["title"], raw["description"], includes)
    return tid


def check_topic_references(layers: Layers) -> None:
    """Every topic a file names by id alone is defined, with its title and description, in
    some file of some layer (resources cannot be added to a topic nobody described)."""
    for tid, location in layers.topic_references.items():
        if tid in layers.topics:
            continue
        near = closest(tid, layers.topics)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        layers.problems.append(
            Problem(
                location.file,
                location.line,
                None,
                f"topic {tid!r} is not defined in the catalog{hint}; a new topic needs a title "
                "and a description",
            )
        )


def _checks(
    doc: YamlDocument, index: int, rid: str, entries: Any, problems: list[Problem]
) -> tuple[CheckFields, ...]:
    """A resource's checks, with the rules across their fields that the schema cannot say:
    a multiple-choice check has distinct choices and an answer equal to exactly one of them;
    a numeric check has a number for its answer and a tolerance."""
    out: list[CheckFields] = []
    for n, check in enumerate(entries, start=1):
        where = ("resources", index, "checks", n - 1)

        def fail(field: str, message: str, n: int = n, where: tuple[Any, ...] = where) -> None:
            problems.append(doc.problem((*where, field), f"check {n}: {message}", rid))

        choices, answer = check.get("choices"), check["answer"]
        if choices is not None:
            repeated = sorted({c for c in choices if choices.count(c) > 1})
            if repeated:
                fail("choices", f"choice {repeated[0]!r} is listed more than once")
            # a learner answers with a choice's number; a choice that is itself such a number
            # could be meant either way ("2": the text 2, or the second choice?)
            numbers = [c for c in choices if str(c).strip().isdigit()]
            clash = [c for c in numbers if 1 <= int(str(c)) <= len(choices)]
            if clash:
                fail(
                    "choices",
                    f"choice {clash[0]!r} reads like the number of a choice; add its unit "
                    f"({clash[0]}x, {clash[0]} GB) so an answer cannot mean either",
                )
            if not isinstance(answer, str):
                fail(
                    "answer",
                    f"answer {doc.written((*where, 'answer')) or answer} must be the text of "
                    "one of the choices (quote it)",
                )
            elif answer not in choices:
                fail("answer", f"answer {answer!r} is not one of the choices")
            for field in ("tolerance", "unit"):
                if field in check:
                    fail(field, f"{field} applies to numeric checks only (this one has choices)")
        elif isinstance(answer, str):
            fail(
                "answer",
                f"answer {answer!r} is text but the check has no choices: give choices, "
                "or a number for a numeric check",
            )
        elif "tolerance" not in check:
            fail("answer", "a numeric check needs a tolerance (0 for an exact answer)")
        out.append(
            (
                check["prompt"],
                answer,
                check["explain"],
                check["source"],
                tuple(choices) if choices is not None else None,
                check.get("tolerance"),
                check.get("unit"),
            )
        )
    return tuple(out)


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
