"""The command line: a thin typer layer over the library. Each command parses its options,
calls one library function and prints what a renderer returns. The everyday commands' plain
forms (``pathfinder done ID``) run without typer (see ``quick``); the typer application with
every command is in ``commands``."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

from pathfinder.cli import quick, runtime


def main() -> None:
    """Console entry point. The cyclic garbage collector is off for the short life of a
    command: pathfinder builds many objects and no cycles, and the collector's scans of a
    large catalog cost more than all the planning. For the same reason the process ends with
    ``os._exit`` once its output is flushed: freeing a 100,000-resource catalog object by
    object (see ``runtime.retain``) would add half a second to a process that is ending.
    The collector is off before typer and the commands are imported too: those imports build
    tens of thousands of objects and no garbage, and its collections during them cost every
    command about 5 ms."""
    gc.disable()
    runtime.retain_until_exit()
    argv = sys.argv[1:]
    if sys.stdout is None or sys.stderr is None:  # started with the descriptor closed (>&-)
        _closed_stream()
    for stream in (sys.stdout, sys.stderr):
        # a character the output's encoding lacks (PYTHONIOENCODING=ascii, a C locale) is
        # written as an escape rather than stopping the command halfway through its output
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        code = quick.run(argv)
        if code is None:
            from pathfinder.cli.commands import for_command

            for_command(argv)()
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:  # `pathfinder plan ... | head` is fine
        with contextlib.suppress(OSError):  # stderr may be the stream that broke
            sys.stderr.close()
        code = 0
    except KeyboardInterrupt:
        code = 130
    except OSError as exc:  # the output could not be written: a full disk, a broken device
        code = _os_error(exc)
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


def _closed_stream() -> None:
    """Standard output or error closed before the command began (``pathfinder done X >&-``):
    refused before anything is read or changed, since what the command would say, or an
    error it would report, could not be seen. Said on the stream still open, if any."""
    which = "output" if sys.stdout is None else "error"
    open_one = sys.stderr if sys.stderr is not None else sys.stdout
    if open_one is not None:
        with contextlib.suppress(OSError, ValueError):
            open_one.write(f"error: standard {which} is closed; nothing was done\n")
            open_one.flush()
    os._exit(2)


def _os_error(exc: OSError) -> int:
    """One line on stderr for an error of the system no command turned into a message
    (typically standard output on a full disk), and exit code 2."""
    where = f": {exc.filename}" if exc.filename else " the output"
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"error: cannot write{where} ({exc.strerror or exc})\n")
        sys.stderr.flush()
    return 2
