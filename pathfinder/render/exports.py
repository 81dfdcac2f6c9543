"""The export formats, registered in one place: name -> renderer of an ExportContext."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from pathfinder.render import csv, html, ics, json, markdown
from pathfinder.render.context import ExportContext

Exporter = Callable[[ExportContext], str]


def exporter(name: str, by: str = "topic") -> Exporter:
    """The renderer for ``name`` (one of FORMATS); ``by`` groups the markdown checklist."""
    registry: dict[str, Exporter] = {
        "markdown": partial(markdown.render, by=by),
        "json": json.export,
        "csv": csv.render,
        "ics": ics.render,
        "html": html.render,
    }
    return registry[name]


FORMATS = ("markdown", "json", "csv", "ics", "html")
