"""Everyday paths a new user hits (#11): a hand-added progress entry, the calendar's first
event and the saved weekly hours, a user catalog adding to an existing topic, and a pinned
clock for reproducible documentation."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from conftest import resource_yaml


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


# -- the calendar starts with the next study session still to come -----------------------------


def _events(cli, *args: str, today: str) -> list[tuple[datetime, int]]:  # type: ignore[no-untyped-def]
    """(start, minutes) of every event of ``export --format ics``, read with icalendar."""
    from icalendar import Calendar

    result = cli("export", "--format", "ics", *args, env={"PATHFINDER_TODAY": today})
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(result.stdout)
    return [
        (event.decoded("dtstart"), int(event.decoded("duration").total_seconds() // 60))
        for event in calendar.walk("VEVENT")
    ]


@pytest.mark.parametrize(
    ("today", "first"),
    [
        ("2026-11-30T18:59", datetime(2026, 11, 30, 19, 0)),  # Monday, before the study time
        ("2026-11-30T19:00", datetime(2026, 12, 1, 19, 0)),  # it has begun: tomorrow
        ("2026-11-30T23:30", datetime(2026, 12, 1, 19, 0)),
        ("2026-12-04T20:00", datetime(2026, 12, 7, 19, 0)),  # Friday evening: next Monday
        ("2026-12-05T10:00", datetime(2026, 12, 7, 19, 0)),  # Saturday: Monday
        ("2026-11-30", datetime(2026, 11, 30, 19, 0)),  # a date alone is its midnight
    ],
)
def test_the_first_event_is_the_next_session_still_to_come(cli, today, first) -> None:
    assert cli("start", "--goal", "mooncake").exit_code == 0
    events = _events(cli, today=today)
    assert events[0][0] == first
    clock = datetime.fromisoformat(today)
    assert all(start > clock for start, _ in events)
    assert sum(minutes for _, minutes in events) == 20 + 20 + 110  # the whole plan, once


def test_an_explicit_start_is_taken_as_given(cli) -> None:
    assert cli("start", "--goal", "mooncake").exit_code == 0
    events = _events(cli, "--start", "2026-11-30", today="2026-11-30T21:00")
    assert events[0][0] == datetime(2026, 11, 30, 19, 0)


def test_status_counts_the_finish_date_from_the_same_session(cli) -> None:
    assert cli("start", "--goal", "mooncake", "--hours-per-week", "1").exit_code == 0
    events = _events(cli, today="2026-11-30T20:00")
    status = cli("status", env={"PATHFINDER_TODAY": "2026-11-30T20:00"})
    assert f"finishing around {events[-1][0]:%Y-%m-%d}." in status.stdout


def test_a_pinned_clock_that_is_not_a_date_is_refused(cli) -> None:
    result = cli("status", env={"PATHFINDER_TODAY": "next tuesday"})
    assert result.exit_code == 2
    assert result.stderr == (
        "error: PATHFINDER_TODAY: 'next tuesday' is not a usable date; use YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM\n"
    )


# -- --hours-per-week is saved with the plan, as its help says ----------------------------------


def test_export_saves_hours_per_week_for_later_exports(cli, progress_file) -> None:
    today = "2026-11-30T08:00"
    assert cli("start", "--goal", "inference").exit_code == 0
    default = _events(cli, today=today)
    assert "hours_per_week" not in progress_file.read_text(encoding="utf-8")
    given = _events(cli, "--hours-per-week", "2", today=today)
    assert given != default
    plan = yaml.safe_load(progress_file.read_text(encoding="utf-8"))["plans"]["default"]
    assert plan["hours_per_week"] == 2.0
    assert _events(cli, today=today) == given  # the next export reuses it
    status = cli("status", env={"PATHFINDER_TODAY": today}).stdout
    assert "at 2 hours a week" in status


def test_plan_saves_hours_per_week_only_with_save(cli, progress_file) -> None:
    assert "(saved with --save)" in " ".join(cli("plan", "--help").stdout.split())
    assert "Study hours per week (saved)." in " ".join(cli("export", "--help").stdout.split())
    assert cli("start", "--goal", "mooncake", "--hours-per-week", "4").exit_code == 0
    before = progress_file.read_bytes()
    result = cli("plan", "--goal", "inference", "-f", "ics", "--hours-per-week", "9")
    assert result.exit_code == 0, result.output
    assert progress_file.read_bytes() == before
    result = cli("plan", "--goal", "inference", "--save", "--hours-per-week", "9")
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load(progress_file.read_text(encoding="utf-8"))["plans"]["default"]
    assert plan["hours_per_week"] == 9.0 and plan["goals"] == ["inference"]


# -- a user catalog adds resources to an existing topic by naming it ---------------------------


def _resources(*rids: str) -> str:
    return "resources:\n" + "".join(resource_yaml(rid) for rid in rids)


@pytest.mark.parametrize(
    "head",
    ["topic: inference\n", "topic: {id: inference}\n", "topic:\n  id: inference\n"],
)
def test_a_user_catalog_adds_to_a_builtin_topic_by_its_id(cli, write_catalog, head) -> None:
    folder = write_catalog({"more.yaml": head + _resources("our-serving-notes")})
    result = cli("goals", "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    assert "inference       Inference and serving                13" in result.stdout
    shown = cli("show", "our-serving-notes", "--catalog", str(folder))
    assert shown.exit_code == 0, shown.output
    assert "inference" in shown.stdout
    plan = cli("plan", "--goal", "inference", "--catalog", str(folder), "-f", "json")
    assert "our-serving-notes" in plan.stdout
    assert cli("check", "--catalog", str(folder)).exit_code == 0


def test_a_topic_named_before_the_file_that_defines_it(cli, write_catalog) -> None:
    """File order does not matter: a.yaml names the topic that z.yaml defines."""
    folder = write_catalog(
        {
            "a.yaml": "topic: mine\n" + _resources("first-note"),
            "z.yaml": "topic:\n  id: mine\n  title: Mine\n  description: Notes.\n"
            + _resources("second-note"),
        }
    )
    result = cli("plan", "--goal", "mine", "--catalog", str(folder), "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"id": "first-note"' in result.stdout and '"id": "second-note"' in result.stdout


def test_a_new_topic_named_by_id_alone_is_a_clear_error(cli, write_catalog) -> None:
    folder = write_catalog({"more.yaml": "# notes\ntopic: inferense\n" + _resources("x-notes")})
    result = cli("goals", "--catalog", str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder}/more.yaml:2: error: topic 'inferense' is not defined in the catalog (did you "
        "mean inference?); a new topic needs a title and a description\n"
    )


def test_half_a_topic_definition_is_a_clear_error(cli, write_catalog) -> None:
    folder = write_catalog(
        {"more.yaml": "topic:\n  id: brand-new\n  title: Brand new\n" + _resources("y-notes")}
    )
    result = cli("goals", "--catalog", str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder}/more.yaml:2: error: topic 'brand-new' has no description: give a new topic "
        "both a title and a description, or name an existing topic by its id alone to add "
        "resources to it\n"
    )


def test_the_committed_schema_takes_a_topic_by_id_and_refuses_half_a_definition() -> None:
    import json

    import jsonschema

    root = Path(__file__).resolve().parent.parent
    schema = json.loads((root / "schema" / "catalog.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"topic": "inference"})
    assert validator.is_valid({"topic": {"id": "inference"}})
    assert validator.is_valid({"topic": {"id": "x", "title": "X", "description": "About x."}})
    assert not validator.is_valid({"topic": {"id": "x", "title": "X"}})
    assert not validator.is_valid({"topic": "Not An Id"})
