"""The export formats, registered in one place: name -> renderer of an ExportContext."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from pathfinder.errors import visible
from pathfinder.render import csv, html, ics, json, markdown
from pathfinder.render.context import ExportContext

Exporter = Callable[[ExportContext], str]


def exporter(name: str, by: str = "topic") -> Exporter:
    """The renderer for ``name`` (one of FORMATS); ``by`` groups the markdown checklist. Its
    text passes through ``visible``: a control character in a note or a summary is shown
    escaped in the file, whatever the format does with the rest."""
    registry: dict[str, Exporter] = {
        "markdown": partial(markdown.render, by=by),
        "json": json.export,
        "csv": csv.render,
        "ics": ics.render,
        "html": html.render,
    }
    render = registry[name]
    return lambda ctx: visible(render(ctx))


FORMATS = ("markdown", "json", "csv", "ics", "html")
