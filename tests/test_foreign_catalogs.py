"""A third-party catalog: long ids, words with accents, resources without authors, and a
catalog folder that moves after a plan was saved. Each test goes through the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
