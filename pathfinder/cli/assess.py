"""``pathfinder assess`` (an adaptive placement quiz for a goal) and ``pathfinder quiz`` (the
checks of one resource). The questions come from the library (``pathfinder.planning.assess``);
this module only asks them, reads answers and prints.

Answers come from the terminal, from standard input (``--format json``: one JSON line out per
question, one answer line in), or from a file (``--answers FILE``, one answer a line). Nothing
is written to the progress file until the quiz is over, so Ctrl-C leaves it as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import (
    CatalogDirs,
    Goals,
    Levels,
    ProgressPath,
    ResourceId,
    catalog_dirs_or_env,
    now,
    open_catalog,
    open_store,
)
from pathfinder.errors import PathfinderError, visible

if TYPE_CHECKING:
    from pathfinder.planning.assess import Answered, Conclusion, Question
    from pathfinder.progress.store import ProgressStore

EXIT_INTERRUPTED = 130


class QuizFormat(str, Enum):
    text = "text"
    json = "json"


Format = Annotated[
    QuizFormat,
    typer.Option(
        "--format",
        "-f",
        help="text: ask on the terminal. json: a JSON line per question on stdout, an answer "
        "line per question on stdin, a result line at the end.",
        case_sensitive=False,
    ),
]
AnswersFile = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        help="Replay answers from this file, one a line (a choice's text or number, or a "
        "number for numeric checks; empty or ? for I don't know).",
        show_default=False,
    ),
]


class _Answers:
    """Where answers come from: the lines of ``--answers FILE``, else standard input.
    ``None`` when they run out."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.line = 0
        self._lines: Iterator[str] | None = None
        if file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                raise PathfinderError(f"{file}: cannot be read ({reason})") from None
            self._lines = iter(text.splitlines())

    @property
    def replayed(self) -> bool:
        return self._lines is not None

    def read(self) -> str | None:
        self.line += 1
        if self._lines is not None:
            return next(self._lines, None)
        text = sys.stdin.readline()
        return text.rstrip("\r\n") if text else None

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file is not None else f"answer {self.line}"


class _Asker:
    """Asks questions in text or JSON and reads graded answers; an answer that cannot be read
    is asked for again (on the terminal and in JSON), or is an error (from a file)."""

    def __init__(self, answers: _Answers, json_mode: bool) -> None:
        self.answers = answers
        self.json = json_mode
        self.count = 0

    def emit(self, data: dict[str, Any]) -> None:
        import json  # only --format json needs it

        typer.echo(json.dumps(data, ensure_ascii=False))

    def ask(self, question: Question, title: str) -> tuple[str, bool] | None:
        """The answer as recorded and whether it is right, or None when answers ran out."""
        from pathfinder.planning.assess import AnswerError, grade

        self.count += 1
        check = question.check
        if self.json:
            self.emit(
                {
                    "type": "question",
                    "number": self.count,
                    "id": question.id,
                    "resource": question.resource,
                    "prompt": check.prompt,
                    "choices": list(check.choices) if check.choices is not None else None,
                    "unit": check.unit,
                }
            )
        else:
            from pathfinder.render.text import wrap

            lines = [
                "",
                *wrap(f"Question {self.count} · {question.resource} ({title})", 0, max_lines=9),
            ]
            lines += wrap(check.prompt, 0, max_lines=50)
            for n, choice in enumerate(check.choices or (), start=1):
                lines += wrap(f"{n}. {choice}", 2, hang=3, max_lines=50)
            typer.echo("\n".join(lines))
        while True:
            if not self.json:
                if check.choices is not None:
                    hint = f"1-{len(check.choices)}"
                else:
                    hint = f"a number{f' in {check.unit}' if check.unit else ''}"
                typer.echo(f"Your answer ({hint}; ? if you don't know): ", nl=False)
            text = self.answers.read()
            if text is None:
                if not self.json:
                    typer.echo("")
                return None
            if self.answers.replayed and not self.json:
                typer.echo(visible(text))
            try:
                return grade(check, text)
            except AnswerError as exc:
                if self.answers.replayed:
                    raise PathfinderError(f"{self.answers.where()}: {exc}") from None
                if self.json:
                    self.emit({"type": "invalid", "id": question.id, "message": str(exc)})
                else:
                    typer.echo(f"  {exc}")

    def feedback(self, question: Question, given: str, correct: bool) -> None:
        check = question.check
        right = check.answer if check.choices is not None else _number(check)
        if self.json:
            self.emit(
                {
                    "type": "feedback",
                    "id": question.id,
                    "correct": correct,
                    "answer": check.answer,
                    "tolerance": check.tolerance,
                    "explain": check.explain,
                    "source": check.source,
                }
            )
            return
        from pathfinder.render.text import wrap

        if correct:
            lines = ["Right."]
        else:
            verdict = "The answer is" if given == "?" else "Not quite: the answer is"
            lines = wrap(f"{verdict} {right}.", 0, hang=2)
        lines += wrap(f"{check.explain} (see {check.source})", 2, max_lines=50)
        typer.echo("\n".join(lines))


def _number(check: Any) -> str:
    unit = f" {check.unit}" if check.unit else ""
    spread = f" (within {check.tolerance:g})" if check.tolerance else ""
    return f"{float(check.answer):g}{unit}{spread}"


