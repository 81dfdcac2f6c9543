"""The command line: a thin typer layer over the library. Each command parses its options,
calls one library function and prints what a renderer returns."""

from __future__ import annotations

# isort: off
from pathfinder.cli import _imports  # first: no garbage collection while importing the rest
# isort: on

import contextlib
import copy
import gc
import os
import sys

import typer
from typer.models import CommandInfo

from pathfinder.cli import (  # noqa: F401  (importing a module registers its commands)
    assess,
    browse,
    contributing,
    exports,
    options,
    planning,
    tracking,
)
from pathfinder.cli.app import app

_imports.done()


def _for_command(argv: list[str]) -> typer.Typer:
    """The application, with only the command ``argv`` names when it starts with one: typer
    turns every registered command into a click command (reading its signature and type
    hints) on every run, and building the nineteen a command does not use cost it about a
    tenth of its start-up. ``--version`` alone gets none. The list of commands (``--help``,
    or no arguments at all) gets every command as a listing (see ``_listed``); anything else
    (a command's own help, a misspelt command, shell completion, which passes the words in
    the environment) the whole application."""
    name = argv[0] if argv else None
    wanted = [info for info in app.registered_commands if info.name == name]
    completing = any(key.endswith("_COMPLETE") for key in os.environ)  # no words: all in env
    if argv in ([], ["--help"]) and not completing:
        wanted = [_listed(info) for info in app.registered_commands]
    elif not wanted and argv != ["--version"]:  # --version is answered before any command
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = wanted
    return narrowed


def _listed(info: CommandInfo) -> CommandInfo:
    """``info`` as the list of commands shows it, without its parameters: the list needs a
    command's name, help text and flags, and building all twenty commands' parameters from
    their signatures took half the time of ``pathfinder --help``. typer still derives the
    help text (from the same docstring) and click formats the list, so it cannot differ from
    the one the whole application prints; a test compares the two."""

    def listing_only() -> None:  # never called: the list is printed before any command runs
        raise AssertionError(info.name)

    listing_only.__doc__ = info.callback.__doc__ if info.callback else None
    listed = copy.copy(info)
    listed.callback = listing_only
    return listed


def main() -> None:
    """Console entry point. The cyclic garbage collector is off for the short life of a
    command: pathfinder builds many objects and no cycles, and the collector's scans of a
    large catalog cost more than all the planning. For the same reason the process ends with
    ``os._exit`` once its output is flushed: freeing a 100,000-resource catalog object by
    object (see ``options.retain``) would add half a second to a process that is ending."""
    gc.disable()
    options.retain_until_exit()
    try:
        _for_command(sys.argv[1:])()
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:  # `pathfinder plan ... | head` is fine
        sys.stderr.close()
        code = 0
    except KeyboardInterrupt:
        code = 130
    except OSError as exc:  # the output could not be written: a full disk, a broken device
        code = _os_error(exc)
    else:
        code = 0
    if not isinstance(code, int):  # sys.exit("message"): the message goes to stderr
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # a closed pipe or stream: nothing left to say
        pass
    except OSError as exc:
        code = code or _os_error(exc)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _os_error(exc: OSError) -> int:
    """One line on stderr for an error of the system no command turned into a message
    (typically standard output on a full disk), and exit code 2."""
    where = f": {exc.filename}" if exc.filename else " the output"
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"error: cannot write{where} ({exc.strerror or exc})\n")
        sys.stderr.flush()
    return 2
