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


# Until the bug is fixed, these two lack the "Optional, not in the path" listing (text) and
# the optional list (JSON) that the goldens hold; strict, so the fix makes them fail loudly.
_OPTIONAL_BUG = pytest.mark.xfail(
    strict=True,
    reason="BUG (reported): Plan.optional is always empty (planner.plan filters it with the "
    "stale loop variable 'rid'); faster-llms-lectures should be listed after the path",
)
_MARKS = {
    "plan-inference-beginner.json": [_OPTIONAL_BUG],
    "plan-inference-beginner.txt": [_OPTIONAL_BUG],
}


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=_MARKS.get(name, [])) for name in sorted(CASES)]
)
def test_golden(cli, request: pytest.FixtureRequest, name: str) -> None:
    result = cli(*CASES[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(result.output, encoding="utf-8")
    assert result.output == path.read_text(encoding="utf-8"), (
        f"{name} changed; see module docstring"
    )
