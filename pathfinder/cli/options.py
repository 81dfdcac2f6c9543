"""The options and arguments several commands share, declared once for typer, with their
callbacks and shell completion. What the commands then do with the values (open the progress
file, the catalog...) is in ``runtime``, which does not need typer."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pathfinder.cli.app import ARGV_KEY, LineUsageError, suggest
from pathfinder.cli.runtime import folded, id_list, lower_name, lower_names, open_catalog
from pathfinder.errors import PathfinderError

if TYPE_CHECKING:
    from pathfinder.models import Catalog


def _completion_catalog(ctx: Any = None) -> Catalog | None:
    """The catalog completion offers names from: the built-in one with the folders of a
    --catalog already typed on the line, else $PATHFINDER_CATALOG, through the cache, so a
    TAB costs a cached load. None when it cannot be loaded: completion must never print a
    traceback into the shell, and offers nothing rather than something wrong."""
    try:
        dirs = ctx.params.get("catalog_dirs") if ctx is not None else None
        return open_catalog(dirs or None)
    except Exception:
        return None


def _last_part(incomplete: str | None) -> tuple[str, str]:
    """``"inference,ker"`` -> ``("inference,", "ker")``: a comma-separated list completes its
    last part, so that the shell replaces the word with the whole list."""
    head, sep, part = (incomplete or "").rpartition(",")
    return head + sep, part.lower()


def _offer(names: Iterable[str], incomplete: str | None, taken: Iterable[str] = ()) -> list[str]:
    head, part = _last_part(incomplete)
    skip = {*head.split(","), *taken}
    return [head + name for name in names if name.startswith(part) and name not in skip]


def complete_goal(incomplete: str, ctx: Any = None) -> list[str]:
    """Topics and resource ids for --goal (the part after the last comma of a list)."""
    catalog = _completion_catalog(ctx)
    return _offer([*catalog.topics, *catalog.resources] if catalog else [], incomplete)


def complete_resource(incomplete: str, ctx: Any = None) -> list[str]:
    """Resource ids for --known and for the ids commands take (the part after the last comma
    of a list); ids already given earlier on the line are not offered again."""
    catalog = _completion_catalog(ctx)
    taken = [*(_given(ctx, "ids")), *(_given(ctx, "known"))] if ctx is not None else []
    return _offer(catalog.resources if catalog else [], incomplete, taken)


def _given(ctx: Any, name: str) -> list[str]:
    value = getattr(ctx, "params", {}).get(name)
    return [v for item in value for v in item.split(",")] if isinstance(value, list) else []


def complete_level(incomplete: str, ctx: Any = None) -> list[str]:
    """Levels, and TOPIC=LEVEL once a topic and '=' are typed."""
    from pathfinder.models import LEVELS

    incomplete = (incomplete or "").lower()
    topic, sep, _ = incomplete.rpartition("=")
    if sep:
        return [f"{topic}={lvl}" for lvl in LEVELS if f"{topic}={lvl}".startswith(incomplete)]
    catalog = _completion_catalog(ctx)
    topics = [f"{t}=" for t in (catalog.topics if catalog else [])]
    return [n for n in [*LEVELS, *topics] if n.startswith(incomplete)]


CatalogDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Extra catalog folder laid over the built-in one (repeatable). "
        "Default: $PATHFINDER_CATALOG, colon-separated.",
        show_default=False,
    ),
]
SavedPlanCatalogDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Catalog folder laid over the built-in one, instead of the saved plan's (repeatable). "
        "If the saved plan's folders no longer exist (moved), the ones given are recorded in it.",
        show_default=False,
    ),
]


def _names(option: str) -> Callable[..., list[str] | None]:
    """The callback of an option that takes ids: lower case (every id is), a comma-separated
    list split (``-g inference,kernels``). A value with spaces (``-g "inference kernels"``)
    is refused with the line that works, since no id has a space."""

    def split(ctx: typer.Context, values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        out: list[str] = []
        for value in values:
            parts = [folded(part) for part in value.split(",") if part.strip()]
            if any(len(part.split()) > 1 for part in parts):
                words = [word for part in parts for word in part.split()]
                raise LineUsageError(
                    f"{option} {value.strip()!r}: one id per {option}, or a comma-separated "
                    f"list; {_respelled(ctx, option, value, words)}",
                    ctx,
                )
            out += parts or [value]  # an empty value: the library says what is missing
        return out

    return split


def _respelled(ctx: typer.Context, option: str, value: str, words: list[str]) -> str:
    """The command line as typed, with ``value`` given as one ``option`` per word."""
    argv: list[str] = list(ctx.meta.get(ARGV_KEY, []))
    short = {"--goal": "-g", "--known": "-k"}.get(option, option)
    spelled = [w for word in words for w in (option, word)]
    for i, word in enumerate(argv):
        if word in (option, short) and i + 1 < len(argv) and argv[i + 1] == value:
            return suggest(ctx, [*argv[:i], *spelled, *argv[i + 2 :]])
        if word in (f"{option}={value}", f"{short}{value}"):
            return suggest(ctx, [*argv[:i], *spelled, *argv[i + 1 :]])
    return suggest(ctx, spelled)


Goals = Annotated[
    list[str],
    typer.Option(
        "--goal",
        "-g",
        help="Topic or resource id to study (repeatable, or comma-separated).",
        show_default=False,
        callback=_names("--goal"),
        autocompletion=complete_goal,
    ),
]
Levels = Annotated[
    list[str] | None,
    typer.Option(
        "--level",
        "-l",
        help="beginner, intermediate or advanced; TOPIC=LEVEL for one topic (repeatable). "
        "Default: beginner.",
        show_default=False,
        callback=lower_names,
        autocompletion=complete_level,
    ),
]
Known = Annotated[
    list[str] | None,
    typer.Option(
        "--known",
        "-k",
        help="Resource id you have already studied (repeatable, or comma-separated).",
        show_default=False,
        callback=_names("--known"),
        autocompletion=complete_resource,
    ),
]
Ids = Annotated[
    list[str],
    typer.Argument(
        help="Resource ids (or former ids).",
        show_default=False,
        callback=id_list,
        autocompletion=complete_resource,
    ),
]
ResourceId = Annotated[
    str,
    typer.Argument(
        help="Resource id (or former id).",
        show_default=False,
        callback=lower_name,
        autocompletion=complete_resource,
    ),
]

IncludeOptional = Annotated[
    bool,
    typer.Option(
        "--include-optional",
        help="Also plan the goal topics' optional resources (listed after the path otherwise).",
    ),
]


ProgressPath = Annotated[
    Path | None,
    typer.Option(
        "--progress",
        envvar="PATHFINDER_PROGRESS",
        help="Progress file. Default: $PATHFINDER_PROGRESS, else your user data folder.",
        show_default=False,
    ),
]


def _finite(value: float | None) -> float | None:
    """Range checks pass nan (every comparison with it is false): refuse it, and infinity,
    here, so that no float option reaches the progress file or the schedule unbounded."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number; give one such as 1.5")
    return value


