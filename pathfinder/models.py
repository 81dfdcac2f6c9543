"""The domain: resources, topics, prerequisite edges, and plans.

Everything here is a validated, immutable value. The loader (``pathfinder.catalog``) is the only
code that builds catalog models from untrusted input; everything downstream trusts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")
LEVEL_RANK: dict[str, int] = {name: rank for rank, name in enumerate(LEVELS)}

Kind = Literal["blog", "paper", "video", "course", "docs", "interactive", "book"]
KINDS: tuple[str, ...] = ("blog", "paper", "video", "course", "docs", "interactive", "book")

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
_HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class _Model(BaseModel):
    """Strict on purpose: YAML 1.1 turns ``no`` into False and ``1e3`` into a string, and
    coercing such values silently would hide the mistake from the catalog author."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _check_http_url(value: str) -> str:
    if not _HTTP_URL.match(value):
        raise ValueError("must be an http:// or https:// URL")
    return value


class Topic(_Model):
    """A subject area; one catalog file per topic."""

    id: Slug
    title: Text
    description: Text


class ResourceEntry(_Model):
    """A resource as written in a topic file (its topic comes from the file)."""

    id: Slug
    title: Text
    url: str
    kind: Kind
    authors: list[Text] = Field(default_factory=list)
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    level: Level
    minutes: Annotated[int, Field(gt=0, le=100_000)]
    summary: Text
    concepts: list[Text] = Field(default_factory=list)
    aliases: list[Slug] = Field(default_factory=list)

    _url = field_validator("url")(_check_http_url)


class Resource(ResourceEntry):
    """One study resource: something a learner reads, watches or works through."""

    topic: Slug


class Lab(_Model):
    """A research group worth following; shown alongside topics, never planned."""

    id: Slug
    name: Text
    url: str
    focus: Text
    topics: list[Slug] = Field(default_factory=list)

    _url = field_validator("url")(_check_http_url)


def _shorthand_edges(value: Any) -> Any:
    """Accept ``- other-id`` and ``- other-id: reason`` as well as ``- {id: .., why: ..}``."""
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for entry in value:
        if isinstance(entry, str):
            out.append({"id": entry})
        elif isinstance(entry, dict) and len(entry) == 1 and "id" not in entry:
            ((key, why),) = entry.items()
            out.append({"id": key, "why": why})
        else:
            out.append(entry)
    return out


class Edge(_Model):
    """A prerequisite reference, with the reason an expert would give for it."""

    id: Slug
    why: Text | None = None


class OneOf(_Model):
    """Several resources that teach the same thing at different depths; any one suffices."""

    ids: Annotated[list[Slug], Field(min_length=2)]
    why: Text | None = None


class Requirements(_Model):
    """What one resource needs. Hard: skip it and you are lost. Soft: ordering only."""

    hard: list[Edge] = Field(default_factory=list)
    soft: list[Edge] = Field(default_factory=list)
    one_of: list[OneOf] = Field(default_factory=list)

    _hard = field_validator(
        "hard", "soft", mode="before", json_schema_input_type=list[Slug | dict[Slug, Text] | Edge]
    )(_shorthand_edges)


class CatalogFile(_Model):
    """The shape of one catalog file: a topic and its resources, or labs (or both)."""

    topic: Topic | None = None
    resources: list[ResourceEntry] = Field(default_factory=list)
    labs: list[Lab] = Field(default_factory=list)


class PrerequisitesFile(_Model):
    """The shape of ``prerequisites.yaml``."""

    topic_order: list[Slug] = Field(default_factory=list)
    requires: dict[Slug, Requirements] = Field(default_factory=dict)


@dataclass(frozen=True)
class Location:
    """Where something was defined, for error messages."""

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
    locations: dict[str, Location] = field(default_factory=dict)
    edge_locations: dict[tuple[str, str], Location] = field(default_factory=dict)

    def resolve(self, name: str) -> str | None:
        """The canonical id for an id or a former id (alias), or None."""
        if name in self.resources:
            return name
        return self.aliases.get(name)

    def requirements_of(self, resource_id: str) -> Requirements:
        return self.requirements.get(resource_id) or _NO_REQUIREMENTS

    def topic_rank(self, topic_id: str) -> int:
        """Position of a topic in study order (basics first); unknown topics go last."""
        return self._topic_ranks.get(topic_id, len(self._topic_ranks))

    def __post_init__(self) -> None:
        self._topic_ranks = {topic: rank for rank, topic in enumerate(self.topics)}


_NO_REQUIREMENTS = Requirements()


class LevelPolicy(BaseModel):
    """The learner's declared level, overall and per topic (``--level kernels=advanced``)."""

    model_config = ConfigDict(frozen=True)

    default: Level = "beginner"
    topics: dict[str, Level] = Field(default_factory=dict)

    def for_topic(self, topic: str) -> Level:
        return self.topics.get(topic, self.default)

    def __str__(self) -> str:
        extra = "".join(f", {t}={lvl}" for t, lvl in sorted(self.topics.items()))
        return f"{self.default}{extra}"


class PlanItem(BaseModel):
    """One step of a study path, with why it is there."""

    model_config = ConfigDict(frozen=True)

    position: int
    id: str
    title: str
    url: str
    topic: str
    level: Level
    kind: str
    minutes: int
    cumulative_minutes: int
    is_goal: bool
    reason: str
    edge_why: str | None = None
    needed_by: list[str]
    requires: list[str]


SkipReason = Literal["known", "below-level"]


class SkippedItem(BaseModel):
    """A resource the plan relies on but leaves out, because the learner knows it."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    topic: str
    level: Level
    minutes: int
    reason: SkipReason
    detail: str


class Plan(BaseModel):
    """An ordered, explained study path. ``schema_version`` guards the JSON interface."""

    model_config = ConfigDict(frozen=True)

    schema_version: int = 1
    goals: list[str]
    goal_resources: list[str]
    level: LevelPolicy
    known: list[str]
    items: list[PlanItem]
    skipped: list[SkippedItem]
    total_minutes: int
    skipped_minutes: int

    def item(self, resource_id: str) -> PlanItem | None:
        return next((i for i in self.items if i.id == resource_id), None)

    def chain_to_goal(self, resource_id: str) -> list[str]:
        """The path from ``resource_id`` up to the goal that pulled it in, following the
        first item that needs each step. Empty when the resource is not in the plan."""
        by_id = {item.id: item for item in self.items}
        chain: list[str] = []
        current = by_id.get(resource_id)
        while current is not None and current.id not in chain:
            chain.append(current.id)
            if current.is_goal or not current.needed_by:
                break
            current = by_id.get(current.needed_by[0])
        return chain
