"""Golden outputs for the README example. Regenerate only on purpose:
``pytest tests/test_golden.py --update-golden`` and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "plan-inference-beginner.json": [
        "plan",
        "--goal",
        "inference",
        "--level",
        "beginner",
        "--format",
        "json",
    ],
    "plan-inference-beginner.txt": ["plan", "--goal", "inference", "--level", "beginner"],
    "plan-inference-advanced.txt": ["plan", "--goal", "inference", "--level", "advanced"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(cli, request: pytest.FixtureRequest, name: str) -> None:
    result = cli(*CASES[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(result.output, encoding="utf-8")
    assert result.output == path.read_text(encoding="utf-8"), (
        f"{name} changed; see module docstring"
    )