HoursPerWeek = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        min=0.1,
        max=168,
        callback=_finite,
        help="Study hours per week (saved).",
        show_default=False,
    ),
]
PlanHoursPerWeek = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week",
        min=0.1,
        max=168,
        callback=_finite,
        help="Study hours per week for the schedule of ics and --by week exports "
        "(saved with --save).",
        show_default=False,
    ),
]
Pace = Annotated[
    float | None,
    typer.Option(
        "--pace",
        min=0.1,
        max=20,
        callback=_finite,
        help="Multiply every time estimate, e.g. 1.5 if you read slower (saved).",
        show_default=False,
    ),
]


Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.", show_default=False
    ),
]
StartDate = Annotated[
    str | None,
    typer.Option(
        "--start",
        help="First study day for the schedule, YYYY-MM-DD. Default: today.",
        show_default=False,
    ),
]


class GroupBy(str, Enum):
    topic = "topic"
    week = "week"


By = Annotated[
    GroupBy | None,
    typer.Option(
        "--by",
        case_sensitive=False,
        help="Group the markdown checklist by topic or week. Default: topic.",
        show_default=False,
    ),
]


def markdown_grouping(by: GroupBy | None, output_format: str) -> str:
    """The --by value for the exporter; refused with any format but markdown, since it would
    silently change nothing there."""
    if by is not None and output_format != "markdown":
        raise PathfinderError(f"--by {by.value} applies to --format markdown only")
    return (by or GroupBy.topic).value
