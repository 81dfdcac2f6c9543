"""The README stays true: every command is documented, and its example output is real."""

from __future__ import annotations

import re
from pathlib import Path

from pathfinder.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_and_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    expected = "plan why goals show start next status reading done skip reset note export import"
    extra = ["search", "graph", "check", "schema", "assess", "quiz"]
    assert names == sorted([*expected.split(), *extra])
    for name in names:
        assert f"`pathfinder {name}" in README, name
        assert group.commands[name].help, name  # type: ignore[attr-defined]


def test_readme_plan_output_is_the_golden_file() -> None:
    match = re.search(r"<!-- golden: (\S+) -->\n```text\n(.*?)```\n", README, re.S)
    assert match, "README lost its golden example marker"
    golden = (ROOT / "tests" / "golden" / match.group(1)).read_text(encoding="utf-8")
    assert match.group(2) == golden


def test_readme_test_command_is_what_ci_runs() -> None:
    command = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_picture_is_the_golden_svg() -> None:
    assert "![The beginner study path for inference](docs/inference-plan.svg)" in README
    picture = (ROOT / "docs" / "inference-plan.svg").read_text(encoding="utf-8")
    assert picture == (ROOT / "tests" / "golden" / "graph-inference-beginner.svg").read_text()
