"""The shapes of the YAML files contributors write, as strict pydantic schemas.

Typed dictionaries rather than models: pydantic validates a whole file in one call and hands
back plain dicts, several times faster than building a model per resource, which matters for
catalogs of 100,000 resources. Only the loader validates with these (and ``pathfinder schema``
turns them into JSON Schema); everything downstream uses ``pathfinder.models``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    with_config,
)
from typing_extensions import NotRequired, TypedDict

from pathfinder.models import ID_PATTERN, Kind, Level

# fullmatch, not ``$`` (which also matches before a final newline); no whitespace and no
# control character anywhere: a url is printed, linked and put in calendars as it is.
_HTTP_URL = re.compile(
    r"https?://[^\s/$.?#\x00-\x1f\x7f-\x9f][^\s\x00-\x1f\x7f-\x9f]*", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Strict on purpose: YAML 1.1 turns ``no`` into False and ``1e3`` into a string, and coercing
# such values silently would hide the mistake from the catalog author.
_STRICT = ConfigDict(extra="forbid", strict=True)


def _check_http_url(value: str) -> str:
    if not _HTTP_URL.fullmatch(value):
        if _CONTROL.search(value) or value != value.strip():
            raise ValueError(
                "must be an http:// or https:// URL, without spaces or control characters"
            )
        raise ValueError("must be an http:// or https:// URL")
    return value


def _check_line(value: str) -> str:
    """Titles are printed as they are, on one line: no control character (a newline, ESC),
    no whitespace around them."""
    if _CONTROL.search(value):
        raise ValueError("must be one line without control characters")
    if value != value.strip():
        raise ValueError("must not start or end with whitespace")
    return value


Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
HttpUrl = Annotated[str, AfterValidator(_check_http_url)]
Title = Annotated[Text, AfterValidator(_check_line)]


@with_config(
    ConfigDict(
        extra="forbid",
        strict=True,
        # title and description come together (a definition) or not at all (a reference)
        json_schema_extra={
            "dependentRequired": {"title": ["description"], "description": ["title"]}
        },
    )
)
class TopicEntry(TypedDict):
    """A subject area; one catalog file per topic. A new topic needs its title and
    description; a file that adds resources to a topic defined elsewhere (a built-in one, or
    another file) names it by id alone: ``topic: inference`` or ``topic: {id: inference}``."""

    id: Slug
    title: NotRequired[Title]
    description: NotRequired[Text]
    includes: NotRequired[list[Slug]]


def _topic_by_name(value: Any) -> Any:
    """``topic: inference`` is short for ``topic: {id: inference}``."""
    return {"id": value} if isinstance(value, str) else value


TopicField = Annotated[
    TopicEntry, BeforeValidator(_topic_by_name, json_schema_input_type=Slug | TopicEntry)
]


def _check_answer(value: Any) -> Any:
    """One clear message instead of one per member of the union (text or a number)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("must be the right choice's text or a number")
    return value


@with_config(_STRICT)
class CheckEntry(TypedDict):
    """A question on the resource: multiple choice (``choices``, ``answer`` equal to exactly
    one of them) or numeric (no ``choices``; ``answer`` a number, ``tolerance`` required).
    The rules across fields are checked by the loader (``pathfinder.catalog.reading``)."""

    prompt: Title
    choices: NotRequired[Annotated[list[Title], Field(min_length=3, max_length=5)]]
    answer: Annotated[str | float, BeforeValidator(_check_answer)]
    tolerance: NotRequired[Annotated[float, Field(ge=0, allow_inf_nan=False)]]
    unit: NotRequired[Title]
    explain: Title
    source: Title


@with_config(_STRICT)
class ResourceEntry(TypedDict):
    """A resource as written in a topic file (its topic comes from the file)."""

    id: Slug
    title: Title
    url: HttpUrl
    kind: Kind
    authors: NotRequired[list[Text]]
    year: NotRequired[Annotated[int, Field(ge=1950, le=2100)] | None]
    level: Level
    minutes: Annotated[int, Field(gt=0, le=100_000)]
    summary: Text
    concepts: NotRequired[list[Text]]
    aliases: NotRequired[list[Slug]]
    optional: NotRequired[bool]
    section: NotRequired[Title]
    checks: NotRequired[list[CheckEntry]]


@with_config(_STRICT)
class LabEntry(TypedDict):
    """A research group worth following; shown alongside topics, never planned."""

    id: Slug
    name: Title
    url: HttpUrl
    focus: Text
    topics: NotRequired[list[Slug]]


@with_config(_STRICT)
class CatalogFile(TypedDict):
    """One catalog file: a topic and its resources, or labs (or both)."""

    topic: NotRequired[TopicField]
    resources: NotRequired[list[ResourceEntry]]
    labs: NotRequired[list[LabEntry]]


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


@with_config(_STRICT)
class EdgeEntry(TypedDict):
    """A prerequisite reference, with the reason an expert would give for it."""

    id: Slug
    why: NotRequired[Text | None]


@with_config(_STRICT)
class OneOfEntry(TypedDict):
    """Several resources that teach the same thing at different depths; any one suffices."""

    ids: Annotated[list[Slug], Field(min_length=2)]
    why: NotRequired[Text | None]
    choose: NotRequired[Literal["nearest", "lightest", "first"]]


Edges = Annotated[
    list[EdgeEntry],
    BeforeValidator(
        _shorthand_edges, json_schema_input_type=list[Slug | dict[Slug, Text] | EdgeEntry]
    ),
]


@with_config(_STRICT)
class RequirementsEntry(TypedDict):
    """What one resource needs. Hard: skip it and you are lost. Soft: ordering only."""

    hard: NotRequired[Edges]
    soft: NotRequired[Edges]
    one_of: NotRequired[list[OneOfEntry]]


@with_config(_STRICT)
class CheckSettings(TypedDict):
    """What ``pathfinder check`` should not warn about in this catalog folder's files: for a
    catalog with other conventions (hard edges stated on purpose although implied, say)."""

    ignore: list[
        Literal[
            "level-inversion",
            "heavy-edge",
            "implied-edge",
            "isolated",
            "minutes",
            "few-checks",
            "duplicate-prompt",
            "choices-case",
        ]
    ]


@with_config(_STRICT)
class PrerequisitesFile(TypedDict):
    """``prerequisites.yaml``: the study order of topics and every resource's requirements."""

    topic_order: NotRequired[list[Slug]]
    requires: NotRequired[dict[Slug, RequirementsEntry]]
    check: NotRequired[CheckSettings]


@cache
def adapter(shape: type) -> TypeAdapter[Any]:
    """One validator per file shape, built on first use."""
    return TypeAdapter(shape)
