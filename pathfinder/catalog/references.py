"""Phase 3, resolve references: aliases and urls must be unique across all layers, and every
name a prerequisites file or a lab uses must be a known resource (or alias) or topic. Runs once
all layers are read, since a later layer may define what an earlier one names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pathfinder.catalog.reading import Layers, Site
from pathfinder.errors import FileProblemsError, Problem, closest
from pathfinder.models import Edge, Location, OneOf, Requirements

if TYPE_CHECKING:  # parsing needs PyYAML; a warm cache does not
    from pathfinder.catalog.yaml_reader import YamlDocument

Resolve = Callable[[str], "str | None"]
_URL_PARTS = re.compile(r"([^:/?#]+://)([^/?#]*)(.*)", re.DOTALL)


def resolve_references(layers: Layers) -> tuple[dict[str, str], dict[str, Requirements]]:
    """Aliases first: a requirement may name a resource by its alias. Problems are added to
    ``layers.problems``; the caller raises once with all of them."""
    files = _Rereader()
    aliases = _check_aliases_and_urls(layers, files)
    return aliases, _resolve_requirements(layers, aliases, files)


class _Rereader:
    """The exact line of an entry, for an error message. Only errors need it, so a file is read
    again (once) rather than every line being remembered on the fast path."""

    def __init__(self) -> None:
        self._documents: dict[Path, YamlDocument] = {}

    def precise(self, site: Site) -> Location:
        location, path = site
        doc = self._document(location.file)
        return Location(location.file, doc.line_of(path)) if doc else location

    def field_location(self, location: Location, rid: str, field: str) -> Location:
        """The line of one field of a resource (its url, its aliases)."""
        doc = self._document(location.file)
        entries = doc.data.get("resources") if doc and isinstance(doc.data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and entry.get("id") == rid:
                return Location(location.file, doc.line_of(("resources", index, field)))  # type: ignore[union-attr]
        return location

    def _document(self, file: Path) -> YamlDocument | None:
        from pathfinder.catalog.yaml_reader import read_yaml

        if file not in self._documents:
            try:
                self._documents[file] = read_yaml(file)
            except FileProblemsError:
                return None
        return self._documents[file]


def _check_aliases_and_urls(layers: Layers, files: _Rereader) -> dict[str, str]:
    """Urls are compared without a trailing slash, together with the resource's ``section``:
    the same page listed twice is a duplicate, two chapters of one book are not."""
    aliases: dict[str, str] = {}
    urls: dict[tuple[str, str | None], str] = {}
    for rid, resource in layers.resources.items():
        if rid in layers.topics:  # `done ID`, `--goal ID` would mean one or the other
            message = "is also the id of a topic; give the resource another id"
            loc = layers.locations[rid]
            layers.problems.append(Problem(loc.file, loc.line, rid, message))
        for alias in resource.aliases:
            if alias == rid:
                message = f"alias {alias!r} is the resource's own id; remove it"
                loc = files.field_location(layers.locations[rid], rid, "aliases")
                layers.problems.append(Problem(loc.file, loc.line, rid, message))
            elif alias in layers.topics:
                message = f"alias {alias!r} is the id of a topic"
                loc = files.field_location(layers.locations[rid], rid, "aliases")
                layers.problems.append(Problem(loc.file, loc.line, rid, message))
            elif alias in layers.resources:
                message = f"alias {alias!r} is the id of another resource"
                loc = files.field_location(layers.locations[rid], rid, "aliases")
                layers.problems.append(Problem(loc.file, loc.line, rid, message))
            elif alias in aliases and aliases[alias] != rid:
                message = f"alias {alias!r} is also claimed by {aliases[alias]!r}"
                loc = files.field_location(layers.locations[rid], rid, "aliases")
                layers.problems.append(Problem(loc.file, loc.line, rid, message))
            else:
                aliases[alias] = rid
        key = (
            _same_page(resource.url),
            resource.section,
        )  # chapters of one book share its url, not its section
        if key in urls:
            part = f" (section {resource.section!r})" if resource.section else ""
            message = f"url is also used by {urls[key]!r}{part}: {resource.url}"
            if not resource.section:
                message += "; if they are parts of one source, give each a 'section'"
            loc = files.field_location(layers.locations[rid], rid, "url")
            layers.problems.append(Problem(loc.file, loc.line, rid, message))
        urls.setdefault(key, rid)
    for lab in layers.labs.values():
        for topic in lab.topics:
            if topic not in layers.topics:
                message = f"lab names unknown topic {topic!r}{_hint(topic, layers.topics)}"
                layers.problems.append(Problem(None, None, lab.id, message))
    return aliases


def _resolve_requirements(
    layers: Layers, aliases: dict[str, str], files: _Rereader
) -> dict[str, Requirements]:
    """A resource listed under its id and under an alias gets one merged entry."""

    resources = layers.resources

    def resolve(name: str) -> str | None:
        return name if name in resources else aliases.get(name)

    for kind, name, loc in layers.reference_sites:
        if kind == "topic" and name not in layers.topics:
            message = f"unknown topic {name!r}{_hint(name, layers.topics)}"
            layers.problems.append(Problem(loc.file, loc.line, None, message))
        elif kind == "resource" and resolve(name) is None:
            message = f"unknown resource {name!r}{_hint(name, layers.resources)}"
            layers.problems.append(Problem(loc.file, loc.line, name, message))
    resolved: dict[str, Requirements] = {}
    for raw_id, merged in layers.requirements.items():
        rid = resolve(raw_id)
        if rid is None:
            continue
        edges: dict[str, list[Edge]] = {"hard": [], "soft": []}
        for kind in ("hard", "soft"):
            found = edges[kind]
            for edge, site in merged[kind].values():
                name = edge["id"]  # inline for the usual case: 300,000 edges on a big catalog
                target = name if name in resources else aliases.get(name)
                if target is None or target == rid:
                    target = _resolve_reference(layers, files, rid, name, site, resolve, ())
                if target is not None:
                    found.append(Edge(target, edge.get("why")))
        groups: list[OneOf] = []
        for group, site in merged["one_of"]:
            members = [
                _resolve_reference(layers, files, rid, m, site, resolve, group["ids"])
                for m in group["ids"]
            ]
            if None in members:
                continue
            if len(set(members)) < 2:
                message = "a one_of group needs at least two different resources"
                loc = files.precise(site)
                layers.problems.append(Problem(loc.file, loc.line, rid, message))
                continue
            choose = group.get("choose", "nearest")
            groups.append(OneOf(tuple(members), group.get("why"), choose))  # type: ignore[arg-type]
        previous = resolved.get(rid)
        if previous is not None:  # an alias and its id both listed: merge
            edges["hard"] += previous.hard
            edges["soft"] += previous.soft
            groups += previous.one_of
        resolved[rid] = Requirements(tuple(edges["hard"]), tuple(edges["soft"]), tuple(groups))
        if raw_id != rid and raw_id in layers.requirement_locations:
            layers.requirement_locations.setdefault(rid, layers.requirement_locations[raw_id])
    return resolved


def _resolve_reference(
    layers: Layers,
    files: _Rereader,
    rid: str,
    name: str,
    site: Site,
    resolve: Resolve,
    siblings: Iterable[str],
) -> str | None:
    """None for a name that cannot be an edge (unknown, or the resource itself), reported.
    The hint for an unknown name never offers ``rid`` itself, nor ``siblings`` (the other
    members of its one_of group): either would make an edge the loader refuses."""
    target = resolve(name)
    if target is None:
        loc = files.precise(site)
        exclude = [rid, *(resolve(s) or s for s in siblings)]
        hint = _hint(name, layers.resources, exclude=exclude)
        message = f"requires unknown resource {name!r}{hint}"
        layers.problems.append(Problem(loc.file, loc.line, rid, message))
    elif target == rid:
        loc = files.precise(site)
        layers.problems.append(Problem(loc.file, loc.line, rid, "requires itself"))
        return None
    return target


def _same_page(url: str) -> str:
    """The form two urls of one page share: scheme and host in lower case (they are case-
    insensitive), Unicode in one normal form (NFC and NFD spell the same text), no trailing
    slash. Cheap for plain ASCII urls: it runs once per resource of a large catalog."""
    match = _URL_PARTS.match(url)
    key = f"{match[1].lower()}{match[2].lower()}{match[3]}" if match else url
    if not key.isascii():
        import unicodedata

        key = unicodedata.normalize("NFC", key)
    return key.rstrip("/")


def _hint(name: str, choices: Iterable[str], exclude: Iterable[str] = ()) -> str:
    """An unknown name is most often a typo: naming the near misses saves a search."""
    near = closest(name, choices, exclude=exclude)
    return f"; did you mean {', '.join(near)}?" if near else ""
