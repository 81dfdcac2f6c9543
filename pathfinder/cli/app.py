"""The typer application and the one place where library errors become exit codes."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from pathfinder.errors import FileProblemsError, PathfinderError
from pathfinder.version import __version__

EXIT_USER_ERROR = 2
# The order commands appear in --help: the learner's path through the tool.
COMMAND_ORDER = [
    "plan",
    "why",
    "goals",
    "show",
    "start",
    "next",
    "status",
    "reading",
    "done",
    "skip",
    "reset",
    "note",
    "export",
    "import",
    "search",
    "graph",
    "check",
    "schema",
]


class _Group(TyperGroup):
    """Turns a PathfinderError from any command into one line on stderr and exit code 2, so
    that the library can raise freely and no traceback ever reaches the user."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PathfinderError as exc:
            prefix = "" if isinstance(exc, FileProblemsError) else "error: "
            typer.echo(f"{prefix}{exc}", err=True)
            raise typer.Exit(EXIT_USER_ERROR) from None

    def list_commands(self, ctx: typer.Context) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))


app = typer.Typer(
    cls=_Group,
    name="pathfinder",
    help="Turn the LLM-systems reading list into a personal, explained study path.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    suggest_commands=False,  # click suggests commands itself; typer would say it twice
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pathfinder {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Plan what to read on LLM systems (GPUs, kernels, inference, training), in order."""
