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
from pathfinder.cli.options import CatalogDirs, Goals, Levels, ProgressPath, ResourceId
from pathfinder.cli.runtime import catalog_dirs_or_env, now, open_catalog, open_store
from pathfinder.errors import PathfinderError, visible

if TYPE_CHECKING:
    from pathfinder.planning.assess import Answered, Conclusion, Question
    from pathfinder.progress.records import AssessmentRecord, Progress
    from pathfinder.progress.store import ProgressStore

EXIT_INTERRUPTED = 130
MAX_ANSWERS_BYTES = 2**20  # a quiz has a few dozen answers; anything this big is a mistake


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
                if file.stat().st_size > MAX_ANSWERS_BYTES:
                    raise PathfinderError(
                        f"{file}: too large for an answers file (over "
                        f"{MAX_ANSWERS_BYTES // 2**20} MB; one answer a line)"
                    )
                text = file.read_bytes().decode("utf-8-sig")  # a byte-order mark is no answer
            except UnicodeDecodeError:
                raise PathfinderError(f"{file}: is not a text file (UTF-8)") from None
            except OSError as exc:
                raise PathfinderError(f"{file}: cannot be read ({exc.strerror or exc})") from None
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
        from pathfinder.render.assess import answer_prompt, question_message, question_text

        self.count += 1
        check = question.check
        if self.json:
            self.emit(question_message(question, self.count))
        else:
            typer.echo(question_text(question, self.count, title))
        while True:
            if not self.json:
                typer.echo(answer_prompt(check), nl=False)
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
                    raise PathfinderError(
                        f"{self.answers.where()}: {visible(text)!r} does not answer "
                        f"{question.id}: {exc}"
                    ) from None
                if self.json:
                    self.emit({"type": "invalid", "id": question.id, "message": str(exc)})
                else:
                    typer.echo(f"  {exc}")

    def feedback(self, question: Question, given: str, correct: bool) -> None:
        from pathfinder.render.assess import feedback_message, feedback_text

        if self.json:
            self.emit(feedback_message(question, correct))
        else:
            typer.echo(feedback_text(question.check, given, correct))


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
    from pathfinder.render.assess import conclusion_text, quiz_opening, result_message

    store = open_store(progress)
    marks = store.check_writable()  # before any question: answers are never given in vain
    catalog = open_catalog(catalog_dirs)
    done = [rid for rid, entry in marks.resources.items() if entry.status == "done"]
    quiz = Assessment(catalog, goal, level or [], known=done)
    source = _Answers(answers)
    json_mode = output_format is QuizFormat.json
    asker = _Asker(source, json_mode)
    if not json_mode:
        typer.echo(
            quiz_opening(quiz.goals, quiz.max_questions, len(quiz.scope), len(quiz.given_known))
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
    catalogs = catalog_dirs_or_env(catalog_dirs)
    saved = save and bool(result.plan.items)  # an empty plan would only replace a real one
    if saved:
        from pathfinder.progress import workflow

        workflow.save_plan(
            store,
            catalog,
            result.goals,
            result.levels,
            result.known_options,
            catalogs,
            now(),
        )
    command = result.start_command(catalogs)
    if json_mode:
        asker.emit(result_message(result, saved, command))
    else:
        typer.echo(conclusion_text(result, command))
        if saved:
            typer.echo(f"Saved as your current plan in {store.path}")
        elif save:
            typer.echo("No plan was saved.")


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
    catalog: Any, rid: str, source: _Answers, json_mode: bool
) -> AssessmentRecord | None:
    """The quiz on one resource: its checks asked in order and the score shown. Returns the
    record to keep, or None when the answers ran out; the caller writes it, so that several
    quizzes are recorded together or not at all."""
    from pathfinder.planning.assess import questions_of
    from pathfinder.progress.records import AssessmentRecord, QuizAnswer

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
    right = sum(r for _, _, r in done)
    if json_mode:
        import json

        typer.echo(
            json.dumps({"type": "result", "resource": rid, "right": right, "asked": len(done)})
        )
    else:
        typer.echo(f"\n{right} of {len(done)} right on {rid}.")
    return AssessmentRecord(
        kind="quiz",
        at=moment,
        answers=tuple(QuizAnswer(q.id, answer, ok, moment) for q, answer, ok in done),
        resource=rid,
    )


def record_quizzes(store: ProgressStore, records: list[AssessmentRecord]) -> None:
    """Keep the scores of finished quizzes, in one write."""
    from pathfinder.progress.records import with_assessment

    def change(progress: Progress) -> Progress:
        for record in records:
            progress = with_assessment(progress, record)
        return progress

    if records:
        store.update(change)


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
    store.check_writable()  # before any question: answers are never given in vain
    catalog = open_catalog(catalog_dirs)
    (rid,) = resolve_ids(catalog, [resource])
    record = quiz_resource(catalog, rid, _Answers(answers), output_format is QuizFormat.json)
    if record is None:
        raise PathfinderError("the answers ran out before the last question; nothing recorded")
    record_quizzes(store, [record])
