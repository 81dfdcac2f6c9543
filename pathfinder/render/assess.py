"""What the placement quiz and a resource's quiz show: a question, the verdict on an answer,
the conclusion, in text for a person and as JSON messages for a program. The commands in
``pathfinder.cli.assess`` only ask, read and print these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathfinder.models import Check
    from pathfinder.planning.assess import Conclusion, Question


def question_text(question: Question, number: int, title: str) -> str:
    """A question as the terminal shows it: which resource it is on, the prompt, the
    numbered choices."""
    from pathfinder.render.text import wrap

    check = question.check
    lines = ["", *wrap(f"Question {number} · {question.resource} ({title})", 0, max_lines=9)]
    lines += wrap(check.prompt, 0, max_lines=50)
    for n, choice in enumerate(check.choices or (), start=1):
        lines += wrap(f"{n}. {choice}", 2, hang=3, max_lines=50)
    return "\n".join(lines)


def answer_prompt(check: Check) -> str:
    """The prompt for an answer, saying what kind of answer is read."""
    if check.choices is not None:
        hint = f"1-{len(check.choices)}"
    else:
        hint = f"a number{f' in {check.unit}' if check.unit else ''}"
    return f"Your answer ({hint}; ? if you don't know): "


def feedback_text(check: Check, given: str, correct: bool) -> str:
    """The verdict on an answer, with the explanation and where in the resource it is."""
    from pathfinder.render.text import wrap

    if correct:
        lines = ["Right."]
    else:
        right = check.answer if check.choices is not None else _number(check)
        verdict = "The answer is" if given == "?" else "Not quite: the answer is"
        lines = wrap(f"{verdict} {right}.", 0, hang=2)
    lines += wrap(f"{check.explain} (see {check.source})", 2, max_lines=50)
    return "\n".join(lines)


def _number(check: Check) -> str:
    unit = f" {check.unit}" if check.unit else ""
    spread = f" (within {check.tolerance:g})" if check.tolerance else ""
    return f"{float(check.answer):g}{unit}{spread}"


def quiz_opening(goals: list[str], questions: int, scope: int, marked_done: int) -> str:
    """The first line of a placement quiz: what it will ask about."""
    from pathfinder.render.text import plural

    left_out = f" ({marked_done} marked done left out)" if marked_done else ""
    return (
        f"Placement quiz for {', '.join(goals)}: up to {questions} questions on the "
        f"{plural(scope, 'resource')} of its plan{left_out}. Ctrl-C stops without saving."
    )


def conclusion_text(result: Conclusion, command: str | None) -> str:
    """What the placement quiz concluded, the plan that follows and how to save it."""
    from pathfinder.render.text import hours, plural, wrap

    right = sum(a.correct for a in result.answered)
    lines = ["", f"{right} of {len(result.answered)} right."]
    if result.stopped == "end-of-answers":
        lines.append("The answers ran out; this is what they say so far.")
    scope = len(result.scope)
    if result.known:
        lines += wrap(
            f"You very likely know {len(result.known)} of the {plural(scope, 'resource')} in "
            "the plan: " + ", ".join(result.known),
            0,
            hang=2,
            max_lines=40,
        )
    else:
        lines.append(f"No resource of the {scope} in the plan is clearly known yet.")
    if result.suggested:
        shown = ", ".join(f"{t}={lv}" for t, lv in result.suggested.items())
        lines.append(f"Suggested level: {shown}")
    lines.append(f"Confidence: {result.confidence:.0%}")
    p = result.plan
    if command is None:
        lines.append("Nothing is left to study for this goal at this level.")
        return "\n".join(lines)
    size = f"{plural(len(p.items), 'resource')}, {hours(p.total_minutes)}"
    lines.append(f"The plan that follows: {size}.")
    lines += ["Save it with:", f"  {command}"]
    return "\n".join(lines)


# -- JSON messages (one a line) --------------------------------------------------------------


def question_message(question: Question, number: int) -> dict[str, Any]:
    check = question.check
    return {
        "type": "question",
        "number": number,
        "id": question.id,
        "resource": question.resource,
        "prompt": check.prompt,
        "choices": list(check.choices) if check.choices is not None else None,
        "unit": check.unit,
    }


def feedback_message(question: Question, correct: bool) -> dict[str, Any]:
    check = question.check
    return {
        "type": "feedback",
        "id": question.id,
        "correct": correct,
        "answer": check.answer,
        "tolerance": check.tolerance,
        "explain": check.explain,
        "source": check.source,
    }


def result_message(result: Conclusion, saved: bool, command: str | None) -> dict[str, Any]:
    return {
        "type": "result",
        "goals": result.goals,
        "questions": len(result.answered),
        "right": sum(a.correct for a in result.answered),
        "stopped": result.stopped,
        "known": result.known,
        "probabilities": {rid: round(p, 3) for rid, p in result.probabilities.items()},
        "suggested_levels": result.suggested,
        "levels": result.levels,
        "known_options": result.known_options,
        "confidence": round(result.confidence, 3),
        "plan": {
            "items": [item.id for item in result.plan.items],
            "total_minutes": result.plan.total_minutes,
        },
        "command": command,
        "saved": saved,
    }
