"""Shared fixtures. Every test runs with its own home, data and cache folders, so no test can
touch a real user's files, and with no catalog or colour settings leaking in from outside."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pathfinder.cli.commands import app


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (only on purpose).",
    )


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("PATHFINDER_PROGRESS", str(home / "progress.yaml"))
    monkeypatch.delenv("PATHFINDER_CATALOG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # tables are 80 wide unless a test says


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., object]:
    """Invoke the CLI like a user would: ``cli("plan", "--goal", "inference")``."""

    def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env=env)

    return invoke


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[..., Path]:
    """Write a catalog folder from YAML snippets: ``write_catalog(name, {"file.yaml": text})``."""

    def write(files: dict[str, str], name: str = "user-catalog") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for filename, text in files.items():
            (folder / filename).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return folder

    return write


def resource_yaml(rid: str, level: str = "beginner", minutes: int = 10, **extra: str) -> str:
    """A valid resource entry as YAML list item text."""
    fields = {
        "id": rid,
        "title": f"Title of {rid}",
        "url": f"https://example.org/{rid}",
        "kind": "blog",
        "authors": "[Someone]",
        "year": "2024",
        "level": level,
        "minutes": str(minutes),
        "summary": f"What {rid} teaches.",
        **extra,
    }
    lines = [f"  - id: {fields.pop('id')}"]
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def topic_file(topic: str, *resources: str) -> str:
    head = f"topic:\n  id: {topic}\n  title: The {topic} topic\n  description: About {topic}.\n"
    return head + "resources:\n" + "".join(resources)


def answer_quiz(quiz: Any, knows: Callable[[str], bool]) -> list[str]:
    """Run a placement quiz (``pathfinder.planning.assess.Assessment``) as a learner who
    answers the checks of the resources ``knows`` right (a choice by its number, a number as
    written) and ``?`` to the rest; the answers given, one per question, for ``--answers``."""
    replies = []
    while (question := quiz.next_question()) is not None:
        check = question.check
        if not knows(question.resource):
            reply = "?"
        elif check.choices is None:
            reply = f"{float(check.answer):g}"
        else:
            reply = str(check.choices.index(str(check.answer)) + 1)
        quiz.record(question, reply, reply != "?")
        replies.append(reply)
    return replies


def read_pty(fd: int) -> bytes:
    """Everything a child wrote to the pseudo-terminal whose main side is ``fd``, until it
    closes its side (reading then fails with EIO on Linux, or returns nothing)."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
