"""What a command imports on a warm cache: the heavy libraries only where they are used.

Importing pydantic and building its models cost a command about 70 ms, networkx 75 ms and
icalendar (no longer used outside the tests) 25 ms, against a start-up budget of about 100 ms; the parsed-catalog cache exists
so that a warm command needs neither YAML validation nor pydantic. Checked in a real process
with ``-X importtime``, the interpreter's own record of every module it imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "networkx", "icalendar")


def _imported(args: list[str], env: dict[str, str], cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pathfinder", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """A saved plan with a mark and a warm catalog cache, in a process environment."""
    home = tmp_path_factory.mktemp("imports")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PATHFINDER_CATALOG")}
    env.update(
        PATHFINDER_PROGRESS=str(home / "progress.yaml"),
        PATHFINDER_CACHE=str(home / "cache"),
        NO_COLOR="1",
    )
    for args in (["start", "-g", "inference"], ["done", "paged-attention"]):
        subprocess.run(
            [sys.executable, "-m", "pathfinder", *args], env=env, cwd=home, check=True,
            capture_output=True, timeout=120,
        )  # fmt: skip
    return env, home


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--version"], ()),
        (["show", "paged-attention"], ()),
        (["done", "sarathi"], ()),
        (["plan", "-g", "inference"], ()),
        (["plan", "-g", "inference", "-f", "json"], ()),
        (["status"], ()),
        (["next"], ()),
        (["search", "attention"], ()),
        (["export", "-f", "markdown"], ()),
        (["export", "-f", "json"], ()),
        (["export", "-f", "csv"], ()),
        (["export", "-f", "ics"], ()),
        (["export", "-f", "html"], ()),
        (["graph", "-g", "inference", "-f", "svg"], ()),
        (["graph", "-f", "dot"], ()),
        (["graph", "-f", "mermaid"], ()),
    ],
    ids=" ".join,
)
def test_heavy_libraries_only_where_used(
    warm: tuple[dict[str, str], Path], args: list[str], allowed: tuple[str, ...]
) -> None:
    env, home = warm
    imported = _imported(args, env, home)
    assert "pathfinder" in imported  # the record is read right
    unexpected = {name for name in HEAVY if name in imported and name not in allowed}
    assert not unexpected, f"pathfinder {' '.join(args)} imported {sorted(unexpected)}"


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["show", "paged-attention"],
        ["status"],
        ["next"],
        ["plan", "-g", "inference"],
        ["export", "-f", "markdown"],
        ["graph", "-f", "dot"],
    ],
    ids=" ".join,
)
def test_no_yaml_where_nothing_is_parsed_or_written(
    warm: tuple[dict[str, str], Path], args: list[str]
) -> None:
    """With the catalog and the progress file both cached, a command that writes neither has
    nothing for PyYAML to do, and importing it cost about a tenth of its start-up."""
    env, home = warm
    imported = _imported(args, env, home)
    assert "pathfinder" in imported
    assert "yaml" not in imported, f"pathfinder {' '.join(args)} imported PyYAML"


@pytest.mark.parametrize(
    "args",
    [
        ["graph", "-f", "svg"],
        ["graph", "-g", "inference", "-f", "dot"],
        ["export", "-f", "html"],
    ],
    ids=" ".join,
)
def test_pictures_load_no_network_code(warm: tuple[dict[str, str], Path], args: list[str]) -> None:
    """``xml.sax.saxutils`` (for two escaping functions) imports urllib.request, http.client,
    email and ssl: about 20 ms of a picture's start-up; ``html`` (for one) its table of
    named characters."""
    env, home = warm
    imported = _imported(args, env, home)
    assert "pathfinder" in imported
    assert not {"xml", "http", "email", "ssl", "html"} & imported, sorted(imported)


@pytest.mark.parametrize("args", [["--help"], []], ids=["--help", "no arguments"])
def test_the_list_of_commands_is_the_whole_applications(args: list[str]) -> None:
    """``--help`` lists the commands from stand-ins without parameters (building all twenty
    took half its time): what it prints must be exactly what the whole application prints."""
    import typer.main
    from typer.testing import CliRunner

    from pathfinder.cli.commands import app, for_command

    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="pathfinder", env={"COLUMNS": "100"})
    listed = runner.invoke(for_command(args), args, prog_name="pathfinder", env={"COLUMNS": "100"})
    assert "Commands:" in whole.output and "schema" in whole.output
    assert listed.output == whole.output
    assert listed.exit_code == whole.exit_code
    group = typer.main.get_command(for_command(args))
    assert all(not command.params for command in group.commands.values())  # really stand-ins


def test_the_check_above_sees_an_import(warm: tuple[dict[str, str], Path]) -> None:
    """``schema`` builds its JSON Schema from the pydantic models: the check must see that."""
    env, home = warm
    assert "pydantic" in _imported(["schema"], env, home)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "paged-attention"],
        ["done", "paged-attention"],
        ["reading", "flash-decoding"],
        ["skip", "sarathi"],
        ["reset", "sarathi"],
        ["note", "mooncake", "text"],
        ["--version"],
    ],
)
def test_plain_everyday_forms_skip_typer(
    warm: tuple[dict[str, str], Path], args: list[str]
) -> None:
    """typer and click are two thirds of such a command's start-up (see cli/quick.py and
    tests/test_quick_commands.py, which checks that both ways in give the same result)."""
    env, home = warm
    imported = _imported(args, env, home)
    assert "pathfinder" in imported and not {"typer", "click"} & imported


def test_any_option_brings_typer_back(warm: tuple[dict[str, str], Path]) -> None:
    env, home = warm
    progress = ["--progress", env["PATHFINDER_PROGRESS"]]
    for args in (["show", "paged-attention", *progress], ["done", "sarathi", *progress]):
        assert {"typer", "click"} <= _imported(args, env, home), args
