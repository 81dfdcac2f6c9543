"""The plans learners read, committed under docs/plans/, and how well each is ordered.

    python benchmarks/plan_quality.py           # print the quality table
    python benchmarks/plan_quality.py --write   # regenerate docs/plans/ (then read the diff)

Every topic at every level, plus a few multi-goal plans, rendered exactly as
``pathfinder plan`` prints them. The figures come from the same judge the tests use
(tests/plan_principles.py), so the table and the tests cannot disagree:

* inversions: goals that come before an easier goal although nothing leading to the easier
  one is as hard (the rule allows none);
* distance: for items planned only as prerequisites, how many steps before their first use
  (1 = right before it);
* switches: how often consecutive items change topic;
* soft broken: soft edges the order goes against.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pathfinder import load_catalog, parse_levels, plan  # noqa: E402
from pathfinder.models import LEVELS  # noqa: E402
from pathfinder.render import table  # noqa: E402
from plan_principles import (  # noqa: E402
    broken_soft_edges,
    difficulty_inversions,
    just_in_time_violations,
    prerequisite_distances,
    topic_switches,
)

PLANS_DIR = ROOT / "docs" / "plans"
TOPICS = ["basics", "architecture", "quantization", "kernels", "inference", "communication",
          "training"]  # fmt: skip
MULTI_GOAL = [
    ("inference+kernels-beginner", ["inference", "kernels"], ["beginner"]),
    ("training+communication-beginner", ["training", "communication"], ["beginner"]),
    ("architecture+inference-intermediate", ["architecture", "inference"], ["intermediate"]),
    (
        "quantization+mooncake+flash-attention-5090-intermediate",
        ["quantization", "mooncake", "flash-attention-5090"],
        ["intermediate"],
    ),
    ("inference+training-kernels-advanced", ["inference", "training"], ["kernels=advanced"]),
]


def cases() -> list[tuple[str, list[str], list[str]]]:
    single = [(f"{t}-{lvl}", [t], [lvl]) for t in TOPICS for lvl in LEVELS]
    return single + MULTI_GOAL


def build() -> tuple[dict[str, str], list[tuple[str, int, float, int, int, int, int, int]]]:
    """The text of every plan file and one row of figures per plan."""
    catalog = load_catalog()
    files: dict[str, str] = {}
    rows = []
    for name, goals, levels in cases():
        result = plan(catalog, goals, parse_levels(levels, catalog))
        files[f"{name}.txt"] = (
            f"$ pathfinder plan {' '.join('-g ' + g for g in goals)} "
            f"{' '.join('-l ' + lvl for lvl in levels)}\n\n" + table.render(result)
        )
        distances = prerequisite_distances(result, catalog)
        rows.append(
            (
                name,
                len(result.items),
                result.total_minutes / 60,
                len(difficulty_inversions(result, catalog)),
                len(just_in_time_violations(result, catalog)),
                max(distances, default=0),
                topic_switches(result),
                len(broken_soft_edges(result, catalog)),
            )
        )
    files["README.md"] = _index(rows)
    return files, rows


def _index(rows: list[tuple[str, int, float, int, int, int, int, int]]) -> str:
    lines = [
        "# Plans under review",
        "",
        "Every topic at every level and five multi-goal plans, exactly as `pathfinder plan`",
        "prints them. Regenerate with `python benchmarks/plan_quality.py --write` after any",
        "change to the catalog or the planner, and read the diff as a reviewer would;",
        "`tests/test_plans.py` fails while these files are stale.",
        "",
        table_markdown(rows),
    ]
    return "\n".join(lines) + "\n"


def table_markdown(
    rows: list[tuple[str, int, float, int, int, int, int, int]], link_prefix: str = ""
) -> str:
    """The figures as a Markdown table; ``link_prefix`` is where the plan files are as seen
    from the page the table is in (the README links into docs/plans/)."""
    out = [
        "| plan | items | hours | inversions | late prerequisites | max distance "
        "| topic switches | soft broken |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, items, hours, inv, late, dist, switches, soft in rows:
        out.append(
            f"| [{name}]({link_prefix}{name}.txt) | {items} | {hours:.1f} | {inv} | {late} "
            f"| {dist} | {switches} | {soft} |"
        )
    return "\n".join(out)


README_START, README_END = "<!-- plan-quality table -->\n", "\n<!-- end plan-quality table -->"


def readme_with_table(
    readme: str, rows: list[tuple[str, int, float, int, int, int, int, int]]
) -> str:
    """The README with its plan-quality table replaced by ``rows``."""
    head, rest = readme.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return head + README_START + table_markdown(rows, "docs/plans/") + README_END + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", action="store_true", help="regenerate docs/plans/ and the README's table"
    )
    args = parser.parse_args()
    files, rows = build()
    print(table_markdown(rows))
    if args.write:
        readme = ROOT / "README.md"
        readme.write_text(
            readme_with_table(readme.read_text(encoding="utf-8"), rows), encoding="utf-8"
        )
        PLANS_DIR.mkdir(parents=True, exist_ok=True)
        for old in PLANS_DIR.glob("*.txt"):
            if old.name not in files:
                old.unlink()
        for name, text in files.items():
            (PLANS_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote {len(files)} files to {PLANS_DIR.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
