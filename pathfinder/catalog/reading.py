"""Phase 1, read files: each layer's topic files and prerequisites file, parsed and validated,
gathered into one ``Layers``. References are only recorded here (with where they were made),
since a later layer may define what an earlier one names."""

from __future__ import annotations

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


def read_layer(layers: Layers, source: CatalogSource) -> None:
    """A file that cannot be parsed is reported and skipped, so that the other files' problems
    are reported in the same run."""
    from pathfinder.catalog.yaml_reader import read_yaml

    seen_here: dict[str, Location] = {}
    topics_here: dict[str, Path] = {}
    for path in topic_files(source.folder):
        try:
            doc = read_yaml(path)
        except FileProblemsError as exc:
            layers.problems += exc.problems
            continue
        read_topic_file(layers, doc, seen_here, topics_here)
    if source.prerequisites is not None:
        try:
            doc = read_yaml(source.prerequisites)
        except FileProblemsError as exc:
            layers.problems += exc.problems
            return
        read_prerequisites(layers, doc)


def read_topic_file(
    layers: Layers,
    doc: YamlDocument,
    seen_here: dict[str, Location],
    topics_here: dict[str, Path],
) -> None:
    """``seen_here`` and ``topics_here`` span one layer: an id repeated within a layer is a
    mistake, while a later layer repeating it replaces the earlier definition on purpose."""
    data = doc.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        layers.problems.append(
            doc.problem((), f"must be a mapping with 'topic' and 'resources', not {what}")
        )
        return
    entries = validate("CatalogFile", data, doc, layers.problems)
    if entries is None:
        return
    if entries.get("resources") and "topic" not in entries:
        layers.problems.append(doc.problem((), "a file with resources needs a 'topic'"))
        return
    for lab in entries.get("labs", ()):
        layers.labs[lab["id"]] = Lab(
            lab["id"], lab["name"], lab["url"], lab["focus"], tuple(lab.get("topics", ()))
        )
    if "topic" not in entries:
        return
    tid = _add_topic(layers, doc, entries["topic"], topics_here)
    if tid is None:
        return
    lines = doc.item_lines(("resources",))
    for index, entry in enumerate(entries.get("resources", ())):
        location = Location(doc.file, lines[index] if index < len(lines) else None)
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
            checks=_checks(doc, index, rid, entry.get("checks", ()), layers.problems),
        )


def _add_topic(
    layers: Layers, doc: YamlDocument, raw: dict[str, Any], topics_here: dict[str, Path]
) -> str | None:
    """Record a file's topic block: a definition (title and description), or a reference to
    a topic defined elsewhere (its id alone), whose existence is checked once every layer is
    read. Returns the topic's id, or None (with a problem recorded) for half a definition."""
    tid = raw["id"]
    if ("title" in raw) != ("description" in raw):
        missing = "description" if "title" in raw else "title"
        message = (
            f"topic {tid!r} has no {missing}: give a new topic both a title and a description, "
            "or name an existing topic by its id alone to add resources to it"
        )
        layers.problems.append(doc.problem(("topic",), message))
        return None
    earlier = layers.topics.get(tid)
    includes = tuple(
        dict.fromkeys((*(earlier.includes if earlier else ()), *raw.get("includes", ())))
    )
    if raw.get("includes"):
        layers.include_sites[tid] = Location(doc.file, doc.line_of(("topic", "includes")))
    if "title" not in raw:  # a reference: the topic is defined elsewhere, maybe in a later file
        layers.topic_references.setdefault(tid, Location(doc.file, doc.line_of(("topic",))))
        layers.pending_includes[tid] = (
            *layers.pending_includes.get(tid, ()),
            *raw.get("includes", ()),
        )
        if earlier is not None:
            layers.topics[tid] = earlier._replace(includes=includes)
    else:
        if tid in topics_here:
            message = f"topic {tid!r} is already defined in {topics_here[tid]}"
            layers.problems.append(doc.problem(("topic",), message))
        topics_here[tid] = doc.file
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


def read_prerequisites(layers: Layers, doc: YamlDocument) -> None:
    """Edges are kept raw with their ``Site``: only the few that turn out wrong need their exact
    line, which phase 3 finds by reading the file again."""
    raw = doc.data if doc.data is not None else {}
    parsed = validate("PrerequisitesFile", raw, doc, layers.problems)
    if parsed is None:
        return
    ignore = parsed.get("check", {}).get("ignore", ())
    if ignore:
        layers.ignored_checks[str(doc.file.parent)] = tuple(dict.fromkeys(ignore))
    order_line = doc.line_of(("topic_order",))
    for topic in parsed.get("topic_order", ()):
        if topic not in layers.topic_order:
            layers.topic_order.append(topic)
        layers.reference_sites.append(("topic", topic, Location(doc.file, order_line)))
    key_lines = doc.key_lines(("requires",))
    for rid, req in parsed.get("requires", {}).items():
        location = Location(doc.file, key_lines.get(rid))
        layers.reference_sites.append(("resource", rid, location))
        layers.requirement_locations.setdefault(rid, location)
        merged = layers.requirements.setdefault(rid, {"hard": {}, "soft": {}, "one_of": []})
        for kind in ("hard", "soft"):
            for index, edge in enumerate(req.get(kind, ())):
                site = (location, ("requires", rid, kind, index))
                merged[kind].setdefault(edge["id"], (edge, site))
        for index, group in enumerate(req.get("one_of", ())):
            merged["one_of"].append((group, (location, ("requires", rid, "one_of", index))))
