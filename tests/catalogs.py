"""Small in-memory catalogs for planner tests, built through the public models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pathfinder.models import Catalog, Edge, OneOf, Requirements, Resource, Topic


def make_catalog(
    resources: Sequence[tuple[str, str, str]],
    hard: Mapping[str, Iterable[str]] = {},
    soft: Mapping[str, Iterable[str]] = {},
    one_of: Mapping[str, Iterable[Sequence[str]]] = {},
    minutes: Mapping[str, int] = {},
) -> Catalog:
    """``resources`` are (id, topic, level) triples, in catalog order; topics are studied in
    order of first appearance. Edge mappings go from a resource to what it requires."""
    topics: dict[str, Topic] = {}
    items: dict[str, Resource] = {}
    for rid, topic, level in resources:
        topics.setdefault(topic, Topic(id=topic, title=topic, description=topic))
        items[rid] = Resource(
            id=rid,
            title=f"Title {rid}",
            url=f"https://example.org/{rid}",
            kind="blog",
            topic=topic,
            level=level,  # type: ignore[arg-type]
            minutes=minutes.get(rid, 10),
            summary=f"About {rid}",
        )
    requirements = {}
    for rid in items:
        requirements[rid] = Requirements(
            hard=tuple(Edge(id=x) for x in hard.get(rid, ())),
            soft=tuple(Edge(id=x) for x in soft.get(rid, ())),
            one_of=tuple(OneOf(ids=tuple(group)) for group in one_of.get(rid, ())),
        )
    return Catalog(topics=topics, resources=items, requirements=requirements)
