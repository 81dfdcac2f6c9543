"""The typer application and the one place where library errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click
import typer
from typer.core import TyperGroup

from pathfinder.cli.runtime import VERSION_LINE, report, terminal_streams
from pathfinder.errors import PathfinderError

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


ARGV_KEY = "pathfinder.argv"  # ctx.meta: the words given to the command, for hints


class LineUsageError(click.UsageError):
    """A usage error shown as one line, ``error: ...``, with the spelling that works: for the
    mistakes a newcomer makes (a goal without --goal), click's usage block and "Try --help"
    would bury the one thing to say."""

    def show(self, file: Any = None) -> None:
        typer.echo(f"error: {self.format_message()}", err=True)


def suggest(ctx: click.Context, argv: Sequence[str]) -> str:
    """``did you mean: pathfinder plan --goal inference``, quoted for a shell."""
    import shlex  # only a mistake needs it

    return "did you mean: " + " ".join([ctx.command_path, *map(shlex.quote, argv)])


def _takes_value(command: click.Command) -> set[str]:
    """The option names of ``command`` that take a value (the next word is not positional)."""
    names: set[str] = set()
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            names.update(param.opts)
    return names


def goal_hint(ctx: click.Context, argv: Sequence[str]) -> str | None:
    """For a command with --goal given more words than it has arguments for (``plan
    inference``, ``plan -g inference kernels``): what is wrong, and the line with each extra
    word as a goal."""
    import shlex

    command = ctx.command
    if not any(isinstance(p, click.Option) and "--goal" in p.opts for p in command.params):
        return None
    arguments = sum(1 for p in command.params if isinstance(p, click.Argument))
    with_value = _takes_value(command)
    fixed: list[str] = []
    positional = 0
    extra: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            fixed.append(word)
            continue
        if word.startswith("-") and len(word) > 1:
            fixed.append(word)
            value = next(words, None) if word in with_value else None
            if value is not None:
                fixed.append(value)
            continue
        positional += 1
        if positional > arguments:
            fixed += ["--goal", word]
            extra.append(shlex.quote(word))
        else:
            fixed.append(word)
    if not extra:
        return None
    what = f"unexpected argument{'s' if len(extra) > 1 else ''} {', '.join(extra)}"
    return f"{what}: goals are given with --goal; {suggest(ctx, fixed)}"


def _bash_completion() -> type:
    """typer's bash completion, taught that bash splits a word at '=' (COMP_WORDBREAKS):
    ``--level kernels=ad<TAB>`` reaches it as ``kernels``, ``=``, ``ad``. The pieces are
    joined again before click completes, and each answer is cut back to the part after the
    '=', which is all bash replaces."""
    from typer._completion_classes import BashComplete

    class Bash(BashComplete):  # type: ignore[misc]
        cut = ""

        def get_completion_args(self) -> tuple[list[str], str]:
            args, incomplete = super().get_completion_args()
            words = [*args, incomplete]
            joined: list[str] = []
            split = False  # the word under the cursor was split at '='
            for i, word in enumerate(words):
                if word == "=" and joined and i + 1 < len(words):
                    joined[-1] += "="  # the next word (perhaps the incomplete "") follows
                    words[i + 1] = joined.pop() + words[i + 1]
                    split = i + 1 == len(words) - 1
                    continue
                joined.append(word)
            if len(words) > 1 and words[-1] == "=" and len(joined) > 1:  # cursor after '='
                joined[-2:] = [joined[-2] + "="]
                split = True
            *args, incomplete = joined
            self.cut = incomplete[: incomplete.rfind("=") + 1] if split else ""
            return args, incomplete

        def format_completion(self, item: Any) -> str:
            value = str(item.value)
            return value[len(self.cut) :] if self.cut and value.startswith(self.cut) else value

    return Bash


class _Group(TyperGroup):
    """Turns a PathfinderError from any command into one line on stderr and exit code 2, so
    that the library can raise freely and no traceback ever reaches the user."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        import click.shell_completion
        import click.utils

        if any(key.endswith("_COMPLETE") for key in os.environ):
            click.shell_completion.add_completion_class(_bash_completion(), "bash")

        words = kwargs.get("args") or (args[0] if args else None) or sys.argv[1:]
        if {"--install-completion", "--show-completion"} & set(words):
            # typer's own output (a shell script, a green "installed" line): nothing of the
            # catalog or the user in it, so it is written as typer styles it
            return super().main(*args, **kwargs)
        strip = click.utils.should_strip_ansi
        # click deletes escape sequences it recognises when the output is not a terminal; the
        # writer shows them escaped instead, the same way on a terminal, a pipe or a file
        click.utils.should_strip_ansi = lambda stream=None, color=None: False  # type: ignore[assignment]
        try:
            with terminal_streams():
                return super().main(*args, **kwargs)
        finally:
            click.utils.should_strip_ansi = strip

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[ARGV_KEY] = list(rest)  # shared with the command's context
        return name, command, rest

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LineUsageError:
            raise
        except click.UsageError as exc:
            # a misspelt option or a bad value: click's own message is the right one
            own = (click.NoSuchOption, click.BadOptionUsage, click.BadParameter)
            if isinstance(exc, own) and not isinstance(exc, click.MissingParameter):
                raise
            hint = goal_hint(exc.ctx, ctx.meta.get(ARGV_KEY, [])) if exc.ctx else None
            if hint is None:
                raise
            raise LineUsageError(hint, exc.ctx) from None
        except BrokenPipeError:
            # the reader stopped early (`pathfinder plan ... | head`): nothing is wrong
            raise typer.Exit(0) from None
        except PathfinderError as exc:
            raise typer.Exit(report(exc)) from None

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
        typer.echo(VERSION_LINE)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Plan what to read on LLM systems (GPUs, kernels, inference, training), in order."""
