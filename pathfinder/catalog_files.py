"""The shapes of the YAML files contributors write, as strict pydantic models.

Only the loader validates with these (and ``pathfinder schema`` turns them into JSON Schema);
everything downstream uses the plain values of ``pathfinder.models``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from pathfinder.models import ID_PATTERN, Kind, Level

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


class TopicEntry(_Model):
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


class LabEntry(_Model):
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


class EdgeEntry(_Model):
    """A prerequisite reference, with the reason an expert would give for it."""

    id: Slug
    why: Text | None = None


class OneOfEntry(_Model):
    """Several resources that teach the same thing at different depths; any one suffices."""

    ids: Annotated[list[Slug], Field(min_length=2)]
    why: Text | None = None


class RequirementsEntry(_Model):
    """What one resource needs. Hard: skip it and you are lost. Soft: ordering only."""

    hard: list[EdgeEntry] = Field(default_factory=list)
    soft: list[EdgeEntry] = Field(default_factory=list)
    one_of: list[OneOfEntry] = Field(default_factory=list)

    _edges = field_validator(
        "hard",
        "soft",
        mode="before",
        json_schema_input_type=list[Slug | dict[Slug, Text] | EdgeEntry],
    )(_shorthand_edges)


class CatalogFile(_Model):
    """One catalog file: a topic and its resources, or labs (or both)."""

    topic: TopicEntry | None = None
    resources: list[ResourceEntry] = Field(default_factory=list)
    labs: list[LabEntry] = Field(default_factory=list)


class PrerequisitesFile(_Model):
    """``prerequisites.yaml``: the study order of topics and every resource's requirements."""

    topic_order: list[Slug] = Field(default_factory=list)
    requires: dict[Slug, RequirementsEntry] = Field(default_factory=dict)
