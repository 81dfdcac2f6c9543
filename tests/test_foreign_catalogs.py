"""A third-party catalog: long ids, words with accents, resources without authors, and a
catalog folder that moves after a plan was saved. Each test goes through the command line."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import resource_yaml, topic_file

LONG_TOPIC = "mathematical-logic-and-the-foundations-of-computation"  # 53 characters
LONG_ID = "goedel-incompleteness-theorems-a-gentle-introduction-for-students"  # 65
MEDIUM_TOPIC = "proof-theory-basics-course"  # 26: fits a widened column


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _assert_fits(text: str, width: int = 80) -> None:
    too_long = [line for line in _lines(text) if len(line) > width]
    assert not too_long, too_long


@pytest.fixture
def logic_catalog(write_catalog) -> Path:
    logic = topic_file(
        LONG_TOPIC,
        resource_yaml(
            LONG_ID,
            minutes=45,
            title="'Gödel''s incompleteness theorems'",
            summary="Kurt Gödel's two theorems, proved gently.",
        ),
        resource_yaml("turing-machines-and-the-halting-problem-explained-slowly", minutes=30),
        resource_yaml("delay-lines", summary="Delay lines as memory."),
    )
    proofs = topic_file(
        MEDIUM_TOPIC,
        resource_yaml("natural-deduction", title="Natural deduction, per Gentzen and Prawitz"),
    )
    return write_catalog({"logic.yaml": logic, "proofs.yaml": proofs})


# -- 1. tables fit 80 columns whatever the ids ---------------------------------------------


def test_goals_fits_80_columns_with_long_topic_ids(cli, logic_catalog: Path) -> None:
    result = cli("goals", "--catalog", str(logic_catalog))
    assert result.exit_code == 0, result.output
    _assert_fits(result.output)
    lines = _lines(result.output)
    # an id too long for the column gets its own line, whole; its row follows, aligned
    row = lines[lines.index(LONG_TOPIC) + 1]
    header = lines[0]
    assert row.startswith(" " * (len(MEDIUM_TOPIC) + 1) + "The mathematical-logi…")
    assert row.index("3  3/0/0") == header.index("Items") + len("Items") - 1
    # a shorter long id widens the column, which stays aligned for every row
    medium = next(line for line in lines if line.startswith(MEDIUM_TOPIC))
    assert medium[len(MEDIUM_TOPIC)] == " "
    assert header.index("Title") == medium.index("The proof-theory")
    assert lines[1].index("GPU and performance") == header.index("Title")
    for line in lines[1 : lines.index(LONG_TOPIC)]:
        assert line.rstrip().endswith(tuple("0123456789hm")), line
        assert len(line) == len(header), line


def test_goals_keeps_the_built_in_layout(cli) -> None:
    result = cli("goals")
    assert result.exit_code == 0, result.output
    assert "\nkernels         GPU kernels                          17  2/6/9" in result.output


def test_search_results_fit_80_columns_with_long_ids(cli, logic_catalog: Path) -> None:
    result = cli("search", "the", "--catalog", str(logic_catalog), "--limit", "20")
    assert result.exit_code == 0, result.output
    _assert_fits(result.output)
    lines = _lines(result.output)
    # the facts move under an id too long to share its line, and the id stays whole
    at = next(i for i, line in enumerate(lines) if line.endswith(f". {LONG_ID}"))
    assert lines[at + 1] == f"    ({LONG_TOPIC}, beginner, 45m)"
    assert lines[at + 2] == "    Gödel's incompleteness theorems"


@pytest.mark.parametrize("width", [60, 72])
def test_goals_and_search_follow_a_narrow_terminal(cli, width: int) -> None:
    for args in (("goals",), ("search", "attention", "-n", "20"), ("search", "kv", "cache")):
        at80 = cli(*args).stdout
        assert cli(*args, env={"COLUMNS": "200"}).stdout == at80, args  # never wider than 80
        narrow = cli(*args, env={"COLUMNS": str(width)}).stdout
        # only a command, kept whole on a line of its own, may pass the edge
        too_long = [line for line in _lines(narrow) if len(line) > width]
        assert all(line.startswith("  pathfinder ") for line in too_long), (args, too_long)
        assert not any(line.rstrip().endswith("pathfinder") for line in _lines(narrow)), args
    table = _lines(cli("goals", env={"COLUMNS": str(width)}).stdout)
    # the header and 7 rows, aligned, the screen's last column left free as at 80
    assert {len(line) for line in table[:8]} == {width - 1}
    assert table[4].startswith("kernels ") and table[4].rstrip().endswith("12h50")


def test_search_keeps_short_results_on_one_line(cli) -> None:
    result = cli("search", "mooncake")
    assert result.exit_code == 0, result.output
    assert _lines(result.output)[0] == " 1. mooncake  (inference, advanced, 1h50)"


# -- 2. search folds case and accents, both ways --------------------------------------------


@pytest.mark.parametrize("query", ["gödel", "Godel", "GÖDEL", "godel"])
def test_search_matches_accented_and_plain_forms(cli, logic_catalog: Path, query: str) -> None:
    result = cli("search", query, "--catalog", str(logic_catalog))
    assert result.exit_code == 0, result.output
    ids = re.findall(r"^ *\d+\. (\S+)", result.output, re.M)
    assert ids == [LONG_ID]  # not "delay-lines", which "del" alone would match


def test_search_finds_plain_text_from_an_accented_query(cli, write_catalog) -> None:
    text = topic_file(
        "logic", resource_yaml("cafe-logic", title="Cafe logic", summary="Strasse, naive, finesse.")
    )
    folder = write_catalog({"logic.yaml": text})
    for query in ["café", "Straße", "NAÏVE", "ﬁnesse"]:  # ﬁ: a ligature, "fi" decomposed
        result = cli("search", query, "--catalog", str(folder))
        assert re.search(r"^ *\d+\. cafe-logic ", result.output, re.M), (query, result.output)


# -- 3. a saved plan's catalog folder moved --------------------------------------------------


@pytest.fixture
def moved(cli, logic_catalog: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A plan saved with ``logic_catalog``, which is then moved: (old place, new place)."""
    result = cli("start", "--goal", MEDIUM_TOPIC, "--catalog", str(logic_catalog))
    assert result.exit_code == 0, result.output
    new = tmp_path / "moved-catalog"
    shutil.move(logic_catalog, new)
    return logic_catalog, new


