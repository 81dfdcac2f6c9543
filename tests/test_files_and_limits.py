"""Files that are not what they seem, and limits the tool breaks itself (issue 12, class 5):
every path is checked for type and size before it is read, lock files never follow links, and
a change that would make the progress file unreadable is refused before it is written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pathfinder.progress import store as store_module


def test_import_of_a_fifo_is_refused_at_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("start", "-g", "inference").exit_code == 0
    fifo = tmp_path / "plan.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cli("import", str(fifo))
    assert result.exit_code == 2
    assert "is not a regular file (a device, pipe or socket)" in result.output
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("name", ["topic.yaml", "prerequisites.yaml"])
def test_a_fifo_in_a_catalog_folder_is_refused_not_read(cli, write_catalog, name: str) -> None:  # type: ignore[no-untyped-def]
    from conftest import resource_yaml

    folder = write_catalog(
        {"t.yaml": "topic: {id: t, title: T, description: D}\nresources:\n" + resource_yaml("r1")}
    )
    os.mkfifo(folder / name)
    result = cli("plan", "-g", "t", "--catalog", str(folder))
    assert result.exit_code == 2
    assert f"{name}: error: is not a regular file (a device, pipe or socket)" in result.output


def test_a_fifo_as_progress_file_gets_no_lock(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "progress.yaml"
    os.mkfifo(fifo)
    result = cli("done", "paged-attention", "--progress", str(fifo))
    assert result.exit_code == 2
    assert "is not a regular file" in result.output
    assert not (tmp_path / "progress.yaml.lock").exists()


def test_a_change_past_the_size_limit_is_refused_and_removing_a_note_works(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert cli("start", "-g", "inference").exit_code == 0
    progress = Path(os.environ["PATHFINDER_PROGRESS"])
    assert cli("note", "paged-attention", "x" * 3000).exit_code == 0
    monkeypatch.setattr(store_module, "MAX_BYTES", progress.stat().st_size + 1000)
    before = progress.read_bytes()
    result = cli("note", "sarathi", "y" * 3000)
    assert result.exit_code == 2
    assert "past the 0 MB a progress file may have; the change was refused" in result.output
    assert progress.read_bytes() == before
    result = cli("note", "paged-attention", "")
    assert result.exit_code == 0, result.output
    assert "x" * 100 not in progress.read_text()


def test_a_note_at_the_limit_is_kept(cli) -> None:  # type: ignore[no-untyped-def]
    from pathfinder.progress.workflow import MAX_NOTE_CHARS

    assert cli("note", "paged-attention", "n" * MAX_NOTE_CHARS).exit_code == 0
    result = cli("note", "paged-attention", "n" * (MAX_NOTE_CHARS + 1))
    assert result.exit_code == 2
    assert f"a note may have at most {MAX_NOTE_CHARS:,}" in result.output


def test_a_lock_link_to_an_existing_file_is_not_followed(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    progress = Path(os.environ["PATHFINDER_PROGRESS"])
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.with_name("progress.yaml.lock").symlink_to(victim)
    result = cli("done", "paged-attention")
    assert result.exit_code == 2
    assert "progress.yaml.lock is a link; remove it" in result.output
    assert victim.read_text() == "precious"
    assert not progress.exists()
