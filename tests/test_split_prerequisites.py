"""Large catalogs: every file's size is checked before any is parsed, and prerequisites can be
split over a ``prerequisites/`` folder, which the message about a too-large prerequisites
file names as the remedy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import resource_yaml, topic_file
from pathfinder import CatalogError, load_catalog


def _topics(write_catalog, **prerequisites: str) -> Path:  # type: ignore[no-untyped-def]
    files = {
        "one.yaml": topic_file("one", resource_yaml("alpha"), resource_yaml("beta")),
        "two.yaml": topic_file("two", resource_yaml("gamma"), resource_yaml("delta")),
    }
    folder = write_catalog(files)
    for name, text in prerequisites.items():
        path = folder / name.replace("__", "/")
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    return folder


def test_a_prerequisites_folder_instead_of_the_file(write_catalog) -> None:  # type: ignore[no-untyped-def]
    folder = _topics(
        write_catalog,
        prerequisites__a_first="not yaml by name: ignored",
        prerequisites__b_edges_yaml="",
        **{
            "prerequisites__one.yaml": "requires:\n  beta:\n    hard: [alpha]\n",
            "prerequisites__two.yml": "topic_order: [two, one]\nrequires:\n  delta:\n    soft: [gamma]\n",
        },
    )
    catalog = load_catalog([folder], builtin=False)
    assert [e.id for e in catalog.requirements["beta"].hard] == ["alpha"]
    assert [e.id for e in catalog.requirements["delta"].soft] == ["gamma"]
    assert list(catalog.topics) == ["two", "one"]
    assert catalog.requirement_locations["delta"] == catalog.requirement_locations["delta"]
    assert catalog.requirement_locations["delta"].file == folder / "prerequisites" / "two.yml"


def test_the_file_and_the_folder_together_read_as_one_file(write_catalog) -> None:  # type: ignore[no-untyped-def]
    folder = _topics(
        write_catalog,
        **{
            "prerequisites.yaml": "topic_order: [two, one]\ncheck:\n  ignore: [isolated]\n",
            "prerequisites__edges.yaml": "requires:\n  beta:\n    hard: [alpha]\n",
        },
    )
    catalog = load_catalog([folder], builtin=False)
    assert list(catalog.topics) == ["two", "one"]
    assert [e.id for e in catalog.requirements["beta"].hard] == ["alpha"]
    assert catalog.ignored_checks == {str(folder): ("isolated",)}, "covers the whole folder"


def test_a_resource_given_in_two_prerequisites_files_is_a_duplicate(cli, write_catalog) -> None:  # type: ignore[no-untyped-def]
    """As the same key twice in one file would be."""
    folder = _topics(
        write_catalog,
        **{
            "prerequisites.yaml": "topic_order: [one]\nrequires:\n  beta:\n    hard: [alpha]\n",
            "prerequisites__more.yaml": (
                "topic_order: [two]\nrequires:\n  delta:\n    hard: [gamma]\n"
                "  beta:\n    soft: [gamma]\n"
            ),
        },
    )
    result = cli("plan", "--goal", "one", "--catalog", str(folder))
    assert result.exit_code == 2
    more = folder / "prerequisites" / "more.yaml"
    first = folder / "prerequisites.yaml"
    assert f"{more}:1: error: duplicate key 'topic_order' (first at {first}:1)" in result.stderr
    assert f"{more}:6: error: beta: duplicate key 'beta' (first at {first}:4)" in result.stderr
    assert "Traceback" not in result.output


def test_prerequisites_named_as_a_file_not_a_folder(cli, write_catalog) -> None:  # type: ignore[no-untyped-def]
    folder = _topics(write_catalog, prerequisites="requires: {}\n")
    result = cli("plan", "--goal", "one", "--catalog", str(folder))
    assert result.exit_code == 2
    assert (
        f"{folder / 'prerequisites'}: error: is a file; prerequisites/ must be a folder of "
        "*.yaml files"
    ) in result.stderr


def _sparse(path: Path, megabytes: int) -> None:
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(megabytes * 2**20)


def test_sizes_are_checked_before_anything_is_parsed(cli, write_catalog) -> None:  # type: ignore[no-untyped-def]
    """A broken topic file read first would be reported too, if anything were parsed."""
    folder = _topics(write_catalog)
    (folder / "aaa.yaml").write_text("topic: [\n")
    _sparse(folder / "prerequisites.yaml", 20)
    _sparse(folder / "zzz.yaml", 17)
    parsed: list[Path] = []
    with pytest.raises(CatalogError) as caught:
        load_catalog([folder], parsed=parsed)
    assert parsed == []
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'prerequisites.yaml'}: error: is too large (20.0 MB; the limit for one file "
        "is 16 MB): split it into several *.yaml files in a prerequisites/ folder beside it "
        "(they are read as one file)",
        f"{folder / 'zzz.yaml'}: error: is too large (17.0 MB; the limit for one file is 16 MB): "
        "split it into several topic files",
    ]
    result = cli("check", "--catalog", str(folder))
    assert result.exit_code == 1 and "prerequisites/ folder" in result.stdout
    assert "YAML syntax" not in result.output


def test_a_too_large_file_in_the_prerequisites_folder(write_catalog) -> None:  # type: ignore[no-untyped-def]
    folder = _topics(write_catalog)
    _sparse(folder / "prerequisites" / "big.yaml", 17)
    with pytest.raises(
        CatalogError, match=r"big.yaml: error: is too large .*prerequisites/ folder"
    ):
        load_catalog([folder])


GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.skipif(not (GENERATOR / "generate.py").is_file(), reason="benchmarks/ not here")
def test_the_generator_splits_large_prerequisites(tmp_path: Path) -> None:
    sys.path.insert(0, str(GENERATOR))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(GENERATOR))
    whole, split = tmp_path / "whole", tmp_path / "split"
    generate(400, whole)
    generate(400, split, split_bytes=5000)
    assert not (whole / "prerequisites").exists()
    parts = sorted((split / "prerequisites").iterdir())
    assert len(parts) > 2 and all(os.path.getsize(p) <= 5000 + 200 for p in parts)
    one, many = load_catalog([whole], builtin=False), load_catalog([split], builtin=False)
    assert one.requirements == many.requirements and list(one.topics) == list(many.topics)
