"""The everyday commands' plain forms run without typer (``pathfinder.cli.quick``): for every
form, the installed command (a real process, through the console entry point) must print
the same, exit the same and leave the same progress file as the typer application, which
is what runs the moment any option is added. That they skip typer is checked with the
other import checks, in test_startup_imports.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import resource_yaml, topic_file
from pathfinder.cli.commands import app

PINNED = {"PATHFINDER_TODAY": "2026-11-02T09:30:00+00:00", "NO_COLOR": "1", "COLUMNS": "80"}


def _process(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "pathfinder", *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def _typer(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[int, str, str]:
    here = Path.cwd()
    os.chdir(cwd or here)  # paths in messages are shown relative to the working folder
    try:
        result = CliRunner().invoke(app, argv, env=env, prog_name="pathfinder")
    finally:
        os.chdir(here)
    return result.exit_code, result.stdout, result.stderr


def _prepare(home: Path, setup: list[list[str]], env: dict[str, str]) -> None:
    for argv in setup:
        code, _, err = _typer(argv, env)
        assert code == 0, err


@pytest.fixture
def user_catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        topic_file("mine", resource_yaml("new-name", aliases="[old-name]"))
    )
    return folder


PLAN = [["start", "--goal", "inference"]]
FORMS = {
    "show, no progress file": ([], ["show", "paged-attention"]),
    "show, in a plan with a note": (
        [*PLAN, ["done", "paged-attention"], ["note", "paged-attention", "re-read §4"]],
        ["show", "paged-attention"],
    ),
    "show, any case": ([], ["show", "Paged-Attention"]),
    "show, misspelt": ([], ["show", "paged-atention"]),
    "show, a topic": ([], ["show", "inference"]),
    "done, two ids": (PLAN, ["done", "paged-attention", "flash-attention"]),
    "done, a comma list": (PLAN, ["done", "paged-attention,flash-attention"]),
    "done, already done": ([*PLAN, ["done", "paged-attention"]], ["done", "paged-attention"]),
    "done, prerequisites unmet and outside the plan": (
        PLAN,
        ["done", "sarathi", "demystifying-nccl"],
    ),
    "done, no saved plan": ([], ["done", "paged-attention"]),
    "done, unknown id": (PLAN, ["done", "paged-attention", "nope"]),
    "reading": (PLAN, ["reading", "flash-decoding"]),
    "skip": (PLAN, ["skip", "sarathi"]),
    "reset": ([*PLAN, ["done", "paged-attention"]], ["reset", "paged-attention"]),
    "note": (PLAN, ["note", "mooncake", "KV cache pool; cf. §3"]),
    "note with a control character": (PLAN, ["note", "mooncake", "bell \x07 and \x1b[31mred"]),
    "note removed": ([*PLAN, ["note", "mooncake", "x"]], ["note", "mooncake", ""]),
    "note, unknown id": (PLAN, ["note", "mookcake", "x"]),
    "note with bytes that are not UTF-8": (PLAN, ["note", "mooncake", "bad \udcff byte"]),
    "a former id from $PATHFINDER_CATALOG": ([], ["done", "old-name"]),
    "--version": ([], ["--version"]),
}


@pytest.mark.parametrize("name", list(FORMS))
def test_a_plain_form_runs_as_the_typer_command_does(
    name: str, tmp_path: Path, user_catalog: Path
) -> None:
    setup, argv = FORMS[name]
    results = []
    for way in ("process", "typer"):
        home = tmp_path / way
        home.mkdir()
        env = {
            **os.environ,
            **PINNED,
            "PATHFINDER_PROGRESS": str(home / "progress.yaml"),
            "PATHFINDER_CACHE": str(tmp_path / "cache"),
            "PATHFINDER_CATALOG": str(user_catalog),
        }
        env.pop("PYTHONPATH", None)
        _prepare(home, setup, env)
        before = (home / "progress.yaml").read_bytes() if setup else None
        run = _process(argv, env, home) if way == "process" else _typer(argv, env, home)
        after = (home / "progress.yaml").read_bytes() if (home / "progress.yaml").exists() else None
        results.append((run, before, after))
    (fast, before, after), (full, _, full_after) = results
    assert fast == full
    assert after == full_after
    if fast[0] != 0:
        assert "error: " in fast[2] and after == before  # nothing written


def test_a_broken_or_read_only_progress_file_is_reported_the_same(tmp_path: Path) -> None:
    for content, mode in (("resources: [unclosed\n", 0o644), ("version: 1\n", 0o444)):
        results = []
        for way in ("process", "typer"):
            home = tmp_path / way
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            progress = home / "progress.yaml"
            progress.write_text(content)
            progress.chmod(mode)
            env = {**os.environ, **PINNED, "PATHFINDER_PROGRESS": str(progress)}
            env.pop("PYTHONPATH", None)
            argv = ["done", "paged-attention"]
            run = _process(argv, env, home) if way == "process" else _typer(argv, env, home)
            results.append((run, progress.read_text()))
        (fast, fast_left), (full, full_left) = results
        if os.geteuid() == 0 and mode == 0o444:
            continue  # root writes anyway; test_progress covers the refusal for root
        assert fast == full and fast[0] == 2, fast
        assert fast_left == full_left == content
