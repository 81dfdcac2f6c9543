"""Options shared by several commands, declared once, and the helpers they feed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pathfinder.catalog import load_catalog
from pathfinder.models import Catalog

CatalogDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Extra catalog folder laid over the built-in one (repeatable). "
        "Default: $PATHFINDER_CATALOG, colon-separated.",
        show_default=False,
    ),
]
Goals = Annotated[
    list[str],
    typer.Option(
        "--goal", "-g", help="Topic or resource id to study (repeatable).", show_default=False
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
    ),
]
Known = Annotated[
    list[str] | None,
    typer.Option(
        "--known",
        "-k",
        help="Resource id you have already studied (repeatable).",
        show_default=False,
    ),
]


def open_catalog(dirs: list[Path] | None) -> Catalog:
    """The built-in catalog with the user's folders on top (options, else the environment)."""
    if not dirs:
        env = os.environ.get("PATHFINDER_CATALOG", "")
        dirs = [Path(p) for p in env.split(os.pathsep) if p]
    return load_catalog(dirs)


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
