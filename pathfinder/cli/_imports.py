"""Imported first by ``pathfinder.cli``: the cyclic garbage collector is paused while the
command line's modules (typer, click and pathfinder's own) are imported. Those imports build
tens of thousands of objects and no garbage, and the collections they set off cost every
command about 5 ms of its start-up. ``pathfinder.cli`` calls ``done`` after its imports,
which turns the collector back on as it was (the console entry point then pauses it for the
command's run; see ``pathfinder.cli.main``)."""

from __future__ import annotations

import gc

_was_enabled = gc.isenabled()
gc.disable()


def done() -> None:
    if _was_enabled:
        gc.enable()
