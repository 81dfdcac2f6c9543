"""Control characters from a catalog, a progress file or the command line never reach a
terminal or an export raw (issue 12, class 1): they are shown escaped, by the real entry point
under a pseudo-terminal and through a pipe, and by every command and format (a property test).
Only pathfinder's own colour codes reach a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import read_pty
from pathfinder.errors import visible
from pathfinder.render.text import for_terminal, style

PATHFINDER = str(Path(sys.executable).with_name("pathfinder"))
# Raw control characters an output may not hold: newline, tab and CR before LF aside.
RAW = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
OURS = re.compile(r"\x1b\[(?:0|1|2|32|33|36)m")
HOSTILE = "Alpha\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil.example/\x1b\\x\x9b31m\rhidden"
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\n\t"]


def _catalog(folder: Path, text: str) -> Path:
    """A one-topic catalog with ``text`` in every free-text field the gate lets through."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "topic": {"id": "extra", "title": "The extra topic", "description": text},
        "resources": [
            {
                "id": "alpha",
                "title": "Title of alpha",
                "url": "https://example.org/alpha",
                "kind": "blog",
                "authors": [text],
                "level": "beginner",
                "minutes": 30,
                "summary": text,
                "concepts": [text, "alphaword"],
            }
        ],
    }
    (folder / "extra.yaml").write_text(yaml.safe_dump(data, allow_unicode=False), "utf-8")
    return folder


def test_visible_escapes_controls_and_keeps_line_ends() -> None:
    assert visible("a\x1b[2Jb\x07\x9b\x00") == "a\\x1b[2Jb\\x07\\x9b\\x00"
    assert visible("one\ttwo\r\nthree\n") == "one\ttwo\r\nthree\n"
    assert visible("over\rwrite") == "over\\x0dwrite"


def test_only_our_own_colour_reaches_a_terminal() -> None:
    text = style("bold", "bold", True) + " and \x1b[1mfake\x1b[0m"
    assert for_terminal(text, True) == "\x1b[1mbold\x1b[0m and \\x1b[1mfake\\x1b[0m"
    assert for_terminal(text, False) == "bold and \\x1b[1mfake\\x1b[0m"


def _under_pty(args: list[str], cwd: Path) -> str:
    """Run the installed entry point with a pseudo-terminal as stdout and stderr."""
    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.Popen(
        [PATHFINDER, *args], stdout=child, stderr=child, stdin=subprocess.DEVNULL, cwd=cwd, env=env
    )
    os.close(child)
    output = read_pty(main)
    proc.wait(timeout=60)
    os.close(main)
    return output.decode("utf-8")


def test_hostile_text_is_escaped_on_a_terminal_with_colour_kept(tmp_path: Path) -> None:
    _catalog(tmp_path / "cat", HOSTILE)
    for args in (["show", "alpha"], ["search", "alphaword"], ["plan", "--goal", "extra"]):
        out = _under_pty([*args, "--catalog", "cat"], tmp_path)
        assert not RAW.search(OURS.sub("", out).replace("\r\n", "\n")), (args, out)
        assert OURS.search(out), (args, "our colour codes are still used on a terminal")
    out = _under_pty(["show", "alpha", "--catalog", "cat"], tmp_path)
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in out
    err = _under_pty(["done", "x\x1b]0;title\x07"], tmp_path)
    assert "unknown resource 'x\\x1b]0;title\\x07'" in err


def test_hostile_text_is_escaped_through_a_pipe(tmp_path: Path) -> None:
    _catalog(tmp_path / "cat", HOSTILE)
    for args in (["show", "alpha"], ["plan", "--goal", "extra", "-f", "markdown"]):
        done = subprocess.run(
            [PATHFINDER, *args, "--catalog", "cat"], cwd=tmp_path, capture_output=True, timeout=60
        )
        out = done.stdout.decode("utf-8")
        assert done.returncode == 0, done.stderr
        assert not RAW.search(out), (args, out)
        assert "\\x1b" in out and "pwned" in out, "escaped, not deleted, when piped"


hostile_text = st.builds(
    lambda a, c, b: (a + c + b).strip() or c,
    st.text(max_size=8),
    st.sampled_from(CONTROLS),
    st.text(max_size=8),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile_text, note=hostile_text)
def test_no_raw_control_character_in_any_output(cli, tmp_path: Path, text: str, note: str) -> None:
    """Control characters in any free text of a resource or in a note never appear raw in any
    format or command (table, json, markdown, csv, ics, html, show, search, goals, why, next,
    status)."""
    folder = _catalog(tmp_path / f"cat{abs(hash((text, note)))}", text)
    cat = ["--catalog", str(folder)]
    setup = [
        cli("start", "--goal", "extra", "--level", "beginner", *cat),
        cli("note", "alpha", "--", note),
    ]
    for result in setup:
        assert result.exit_code == 0, result.output
    runs = [
        *(["plan", "--goal", "extra", "-f", fmt, *cat] for fmt in ("table", "json", "markdown")),
        *(["plan", "--goal", "extra", "-f", fmt, *cat] for fmt in ("csv", "ics", "html")),
        *(["export", "-f", fmt] for fmt in ("markdown", "json", "csv", "ics", "html")),
        ["show", "alpha", *cat],
        ["search", "alphaword", *cat],
        ["goals", *cat],
        ["why", "alpha", "--goal", "extra", *cat],
        ["next"],
        ["status"],
        ["done", "alpha" + note],
    ]
    for args in runs:
        result = cli(*args)
        assert result.exit_code in (0, 2), (args, result.output)
        assert not RAW.search(result.output), (args, result.output)


def _escaped_one_by_one(text: str) -> str:
    """What ``visible`` must give, character by character: every C0 and C1 control escaped,
    but newline, tab and a CR right before a newline."""
    out = []
    for i, c in enumerate(text):
        control = ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F
        kept = c in "\n\t" or (c == "\r" and text[i + 1 : i + 2] == "\n")
        out.append(f"\\x{ord(c):02x}" if control and not kept else c)
    return "".join(out)


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from([*CONTROLS, "\n", "\t", "\r", "a", " ", "é", "\xa0", "\u2028"]),
            st.characters(),
        )
    )
)
def test_visible_escapes_exactly_the_control_characters(text: str) -> None:
    """The quick paths (plain ASCII, nothing unprintable) and the pattern agree with the rule."""
    assert visible(text) == _escaped_one_by_one(text)
    assert visible("a" * 1000 + text) == "a" * 1000 + _escaped_one_by_one(text)
