"""The domain: resources, topics and prerequisite edges, as plain immutable values.

These are named tuples, not pydantic models, on purpose: the loader
(``pathfinder.catalog.loader``) validates untrusted YAML with the schemas in
``pathfinder.catalog.file_schemas`` and builds these from the result, and the parsed-catalog
cache rebuilds them from plain tuples without importing pydantic at all, which keeps commands
like ``show`` and ``done`` fast to start and makes a 100,000-resource catalog load in about a
second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")
LEVEL_RANK: dict[str, int] = {name: rank for rank, name in enumerate(LEVELS)}

Kind = Literal["blog", "paper", "video", "course", "docs", "interactive", "book"]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Topic(NamedTuple):
    """A subject area; one catalog file per topic."""

    id: str
    title: str
    description: str
    includes: tuple[str, ...] = ()  # resources filed under another topic that belong here too


class Check(NamedTuple):
    """A question a reader of a resource can answer and a non-reader mostly cannot: multiple
    choice (``choices`` given, ``answer`` the right choice's text) or numeric (``choices``
    None, ``answer`` a number, right within ``tolerance``). ``source`` names the part of the
    resource it comes from; ``explain`` is shown after the learner answers."""

    prompt: str
    answer: str | float
    explain: str
    source: str
    choices: tuple[str, ...] | None = None
    tolerance: float | None = None
    unit: str | None = None

    @property
    def numeric(self) -> bool:
        return self.choices is None


# A Check's fields as a plain tuple. Resources keep their checks this way because the parsed-
# catalog cache stores resources with ``marshal``, which takes plain tuples but no named ones;
# ``Resource.quiz()`` gives them back as Check values.
CheckFields = tuple[Any, ...]


class Resource(NamedTuple):
    """One study resource: something a learner reads, watches or works through."""

    id: str
    title: str
    url: str
    kind: str
    topic: str
    level: Level
    minutes: int
    summary: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    concepts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    optional: bool = False  # off the critical path: a topic goal lists it instead of planning it
    section: str | None = None  # its part of a source shared with other resources (a chapter)
    checks: tuple[CheckFields, ...] = ()  # questions on it, as Check fields: see quiz()

    def quiz(self) -> tuple[Check, ...]:
        """Its checks, in file order; check ``n`` (1-based) has the id ``<resource-id>#<n>``."""
        return tuple(
            Check(c[0], c[1], c[2], c[3], tuple(c[4]) if c[4] is not None else None, *c[5:])
            for c in self.checks
        )


class Lab(NamedTuple):
    """A research group worth following; shown alongside topics, never planned."""

    id: str
    name: str
    url: str
    focus: str
    topics: tuple[str, ...] = ()


# How an "any one of" group picks when no member is planned, known or below the level:
# nearest the learner's level (two explanations at different depths), the lightest (fewest
# minutes: "a lighter version suffices"), or the first listed (the catalog's own preference).
ONE_OF_CHOICES = ("nearest", "lightest", "first")


class Edge(NamedTuple):
    """A prerequisite reference, with the reason an expert would give for it."""

    id: str
    why: str | None = None


class OneOf(NamedTuple):
    """Several resources that teach the same thing at different depths; any one suffices."""

    ids: tuple[str, ...]
    why: str | None = None
    choose: str = "nearest"  # "nearest" (level), "lightest" or "first": see ONE_OF_CHOICES


class Requirements(NamedTuple):
    """What one resource needs. Hard: skip it and you are lost. Soft: ordering only."""

    hard: tuple[Edge, ...] = ()
    soft: tuple[Edge, ...] = ()
    one_of: tuple[OneOf, ...] = ()


class Location(NamedTuple):
    """Where something was defined, for error messages and warnings (a named tuple: ``check``
    on a big catalog makes hundreds of thousands)."""

    file: Path
    line: int | None = None


@dataclass
class Catalog:
    """A loaded, fully validated catalog: every reference resolves and the hard graph is acyclic.

    ``resources`` and ``topics`` keep study order (topic order, then file order).
    """

    topics: dict[str, Topic]
    resources: dict[str, Resource]
    requirements: dict[str, Requirements]
    labs: list[Lab] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    locations: Mapping[str, Location] = field(default_factory=dict)
    requirement_locations: Mapping[str, Location] = field(default_factory=dict)
    # check rules each catalog folder turned off (prerequisites.yaml ``check: ignore:``)
    ignored_checks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def members(self, topic_id: str) -> list[str]:
        """A topic's resources in catalog order: those filed under it, then those it includes
        from other topics."""
        own = [rid for rid, r in self.resources.items() if r.topic == topic_id]
        topic = self.topics.get(topic_id)
        included = [rid for rid in (topic.includes if topic else ()) if rid not in own]
        return own + included

    def resolve(self, name: str) -> str | None:
        """The canonical id for an id or a former id (alias), or None."""
        if name in self.resources:
            return name
        return self.aliases.get(name)

    def requirements_of(self, resource_id: str) -> Requirements:
        return self.requirements.get(resource_id) or _NO_REQUIREMENTS

    def edge_location(self, prerequisite: str, dependent: str) -> Location | None:
        """Where the edge is declared: the dependent's entry in its prerequisites file."""
        return self.requirement_locations.get(dependent)

    def topic_rank(self, topic_id: str) -> int:
        """Position of a topic in study order (basics first); unknown topics go last."""
        return self._topic_ranks.get(topic_id, len(self._topic_ranks))

    def reading_order(self) -> ReadingOrder:
        """The catalog's own reading order, computed once (the parsed-catalog cache stores it):
        for a catalog of 100,000 resources it saves every plan a second of work."""
        if self._reading_order is None or self._reading_order[0] != self._identity():
            self._reading_order = (self._identity(), _reading_order(self))
        return self._reading_order[1]

    def remember_reading_order(self, keys: list[int], backward: list[tuple[str, str]]) -> None:
        """Install a reading order computed earlier for this same catalog (by the cache)."""
        keyed = dict(zip(self.resources, keys, strict=True))
        order = ReadingOrder(list(self.resources), keyed, [(u, v) for u, v in backward])
        self._reading_order = (self._identity(), order)

    def adjacency(self) -> Adjacency:
        """The hard-prerequisite graph by catalog position (the parsed-catalog cache stores
        it): the planner walks integers in lists, several times faster than ids in dicts."""
        if self._adjacency is None or self._adjacency[0] != self._identity():
            self._adjacency = (self._identity(), _adjacency(self))
        return self._adjacency[1]

    def remember_adjacency(self, fields: tuple[Any, ...]) -> None:
        """Install an adjacency computed earlier for this same catalog (by the cache)."""
        adjacency = Adjacency(*fields)
        if len(adjacency.hard) != len(self.resources):
            raise ValueError("adjacency of another catalog")
        self._adjacency = (self._identity(), adjacency)

    def _identity(self) -> tuple[int, int, int]:
        """What a memoised reading order belongs to: a catalog whose dicts were replaced
        (``catalog.resources = {...}``) gets a new one."""
        return (id(self.topics), id(self.resources), id(self.requirements))

    def __post_init__(self) -> None:
        self._topic_ranks = {topic: rank for rank, topic in enumerate(self.topics)}
        self._reading_order: tuple[tuple[int, int, int], ReadingOrder] | None = None
        self._adjacency: tuple[tuple[int, int, int], Adjacency] | None = None


