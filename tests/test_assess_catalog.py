"""Checks in the catalog format: what the loader refuses (one clear line each), what
``check`` warns about, and that checks survive the parsed-catalog cache."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pathfinder.catalog.lint import check_warnings
from pathfinder.catalog.loader import load_catalog
from pathfinder.errors import CatalogError
from pathfinder.models import Check

GOOD_MC = """\
      - prompt: What mostly limits a decode step at batch size 1?
        choices: [Memory bandwidth, Compute, PCIe]
        answer: Memory bandwidth
        explain: Every weight is read once per token.
        source: Section 2
"""
GOOD_NUMBER = """\
      - prompt: How many milliseconds does one decode step take at least?
        answer: 7
        tolerance: 1
        unit: ms
        explain: 14 GB / 2 TB/s.
        source: Section 3
"""


def topic_file(checks: str, rid: str = "alpha", extra: str = "") -> str:
    head = textwrap.dedent(
        f"""\
        topic:
          id: mine
          title: Mine
          description: A topic.
        resources:
          - id: {rid}
            title: Alpha
            url: https://example.org/{rid}
            kind: blog
            level: beginner
            minutes: 10
            summary: About alpha.
        """
    )
    return head + ("    checks:\n" + checks if checks else "") + extra


def load(folder: Path) -> object:
    return load_catalog([folder], cache_dir=None)


def test_checks_load_as_values(write_catalog: Callable[..., Path]) -> None:
    folder = write_catalog({"mine.yaml": topic_file(GOOD_MC + GOOD_NUMBER)})
    resource = load_catalog([folder]).resources["alpha"]
    first, second = resource.quiz()
    assert first == Check(
        "What mostly limits a decode step at batch size 1?",
        "Memory bandwidth",
        "Every weight is read once per token.",
        "Section 2",
        ("Memory bandwidth", "Compute", "PCIe"),
    )
    assert not first.numeric and second.numeric
    assert (second.answer, second.tolerance, second.unit) == (7.0, 1.0, "ms")


BAD = [
    (
        GOOD_MC.replace("answer: Memory bandwidth", "answer: Bandwidth"),
        "check 1: answer 'Bandwidth' is not one of the choices",
    ),
    (
        GOOD_MC.replace("[Memory bandwidth, Compute, PCIe]", "[Memory bandwidth, PCIe, PCIe]"),
        "check 1: choice 'PCIe' is listed more than once",
    ),
    (
        GOOD_MC.replace("[Memory bandwidth, Compute, PCIe]", "[Memory bandwidth, PCIe]"),
        "check 1: choices: List should have at least 3 items",
    ),
    (
        GOOD_MC.replace("[Memory bandwidth, Compute, PCIe]", "[Memory bandwidth, a, b, c, d, e]"),
        "check 1: choices: List should have at most 5 items",
    ),
    (
        GOOD_NUMBER.replace("        tolerance: 1\n", ""),
        "check 1: a numeric check needs a tolerance (0 for an exact answer)",
    ),
    (
        GOOD_NUMBER.replace("answer: 7", "answer: seven"),
        "check 1: answer 'seven' is text but the check has no choices",
    ),
    (
        GOOD_MC + "        tolerance: 1\n",
        "check 1: tolerance applies to numeric checks only (this one has choices)",
    ),
    (
        GOOD_MC + "        unit: ms\n",
        "check 1: unit applies to numeric checks only (this one has choices)",
    ),
    (
        GOOD_NUMBER.replace("tolerance: 1", "tolerance: -1"),
        "check 1: tolerance: Input should be greater than or equal to 0",
    ),
    (
        GOOD_MC.replace("answer: Memory bandwidth", "answer: yes"),
        "check 1: answer: must be the right choice's text or a number (got yes: YAML reads "
        "unquoted yes/no/on/off as true/false; quote it)",
    ),
    (
        GOOD_MC.replace("[Memory bandwidth, Compute, PCIe]", "['7', '8', '9']").replace(
            "answer: Memory bandwidth", "answer: 7"
        ),
        "check 1: answer 7 must be the text of one of the choices (quote it)",
    ),
    (
        GOOD_MC.replace("[Memory bandwidth, Compute, PCIe]", "['4', '2', 'PCIe']").replace(
            "answer: Memory bandwidth", "answer: '2'"
        ),
        "check 1: choice '2' reads like the number of a choice; add its unit",
    ),
    (
        GOOD_MC.replace("        explain: Every weight is read once per token.\n", ""),
        "check 1: explain: Field required",
    ),
    (GOOD_MC.replace("source: Section 2", "source: ''"), "check 1: source: String should have"),
    (
        GOOD_MC.replace("explain: Every weight is read once per token.", 'explain: "two\\nlines"'),
        "check 1: explain: must be one line without control characters",
    ),
    (GOOD_MC + "        hint: no\n", "check 1: hint: unknown field"),
    (
        GOOD_MC + GOOD_NUMBER.replace("answer: 7", "answer: true"),
        "check 2: answer: must be the right choice's text or a number (got true: YAML reads",
    ),
]


@pytest.mark.parametrize(("checks", "message"), BAD, ids=[m for _, m in BAD])
def test_a_bad_check_is_one_clear_error(
    write_catalog: Callable[..., Path], checks: str, message: str
) -> None:
    folder = write_catalog({"mine.yaml": topic_file(checks)})
    with pytest.raises(CatalogError) as caught:
        load(folder)
    text = str(caught.value)
    assert "mine.yaml:" in text and ": error: alpha: " + message in text, text
    assert len(caught.value.problems) == 1, text


def test_the_error_names_the_line_of_the_field(write_catalog: Callable[..., Path]) -> None:
    bad = GOOD_MC + GOOD_NUMBER.replace("        tolerance: 1\n", "")
    folder = write_catalog({"mine.yaml": topic_file(bad)})
    with pytest.raises(CatalogError) as caught:
        load(folder)
    (problem,) = caught.value.problems
    lines = (folder / "mine.yaml").read_text().splitlines()
    assert lines[problem.line - 1].strip() == "answer: 7"


def test_the_cli_reports_a_bad_check_with_exit_2(
    write_catalog: Callable[..., Path], cli: Callable[..., object]
) -> None:
    bad = GOOD_MC.replace("answer: Memory bandwidth", "answer: B")
    folder = write_catalog({"mine.yaml": topic_file(bad)})
    result = cli("plan", "--goal", "mine", "--catalog", str(folder))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "alpha: check 1: answer 'B' is not one of the choices" in result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def two_resources(first: str, second: str) -> str:
    return (
        topic_file(first)
        + textwrap.indent(
            textwrap.dedent(
                """\
            - id: beta
              title: Beta
              url: https://example.org/beta
              kind: blog
              level: beginner
              minutes: 10
              summary: About beta.
            """
            ),
            "  ",
        )
        + ("    checks:\n" + second if second else "")
    )


def warnings_for(folder: Path) -> list[str]:
    return [f"{p.resource}: {p.message}" for p in check_warnings(load_catalog([folder]))]


def test_few_checks_is_warned_only_in_a_folder_with_checks(
    write_catalog: Callable[..., Path],
) -> None:
    none = write_catalog({"mine.yaml": two_resources("", "")}, name="none")
    assert warnings_for(none) == []
    some = write_catalog({"mine.yaml": two_resources(GOOD_MC + GOOD_NUMBER, "")}, name="some")
    assert warnings_for(some) == [
        "beta: 0 checks; assess needs at least 2 per resource to tell a reader from a lucky guess"
    ]
    # the built-in catalog, whose folder is another, is not warned about for the user's
    assert all(p.resource in ("alpha", "beta") for p in check_warnings(load_catalog([some])))


def test_few_checks_can_be_ignored(write_catalog: Callable[..., Path]) -> None:
    folder = write_catalog(
        {
            "mine.yaml": two_resources(GOOD_MC + GOOD_NUMBER, GOOD_MC.replace("What", "Which")),
            "prerequisites.yaml": "check:\n  ignore: [few-checks]\n",
        }
    )
    assert warnings_for(folder) == []


def test_duplicate_prompts_and_choices_differing_in_case_are_warned(
    write_catalog: Callable[..., Path], cli: Callable[..., object]
) -> None:
    cased = GOOD_NUMBER + GOOD_MC.replace(
        "[Memory bandwidth, Compute, PCIe]", "[Memory bandwidth, pcie, PCIe]"
    )
    folder = write_catalog({"mine.yaml": two_resources(GOOD_MC + GOOD_NUMBER, cased)})
    assert warnings_for(folder) == [
        "beta: check 1: the same prompt as alpha#2",
        "beta: check 2: the same prompt as alpha#1",
        "beta: check 2: choices 'pcie' and 'PCIe' differ only in case",
    ]
    result = cli("check", "--strict", "--catalog", str(folder))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "warning: beta: check 1: the same prompt as alpha#2" in result.output  # type: ignore[attr-defined]


def test_checks_survive_the_catalog_cache(
    write_catalog: Callable[..., Path], tmp_path: Path
) -> None:
    folder = write_catalog({"mine.yaml": topic_file(GOOD_MC + GOOD_NUMBER)})
    fresh = load_catalog([folder], cache_dir=tmp_path / "cache")
    cached = load_catalog([folder], cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir())
    assert cached.resources["alpha"].quiz() == fresh.resources["alpha"].quiz()
    assert cached.resources["alpha"].quiz()[0].choices == ("Memory bandwidth", "Compute", "PCIe")


def test_the_json_schema_describes_checks() -> None:
    import jsonschema

    from pathfinder.catalog.json_schemas import SCHEMAS

    schema = SCHEMAS["catalog"]()
    good = {
        "topic": {"id": "mine", "title": "Mine", "description": "A topic."},
        "resources": [
            {
                "id": "alpha",
                "title": "Alpha",
                "url": "https://example.org/a",
                "kind": "blog",
                "level": "beginner",
                "minutes": 10,
                "summary": "About alpha.",
                "checks": [
                    {"prompt": "P?", "answer": 7, "tolerance": 1, "explain": "E.", "source": "S"}
                ],
            }
        ],
    }
    jsonschema.validate(good, schema)
    good["resources"][0]["checks"][0]["colour"] = "red"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(good, schema)


def test_few_checks_leaves_optional_resources_alone(write_catalog: Callable[..., Path]) -> None:
    text = two_resources(GOOD_MC + GOOD_NUMBER, "").replace(
        "summary: About beta.", "summary: About beta.\n    optional: true"
    )
    folder = write_catalog({"mine.yaml": text})
    assert load_catalog([folder]).resources["beta"].optional
    assert warnings_for(folder) == []
