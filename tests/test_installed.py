"""The installed entry point, run as a real process from a directory that is not the repo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _entry_point() -> str | None:
    beside = Path(sys.executable).with_name("pathfinder")
    return str(beside) if beside.exists() else shutil.which("pathfinder")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def exe() -> str:
    """The installed console script; CI must have one, a bare checkout may not."""
    found = _entry_point()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install the package: no 'pathfinder' entry point found")
        pytest.skip("pathfinder is not installed in this environment")
    return found


def test_installed_entry_point_plans_from_another_directory(exe: str, tmp_path: Path) -> None:
    result = _run([exe, "plan", "--goal", "inference", "--level", "beginner"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Study path for inference (level: beginner)\n")
    assert result.stderr == ""


def test_python_dash_m_and_error_exit_code(exe: str, tmp_path: Path) -> None:
    result = _run(
        [sys.executable, "-m", "pathfinder", "plan", "-g", "kernels", "-f", "json"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["goals"] == ["kernels"]
    bad = _run([sys.executable, "-m", "pathfinder", "plan", "-g", "kernal"], tmp_path)
    assert bad.returncode == 2
    assert bad.stderr == "error: unknown goal 'kernal'; did you mean kernels?\n"


def test_a_command_runs_alone_and_the_rest_stays_reachable(
    exe: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry point builds only the command named first (a start-up saving); help, a
    misspelt command and a command's own help still see what they would see otherwise."""
    from pathfinder.cli.commands import app, for_command

    assert [c.name for c in for_command(["show", "x"]).registered_commands] == ["show"]
    assert for_command(["--version"]).registered_commands == []  # answered before any
    for listing_args in ([], ["--help"]):  # every command, listed (see test_startup_imports)
        listed = for_command(listing_args).registered_commands
        assert [c.name for c in listed] == [c.name for c in app.registered_commands]
    assert for_command(["plan", "--help"]) is not app  # its own help: built in full
    monkeypatch.setenv("_PATHFINDER_COMPLETE", "complete_bash")  # the words are in COMP_WORDS
    assert for_command([]) is app and for_command(["--help"]) is app
    monkeypatch.delenv("_PATHFINDER_COMPLETE")
    version = _run([exe, "--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("pathfinder ")
    assert for_command(["shw"]) is app
    listing = _run([exe, "--help"], tmp_path)
    assert listing.returncode == 0 and "schema" in listing.stdout and "plan" in listing.stdout
    alone = _run([exe, "show", "paged-attention"], tmp_path)
    assert alone.returncode == 0 and alone.stdout.startswith("Efficient Memory Management")
    typo = _run([exe, "shw", "paged-attention"], tmp_path)
    assert typo.returncode == 2 and "Did you mean 'show'?" in typo.stderr
    own_help = _run([exe, "plan", "--help"], tmp_path)
    assert own_help.returncode == 0 and own_help.stdout.startswith("Usage: pathfinder plan")