class ReadingOrder(NamedTuple):
    """Each resource's place in the catalog's reading order (topic, then level, then catalog
    position) as one integer, and the few prerequisite edges (hard, soft or "any one of") that
    point backwards in it. A plan that contains none of those is ordered by simply sorting its
    resources by these keys, since no edge can ask for anything else."""

    ids: list[str]  # catalog order: ids[key % len(ids)] is the resource of a key
    keys: dict[str, int]
    backward: list[tuple[str, str]]  # (before, after) pairs that go against the keys


def _reading_order(catalog: Catalog) -> ReadingOrder:
    ids = list(catalog.resources)
    size = len(ids)
    base = {  # (topic, level) -> its rank among topics and levels, times the catalog size
        (topic, level): (rank * len(LEVELS) + level_rank) * size
        for rank, topic in enumerate(catalog.topics)
        for level, level_rank in LEVEL_RANK.items()
    }
    keys = {
        rid: base.get((r.topic, r.level), 0) + position
        for position, (rid, r) in enumerate(catalog.resources.items())
    }
    backward = [
        (before, rid)
        for rid, req in catalog.requirements.items()
        for before in (
            *(e.id for e in req.hard),
            *(e.id for e in req.soft),
            *(m for group in req.one_of for m in group.ids),
        )
        if keys[before] >= keys[rid]
    ]
    return ReadingOrder(ids, keys, backward)


class Adjacency(NamedTuple):
    """What planning reads of every resource, by its position in catalog order (the order of
    ``Catalog.resources``, ``ReadingOrder.ids``): plain integers in lists and bytes."""

    hard: list[tuple[int, ...]]  # hard prerequisites, as written (repeats kept)
    hard_why: list[tuple[str | None, ...] | None]  # their reasons; None when none has one
    soft: list[tuple[int, ...]]  # soft prerequisites, as written
    soft_why: list[tuple[str | None, ...] | None]  # their reasons; None when none has one
    groups: dict[int, tuple[tuple[Any, ...], ...]]  # "any one of" groups as OneOf fields
    levels: bytes  # LEVEL_RANK of the resource's level
    topics: list[int]  # the rank of its topic in catalog.topics


def _adjacency(catalog: Catalog) -> Adjacency:
    position = {rid: i for i, rid in enumerate(catalog.resources)}
    hard: list[tuple[int, ...]] = []
    soft: list[tuple[int, ...]] = []
    hard_why: list[tuple[str | None, ...] | None] = []
    soft_why: list[tuple[str | None, ...] | None] = []
    groups: dict[int, tuple[tuple[Any, ...], ...]] = {}
    requirements = catalog.requirements
    for i, rid in enumerate(catalog.resources):
        req = requirements.get(rid, _NO_REQUIREMENTS)
        for edges, numbers, whys in ((req.hard, hard, hard_why), (req.soft, soft, soft_why)):
            numbers.append(tuple([position[e[0]] for e in edges]))
            reasons = tuple([e[1] for e in edges])
            whys.append(reasons if any(w is not None for w in reasons) else None)
        if req.one_of:
            groups[i] = tuple(tuple(group) for group in req.one_of)
    topic_rank = {topic: rank for rank, topic in enumerate(catalog.topics)}
    return Adjacency(
        hard,
        hard_why,
        soft,
        soft_why,
        groups,
        bytes(LEVEL_RANK[r.level] for r in catalog.resources.values()),
        [topic_rank.get(r.topic, len(topic_rank)) for r in catalog.resources.values()],
    )


_NO_REQUIREMENTS = Requirements()


@dataclass(frozen=True)
class LevelPolicy:
    """The learner's declared level, overall and per topic (``--level kernels=advanced``)."""

    default: Level = "beginner"
    topics: dict[str, Level] = field(default_factory=dict)

    def for_topic(self, topic: str) -> Level:
        return self.topics.get(topic, self.default)

    def __str__(self) -> str:
        extra = "".join(f", {t}={lvl}" for t, lvl in sorted(self.topics.items()))
        return f"{self.default}{extra}"
