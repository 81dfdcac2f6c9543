"""The command line through typer's CliRunner: output, formats, errors and exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
import yaml

from conftest import resource_yaml, topic_file
from pathfinder.cli import runtime


def test_plan_table_fits_80_columns_without_colour(cli) -> None:
    result = cli("plan", "--goal", "inference", "--level", "beginner")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    lines = result.output.splitlines()
    assert lines[0] == "Study path for inference (level: beginner)"
    assert "  1  Transformer Inference Arithmetic" in result.output
    # a prerequisite says what it comes before and why; a goal says what it teaches
    assert "transformer-inference-arithmetic · before #2 continuous-batching-anyscale:" in (
        result.output
    )
    assert "continuous-batching-anyscale · teaches static vs continuous batching," in result.output


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert runtime.use_color() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert runtime.use_color() is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert runtime.use_color() is False


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
    levels = ("--level", "beginner", "--level", "inference=intermediate")
    # inference is raised to intermediate; basics stays at beginner, so flash-decoding and
    # sarathi still bring in the beginner transformer-inference-arithmetic (basics)
    per_topic = json.loads(cli("plan", "-g", "inference", "-f", "json", *levels).output)
    assert "transformer-inference-arithmetic" in [i["id"] for i in per_topic["items"]]
    assert all(i["level"] != "beginner" for i in per_topic["items"] if i["topic"] == "inference")
    skipped = {s["id"]: s["reason"] for s in per_topic["skipped"]}
    assert skipped == dict.fromkeys(
        [
            "continuous-batching-anyscale",
            "continuous-batching-first-principles",
            "throughput-is-all-you-need",
        ],
        "below-level",
    )
    known = ("--known", "transformer-inference-arithmetic")
    doc = json.loads(cli("plan", "-g", "inference", "-f", "json", *known, *levels).output)
    assert "transformer-inference-arithmetic" not in [i["id"] for i in doc["items"]]
    skipped = {s["id"]: s["reason"] for s in doc["skipped"]}
    assert skipped["transformer-inference-arithmetic"] == "known"
    assert all(i["level"] != "beginner" for i in doc["items"] if i["topic"] == "inference")


WHY_CHAIN = (
    "continuous-batching-anyscale is #1 of 3 in the plan because:\n"
    "  continuous-batching-anyscale is needed by distserve-goodput (#2): the\n"
    "    interference it removes comes from batching prefills and decodes together\n"
    "  distserve-goodput is needed by mooncake (#3): assumes prefill-decode\n"
    "    disaggregation and latency targets\n"
)


def test_why_prints_the_chain_to_the_goal(cli) -> None:
    result = cli("why", "continuous-batching-anyscale", "--goal", "mooncake")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(WHY_CHAIN)


def test_why_ends_with_the_goal_and_what_it_teaches(cli) -> None:
    result = cli("why", "continuous-batching-anyscale", "--goal", "mooncake")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        WHY_CHAIN + "  mooncake is a goal: teaches disaggregated serving,"
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
    assert "53 resources in 7 topics: 49h15 on the topics' paths.\n" in result.output
    # the Items and Hours of a topic count its core resources; optional ones are listed apart
    assert "\nkernels         GPU kernels                          17  2/6/9" in result.output
    assert "\ninference       Inference and serving                12  3/8/1" in result.output
    assert (
        "Optional, off the paths (25h45; add with --include-optional):\n"
        "  gpu-glossary (basics, 1h30)\n"
        "  smoothquant-talk (quantization, 30m)\n"
        "  democratizing-ai-compute (kernels, 3h20)\n"
        "  faster-llms-lectures (inference, 5h)\n"
        "  ai-datacenter-interconnects (communication, 25m)\n"
        "  scaling-book (training, 15h)\n"
    ) in result.output
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
    assert (
        "Helps to have read (soft):\n  - transformer-inference-arithmetic: sizing the KV cache"
        in out
    )
    assert "Needed by:\n  - dissecting-flashinfer\n\n" in out
    assert "Helps with:\n  - faster-llms-lectures\n  - sarathi\n  - mooncake\n" in out


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


OPTIONAL = "faster-llms-lectures"  # optional: true in catalog/inference.yaml, intermediate, 5 h


def test_include_optional_plans_optional_resources_and_is_saved_with_the_plan(
    cli, tmp_path: Path
) -> None:
    base = json.loads(cli("plan", "-g", "inference", "-f", "json").output)
    assert base["include_optional"] is False
    assert OPTIONAL not in [i["id"] for i in base["items"]]
    assert OPTIONAL not in base["goal_resources"]

    result = cli("plan", "-g", "inference", "--include-optional", "-f", "json")
    assert result.exit_code == 0, result.output
    full = json.loads(result.output)
    assert full["include_optional"] is True and full["optional"] == []
    ids = [i["id"] for i in full["items"]]
    assert set(ids) == {i["id"] for i in base["items"]} | {OPTIONAL}
    assert full["total_minutes"] == base["total_minutes"] + 300
    item = full["items"][ids.index(OPTIONAL)]
    assert item["is_goal"] and item["reason"].startswith("teaches ")
    # its soft prerequisites in the plan come first
    assert ids.index("continuous-batching-anyscale") < ids.index(OPTIONAL)
    assert ids.index("paged-attention") < ids.index(OPTIONAL)
    table = cli("plan", "-g", "inference", "--include-optional").output
    assert f"{OPTIONAL} · teaches" in table and "Optional, not in the path" not in table

    # start --include-optional saves the choice; status and export plan with it
    result = cli("start", "-g", "inference", "--include-optional")
    assert result.exit_code == 0, result.output
    assert "Saved your plan for inference: 16 resources, 16h45" in result.output
    saved = yaml.safe_load(Path(os.environ["PATHFINDER_PROGRESS"]).read_text())
    assert saved["plans"]["default"]["include_optional"] is True
    assert OPTIONAL in saved["plans"]["default"]["items"]
    status = cli("status", "--today", "2026-11-30").output
    assert "0/16 finished" in status and "0m of 16h45" in status
    assert "The catalog changed" not in status
    exported = json.loads(cli("export", "-f", "json").output)
    assert exported["include_optional"] is True
    assert OPTIONAL in [i["id"] for i in exported["items"]]
    checklist = tmp_path / "plan.md"
    assert cli("export", "-o", str(checklist)).exit_code == 0
    assert f"`{OPTIONAL}`" in checklist.read_text()

    # a plan saved without it leaves the optional resource out again
    assert cli("start", "-g", "inference").exit_code == 0
    saved = yaml.safe_load(Path(os.environ["PATHFINDER_PROGRESS"]).read_text())
    assert "include_optional" not in saved["plans"]["default"]
    assert "0/15 finished" in cli("status").output
    exported = json.loads(cli("export", "-f", "json").output)
    assert exported["include_optional"] is False
    assert OPTIONAL not in [i["id"] for i in exported["items"]]


def test_optional_resources_are_listed_after_the_path(cli, tmp_path: Path) -> None:
    result = cli("plan", "-g", "inference", "--level", "beginner")
    assert result.exit_code == 0, result.output
    out = result.output
    listing = (
        "\nOptional, not in the path (1, 5h):\n"
        f"  {OPTIONAL} · intermediate · 5h\n"
        "  Plan them too with --include-optional.\n"
    )
    assert listing in out
    assert out.index(listing) > out.index("mooncake · teaches")  # after the whole path
    assert f"{OPTIONAL} · teaches" not in out

    doc = json.loads(cli("plan", "-g", "inference", "-f", "json").output)
    assert doc["include_optional"] is False
    assert doc["optional"] == [
        {
            "id": OPTIONAL,
            "title": "Faster LLMs (lecture series)",
            "url": "https://faster-llms.vercel.app/",
            "topic": "inference",
            "level": "intermediate",
            "minutes": 300,
        }
    ]
    kernels = json.loads(cli("plan", "-g", "kernels", "-f", "json").output)
    assert [o["id"] for o in kernels["optional"]] == ["democratizing-ai-compute"]

    result = cli("why", OPTIONAL, "--goal", "inference")
    assert result.exit_code == 2
    assert f"{OPTIONAL} is optional for inference" in result.stderr

    # a saved plan without --include-optional lists it after the checklist, not as a task
    assert cli("start", "-g", "inference").exit_code == 0
    checklist = tmp_path / "plan.md"
    assert cli("export", "-o", str(checklist)).exit_code == 0
    text = checklist.read_text()
    section = text.split("\n## Optional, not in the path\n", 1)[1]
    assert f"`{OPTIONAL}`" in section and "- [ ]" not in section


def test_a_topic_plan_with_nothing_left_and_an_optional_member_does_not_crash(cli) -> None:
    result = cli("plan", "-g", "inference", "--level", "advanced", "--known", "mooncake")
    assert result.exit_code == 0, result.output
    assert "Nothing to study" in result.output
