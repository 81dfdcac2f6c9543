"""The typer application and the one place where library errors become exit codes."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import typer
from typer.core import TyperGroup

from pathfinder.errors import FileProblemsError, PathfinderError
from pathfinder.render.text import for_terminal
from pathfinder.version import __version__

EXIT_USER_ERROR = 2
# The order commands appear in --help: the learner's path through the tool.
COMMAND_ORDER = [
    "plan",
    "why",
    "goals",
    "show",
    "assess",
    "start",
    "next",
    "status",
    "reading",
    "done",
    "skip",
    "reset",
    "note",
    "quiz",
    "export",
    "import",
    "search",
    "graph",
    "check",
    "schema",
]


class _TerminalWriter:
    """Stands in for stdout or stderr while a command runs: the one writer of everything
    pathfinder prints (results, messages, click's usage errors), so a control character from
    a catalog, a progress file or the command line reaches the terminal visibly escaped, and
    colour only where pathfinder put it (see ``pathfinder.render.text.for_terminal``)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text, self._stream.isatty()))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Group(TyperGroup):
    """Turns a PathfinderError from any command into one line on stderr and exit code 2, so
    that the library can raise freely and no traceback ever reaches the user."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        import click.utils

        stdout, stderr = sys.stdout, sys.stderr
        strip = click.utils.should_strip_ansi
        sys.stdout, sys.stderr = _TerminalWriter(stdout), _TerminalWriter(stderr)  # type: ignore[assignment]
        # click deletes escape sequences it recognises when the output is not a terminal; the
        # writer shows them escaped instead, the same way on a terminal, a pipe or a file
        click.utils.should_strip_ansi = lambda stream=None, color=None: False  # type: ignore[assignment]
        try:
            return super().main(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = stdout, stderr
            click.utils.should_strip_ansi = strip

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