def _saved_catalogs() -> list[str]:
    data = yaml.safe_load(Path(os.environ["PATHFINDER_PROGRESS"]).read_text(encoding="utf-8"))
    return data["plans"]["default"]["catalogs"]


@pytest.mark.parametrize("command", [["status"], ["next"], ["done", "natural-deduction"]])
def test_a_moved_catalog_says_where_it_was_recorded_and_how_to_fix_it(
    cli, moved: tuple[Path, Path], command: list[str]
) -> None:
    old, _ = moved
    before = Path(os.environ["PATHFINDER_PROGRESS"]).read_bytes()
    result = cli(*command)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: catalog folder {old} does not exist. Your saved plan was made with it "
        f"(recorded in the progress file {os.environ['PATHFINDER_PROGRESS']}); if you moved "
        "it, run once: pathfinder status --catalog NEWDIR, and the saved plan keeps the new "
        "place (or save a new plan with pathfinder start)\n"
    )
    assert Path(os.environ["PATHFINDER_PROGRESS"]).read_bytes() == before


def test_catalog_given_after_a_move_is_recorded_in_the_saved_plan(
    cli, moved: tuple[Path, Path]
) -> None:
    old, new = moved
    result = cli("status", "--catalog", str(new))
    assert result.exit_code == 0, result.output
    assert f"Plan: {MEDIUM_TOPIC} (level: beginner)" in result.stdout
    assert result.stderr == (
        f"note: your saved plan now uses the catalog folder {new} in place of {old}, which "
        f"is gone; recorded in {os.environ['PATHFINDER_PROGRESS']}\n"
    )
    assert _saved_catalogs() == [str(new)]
    for command in (["next"], ["done", "natural-deduction"], ["status"]):
        result = cli(*command)
        assert result.exit_code == 0, result.output
        assert "note:" not in result.stderr


def test_done_with_the_new_catalog_works_and_records_it(cli, moved: tuple[Path, Path]) -> None:
    _, new = moved
    result = cli("done", "natural-deduction", "--catalog", str(new))
    assert result.exit_code == 0, result.output
    assert result.stdout == "done: natural-deduction\n"
    assert _saved_catalogs() == [str(new)]
    assert "1/1 finished" in cli("status").output


def test_catalog_given_while_the_recorded_one_exists_is_for_one_command(
    cli, logic_catalog: Path, write_catalog
) -> None:
    assert cli("start", "--goal", MEDIUM_TOPIC, "--catalog", str(logic_catalog)).exit_code == 0
    other = write_catalog({"logic.yaml": (logic_catalog / "logic.yaml").read_text()}, "other")
    (other / "proofs.yaml").write_text((logic_catalog / "proofs.yaml").read_text())
    result = cli("status", "--catalog", str(other))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert _saved_catalogs() == [str(logic_catalog)]


# -- 4. did you mean never suggests the resource itself --------------------------------------


def test_unknown_prerequisite_hint_never_names_the_resource_itself(cli, write_catalog) -> None:
    nets = topic_file("vision", resource_yaml("convolutional-nets"), resource_yaml("pooling"))
    requires = "requires:\n  convolutional-nets:\n    hard: [convolution]\n"
    folder = write_catalog({"vision.yaml": nets, "prerequisites.yaml": requires})
    result = cli("check", "--catalog", str(folder))
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "prerequisites.yaml:3: error: convolutional-nets: requires unknown resource 'convolution'\n"
    )


