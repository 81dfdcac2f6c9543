"""The command line: a thin typer layer over the library. Each command parses its options,
calls one library function and prints what a renderer returns."""

from __future__ import annotations

import gc
import sys

from pathfinder.cli import (  # noqa: F401  (importing a module registers its commands)
    browse,
    contributing,
    exports,
    planning,
    tracking,
)
from pathfinder.cli.app import app


def main() -> None:
    """Console entry point. The cyclic garbage collector is off for the short life of a
    command: pathfinder builds many objects and no cycles, and the collector's scans of a
    large catalog cost more than all the planning."""
    gc.disable()
    try:
        app()
    except BrokenPipeError:  # `pathfinder plan ... | head` is fine
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
