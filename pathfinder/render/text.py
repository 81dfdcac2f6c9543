"""Shared pieces of the terminal renderers: durations, truncation, wrapping and colour.

Colour is a parameter, never detected here: the CLI decides (terminal, NO_COLOR) and passes it.

``style`` does not write colour codes itself: it marks a span with a key made when the process
starts, and ``for_terminal`` (which the CLI applies to everything it prints) turns those marks,
and only those, into colour codes while every other control character is shown escaped. So a
catalog cannot fake pathfinder's own colour codes, nor smuggle any other escape sequence.
"""

from __future__ import annotations

import os
import re
from functools import cache

from pathfinder.errors import visible

WIDTH = 80

_CODES = {"bold": "1", "dim": "2", "cyan": "36", "green": "32", "yellow": "33"}
# Private-use characters around a random key: text read from files cannot know the key.
_KEY = os.urandom(8).hex()
_MARK = re.compile(f"\ue000{_KEY}([0-9]+)\ue001")


def style(text: str, name: str, color: bool) -> str:
    """``text`` marked for colour ``name``; it becomes colour only through ``for_terminal``."""
    if not (color and text):
        return text
    return f"\ue000{_KEY}{_CODES[name]}\ue001{text}\ue000{_KEY}0\ue001"


def for_terminal(text: str, color: bool) -> str:
    """Text as it may reach a terminal or a file: control characters escaped (see
    ``pathfinder.errors.visible``), ``style`` marks turned into colour codes when ``color``,
    dropped otherwise."""
    text = visible(text)
    if "\ue000" in text:
        text = _MARK.sub(lambda m: f"\x1b[{m.group(1)}m" if color else "", text)
    return text


def xml_text(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` escaped, as
    ``xml.sax.saxutils.escape`` does (importing that module loads urllib.request, http.client
    and email: 20 ms of a picture's start-up)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def html_text(text: str) -> str:
    """``text`` escaped for HTML text and quoted attribute values, exactly as
    ``html.escape`` does (importing ``html`` loads its table of 2,000 named characters):
    ``&``, ``<``, ``>``, ``"`` and ``'``."""
    return xml_text(text).replace('"', "&quot;").replace("'", "&#x27;")


def xml_attribute(text: str) -> str:
    """``text`` as a quoted XML attribute value, exactly as ``xml.sax.saxutils.quoteattr``
    writes it (a test compares the two): escaped as text, newline, return and tab as
    character references, in double quotes, or single quotes when it holds only ``"``."""
    text = xml_text(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def running_total(minutes: int) -> str:
    """``duration`` without its cache, for values that rarely come back (a plan's running
    totals: caching 276,000 of them cost a 300,000-resource table 0.05 s)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


# The same few hundred values come back for every item of a big plan: 25 -> '25m',
# 90 -> '1h30', 600 -> '10h'.
duration = cache(running_total)


def hours(minutes: float) -> str:
    """A total in the same form as every time in a table (``duration``): a plan of 705
    minutes is '11h45' in its header and in its last Total cell. Fractions (a pace of
    1.5 makes them) round to the minute."""
    return duration(round(minutes))


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