def test_unknown_prerequisite_hint_still_names_other_near_misses(cli, write_catalog) -> None:
    nets = topic_file(
        "vision",
        resource_yaml("convolutional-nets"),
        resource_yaml("convolutional-arithmetic"),
        resource_yaml("pooling"),
    )
    requires = (
        "requires:\n  convolutional-nets:\n    one_of:\n      - ids: [convolution, pooling]\n"
    )
    folder = write_catalog({"vision.yaml": nets, "prerequisites.yaml": requires})
    result = cli("check", "--catalog", str(folder))
    assert result.exit_code == 1
    assert "requires unknown resource 'convolution'; did you mean convolutional-arithmetic?\n" in (
        result.stdout
    )


# -- 5. why: a member of an "any one of" group that was not chosen ----------------------------


@pytest.fixture
def alternatives(write_catalog) -> Path:
    topic = topic_file(
        "attention",
        resource_yaml("attention-intro", minutes=20),
        resource_yaml("attention-paper", level="advanced", minutes=90),
        resource_yaml("flash-kernels", level="intermediate"),
        resource_yaml("paper-reading-group", level="advanced"),
    )
    requires = (
        "requires:\n"
        "  flash-kernels:\n"
        "    one_of:\n"
        "      - ids: [attention-paper, attention-intro]\n"
        "        why: assumes scaled dot-product attention\n"
        "  paper-reading-group:\n"
        "    hard: [attention-paper]\n"
    )
    return write_catalog({"attention.yaml": topic, "prerequisites.yaml": requires})


@pytest.mark.parametrize(
    ("options", "left_out", "chosen", "rule"),
    [
        (["--level", "beginner"], "attention-paper", "attention-intro",
         "it is at your level (beginner) for attention"),
        (["--level", "advanced"], "attention-paper", "attention-intro",
         "it is beginner, below your level (advanced) for attention, so assumed known"),
        (["--known", "attention-paper"], "attention-intro", "attention-paper",
         "you know it (--known)"),
        (["--goal", "paper-reading-group"], "attention-intro", "attention-paper",
         "it is in the plan anyway (#1)"),
    ],
)  # fmt: skip
def test_why_names_the_alternative_chosen_and_the_rule(
    cli, alternatives: Path, options: list[str], left_out: str, chosen: str, rule: str
) -> None:
    args = ["why", left_out, "--goal", "flash-kernels", *options, "--catalog", str(alternatives)]
    result = cli(*args)
    assert result.exit_code == 2
    goals = ", ".join(a for a in args if a.endswith(("-kernels", "-group")))
    position = result.stderr.split("flash-kernels (#")[1][0]
    assert result.stderr == (
        f"error: {left_out} is not part of the plan for {goals}: flash-kernels (#{position}) "
        "needs any one of attention-paper or attention-intro (assumes scaled dot-product "
        f"attention), and {chosen} was chosen instead: {rule}\n"
    )


def test_why_for_a_resource_no_group_involves_is_unchanged(cli, alternatives: Path) -> None:
    result = cli(
        "why", "paper-reading-group", "--goal", "flash-kernels", "--catalog", str(alternatives)
    )
    assert result.exit_code == 2
    assert result.stderr == "error: paper-reading-group is not part of the plan for flash-kernels\n"


# -- 6. show leaves out what the catalog does not say ----------------------------------------


def test_show_without_authors_has_no_by_line(cli, logic_catalog: Path, write_catalog) -> None:
    entry = resource_yaml("anonymous-notes").replace("    authors: [Someone]\n", "")
    folder = write_catalog({"notes.yaml": topic_file("notes", entry)}, "notes")
    result = cli("show", "anonymous-notes", "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    assert "By:" not in result.output
    assert _lines(result.output)[2] == "URL: https://example.org/anonymous-notes"
    result = cli("show", LONG_ID, "--catalog", str(logic_catalog))
    assert "\nBy: Someone\n" in result.output
    assert _lines(result.output)[1:3] == [  # the facts wrap rather than run off the screen
        f"{LONG_ID} · blog ·",
        f"{LONG_TOPIC} · beginner · 45m · 2024",
    ]


def test_plan_next_status_and_why_fit_80_columns_with_long_ids(cli, logic_catalog: Path) -> None:
    catalog = ["--catalog", str(logic_catalog)]
    assert cli("start", "-g", LONG_TOPIC, *catalog).exit_code == 0
    for args in (
        ["plan", "-g", LONG_TOPIC, *catalog],
        ["next"],
        ["status"],
        ["why", LONG_ID, "-g", LONG_TOPIC, *catalog],
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        # a url or a file path stays whole on its own line (terminals keep it clickable)
        whole = ("http", "/")
        _assert_fits("\n".join(s for s in _lines(result.output) if not s.strip().startswith(whole)))
