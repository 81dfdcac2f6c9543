"""``pathfinder assess`` and ``pathfinder quiz``: the model's promises (closed conclusions, a
bounded number of questions, determinism), and the command line in text, JSON and replay,
on a real terminal, and in the progress file.

The test catalog (tests/data/assess-catalog) is drawn here; hard prerequisites point right::

    qa-bandwidth -> qa-kv-cache -> qa-paging -> qa-disaggregation <- qa-batching
    qa-unchecked (no checks)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from catalogs import make_catalog
from conftest import resource_yaml, topic_file
from pathfinder.catalog.loader import load_catalog
from pathfinder.cli.commands import app
from pathfinder.models import Catalog
from pathfinder.planning.assess import (
    MAX_QUESTIONS,
    AnswerError,
    Assessment,
    grade,
)

CATALOG = Path(__file__).parent / "data" / "assess-catalog"
CHAIN = ["qa-bandwidth", "qa-kv-cache", "qa-paging", "qa-disaggregation"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([CATALOG])


def run(quiz: Assessment, answer: Callable[[str], bool]) -> list[str]:
    """Answer every question with ``answer(question id)``; the ids asked, in order."""
    asked = []
    while (question := quiz.next_question()) is not None:
        asked.append(question.id)
        quiz.record(question, "x", answer(question.id))
    return asked


# -- grading ------------------------------------------------------------------------------


def test_grade_reads_a_choice_by_text_number_or_case(catalog: Catalog) -> None:
    check = catalog.resources["qa-bandwidth"].quiz()[0]
    assert grade(check, "Memory bandwidth") == ("Memory bandwidth", True)
    assert grade(check, "  memory BANDWIDTH ") == ("Memory bandwidth", True)
    assert grade(check, "1") == ("Memory bandwidth", True)
    assert grade(check, "2") == ("Tensor-core throughput", False)
    assert grade(check, "?") == ("?", False)
    assert grade(check, "") == ("?", False)
    for bad in ("5", "0", "bandwidth", "1.0"):
        with pytest.raises(AnswerError, match="a number from 1 to 4"):
            grade(check, bad)


def test_grade_reads_a_number_within_tolerance(catalog: Catalog) -> None:
    check = catalog.resources["qa-bandwidth"].quiz()[1]  # 7 ms, within 1
    assert grade(check, "7") == ("7", True)
    assert grade(check, "8 ms") == ("8", True)
    assert grade(check, "6.0") == ("6", True)
    assert grade(check, "8.5") == ("8.5", False)
    for bad in ("seven", "nan", "inf", "7 s"):
        with pytest.raises(AnswerError, match=r"a number in ms; empty or"):
            grade(check, bad)


# -- the model ----------------------------------------------------------------------------


def test_scope_is_the_goals_plan_and_questions_cover_checked_resources(catalog: Catalog) -> None:
    quiz = Assessment(catalog, ["quizzing"])
    assert set(quiz.scope) == {*CHAIN, "qa-batching", "qa-unchecked"}
    assert {q.resource for q in quiz.questions} == {*CHAIN, "qa-batching"}
    assert quiz.questions[0].id.endswith("#1")


def test_all_right_concludes_everything_checked_known_and_suggests_a_level(
    catalog: Catalog,
) -> None:
    quiz = Assessment(catalog, ["quizzing"])
    asked = run(quiz, lambda _: True)
    result = quiz.conclusion()
    assert len(asked) <= MAX_QUESTIONS
    assert set(result.known) >= {*CHAIN, "qa-batching"}
    # the resource without checks follows its able reader: nothing is left, so no command
    assert result.plan.items == [] and result.start_command() is None


def test_all_wrong_concludes_nothing_known_and_keeps_the_whole_plan(catalog: Catalog) -> None:
    quiz = Assessment(catalog, ["quizzing"])
    run(quiz, lambda _: False)
    result = quiz.conclusion()
    assert result.known == [] and result.levels == [] and result.known_options == []
    assert len(result.plan.items) == len(quiz.scope)
    assert result.start_command() == "pathfinder start --goal quizzing"
    assert all(p < 0.5 for p in result.probabilities.values())


def test_a_right_answer_on_a_resource_raises_its_prerequisites(catalog: Catalog) -> None:
    quiz = Assessment(catalog, ["quizzing"])
    before = quiz.probabilities()
    question = next(q for q in quiz.questions if q.resource == "qa-paging")
    quiz.record(question, "x", True)
    after = quiz.probabilities()
    for rid in ("qa-bandwidth", "qa-kv-cache", "qa-paging"):
        assert after[rid] > before[rid], rid
    # and a wrong answer on a prerequisite lowers what depends on it
    quiz.record(next(q for q in quiz.questions if q.resource == "qa-bandwidth"), "x", False)
    lowered = quiz.probabilities()
    assert lowered["qa-disaggregation"] < after["qa-disaggregation"]


def test_the_same_answers_ask_the_same_questions(catalog: Catalog) -> None:
    def answers(qid: str) -> bool:
        return qid.startswith(("qa-bandwidth", "qa-batching"))

    first = run(Assessment(catalog, ["quizzing"]), answers)
    second = run(Assessment(catalog, ["quizzing"]), answers)
    assert first == second and len(first) >= 3


def test_a_goal_without_checks_is_refused(
    cli: Callable[..., object], write_catalog: Callable[..., Path]
) -> None:
    folder = write_catalog({"extra.yaml": topic_file("unquizzed", resource_yaml("plain-a"))})
    result = cli("assess", "--goal", "unquizzed", "--format", "json", "--catalog", str(folder))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "no resource in the plan for unquizzed has checks" in result.output  # type: ignore[attr-defined]


# -- properties over random catalogs --------------------------------------------------------


@st.composite
def catalogs_with_checks(draw: st.DrawFn) -> Catalog:
    size = draw(st.integers(2, 9))
    levels = [draw(st.sampled_from(["beginner", "intermediate", "advanced"])) for _ in range(size)]
    ids = [f"r{i}" for i in range(size)]
    hard: dict[str, list[str]] = {}
    for i in range(1, size):
        hard[ids[i]] = [ids[j] for j in range(i) if draw(st.booleans()) and draw(st.booleans())]
    catalog = make_catalog([(rid, "t", lvl) for rid, lvl in zip(ids, levels, strict=True)], hard)
    for i, rid in enumerate(ids):
        count = draw(st.integers(0, 3))
        checks = tuple(
            (f"Q{n} on {rid}?", "a", "E.", "S", ("a", "b", "c")[:3], None, None)
            if (i + n) % 2
            else (f"N{n} on {rid}?", 7.0, "E.", "S", None, 0.5, None)
            for n in range(count)
        )
        catalog.resources[rid] = catalog.resources[rid]._replace(checks=checks)
    if not any(r.checks for r in catalog.resources.values()):
        rid = ids[0]
        catalog.resources[rid] = catalog.resources[rid]._replace(
            checks=(("Q?", "a", "E.", "S", ("a", "b", "c"), None, None),)
        )
    return catalog


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs_with_checks(), answers=st.lists(st.booleans(), min_size=40, max_size=40))
def test_conclusions_are_closed_and_questions_bounded(
    catalog: Catalog, answers: list[bool]
) -> None:
    """Never "knows B" without B's hard prerequisites; never more questions than the cap;
    every question asked once."""
    quiz = Assessment(catalog, ["t"], max_questions=6)
    feed = iter(answers)
    asked = run(quiz, lambda _: next(feed))
    assert len(asked) <= 6 and len(set(asked)) == len(asked)
    result = quiz.conclusion()
    known = set(result.known)
    for rid in known:
        for edge in catalog.requirements_of(rid).hard:
            assert edge.id in known, (rid, edge.id)
    probabilities = result.probabilities
    for rid in catalog.resources:
        for edge in catalog.requirements_of(rid).hard:
            assert probabilities[edge.id] >= probabilities[rid] - 1e-9
    planned = {item.id for item in result.plan.items}
    assert not planned & set(result.known_options)


# -- the command line -----------------------------------------------------------------------


def pathfinder(*args: str) -> list[str]:
    return [sys.executable, "-m", "pathfinder", *args]


def env_for(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATHFINDER_PROGRESS"] = str(tmp_path / "progress.yaml")
    env["PATHFINDER_CACHE"] = ""
    env.pop("NO_COLOR", None)
    return env


def test_json_interface_over_pipes(tmp_path: Path) -> None:
    """A client reads a question line, writes an answer line (a choice's number or text, or a
    number), reads the feedback; a result line ends it."""
    with subprocess.Popen(
        pathfinder("assess", "--goal", "quizzing", "--format", "json", "--catalog", str(CATALOG)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env_for(tmp_path),
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        questions = []
        while True:
            message = json.loads(proc.stdout.readline())
            if message["type"] == "result":
                break
            assert message["type"] == "question"
            questions.append(message)
            if not questions[1:] and message["choices"]:
                proc.stdin.write("nonsense\n")  # asked again after an "invalid" line
                proc.stdin.flush()
                assert json.loads(proc.stdout.readline())["type"] == "invalid"
            proc.stdin.write(("1" if message["choices"] else "7") + "\n")
            proc.stdin.flush()
            feedback = json.loads(proc.stdout.readline())
            assert feedback["type"] == "feedback" and feedback["id"] == message["id"]
            assert feedback["explain"] and feedback["source"]
        proc.stdin.close()
    assert proc.returncode == 0
    assert 1 <= len(questions) <= MAX_QUESTIONS
    assert set(questions[0]) == {"type", "number", "id", "resource", "prompt", "choices", "unit"}
    assert message["questions"] == len(questions)
    assert set(message["known"]) >= {"qa-bandwidth"}
    if message["plan"]["items"]:
        assert message["command"].startswith("pathfinder start --goal quizzing")
    else:  # start refuses an empty plan, so none is offered
        assert message["command"] is None
    assert message["stopped"] in ("decided", "limit", "no-questions")
    progress = (tmp_path / "progress.yaml").read_text()
    assert "kind: placement" in progress and "qa-bandwidth#" in progress


def test_answers_replay_is_deterministic(tmp_path: Path, cli: Callable[..., object]) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("1\n2\n1\n1\n?\n1\n1\n3\n1\n1\n1\n1\n")
    args = ("assess", "--goal", "quizzing", "--format", "json", "--catalog", str(CATALOG))
    outputs = []
    for _ in range(2):
        result = cli(*args, "--answers", str(answers))
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        outputs.append(result.output)  # type: ignore[attr-defined]
    assert outputs[0] == outputs[1]
    lines = [json.loads(line) for line in outputs[0].splitlines()]
    asked = [m["id"] for m in lines if m["type"] == "question"]
    assert len(asked) == len(set(asked)) and lines[-1]["type"] == "result"
    text = cli("assess", "--goal", "quizzing", "--catalog", str(CATALOG), "--answers", str(answers))
    assert text.exit_code == 0, text.output  # type: ignore[attr-defined]
    for qid in asked:  # text mode asks the same questions in the same order
        rid = qid.split("#")[0]
        assert f"· {rid} (" in text.output  # type: ignore[attr-defined]
    assert "Save it with:\n  pathfinder start --goal quizzing" in text.output  # type: ignore[attr-defined]


def test_answers_that_run_out_conclude_early(tmp_path: Path, cli: Callable[..., object]) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("1\n")
    result = cli(
        "assess", "--goal", "quizzing", "-f", "json", "--catalog", str(CATALOG),
        "--answers", str(answers),
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    last = json.loads(result.output.splitlines()[-1])  # type: ignore[attr-defined]
    assert last["stopped"] == "end-of-answers" and last["questions"] == 1


def test_a_bad_replayed_answer_names_its_line(tmp_path: Path, cli: Callable[..., object]) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("1\nfourteen\n")
    result = cli(
        "assess", "--goal", "quizzing", "--catalog", str(CATALOG), "--answers", str(answers)
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"{answers}:2: 'fourteen' does not answer " in result.output  # type: ignore[attr-defined]
    assert ": answer with a number" in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "home" / "progress.yaml").exists()


def test_save_saves_the_plan_that_follows_and_keeps_marks(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    marked = cli("done", "qa-unchecked", "--catalog", str(CATALOG))
    assert marked.exit_code == 0, marked.output  # type: ignore[attr-defined]
    answers = tmp_path / "answers.txt"
    # choice 1 is always right in the test catalog: right on the first eight, then "I don't
    # know", so some of the plan is known and some is left to save
    answers.write_text("1\n" * 8 + "?\n" * 4)
    result = cli(
        "assess", "--goal", "quizzing", "--catalog", str(CATALOG), "--answers", str(answers),
        "--save",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Saved as your current plan" in result.output  # type: ignore[attr-defined]
    import yaml

    data = yaml.safe_load((tmp_path / "home" / "progress.yaml").read_text())
    assert data["schema_version"] == 2
    assert data["resources"]["qa-unchecked"]["status"] == "done"
    saved = data["plans"]["default"]
    (record,) = data["assessments"]
    assert record["kind"] == "placement" and record["goals"] == ["quizzing"]
    assert saved["known"] or saved["levels"]
    assert set(saved["items"]).isdisjoint(set(saved["known"]))
    status = cli("status")
    assert "Placement quiz" in status.output  # type: ignore[attr-defined]


def test_save_with_nothing_left_to_study_saves_no_plan(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("1\n" * 12)  # every answer right: everything known
    result = cli(
        "assess", "--goal", "quizzing", "--catalog", str(CATALOG), "--answers", str(answers),
        "--save",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "No plan was saved." in result.output  # type: ignore[attr-defined]
    import yaml

    data = yaml.safe_load((tmp_path / "home" / "progress.yaml").read_text())
    assert not data.get("plans") and data["assessments"]


def test_quiz_and_done_quiz_record_scores(
    tmp_path: Path, cli: Callable[..., object], runner: CliRunner
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("1\n3\n")
    result = cli("quiz", "qa-kv-cache", "--catalog", str(CATALOG), "--answers", str(answers))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "1 of 2 right on qa-kv-cache." in result.output  # type: ignore[attr-defined]
    started = cli("start", "--goal", "quizzing", "--catalog", str(CATALOG))
    assert started.exit_code == 0, started.output  # type: ignore[attr-defined]
    done = runner.invoke(
        app, ["done", "--quiz", "qa-bandwidth", "--catalog", str(CATALOG)], input="1\n7\n"
    )
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    assert "2 of 2 right on qa-bandwidth." in done.output  # type: ignore[attr-defined]
    assert "done: qa-bandwidth" in done.output  # type: ignore[attr-defined]
    status = cli("status")
    assert "Quiz scores: qa-kv-cache 1/2, qa-bandwidth 2/2" in status.output  # type: ignore[attr-defined]
    unmarked = runner.invoke(
        app, ["done", "--quiz", "qa-paging", "--catalog", str(CATALOG)], input=""
    )
    assert unmarked.exit_code == 2  # type: ignore[attr-defined]
    assert "nothing marked" in unmarked.output  # type: ignore[attr-defined]
    assert (
        "qa-paging"
        not in (tmp_path / "home" / "progress.yaml")
        .read_text()
        .split("resources:")[1]
        .split("assessments:")[0]
    )


def test_an_old_progress_file_stays_version_1(tmp_path: Path, cli: Callable[..., object]) -> None:
    result = cli("done", "qa-bandwidth", "--catalog", str(CATALOG))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = (tmp_path / "home" / "progress.yaml").read_text()
    assert "schema_version: 1\n" in text and "assessments" not in text


def test_a_damaged_assessment_record_is_reported(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    path = tmp_path / "home" / "progress.yaml"
    path.write_text("schema_version: 2\nassessments:\n- kind: exam\n  at: '2026-01-01T00:00:00Z'\n")
    before = path.read_bytes()
    result = cli("done", "qa-bandwidth", "--catalog", str(CATALOG))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert (
        "progress.yaml:3: error: assessments.0.kind: must be placement or quiz (got 'exam')"
        in result.output
    )  # type: ignore[attr-defined]
    assert path.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
def test_on_a_real_terminal_ctrl_c_leaves_the_progress_file_alone(tmp_path: Path) -> None:
    import pty
    import select
    import time

    env = env_for(tmp_path)
    progress = tmp_path / "progress.yaml"
    subprocess.run(
        pathfinder("done", "qa-unchecked", "--catalog", str(CATALOG)), env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    before = progress.read_bytes()
    pid, fd = pty.fork()
    if pid == 0:  # the child: pathfinder on the terminal
        os.execve(
            sys.executable,
            pathfinder("assess", "--goal", "quizzing", "--catalog", str(CATALOG)),
            env,
        )
    seen = b""

    def read_until(marker: bytes, limit: float = 60.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + limit  # a guard against hanging, not a timing test
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        assert marker in seen, seen.decode(errors="replace")

    read_until(b"Your answer (")
    os.write(fd, b"?\n")
    read_until(b"The answer is")  # "?" counts as a wrong answer
    read_until(b"Question 2")
    read_until(
        b"Your answer (",
    )
    os.write(fd, b"\x03")
    read_until(b"nothing was recorded")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 130
    assert progress.read_bytes() == before


def test_the_simulation_runs_and_its_learners_are_closed() -> None:
    """benchmarks/assess_sim.py stays runnable; its learners know closed sets."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "assess_sim.py"
    spec = importlib.util.spec_from_file_location("assess_sim", path)
    assert spec is not None and spec.loader is not None
    sim = importlib.util.module_from_spec(spec)
    sys.modules["assess_sim"] = sim  # its dataclasses look their module up
    spec.loader.exec_module(sim)
    catalog, added = sim.with_synthetic_checks(load_catalog([CATALOG]), numeric=True)
    assert added >= 1  # qa-unchecked
    import random

    rng = random.Random(1)
    scope = Assessment(catalog, ["quizzing"]).scope
    for kind in sim.KINDS:
        for _ in range(20):
            known = sim.true_knowledge(catalog, scope, kind, rng)
            for rid in known:
                assert all(e.id in known for e in catalog.requirements_of(rid).hard)
        tally = sim.simulate(catalog, "quizzing", kind, 3, 13)
        assert len(tally.questions) == 3 and max(tally.questions) <= MAX_QUESTIONS


def test_a_part_too_large_to_enumerate_keeps_a_sample_of_closed_states(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_STATES closed states, a part keeps a seeded sample of them: still only closed
    states, so conclusions stay closed, and the same every run."""
    import pathfinder.planning.assess as assess

    monkeypatch.setattr(assess, "MAX_STATES", 3)
    runs = []
    for _ in range(2):
        quiz = Assessment(catalog, ["quizzing"])
        asked = run(quiz, lambda qid: not qid.startswith("qa-paging"))
        result = quiz.conclusion()
        runs.append((asked, result.known))
        for rid in result.known:
            assert all(e.id in result.known for e in catalog.requirements_of(rid).hard)
    assert runs[0] == runs[1]


def test_a_level_is_suggested_only_as_high_as_the_evidence() -> None:
    """Knowing the one beginner architecture resource of the inference plan says
    'intermediate' for architecture, not 'advanced' (nothing intermediate was shown known)."""
    quiz = Assessment(load_catalog(), ["inference"])
    suggested = quiz._suggested_levels({"attention-variants-visual-guide"})
    assert suggested.get("architecture") == "intermediate"
