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


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, **PINNED, "PATHFINDER_PROGRESS": str(tmp_path / "progress.yaml")}
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def test_version_during_shell_completion_is_the_completion_script(tmp_path: Path) -> None:
    """With a completion variable set the words are the shell's, not the command line's: typer
    answers, whatever the arguments look like."""
    script = Path(sys.executable).parent / "pathfinder"  # the name completion is keyed on
    result = subprocess.run(
        [str(script), "--version"],
        env=_env(tmp_path, _PATHFINDER_COMPLETE="source_bash"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "_pathfinder_completion" in result.stdout
    assert "pathfinder 0." not in result.stdout


def test_a_closed_output_is_refused_before_anything_is_done(tmp_path: Path) -> None:
    """``pathfinder done X >&-``: nothing could be said, so nothing is done (the file stays
    as it was: here, not created)."""
    result = subprocess.run(
        [sys.executable, "-m", "pathfinder", "done", "paged-attention"],
        env=_env(tmp_path),
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 2
    assert result.stderr == "error: standard output is closed; nothing was done\n"
    assert not (tmp_path / "progress.yaml").exists()


def test_characters_the_output_encoding_lacks_are_escaped_not_fatal(tmp_path: Path) -> None:
    code, out, err = _process(
        ["show", "paged-attention"], _env(tmp_path, PYTHONIOENCODING="ascii"), tmp_path
    )
    assert code == 0 and err == ""
    assert "paged-attention \\xb7 paper \\xb7 inference" in out


def test_a_progress_path_that_is_not_utf8_works(tmp_path: Path) -> None:
    """A file name in another encoding reaches Python as a lone surrogate; the progress file's
    cache key is taken from the bytes the system uses."""
    name = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    env = {os.fsencode(k): os.fsencode(v) for k, v in _env(tmp_path).items()}
    env[b"PATHFINDER_PROGRESS"] = name
    for argv in (["done", "paged-attention"], ["show", "paged-attention"]):
        result = subprocess.run(
            [sys.executable, "-m", "pathfinder", *argv],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert os.path.exists(name)
