"""Everyday paths a new user hits (#11): a hand-added progress entry, the calendar's first
event and the saved weekly hours, a user catalog adding to an existing topic, and a pinned
clock for reproducible documentation."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml


@pytest.fixture
def progress_file() -> Path:
    return Path(os.environ["PATHFINDER_PROGRESS"])


# -- a progress entry added by hand -----------------------------------------------------------


def test_a_hand_added_entry_without_changed_takes_the_files_time(cli, progress_file) -> None:
    progress_file.write_text(
        "schema_version: 1\n"
        "resources:\n"
        "  paged-attention:\n"
        "    status: done\n"
        "  mooncake: {status: reading, changed: }\n",
        encoding="utf-8",
    )
    os.utime(progress_file, (1_790_000_000, 1_790_000_000))
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert "done" in result.output and "reading" in result.output
    assert cli("done", "sarathi").exit_code == 0  # rewrites the file
    data = yaml.safe_load(progress_file.read_text(encoding="utf-8"))
    expected = datetime.fromtimestamp(1_790_000_000, timezone.utc).isoformat()
    assert data["resources"]["paged-attention"] == {
        "status": "done",
        "changed": expected.replace("+00:00", "Z"),
    }
    assert data["resources"]["mooncake"]["changed"] == expected.replace("+00:00", "Z")
    assert data["resources"]["mooncake"]["status"] == "reading"


def test_each_problem_of_a_hand_added_entry_is_one_error(cli, progress_file) -> None:
    progress_file.write_text(
        "schema_version: 1\nresources:\n  paged-attention:\n    changed: yesterday\n",
        encoding="utf-8",
    )
    before = progress_file.read_bytes()
    result = cli("status")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{progress_file}:4: error: resources.paged-attention.status: field required",
        f"{progress_file}:4: error: resources.paged-attention.changed: must be a date and time "
        "like 2026-01-31T12:00:00Z (got 'yesterday')",
    ]
    assert progress_file.read_bytes() == before
