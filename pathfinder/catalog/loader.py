"""Loading: catalog folders and prerequisites.yaml into one validated ``Catalog``.

This is the single gate. Whatever it returns has every reference resolved, no duplicate ids or
urls, and an acyclic hard-prerequisite graph; whatever is wrong is raised as one CatalogError
listing each problem with its file, line and resource.

Layering: the built-in catalog comes first; each ``--catalog`` folder is laid over it. New
resources and edges add; a resource whose id already exists replaces the earlier one (its
edges are kept and the new layer's are added).

The phases live in their own modules: ``sources`` (which files), ``reading`` (parse each
file), ``validation`` (against the schemas), ``references`` (resolve names across layers),
``graph_checks`` (acyclicity, topic order).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pathfinder.catalog.graph_checks import check_acyclic, ordered_topics
from pathfinder.catalog.reading import Layers, Part, check_topic_references, parse_part, read_layer
from pathfinder.catalog.references import resolve_references
from pathfinder.catalog.sources import CatalogSource, catalog_sources, check_sizes, source_files
from pathfinder.errors import CatalogError, Problem, closest
from pathfinder.models import Catalog

if TYPE_CHECKING:
    from pathfinder.catalog.cache import CatalogCache


def load_catalog(
    extra: Sequence[Path | str] = (),
    *,
    builtin: bool = True,
    cache_dir: Path | None = None,
    parsed: list[Path] | None = None,
) -> Catalog:
    """Load the built-in catalog (unless ``builtin`` is False) with ``extra`` folders on top.

    Every file's size is checked before any is parsed. With ``cache_dir``, files whose bytes
    were parsed before are not parsed again (see ``pathfinder.catalog.cache``): the catalog
    of exactly these files comes from the cache, or else the changed files are parsed and
    combined with the cached parts of the others (or, for an edit of one topic file that
    changes nothing checked across files, with the cached catalog). ``parsed``, when given,
    receives the files that were parsed, in order."""
    sources = catalog_sources(extra, builtin=builtin)
    check_sizes(sources)
    done = parsed if parsed is not None else []
    if cache_dir is None:
        return _load(sources, None, done)
    from pathfinder.catalog.cache import CatalogCache

    try:
        files = [f for source in sources for f in source_files(source)]
        contents = {path: path.read_bytes() for path in files}
    except (OSError, CatalogError):
        return _load(sources, None, done)  # the loader reports whatever is wrong with the files
    cache = CatalogCache(cache_dir, [source.folder for source in sources], contents)
    catalog = cache.catalog()
    if catalog is None:
        prerequisites = {path for source in sources for path in source.prerequisites}
        catalog = cache.patched(set(files) - prerequisites)  # one topic file edited
        if catalog is not None:
            done += cache.parsed
            cache.save(catalog)
            return catalog
        try:
            catalog = _load(sources, cache, done)
        finally:
            done += cache.parsed
        cache.save(catalog)
    return catalog


def _load(sources: list[CatalogSource], cache: CatalogCache | None, parsed: list[Path]) -> Catalog:
    """Parse and validate. Garbage collection is paused meanwhile: parsing allocates millions
    of objects and no cycles, and the collector's repeated scans cost a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_phases(sources, cache, parsed)
    finally:
        if enabled:
            gc.enable()


def _run_phases(
    sources: Iterable[CatalogSource], cache: CatalogCache | None, parsed: list[Path]
) -> Catalog:
    """A phase that found problems ends the load: the next would work on incomplete data and
    mostly report echoes of the same mistakes (a bad file's resources as unknown names). Within
    a phase every problem is collected, so that one error lists them all."""
    layers = Layers()

    def parts(path: Path, is_prerequisites: bool) -> Part | None:
        if cache is not None:
            return cache.part(path, is_prerequisites, layers.problems)
        parsed.append(path)
        return parse_part(path, None, is_prerequisites, layers.problems)

    for source in sources:
        read_layer(layers, source, parts)
        if layers.problems:
            raise CatalogError(layers.problems)
    check_topic_references(layers)
    if layers.problems:
        raise CatalogError(layers.problems)
    aliases, requirements = resolve_references(layers)
    if layers.problems:
        raise CatalogError(layers.problems)
    _check_includes(layers, aliases)
    check_acyclic(requirements, layers.requirement_locations, layers.problems)
    if layers.problems:
        raise CatalogError(layers.problems)
    topics = ordered_topics(layers.topics, layers.topic_order)
    rank = {topic: i for i, topic in enumerate(topics)}
    resources = dict(
        sorted(layers.resources.items(), key=lambda kv: rank[kv[1].topic])
    )  # stable: file order within a topic
    return Catalog(
        topics={t: layers.topics[t] for t in topics},
        resources=resources,
        requirements=requirements,
        labs=list(layers.labs.values()),
        aliases=aliases,
        locations=layers.locations,
        requirement_locations=layers.requirement_locations,
        ignored_checks=layers.ignored_checks,
    )


def _check_includes(layers: Layers, aliases: dict[str, str]) -> None:
    """A topic's ``includes`` name resources defined anywhere in the catalog (by id or former
    id); they are stored by canonical id. Unknown names are errors, as for edges."""
    for tid, topic in list(layers.topics.items()):
        if not topic.includes:
            continue
        resolved = []
        for name in topic.includes:
            rid = name if name in layers.resources else aliases.get(name)
            if rid is None:
                loc = layers.include_sites.get(tid)
                near = closest(name, [r for r in layers.resources if r != name])
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                layers.problems.append(
                    Problem(
                        loc.file if loc else None,
                        loc.line if loc else None,
                        None,
                        f"topic {tid!r} includes unknown resource {name!r}{hint}",
                    )
                )
            elif layers.resources[rid].topic != tid and rid not in resolved:
                resolved.append(rid)
        layers.topics[tid] = topic._replace(includes=tuple(resolved))
