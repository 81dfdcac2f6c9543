"""The export formats, registered in one place: name -> renderer of an ExportContext.

Each renderer's module is imported only when its format is asked for (the web page needs the
SVG renderer and its layout), so a command pays only for the format it writes."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pathfinder.errors import visible
from pathfinder.render.context import ExportContext

Exporter = Callable[[ExportContext], str]

# format -> (module under pathfinder.render, function of an ExportContext)
_REGISTRY: dict[str, tuple[str, str]] = {
    "markdown": ("markdown", "render"),
    "json": ("json", "export"),
    "csv": ("csv", "render"),
    "ics": ("ics", "render"),
    "html": ("html", "render"),
}

FORMATS = tuple(_REGISTRY)


def exporter(name: str, by: str = "topic") -> Exporter:
    """The renderer for ``name`` (one of FORMATS); ``by`` groups the markdown checklist. Its
    text passes through ``visible`` (JSON escapes control characters itself): a control
    character in a note or a summary is shown escaped in the file, whatever the format does
    with the rest."""
    module, function = _REGISTRY[name]
    render = getattr(importlib.import_module(f"pathfinder.render.{module}"), function)
    if name == "json":
        # Escapes every control character itself (C0 by json, DEL and C1 by the writer), so
        # ``visible`` would find nothing, after scanning the whole text (0.8 s at 57 MB).
        return render  # type: ignore[no-any-return]
    if name == "markdown":
        return lambda ctx: visible(render(ctx, by=by))
    return lambda ctx: visible(render(ctx))
