"""The placement commands where a new user trips: a progress file that cannot take the
answers (found before the first question), several quizzes recorded together or not at all,
answers written the way people write numbers, a plan with nothing left, user catalogs in the
printed start command, what the learner marked done, and an output that cannot be written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import answer_quiz
from pathfinder.catalog.loader import load_catalog
from pathfinder.planning.assess import AnswerError, grade

CATALOG = Path(__file__).parent / "data" / "assess-catalog"
needs_permissions = pytest.mark.skipif(os.name != "posix", reason="needs POSIX permissions")


def progress_file() -> Path:
    return Path(os.environ["PATHFINDER_PROGRESS"])


def lines_of(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


@needs_permissions
@pytest.mark.parametrize("command", [["assess", "--goal", "quizzing"], ["quiz", "qa-kv-cache"]])
def test_a_read_only_progress_file_is_refused_before_the_first_question(
    command: list[str], cli: Callable[..., object]
) -> None:
    progress = progress_file()
    assert cli("skip", "qa-unchecked", "--catalog", str(CATALOG)).exit_code == 0  # type: ignore[attr-defined]
    before = progress.read_bytes()
    progress.chmod(0o444)
    result = cli(*command, "--catalog", str(CATALOG), "-f", "json")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "is read-only" in result.output  # type: ignore[attr-defined]
    assert '"type": "question"' not in result.output  # type: ignore[attr-defined]
    marked = cli("done", "qa-unchecked", "--catalog", str(CATALOG))
    assert marked.exit_code == 2 and "is read-only" in marked.output  # type: ignore[attr-defined]
    assert progress.read_bytes() == before
    assert progress.stat().st_mode & 0o777 == 0o444


def test_a_broken_progress_file_is_refused_before_the_first_question(
    cli: Callable[..., object],
) -> None:
    progress = progress_file()
    progress.write_text("schema_version: [\n")
    result = cli("assess", "--goal", "quizzing", "--catalog", str(CATALOG), "-f", "json")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert '"type": "question"' not in result.output  # type: ignore[attr-defined]
    assert progress.read_text() == "schema_version: [\n"


def test_done_with_quizzes_records_all_or_nothing(cli: Callable[..., object], runner) -> None:  # type: ignore[no-untyped-def]
    from pathfinder.cli.commands import app

    args = ["done", "--quiz", "qa-kv-cache", "qa-paging", "--catalog", str(CATALOG)]
    cut_short = runner.invoke(app, args, input="1\n1\n1\n")  # qa-paging's second is missing
    assert cut_short.exit_code == 2, cut_short.output
    assert "nothing recorded, nothing marked" in cut_short.output
    assert not progress_file().exists()
    whole = runner.invoke(app, args, input="1\n1\n1\n1\n")
    assert whole.exit_code == 0, whole.output
    text = progress_file().read_text()
    assert text.count("kind: quiz") == 2 and text.count("status: done") == 2


def test_numbers_are_read_the_way_people_write_them() -> None:
    catalog = load_catalog([CATALOG])
    check = catalog.resources["qa-bandwidth"].quiz()[1]  # 7 ms, within 1
    assert grade(check, "7 MS") == ("7", True)
    assert grade(check, "7,000") == ("7000", False)  # a thousands separator
    for decimal_comma in ("7,5", "0,47", "1,5 ms"):
        with pytest.raises(AnswerError, match="decimals with a dot"):
            grade(check, decimal_comma)
    with pytest.raises(AnswerError, match="answer with a number"):
        grade(check, "7_0")


def test_an_answers_file_may_start_with_a_byte_order_mark_and_a_bad_line_is_quoted(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_bytes("\ufeff1\n".encode())
    result = cli("quiz", "qa-kv-cache", "--catalog", str(CATALOG), "--answers", str(answers))
    assert "1. Keys and values" in result.output  # type: ignore[attr-defined]
    assert "ran out before the last question" in result.output  # type: ignore[attr-defined]
    answers.write_text("1\nnine\n")
    bad = cli("quiz", "qa-kv-cache", "--catalog", str(CATALOG), "--answers", str(answers))
    assert bad.exit_code == 2  # type: ignore[attr-defined]
    assert f"{answers}:2: 'nine' does not answer qa-kv-cache#2" in bad.output  # type: ignore[attr-defined]
    answers.write_bytes(b"\xff\xfe\x00\x01")
    binary = cli("quiz", "qa-kv-cache", "--catalog", str(CATALOG), "--answers", str(answers))
    assert binary.exit_code == 2 and "is not a text file" in binary.output  # type: ignore[attr-defined]


def test_nothing_left_to_study_prints_no_start_command(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    answers = tmp_path / "answers.txt"
    catalog = load_catalog([CATALOG])
    # every check answered right, the unchecked resource marked done: nothing is left
    assert cli("done", "qa-unchecked", "--catalog", str(CATALOG)).exit_code == 0  # type: ignore[attr-defined]
    args = ("assess", "--goal", "quizzing", "--catalog", str(CATALOG))
    from pathfinder.planning.assess import Assessment

    order = answer_quiz(Assessment(catalog, ["quizzing"], known=["qa-unchecked"]), lambda _: True)
    answers.write_text("\n".join(order) + "\n")
    text = cli(*args, "--answers", str(answers), "--save")
    assert text.exit_code == 0, text.output  # type: ignore[attr-defined]
    assert "(1 marked done left out)" in text.output  # type: ignore[attr-defined]
    assert "Nothing is left to study for this goal at this level." in text.output  # type: ignore[attr-defined]
    assert "Save it with" not in text.output and "No plan was saved." in text.output  # type: ignore[attr-defined]
    data = lines_of(cli(*args, "--answers", str(answers), "-f", "json").output)  # type: ignore[attr-defined]
    assert data[-1]["command"] is None and data[-1]["plan"]["items"] == []
    assert "qa-unchecked" not in {m["resource"] for m in data if m["type"] == "question"}


def test_the_start_command_names_the_catalog_it_was_given(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("?\n")
    data = lines_of(
        cli(  # type: ignore[attr-defined]
            "assess", "--goal", "quizzing", "--catalog", str(CATALOG), "-f", "json",
            "--answers", str(answers),
        ).output
    )  # fmt: skip
    command = data[-1]["command"]
    assert command.endswith(f"--catalog {CATALOG.absolute()}"), command


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_that_cannot_be_written_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pathfinder", "plan", "--goal", "inference"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
    assert done.returncode == 2
    assert done.stderr == "error: cannot write the output (No space left on device)\n"


def test_status_without_a_plan_still_shows_quiz_scores(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("1\n3\n")
    assert (
        cli("quiz", "qa-kv-cache", "--catalog", str(CATALOG), "--answers", str(answers)).exit_code
        == 0
    )  # type: ignore[attr-defined]
    status = cli("status")
    assert status.exit_code == 0, status.output  # type: ignore[attr-defined]
    assert "No saved plan yet" in status.output  # type: ignore[attr-defined]
    assert "pathfinder assess --goal inference" in status.output  # type: ignore[attr-defined]
    assert "Quiz scores: qa-kv-cache 1/2" in status.output  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", ["soon", "0", "-5", "nan", "inf", "100000"])
def test_a_bad_lock_timeout_is_one_clear_error(value: str, cli: Callable[..., object]) -> None:
    result = cli("done", "paged-attention", env={"PATHFINDER_LOCK_TIMEOUT": value})
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "PATHFINDER_LOCK_TIMEOUT must be a number of seconds" in result.output  # type: ignore[attr-defined]
    assert not progress_file().exists()


@pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")
def test_a_held_lock_is_waited_for_as_long_as_asked(cli: Callable[..., object]) -> None:
    import fcntl

    progress = progress_file()
    lock = progress.with_name(progress.name + ".lock")
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = cli("done", "paged-attention", env={"PATHFINDER_LOCK_TIMEOUT": "0.2"})
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "is locked by another pathfinder command (waited 0.2 s" in result.output  # type: ignore[attr-defined]
    assert cli("done", "paged-attention").exit_code == 0  # type: ignore[attr-defined]
