"""The command line through typer's CliRunner: output, formats, errors and exit codes."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import resource_yaml, topic_file
from pathfinder.cli import options


def test_plan_table_fits_80_columns_without_colour(cli) -> None:
    result = cli("plan", "--goal", "inference", "--level", "beginner")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    lines = result.output.splitlines()
    assert lines[0] == "Study path for inference (level: beginner)"
    assert "  1  What Every Developer Should Know About GPU" in result.output
    assert "gpu-computing-for-developers · needed by" in result.output


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert options.use_color() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert options.use_color() is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert options.use_color() is False


def test_plan_json_follows_the_documented_schema(cli) -> None:
    result = cli("plan", "-g", "inference", "-l", "intermediate", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "pathfinder.plan" and doc["schema_version"] == 1
    assert doc["goals"] == ["inference"]
    assert doc["level"] == {"default": "intermediate", "topics": {}}
    fields = {
        "id",
        "title",
        "url",
        "topic",
        "level",
        "kind",
        "minutes",
        "reason",
        "requires",
        "needed_by",
        "position",
        "cumulative_minutes",
        "is_goal",
    }
    assert all(fields <= set(item) for item in doc["items"])
    assert doc["total_minutes"] == sum(item["minutes"] for item in doc["items"])
    assert doc["skipped"] and all(s["reason"] == "below-level" for s in doc["skipped"])
    assert {"id", "title", "minutes", "reason", "detail"} <= set(doc["skipped"][0])


def test_known_and_per_topic_level(cli) -> None:
    base = json.loads(cli("plan", "-g", "inference", "-f", "json").output)
    ids = [i["id"] for i in base["items"]]
    assert "transformer-inference-arithmetic" in ids
    result = cli(
        "plan",
        "-g",
        "inference",
        "-f",
        "json",
        "--known",
        "transformer-inference-arithmetic",
        "--level",
        "beginner",
        "--level",
        "inference=advanced",
    )
    doc = json.loads(result.output)
    assert "transformer-inference-arithmetic" not in [i["id"] for i in doc["items"]]
    skipped = {s["id"]: s["reason"] for s in doc["skipped"]}
    assert skipped["transformer-inference-arithmetic"] == "known"
    assert all(i["level"] == "advanced" for i in doc["items"] if i["topic"] == "inference")


def test_why_prints_the_chain_to_the_goal(cli) -> None:
    result = cli("why", "transformer-inference-arithmetic", "--goal", "mooncake")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "transformer-inference-arithmetic is #1 of 5 in the plan because:\n"
        "  transformer-inference-arithmetic is needed by paged-attention (#3): sizing the\n"
        "    KV cache is the problem PagedAttention solves\n"
        "  paged-attention is needed by mooncake (#5): manages the KV cache in blocks as\n"
        "    PagedAttention does\n"
        "  mooncake is a goal\n"
    )


def test_why_for_a_skipped_resource(cli) -> None:
    result = cli("why", "continuous-batching-anyscale", "--goal", "sarathi", "--level", "advanced")
    assert result.exit_code == 0, result.output
    assert "is skipped in this plan: beginner, below your level (advanced)" in result.output


def test_goals_lists_topics_hours_and_labs(cli) -> None:
    result = cli("goals")
    assert result.exit_code == 0, result.output
    for topic in ["basics", "kernels", "inference", "training", "communication"]:
        assert f"\n{topic}" in "\n" + result.output
    assert "51 resources in 7 topics" in result.output
    assert "Hazy Research" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_show_lists_prerequisites_and_dependents(cli) -> None:
    result = cli("show", "paged-attention")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(
        "Efficient Memory Management for Large Language Model Serving with PagedAttention\n"
    )
    assert "paged-attention · paper · inference · intermediate · 1h40 · 2023" in out
    assert "- transformer-inference-arithmetic: sizing the KV cache" in out
    assert "Needed by:\n  - dissecting-flashinfer\n  - mooncake" in out


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.output.startswith("pathfinder 0.")


def test_user_catalog_replaces_a_resource_and_keeps_its_edges(cli, write_catalog) -> None:
    replacement = topic_file(
        "inference", resource_yaml("paged-attention", level="intermediate", minutes=5)
    )
    folder = write_catalog({"mine.yaml": replacement})
    result = cli("show", "paged-attention", "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    assert "Title of paged-attention" in result.output and " · 5m · " in result.output
    assert "- transformer-inference-arithmetic" in result.output


def test_catalog_from_environment_variable(cli, write_catalog, tmp_path) -> None:
    one = write_catalog({"a.yaml": topic_file("extra", resource_yaml("alpha"))}, name="one")
    two = write_catalog({"b.yaml": topic_file("other", resource_yaml("beta"))}, name="two")
    result = cli(
        "plan",
        "--goal",
        "extra",
        "--goal",
        "other",
        "-f",
        "json",
        env={"PATHFINDER_CATALOG": f"{one}:{two}"},
    )
    assert result.exit_code == 0, result.output
    assert [i["id"] for i in json.loads(result.output)["items"]] == ["alpha", "beta"]


def test_every_command_has_help(cli) -> None:
    for command in ["plan", "why", "goals", "show"]:
        result = cli(command, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage:" in result.output
