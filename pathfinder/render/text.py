"""Shared pieces of the terminal renderers: durations, truncation, wrapping and colour.

Colour is a parameter, never detected here: the CLI decides (terminal, NO_COLOR) and passes it.
"""

from __future__ import annotations

from functools import cache

WIDTH = 80

_CODES = {"bold": "1", "dim": "2", "cyan": "36", "green": "32", "yellow": "33"}


def style(text: str, name: str, color: bool) -> str:
    return f"\x1b[{_CODES[name]}m{text}\x1b[0m" if color and text else text


@cache  # the same few hundred values come back for every item of a big plan
def duration(minutes: int) -> str:
    """25 -> '25m', 90 -> '1h30', 600 -> '10h'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h"


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap(
    text: str, indent: int, width: int = WIDTH, max_lines: int = 3, hang: int = 0
) -> list[str]:
    """Wrap to ``width``; continuation lines are indented ``hang`` more (for list items).
    Never breaks inside a word, so ids and urls stay whole. A plain greedy fill: textwrap
    does the same for one-line text but costs a tenth of a second per thousand items."""
    first, rest = " " * indent, " " * (indent + hang)
    lines: list[str] = []
    current = first
    fresh = True  # nothing on the current line yet
    for word in text.split():
        if fresh:
            current += word
            fresh = False
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = rest + word
    lines.append(current)
    if len(lines) > max_lines:
        tail = " ".join(line.strip() for line in lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], rest + fit(tail, width - len(rest))]
    return lines


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