@app.command("assess")
def assess_command(
    goal: Goals,
    level: Levels = None,
    output_format: Format = QuizFormat.text,
    answers: AnswersFile = None,
    save: Annotated[
        bool,
        typer.Option("--save", help="Save the plan that follows as your current plan (start)."),
    ] = False,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """A placement quiz: a few questions on the plan for GOAL, then the plan without what you
    already know, and the start command for it."""
    from pathfinder.planning.assess import Assessment

    store = open_store(progress)
    catalog = open_catalog(catalog_dirs)
    quiz = Assessment(catalog, goal, level or [])
    source = _Answers(answers)
    json_mode = output_format is QuizFormat.json
    asker = _Asker(source, json_mode)
    if not json_mode:
        typer.echo(
            f"Placement quiz for {', '.join(quiz.goals)}: up to {quiz.max_questions} questions "
            f"on the {len(quiz.scope)} resources of its plan. Ctrl-C stops without saving."
        )
    stopped = None
    try:
        while (question := quiz.next_question()) is not None:
            title = catalog.resources[question.resource].title
            answered = asker.ask(question, title)
            if answered is None:
                stopped = "end-of-answers"
                break
            quiz.record(question, *answered)
            asker.feedback(question, *answered)
    except KeyboardInterrupt:
        typer.echo("\nStopped; nothing was recorded.", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    result = quiz.conclusion(stopped)
    if result.answered:
        _record_placement(store, result, level or [])
    saved = save and bool(result.plan.items)  # an empty plan would only replace a real one
    if saved:
        from pathfinder.progress import workflow

        workflow.save_plan(
            store,
            catalog,
            result.goals,
            result.levels,
            result.known_options,
            catalog_dirs_or_env(catalog_dirs),
            now(),
        )
    if json_mode:
        asker.emit(_result_data(result, saved))
    else:
        typer.echo(_conclusion_text(result, catalog))
        if saved:
            typer.echo(f"Saved as your current plan in {store.path}")
        elif save:
            typer.echo("Nothing is left to study for this goal, so no plan was saved.")


def _record_placement(store: ProgressStore, result: Conclusion, levels: list[str]) -> None:
    from pathfinder.progress.records import AssessmentRecord, with_assessment

    record = AssessmentRecord(
        kind="placement",
        at=now(),
        answers=_answers(result.answered),
        goals=tuple(result.goals),
        levels=tuple(levels),
        known=tuple(result.known),
        suggested_levels=tuple(result.levels),
        confidence=result.confidence,
    )
    store.update(lambda progress: with_assessment(progress, record))


def _answers(answered: list[Answered]) -> tuple[Any, ...]:
    from pathfinder.progress.records import QuizAnswer

    moment = now()
    return tuple(QuizAnswer(a.question.id, a.answer, a.correct, moment) for a in answered)


def _result_data(result: Conclusion, saved: bool) -> dict[str, Any]:
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
        "command": result.start_command(),
        "saved": saved,
    }


def _conclusion_text(result: Conclusion, catalog: Any) -> str:
    from pathfinder.render.text import hours, plural, wrap

    right = sum(a.correct for a in result.answered)
    lines = ["", f"{right} of {len(result.answered)} right."]
    if result.stopped == "end-of-answers":
        lines.append("The answers ran out; this is what they say so far.")
    scope = len(result.scope)
    if result.known:
        lines += wrap(
            f"You very likely know {len(result.known)} of the {scope} resources in the plan: "
            + ", ".join(result.known),
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
    size = f"{plural(len(p.items), 'resource')}, {hours(p.total_minutes)}"
    lines.append(f"The plan that follows: {size}.")
    lines += ["Save it with:", f"  {result.start_command()}"]
    return "\n".join(lines)


def run_checks(
    questions: list[Question], source: _Answers, json_mode: bool, title: str
) -> list[tuple[Question, str, bool]] | None:
    """Ask every question of a resource in order; None if answers ran out before the end."""
    asker = _Asker(source, json_mode)
    out = []
    for question in questions:
        answered = asker.ask(question, title)
        if answered is None:
            return None
        asker.feedback(question, *answered)
        out.append((question, *answered))
    return out


def quiz_resource(
    catalog: Any,
    rid: str,
    store: ProgressStore,
    source: _Answers,
    json_mode: bool,
) -> tuple[int, int] | None:
    """The quiz on one resource: its checks asked in order, the score recorded. Returns
    (right, asked), or None when the answers ran out (nothing recorded)."""
    from pathfinder.planning.assess import questions_of
    from pathfinder.progress.records import AssessmentRecord, QuizAnswer, with_assessment

    questions = questions_of(catalog, rid)
    if not questions:
        raise PathfinderError(f"{rid} has no checks to ask")
    title = catalog.resources[rid].title
    try:
        done = run_checks(questions, source, json_mode, title)
    except KeyboardInterrupt:
        typer.echo("\nStopped; nothing was recorded.", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if done is None:
        return None
    moment = now()
    record = AssessmentRecord(
        kind="quiz",
        at=moment,
        answers=tuple(QuizAnswer(q.id, answer, right, moment) for q, answer, right in done),
        resource=rid,
    )
    store.update(lambda progress: with_assessment(progress, record))
    right = sum(r for _, _, r in done)
    if json_mode:
        import json

        typer.echo(
            json.dumps({"type": "result", "resource": rid, "right": right, "asked": len(done)})
        )
    else:
        typer.echo(f"\n{right} of {len(done)} right on {rid}.")
    return right, len(done)


@app.command("quiz")
def quiz_command(
    resource: ResourceId,
    output_format: Format = QuizFormat.text,
    answers: AnswersFile = None,
    catalog_dirs: CatalogDirs = None,
    progress: ProgressPath = None,
) -> None:
    """Answer a resource's checks after reading it; the score is kept in your progress file."""
    from pathfinder.planning.planner import resolve_ids

    store = open_store(progress)
    catalog = open_catalog(catalog_dirs)
    (rid,) = resolve_ids(catalog, [resource])
    result = quiz_resource(catalog, rid, store, _Answers(answers), output_format is QuizFormat.json)
    if result is None:
        raise PathfinderError("the answers ran out before the last question; nothing recorded")
