"""User catalogs through the library. The broken catalogs themselves, each with the message it
must produce, are the bad-input corpus (tests/corpus, run by test_bad_input_corpus.py)."""

from __future__ import annotations

import pytest

from conftest import resource_yaml, topic_file
from pathfinder import CatalogError, load_catalog

GOOD = topic_file("extra", resource_yaml("alpha"), resource_yaml("beta"))


def test_a_good_user_catalog_adds_resources_and_topics(cli, write_catalog) -> None:
    folder = write_catalog({"extra.yaml": GOOD})
    result = cli("plan", "--goal", "extra", "--catalog", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"alpha"' in result.output and '"beta"' in result.output


def test_library_raises_catalog_error_with_every_problem(write_catalog) -> None:
    text = GOOD.replace("    minutes: 10\n", "    minutes: -1\n").replace("kind: blog", "kind: x")
    folder = write_catalog({"extra.yaml": text})
    with pytest.raises(CatalogError) as info:
        load_catalog([folder], builtin=False)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4, messages
    assert {p.resource for p in info.value.problems} == {"alpha", "beta"}
