"""``pathfinder why``: the chain of needs that brings one resource into a plan."""

from __future__ import annotations

import itertools
from functools import partial

from pathfinder.planning.plan import Plan
from pathfinder.render.text import WIDTH, wrap


def render(plan: Plan, resource_id: str, width: int = WIDTH) -> str:
    """Explain ``resource_id``'s place in ``plan``, wrapped to ``width`` columns; the caller
    checks it is planned or skipped."""
    _wrap = partial(wrap, width=width)
    skipped = next((s for s in plan.skipped if s.id == resource_id), None)
    if skipped is not None:
        return f"{resource_id} is skipped in this plan: {skipped.detail}.\n"
    by_id = {item.id: item for item in plan.items}
    chain = plan.chain_to_goal(resource_id)
    position = by_id[resource_id].position
    lines = _wrap(
        f"{resource_id} is #{position} of {len(plan.items)} in the plan because:", 0, hang=2
    )
    for step, needer in itertools.pairwise(chain):
        why = by_id[step].edge_why
        text = f"{step} is needed by {needer} (#{by_id[needer].position})" + (
            f": {why}" if why else ""
        )
        lines += _wrap(text, indent=2, max_lines=4, hang=2)
    goal = by_id[chain[-1]]
    lines += _wrap(f"{goal.id} is a goal: {goal.reason}", indent=2, max_lines=4, hang=2)
    return "\n".join(lines) + "\n"
