"""The README stays true: every command is documented, and its example output is real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


# The clock the README's tracking example was made at: pinned, so that its dates (saved on,
# finishing around) come out the same on any day the test runs.
README_CLOCK = "2026-11-27T12:52:03+00:00"
README_PROGRESS = "/home/you/.local/share/pathfinder/progress.yaml"


def _transcript(section: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of the first ``text`` block of a README section."""
    body = README.split(f"\n## {section}\n", 1)[1]
    block = re.search(r"```text\n(.*?)```\n", body, re.S)
    assert block, f"README lost the example of {section!r}"
    pairs: list[tuple[str, str]] = []
    for chunk in re.split(r"^\$ ", block.group(1), flags=re.M)[1:]:
        command, _, output = chunk.partition("\n")
        pairs.append((command, output))
    return pairs


def test_readme_tracking_example_is_real_output(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every command of "Tracking progress" is run with PATHFINDER_TODAY pinned to the clock
    the example documents; each output must be what the README shows, dates included."""
    import shlex
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset (POSIX) to run in UTC")
    monkeypatch.setenv("TZ", "UTC")  # the pinned clock's local date and time are UTC's
    time.tzset()
    # a progress path as long as the README's, so that lines wrap where the README's do
    monkeypatch.chdir(tmp_path)
    progress = "_" + README_PROGRESS[1:]
    monkeypatch.setenv("PATHFINDER_PROGRESS", progress)
    try:
        pairs = _transcript("Tracking progress")
        assert len(pairs) == 6 and pairs[0][0].startswith("pathfinder start ")
        for command, expected in pairs:
            args = shlex.split(command)
            assert args[0] == "pathfinder", command
            result = cli(*args[1:], env={"PATHFINDER_TODAY": README_CLOCK})
            assert result.exit_code == 0, (command, result.output)
            assert result.output.replace(progress, README_PROGRESS) == expected, command
        created = README_CLOCK.replace("+00:00", "Z")
        assert f"created: '{created}'" in README
        assert f"created: '{created}'" in Path(progress).read_text(encoding="utf-8")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_readme_assessment_is_a_real_run(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """The README's placement session is what ``assess`` prints for its learner: a reader of
    the inference plan's beginner resources, who answers those checks right and ``?`` to the
    rest. The README cuts the middle questions (``...``); what it shows before and after the
    cut must be the real output's start and end."""
    from conftest import answer_quiz
    from pathfinder.catalog.loader import load_catalog
    from pathfinder.planning.assess import Assessment

    catalog = load_catalog()
    replies = answer_quiz(
        Assessment(catalog, ["inference"]),
        lambda rid: catalog.resources[rid].level == "beginner",
    )
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(replies) + "\n", encoding="utf-8")

    body = README.split("\n## Placement: assess and quiz\n", 1)[1]
    block = re.search(r"```text\n\$ (pathfinder assess [^\n]*)\n(.*?)```\n", body, re.S)
    assert block, "README lost its assessment example"
    assert block.group(1) == "pathfinder assess --goal inference"
    head, cut, tail = block.group(2).partition("\n...\n")
    assert cut, "the example marks its cut with a line of ..."
    result = cli("assess", "--goal", "inference", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(head + "\n")
    assert result.output.endswith("\n" + tail)
    assert f"{len(replies)} questions in all" in body


def test_readme_python_api_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The Python API example runs as shown, and the results its comments promise are what
    it prints."""
    body = README.split("\n## Python API\n", 1)[1]
    block = re.search(r"```python\n(.*?)```\n", body, re.S)
    assert block, "README lost its Python API example"
    exec(compile(block.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    promised = re.findall(r"print\(.*\)  # (\[.*\])\n", block.group(1))
    assert promised, "the example promises no output"
    for line in promised:
        assert line in printed, line


def test_readme_json_assessment_is_a_real_session() -> None:
    """The README's JSON session, replayed: its answer lines sent on stdin, one as each
    question (or "invalid" line) arrives, give exactly its JSON lines."""
    import json
    import os
    import subprocess
    import sys

    body = README.split("**JSON** (`--format json`), for other programs", 1)[1]
    block = re.search(r"```text\n\$ (pathfinder assess [^\n]*)\n(.*?)```\n", body, re.S)
    assert block, "README lost its JSON session"
    shown = block.group(2).splitlines()
    replies = iter(line for line in shown if not line.startswith("{"))
    args = block.group(1).split()[1:]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pathfinder", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert proc.stdin and proc.stdout
    seen = []
    for line in proc.stdout:
        seen.append(line.rstrip("\n"))
        if json.loads(line)["type"] in ("question", "invalid"):
            reply = next(replies)
            seen.append(reply)
            proc.stdin.write(reply + "\n")
            proc.stdin.flush()
    proc.stdin.close()
    assert proc.wait() == 0
    assert seen == shown
