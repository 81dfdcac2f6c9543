"""The committed plans under docs/plans/ are what the planner prints today, and each of them
keeps the ordering principles of the README's "How a plan is ordered"."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pathfinder import load_catalog, parse_levels, plan
from plan_principles import (
    difficulty_inversions,
    just_in_time_violations,
    prerequisites_first_violations,
)

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "plan_quality", ROOT / "benchmarks" / "plan_quality.py"
)
plan_quality = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["plan_quality"] = plan_quality
_spec.loader.exec_module(plan_quality)  # type: ignore[union-attr]

CATALOG = load_catalog()


def test_committed_plans_are_current() -> None:
    files, _ = plan_quality.build()
    stale = [
        name
        for name, text in files.items()
        if not (plan_quality.PLANS_DIR / name).exists()
        or (plan_quality.PLANS_DIR / name).read_text(encoding="utf-8") != text
    ]
    extra = [p.name for p in plan_quality.PLANS_DIR.iterdir() if p.name not in files]
    assert not stale and not extra, (
        f"docs/plans/ is stale ({stale or extra}): run python benchmarks/plan_quality.py --write "
        "and read the diff"
    )


def test_the_readme_shows_the_current_plan_quality_table() -> None:
    _, rows = plan_quality.build()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert plan_quality.readme_with_table(readme, rows) == readme, (
        "README's plan-quality table is stale: run python benchmarks/plan_quality.py --write"
    )


@pytest.mark.parametrize("name,goals,levels", plan_quality.cases(), ids=lambda v: str(v))
def test_every_committed_plan_keeps_the_ordering_principles(
    name: str, goals: list[str], levels: list[str]
) -> None:
    result = plan(CATALOG, goals, parse_levels(levels, CATALOG))
    assert not prerequisites_first_violations(result)
    assert not just_in_time_violations(result, CATALOG)
    assert not difficulty_inversions(result, CATALOG)
    for item in result.items:  # every line says what the item gives the learner
        assert item.reason and not item.reason.startswith("goal")


def test_a_beginner_multi_goal_plan_interleaves_topics_by_stage() -> None:
    """The review's worst plan: inference + kernels at beginner used to finish advanced
    Blackwell kernels before the first continuous-batching post."""
    result = plan(CATALOG, ["inference", "kernels"], "beginner")
    position = {item.id: item.position for item in result.items}
    first_advanced = min(i.position for i in result.items if i.level == "advanced")
    assert position["continuous-batching-anyscale"] < first_advanced
    assert position["sarathi"] < position["distserve-goodput"]
    assert position["outperforming-cublas-h100"] < position["flash-attention-4-reverse-engineered"]
