"""A broken catalog is reported with file, line and resource, exit code 2, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import resource_yaml, topic_file
from pathfinder import CatalogError, load_catalog

GOOD = topic_file("extra", resource_yaml("alpha"), resource_yaml("beta"))


def _plan_with(cli, folder: Path):  # type: ignore[no-untyped-def]
    return cli("plan", "--goal", "inference", "--catalog", str(folder))


def _assert_clean_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def test_a_good_user_catalog_adds_resources_and_topics(cli, write_catalog) -> None:
    folder = write_catalog({"extra.yaml": GOOD})
    result = cli("plan", "--goal", "extra", "--catalog", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"alpha"' in result.output and '"beta"' in result.output


def test_yaml_syntax_error_names_file_and_line(cli, write_catalog) -> None:
    folder = write_catalog({"extra.yaml": GOOD + "  - id: [unclosed\n"})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:", "YAML syntax")


def test_missing_field_names_file_line_and_resource(cli, write_catalog) -> None:
    text = GOOD.replace("    minutes: 10\n", "", 1)
    folder = write_catalog({"extra.yaml": text})
    result = _plan_with(cli, folder)
    _assert_clean_error(result, "extra.yaml:6: error: alpha: minutes: Field required")


def test_wrong_type_names_the_value(cli, write_catalog) -> None:
    text = GOOD.replace("    minutes: 10\n", "    minutes: ten\n", 1)
    folder = write_catalog({"extra.yaml": text})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:13:", "alpha: minutes:", "'ten'")


@pytest.mark.parametrize(
    ("line", "replacement", "expected"),
    [
        ("    level: beginner\n", "    level: no\n", "level:"),
        ("    year: 2024\n", "    year: 2024-01\n", "year:"),
        ("    minutes: 10\n", "    minutes: 1e3\n", "minutes:"),
        ("    url: https://example.org/alpha\n", "    url: javascript:alert(1)\n", "http"),
        ("    url: https://example.org/alpha\n", "    url: file:///etc/passwd\n", "http"),
        ("    kind: blog\n", "    kind: podcast\n", "kind:"),
        ("    minutes: 10\n", "    minutes: 0\n", "greater than 0"),
    ],
)
def test_yaml_surprises_and_bad_values_are_refused(
    cli, write_catalog, line: str, replacement: str, expected: str
) -> None:
    folder = write_catalog({"extra.yaml": GOOD.replace(line, replacement, 1)})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:", "alpha", expected)


def test_unknown_field_is_an_error(cli, write_catalog) -> None:
    folder = write_catalog({"extra.yaml": GOOD.replace("    year: 2024\n", "    yaer: 2024\n", 1)})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:11: error: alpha: yaer: unknown field")


@pytest.mark.parametrize("bad_id", ["Has Space", "UPPER", "a/b", "../up"])
def test_bad_ids_are_refused(cli, write_catalog, bad_id: str) -> None:
    folder = write_catalog({"extra.yaml": GOOD.replace("id: alpha", f"id: '{bad_id}'", 1)})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:", "id:", "pattern")


def test_duplicate_id_in_one_layer_names_both_places(cli, write_catalog) -> None:
    text = topic_file("extra", resource_yaml("alpha"), resource_yaml("alpha", minutes=5))
    folder = write_catalog({"extra.yaml": text})
    _assert_clean_error(_plan_with(cli, folder), "alpha: duplicate id (first defined at")


def test_duplicate_key_is_an_error_not_a_silent_overwrite(cli, write_catalog) -> None:
    text = GOOD.replace("    minutes: 10\n", "    minutes: 10\n    minutes: 20\n", 1)
    folder = write_catalog({"extra.yaml": text})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:14:", "duplicate key 'minutes'")


def test_anchors_and_aliases_are_refused(cli, write_catalog) -> None:
    bomb = "topic: &a {id: x, title: t, description: d}\nresources: [*a, *a]\n"
    folder = write_catalog({"extra.yaml": bomb})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:1:", "anchors and aliases")


def test_unknown_reference_suggests_the_closest_id(cli, write_catalog) -> None:
    prereqs = "requires:\n  alpha:\n    hard: [paged-atention]\n"
    folder = write_catalog({"extra.yaml": GOOD, "prerequisites.yaml": prereqs})
    _assert_clean_error(
        _plan_with(cli, folder),
        "prerequisites.yaml:3: error: alpha: requires unknown resource 'paged-atention'",
        "did you mean paged-attention",
    )


def test_self_reference_is_an_error(cli, write_catalog) -> None:
    prereqs = "requires:\n  alpha:\n    hard: [alpha]\n"
    folder = write_catalog({"extra.yaml": GOOD, "prerequisites.yaml": prereqs})
    _assert_clean_error(_plan_with(cli, folder), "alpha: requires itself")


def test_cycle_is_printed_as_its_path(cli, write_catalog) -> None:
    prereqs = "requires:\n  alpha:\n    hard: [beta]\n  beta:\n    hard: [alpha]\n"
    folder = write_catalog({"extra.yaml": GOOD, "prerequisites.yaml": prereqs})
    _assert_clean_error(
        _plan_with(cli, folder), "prerequisites.yaml:", "prerequisite cycle: alpha -> beta -> alpha"
    )


def test_long_cycle_through_the_builtin_catalog(cli, write_catalog) -> None:
    prereqs = "requires:\n  transformer-inference-arithmetic:\n    hard: [mooncake]\n"
    folder = write_catalog({"extra.yaml": GOOD, "prerequisites.yaml": prereqs})
    result = _plan_with(cli, folder)
    _assert_clean_error(
        result, "prerequisite cycle:", "mooncake", "transformer-inference-arithmetic"
    )


def test_one_of_group_with_a_missing_member(cli, write_catalog) -> None:
    prereqs = "requires:\n  alpha:\n    one_of:\n      - ids: [beta, nowhere]\n"
    folder = write_catalog({"extra.yaml": GOOD, "prerequisites.yaml": prereqs})
    _assert_clean_error(_plan_with(cli, folder), "prerequisites.yaml:4:", "'nowhere'")


def test_one_of_group_needs_two_members(cli, write_catalog) -> None:
    prereqs = "requires:\n  alpha:\n    one_of:\n      - ids: [beta]\n"
    folder = write_catalog({"extra.yaml": GOOD, "prerequisites.yaml": prereqs})
    _assert_clean_error(_plan_with(cli, folder), "at least 2 items")


def test_alias_equal_to_another_id_is_an_error(cli, write_catalog) -> None:
    text = topic_file("extra", resource_yaml("alpha", aliases="[paged-attention]"))
    folder = write_catalog({"extra.yaml": text})
    _assert_clean_error(_plan_with(cli, folder), "alpha: alias 'paged-attention' is the id")


def test_duplicate_url_is_an_error(cli, write_catalog) -> None:
    text = topic_file("extra", resource_yaml("alpha", url="https://arxiv.org/abs/2309.06180"))
    folder = write_catalog({"extra.yaml": text})
    _assert_clean_error(_plan_with(cli, folder), "alpha: url is also used by 'paged-attention'")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "must be a mapping"),
        ("- a\n- b\n", "must be a mapping"),
        ("just text\n", "must be a mapping"),
        ("\ufefftopic: {id: x, title: t, description: d}\nunknown: 1\n", "unknown top-level key"),
    ],
)
def test_file_shapes(cli, write_catalog, content: str, expected: str) -> None:
    folder = write_catalog({"extra.yaml": content})
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml", expected)


def test_invalid_utf8_names_the_line(cli, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "extra.yaml").write_bytes(b"topic:\n  id: x\n  title: caf\xe9\n")
    _assert_clean_error(_plan_with(cli, folder), "extra.yaml:3:", "not valid UTF-8")


def test_catalog_folder_missing_empty_or_a_file(cli, tmp_path: Path) -> None:
    _assert_clean_error(_plan_with(cli, tmp_path / "nope"), "catalog folder does not exist")
    (tmp_path / "empty").mkdir()
    _assert_clean_error(_plan_with(cli, tmp_path / "empty"), "holds no catalog files")
    (tmp_path / "file.yaml").write_text("x: 1\n")
    _assert_clean_error(_plan_with(cli, tmp_path / "file.yaml"), "is a file")


def test_library_raises_catalog_error_with_every_problem(write_catalog) -> None:
    text = GOOD.replace("    minutes: 10\n", "    minutes: -1\n").replace("kind: blog", "kind: x")
    folder = write_catalog({"extra.yaml": text})
    with pytest.raises(CatalogError) as info:
        load_catalog([folder], builtin=False)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4, messages
    assert {p.resource for p in info.value.problems} == {"alpha", "beta"}
