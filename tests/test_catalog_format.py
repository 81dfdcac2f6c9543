"""Format extensions that catalogs we did not write need: a resource in several topics,
several resources at one url, how an "any one of" group chooses, and per-catalog check
settings. Each through the CLI on a user catalog, as a catalog author would use it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import resource_yaml, topic_file
from pathfinder import load_catalog, plan


def _only(folder: Path) -> list[str]:
    return ["--catalog", str(folder)]


def test_a_topic_includes_resources_defined_in_another_topic(cli, write_catalog) -> None:
    """optimisation includes 'gradients' (filed under calculus): its goal plans it, goals
    counts it, and an unknown include is an error naming the closest id."""
    calculus = topic_file("calculus", resource_yaml("limits"), resource_yaml("gradients"))
    optimisation = topic_file("optimisation", resource_yaml("sgd")).replace(
        "  description: About optimisation.\n",
        "  description: About optimisation.\n  includes: [gradients]\n",
    )
    folder = write_catalog({"calculus.yaml": calculus, "optimisation.yaml": optimisation})
    catalog = load_catalog([folder], builtin=False)
    assert catalog.members("optimisation") == ["sgd", "gradients"]
    assert [i.id for i in plan(catalog, ["optimisation"]).items] == ["gradients", "sgd"]
    goals = cli("goals", *_only(folder)).output
    assert "\noptimisation" in goals and " 2  2/0/0" in goals.split("\noptimisation")[1]

    bad = optimisation.replace("includes: [gradients]", "includes: [gradient]")
    folder = write_catalog({"calculus.yaml": calculus, "optimisation.yaml": bad}, "bad")
    result = cli("plan", "-g", "optimisation", *_only(folder))
    assert result.exit_code == 2
    assert (
        "optimisation.yaml:5: error: topic 'optimisation' includes unknown resource "
        "'gradient'; did you mean gradients?"
    ) in result.stderr


def test_chapters_of_one_book_share_its_url_with_a_section(cli, write_catalog) -> None:
    book = "https://example.org/book"
    text = topic_file(
        "book",
        resource_yaml("ch1", url=book, section="Chapter 1"),
        resource_yaml("ch2", url=book, section="Chapter 2"),
    )
    folder = write_catalog(
        {"book.yaml": text, "prerequisites.yaml": "requires:\n  ch2:\n    hard: [ch1]\n"}
    )
    result = cli("plan", "-g", "book", "-f", "json", *_only(folder))
    assert result.exit_code == 0, result.output
    titles = [i["title"] for i in json.loads(result.stdout)["items"]]
    assert titles == ["Title of ch1 (Chapter 1)", "Title of ch2 (Chapter 2)"]

    same = topic_file(
        "book",
        resource_yaml("ch1", url=book, section="Chapter 1"),
        resource_yaml("ch1-again", url=book, section="Chapter 1"),
        resource_yaml("whole", url=book),
        resource_yaml("whole-again", url=book),
    )
    folder = write_catalog({"book.yaml": same}, "dupes")
    result = cli("check", *_only(folder))
    assert result.exit_code == 1
    assert "ch1-again: url is also used by 'ch1' (section 'Chapter 1')" in result.stdout
    assert (
        "whole-again: url is also used by 'whole': https://example.org/book; if they are parts "
        "of one source, give each a 'section'"
    ) in result.stdout


def _group(write_catalog: Callable[..., Path], choose: str) -> Path:
    """target needs any one of: deep (advanced, 10 min), light (intermediate, 5), mid
    (beginner, 30)."""
    text = topic_file(
        "t",
        resource_yaml("deep", level="advanced", minutes=10),
        resource_yaml("light", level="intermediate", minutes=5),
        resource_yaml("mid", minutes=30),
        resource_yaml("target", level="advanced"),
    )
    rule = f"\n        choose: {choose}" if choose else ""
    prereqs = f"requires:\n  target:\n    one_of:\n      - ids: [deep, light, mid]{rule}\n"
    return write_catalog({"t.yaml": text, "prerequisites.yaml": prereqs}, f"group-{choose}")


def test_an_any_one_of_group_states_how_it_chooses(write_catalog) -> None:
    def chosen(choose: str, level: str = "beginner") -> list[str]:
        catalog = load_catalog([_group(write_catalog, choose)], builtin=False)
        return [i.id for i in plan(catalog, ["target"], level).items if i.id != "target"]

    assert chosen("") == ["mid"]  # the default: nearest the learner's level
    assert chosen("nearest") == ["mid"]
    assert chosen("lightest") == ["light"]
    assert chosen("first") == ["deep"]
    # a member below the learner's level is assumed known, whatever the rule
    assert chosen("first", "intermediate") == []
    assert chosen("lightest", "intermediate") == []


def test_a_catalog_turns_off_check_rules_for_its_own_files(cli, write_catalog) -> None:
    """a -> b -> c with the implied a -> c stated on purpose."""
    text = topic_file("t", resource_yaml("a"), resource_yaml("b"), resource_yaml("c"))
    prereqs = "requires:\n  b:\n    hard: [a]\n  c:\n    hard: [b, a]\n"
    folder = write_catalog({"t.yaml": text, "prerequisites.yaml": prereqs}, "strict")
    assert cli("check", "--strict", *_only(folder)).exit_code == 1
    quiet = "check:\n  ignore: [implied-edge]\n" + prereqs
    folder = write_catalog({"t.yaml": text, "prerequisites.yaml": quiet}, "quiet")
    result = cli("check", "--strict", *_only(folder))
    assert result.exit_code == 0, result.output
    assert "implied" not in result.stdout
    typo = "check:\n  ignore: [implied-edges]\n" + prereqs
    folder = write_catalog({"t.yaml": text, "prerequisites.yaml": typo}, "typo")
    result = cli("check", *_only(folder))
    assert result.exit_code == 1
    assert "check.ignore.0: Input should be" in result.stdout
