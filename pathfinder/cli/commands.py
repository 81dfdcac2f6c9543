"""The typer application with every command registered, and the application narrowed to
the one command a command line names (see ``for_command``)."""

from __future__ import annotations

import copy

import typer
from typer.models import CommandInfo

from pathfinder.cli import (  # noqa: F401  (importing a module registers its commands)
    assess,
    browse,
    contributing,
    exports,
    planning,
    tracking,
)
from pathfinder.cli.app import app
from pathfinder.cli.runtime import completing

__all__ = ["app", "for_command"]


def for_command(argv: list[str]) -> typer.Typer:
    """The application, with only the command ``argv`` names when it starts with one: typer
    turns every registered command into a click command (reading its signature and type
    hints) on every run, and building the nineteen a command does not use cost it about a
    tenth of its start-up. ``--version`` alone gets none. The list of commands (``--help``,
    or no arguments at all) gets every command as a listing (see ``_listed``); anything else
    (a command's own help, a misspelt command, shell completion, which passes the words in
    the environment) the whole application."""
    name = argv[0] if argv else None
    wanted = [info for info in app.registered_commands if info.name == name]
    if argv in ([], ["--help"]) and not completing():
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
