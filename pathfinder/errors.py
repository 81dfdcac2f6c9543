"""Typed errors raised by the library.

The library never prints or exits: it raises one of these, and the command line is the one
place that turns them into a message on stderr and an exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

# C0 controls, DEL and C1 controls: ESC starts terminal escape sequences (clear the screen,
# retitle the window, plant a hyperlink), C1 CSI (U+009B) does the same on some terminals,
# a lone CR or a backspace overwrites what was printed before it.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_PLAIN_ASCII = bytes(range(32, 127)) + b"\n\t"  # what needs no escaping, in ASCII text
_PLAIN_LATIN1 = _PLAIN_ASCII + bytes(range(0xA0, 0x100))  # and in Latin-1 text


class PathfinderError(Exception):
    """Base class of every error a user can cause; the CLI maps it to exit code 2."""


class Problem(NamedTuple):
    """One thing wrong with a catalog, located as precisely as we know. A named tuple rather
    than a dataclass: every command imports this module, and ``dataclasses`` (with the
    ``inspect`` it loads) would cost ``pathfinder --help`` a sixth of its start-up."""

    file: Path | None
    line: int | None
    resource: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """``file:line: severity: id: message``, the form editors and CI annotations read."""
        return self.shown(str(self.file) if self.file else "<catalog>")

    def shown(self, where: str, escaped: bool = True) -> str:
        """As ``str`` gives it, with the file written as ``where``. ``escaped=False`` leaves
        control characters to the caller: text bound for the command line's terminal writer,
        which escapes all it writes the same way (see ``visible``)."""
        if self.line:
            where += f":{self.line}"
        what = f"{self.resource}: {self.message}" if self.resource else self.message
        return f"{where}: {self.severity}: {visible(what) if escaped else what}"


class FileProblemsError(PathfinderError):
    """A file pathfinder reads is broken; carries every problem found, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file or ""), p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class CatalogError(FileProblemsError):
    """A catalog or prerequisites file is broken."""


class ProgressError(FileProblemsError):
    """The progress file cannot be used as it is. It is never rewritten in that state."""


# Where to look when nothing is close enough to suggest.
_LOOK_UP = {
    "goal": " (topics: pathfinder goals; resources: pathfinder search WORDS)",
    "resource": " (find one with: pathfinder search WORDS)",
}


class UnknownNameError(PathfinderError):
    """A goal, resource id, level or format that does not exist, with the closest valid ones."""

    def __init__(
        self, kind: str, name: str, choices: Iterable[str], explanation: str | None = None
    ) -> None:
        self.kind = kind
        self.name = name
        pool = list(dict.fromkeys(choices))  # a short list is named in its own order
        # a name far longer than any valid one is no typo of one (and difflib would be slow)
        self.suggestions = closest(name, pool) if len(name) <= 200 else []
        if self.suggestions:
            hint = f"; did you mean {', '.join(self.suggestions)}?"
        elif len(pool) <= 10:
            hint = f"; expected one of {', '.join(pool)}"
        else:
            hint = _LOOK_UP.get(kind, "")
        # ``explanation`` replaces the message when the name is known, only as something else
        super().__init__(explanation or f"unknown {kind} {shorten(name)}{hint}")


def closest(
    name: str, choices: Iterable[str], limit: int = 3, exclude: Iterable[str] = ()
) -> list[str]:
    """The valid names nearest to ``name``: similar spelling first, then shared substrings.
    ``exclude``: names that would be wrong to suggest, such as the resource whose own
    prerequisite is unknown (``a`` needing ``a`` is never what was meant)."""
    import difflib

    pool = sorted(set(choices).difference(exclude))
    found = difflib.get_close_matches(name, pool, n=limit, cutoff=0.6)
    if len(found) < limit and name:
        needle = name.lower()
        found += [c for c in pool if needle in c.lower() and c not in found][: limit - len(found)]
    return found


def shorten(value: object, limit: int = 60) -> str:
    """A value as it was written, cut short so that a huge one is named rather than echoed."""
    shown = repr(value)
    if len(shown) <= limit:
        return shown
    return f"{shown[: limit - 10]}... ({len(str(value)):,} characters)"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (ESC as ``\\x1b``), so that
    text from a catalog, a progress file or the command line cannot drive the terminal it is
    printed on or hide in an export. Newline, tab and CR before LF (CSV and iCalendar line
    ends) stay. The one function every output path applies; cheap when there is nothing to do."""
    if text.isascii():  # deleting every printable byte leaves only control characters
        if not text.encode("ascii").translate(None, _PLAIN_ASCII):
            return text  # a tenth of the regex's time on a 12 MB plan
    else:
        try:  # the same for Latin-1 text (a table's "·"): a quarter of the check below
            if not text.encode("latin-1").translate(None, _PLAIN_LATIN1):
                return text
        except UnicodeEncodeError:
            if text.replace("\n", "").replace("\t", "").isprintable():
                return text
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
