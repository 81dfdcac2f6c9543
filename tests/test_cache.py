"""The parsed-catalog cache: same catalog as a fresh parse, invalidated by any change to a
file's bytes (whatever its size and times say), parsing only the files that changed, and never
trusted when damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import resource_yaml, topic_file
from pathfinder import load_catalog, plan
from pathfinder.catalog import cache as cache_module
from pathfinder.catalog.cache import MAGIC


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalog-*.bin"))


@pytest.fixture
def user_catalog(write_catalog) -> Path:  # type: ignore[no-untyped-def]
    text = topic_file("extra", resource_yaml("alpha", aliases="[old-alpha]"), resource_yaml("beta"))
    prereqs = "requires:\n  beta:\n    hard: [alpha]\n    soft: [paged-attention]\n"
    return write_catalog({"extra.yaml": text, "prerequisites.yaml": prereqs})


@pytest.mark.parametrize("mapped", [False, True], ids=["read", "mapped"])
def test_cached_catalog_equals_a_fresh_parse(  # type: ignore[no-untyped-def]
    tmp_path: Path, user_catalog: Path, mapped: bool, monkeypatch
) -> None:
    if mapped:  # from 1 MiB the cache file is mapped rather than read: here, every size
        monkeypatch.setattr(cache_module, "_MAP_FROM", 0)
    fresh = load_catalog([user_catalog])
    first = load_catalog([user_catalog], cache_dir=tmp_path / "cache")
    assert _cache_files(tmp_path / "cache"), "the first load writes the cache"
    cached = load_catalog([user_catalog], cache_dir=tmp_path / "cache")
    for catalog in (first, cached):
        assert catalog.resources == fresh.resources
        assert list(catalog.resources) == list(fresh.resources)
        assert catalog.requirements == fresh.requirements
        assert catalog.topics == fresh.topics and list(catalog.topics) == list(fresh.topics)
        assert catalog.labs == fresh.labs and catalog.aliases == fresh.aliases
        assert catalog.locations == fresh.locations
        assert catalog.requirement_locations == fresh.requirement_locations
        assert catalog.reading_order() == fresh.reading_order()
    assert plan(cached, ["inference", "extra"]) == plan(fresh, ["inference", "extra"])


@pytest.mark.parametrize("mapped", [False, True], ids=["read", "mapped"])
def test_cache_is_really_used(tmp_path: Path, user_catalog: Path, monkeypatch, mapped) -> None:  # type: ignore[no-untyped-def]
    if mapped:  # from 1 MiB the cache file is mapped rather than read: here, every size
        monkeypatch.setattr(cache_module, "_MAP_FROM", 0)
    load_catalog([user_catalog], cache_dir=tmp_path / "cache")
    import pathfinder.catalog.loader as loader

    def no_parsing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("parsed although the cache was fresh")

    monkeypatch.setattr(loader, "_load", no_parsing)
    assert "alpha" in load_catalog([user_catalog], cache_dir=tmp_path / "cache").resources


def test_a_changed_file_invalidates_the_cache(tmp_path: Path, user_catalog: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog([user_catalog], cache_dir=cache)
    text = topic_file("extra", resource_yaml("alpha", minutes=99), resource_yaml("beta"))
    (user_catalog / "extra.yaml").write_text(text)
    assert load_catalog([user_catalog], cache_dir=cache).resources["alpha"].minutes == 99


def test_a_same_size_edit_with_the_old_mtime_is_not_served_stale(
    tmp_path: Path, user_catalog: Path
) -> None:
    """What ``cp -p``, tar and sync tools do: new bytes, same size, modification time put back."""
    cache = tmp_path / "cache"
    assert load_catalog([user_catalog], cache_dir=cache).resources["alpha"].minutes == 10
    path = user_catalog / "extra.yaml"
    before = path.stat()
    text = path.read_text()
    edited = text.replace("Title of alpha", "Title of alphz", 1)
    assert edited != text and len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    parsed: list[Path] = []
    catalog = load_catalog([user_catalog], cache_dir=cache, parsed=parsed)
    assert catalog.resources["alpha"].title == "Title of alphz"
    assert parsed == [path]


def test_touching_files_parses_nothing(tmp_path: Path, user_catalog: Path) -> None:
    cache = tmp_path / "cache"
    first: list[Path] = []
    load_catalog([user_catalog], cache_dir=cache, parsed=first)
    assert user_catalog / "extra.yaml" in first and user_catalog / "prerequisites.yaml" in first
    for path in user_catalog.iterdir():
        os.utime(path, ns=(1, 1))
    parsed: list[Path] = []
    load_catalog([user_catalog], cache_dir=cache, parsed=parsed)
    assert parsed == []


def test_editing_one_file_parses_only_that_file(tmp_path: Path, write_catalog) -> None:  # type: ignore[no-untyped-def]
    """The other files' parts come from the cache, and the checks across files run on them:
    the plan is the fresh parse's, and a duplicate id the edit creates is still caught."""
    folder = write_catalog(
        {
            "one.yaml": topic_file("one", resource_yaml("alpha"), resource_yaml("beta")),
            "two.yaml": topic_file("two", resource_yaml("gamma")),
            "three.yaml": topic_file("three", resource_yaml("delta")),
            "prerequisites.yaml": "requires:\n  gamma:\n    hard: [alpha]\n",
        }
    )
    cache = tmp_path / "cache"
    load_catalog([folder], cache_dir=cache)
    two = folder / "two.yaml"
    two.write_text(topic_file("two", resource_yaml("gamma", minutes=77), resource_yaml("epsilon")))
    parsed: list[Path] = []
    catalog = load_catalog([folder], cache_dir=cache, parsed=parsed)
    assert parsed == [two]
    assert catalog.resources["gamma"].minutes == 77 and "epsilon" in catalog.resources
    fresh = load_catalog([folder])
    assert catalog.resources == fresh.resources and catalog.requirements == fresh.requirements
    assert plan(catalog, ["two"]) == plan(fresh, ["two"])

    prerequisites = folder / "prerequisites.yaml"
    prerequisites.write_text("requires:\n  gamma:\n    hard: [alpha, delta]\n")
    parsed = []
    catalog = load_catalog([folder], cache_dir=cache, parsed=parsed)
    assert parsed == [prerequisites]
    assert [e.id for e in catalog.requirements["gamma"].hard] == ["alpha", "delta"]

    two.write_text(topic_file("two", resource_yaml("gamma"), resource_yaml("alpha")))
    from pathfinder import CatalogError

    parsed = []
    with pytest.raises(CatalogError, match="duplicate id"):
        load_catalog([folder], cache_dir=cache, parsed=parsed)
    assert parsed == [two]


def test_an_edit_that_changes_nothing_across_files_reruns_no_check(  # type: ignore[no-untyped-def]
    tmp_path: Path, write_catalog, monkeypatch
) -> None:
    """A new title, summary or length in one topic file (lines moving too) cannot change what
    the checks across files read: the cached catalog is patched with that file's new part, and
    the result is a fresh parse's in every respect, stored for the next run. An edit of a
    url, an id or a level is not patched: the checks run, and find what is wrong."""
    import pathfinder.catalog.loader as loader
    from pathfinder import CatalogError

    folder = write_catalog(
        {
            "one.yaml": topic_file("one", resource_yaml("alpha"), resource_yaml("beta")),
            "two.yaml": topic_file("two", resource_yaml("gamma", level="advanced")),
            "prerequisites.yaml": "requires:\n  gamma:\n    hard: [alpha]\n    soft: [beta]\n",
        }
    )
    cache = tmp_path / "cache"
    load_catalog([folder], cache_dir=cache)
    one = folder / "one.yaml"
    original = one.read_text()
    edited = topic_file(
        "one",
        resource_yaml("alpha", title="A better title", concepts="[paging, kv cache]"),
        resource_yaml("beta", minutes=55, summary="'Two: lines, now.'"),
    )

    def no_checks(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the checks across files ran")

    for text in (edited, original):
        one.write_text(text)
        with monkeypatch.context() as patch:
            patch.setattr(loader, "_run_phases", no_checks)
            parsed: list[Path] = []
            catalog = load_catalog([folder], cache_dir=cache, parsed=parsed)
            assert parsed == [one]
            again = load_catalog([folder], cache_dir=cache, parsed=parsed)
            assert parsed == [one], "the patched catalog was stored"
        fresh = load_catalog([folder])
        for cached in (catalog, again):
            assert cached.resources == fresh.resources
            assert list(cached.resources) == list(fresh.resources)
            assert cached.locations == fresh.locations
            assert cached.requirements == fresh.requirements
            assert cached.requirement_locations == fresh.requirement_locations
            assert cached.topics == fresh.topics and cached.labs == fresh.labs
            assert cached.reading_order() == fresh.reading_order()
            assert cached.adjacency() == fresh.adjacency()
            assert plan(cached, ["two"]) == plan(fresh, ["two"])
    assert catalog.resources["alpha"].title == "Title of alpha"

    one.write_text(
        topic_file("one", resource_yaml("alpha", level="advanced"), resource_yaml("beta"))
    )
    catalog = load_catalog([folder], cache_dir=cache)
    assert catalog.reading_order() == load_catalog([folder]).reading_order()
    one.write_text(
        topic_file(
            "one", resource_yaml("alpha"), resource_yaml("beta", url="https://example.org/gamma")
        )
    )
    with pytest.raises(CatalogError, match="url is also used"):
        load_catalog([folder], cache_dir=cache)
    one.write_text("topic: [\n")
    parsed = []
    with pytest.raises(CatalogError, match="YAML syntax"):
        load_catalog([folder], cache_dir=cache, parsed=parsed)
    assert parsed == [one], "parsed once"


def test_a_damaged_part_is_parsed_again(tmp_path: Path, write_catalog) -> None:  # type: ignore[no-untyped-def]
    folder = write_catalog(
        {
            "one.yaml": topic_file("one", resource_yaml("alpha")),
            "two.yaml": topic_file("two", resource_yaml("beta")),
        }
    )
    cache = tmp_path / "cache"
    load_catalog([folder], cache_dir=cache)
    parts = sorted((cache / "parts").glob("*.bin"))
    assert parts, "each file's part is kept"
    for part in parts:
        part.write_bytes(part.read_bytes()[:-3])
    (folder / "one.yaml").write_text(topic_file("one", resource_yaml("alpha", minutes=33)))
    parsed: list[Path] = []
    catalog = load_catalog([folder], cache_dir=cache, parsed=parsed)
    assert len(parsed) == len(parts), "every damaged part, the built-in catalog's too"
    assert {folder / "one.yaml", folder / "two.yaml"} <= set(parsed)
    assert catalog.resources["alpha"].minutes == 33 and "beta" in catalog.resources


def test_a_new_file_invalidates_the_cache(tmp_path: Path, user_catalog: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog([user_catalog], cache_dir=cache)
    (user_catalog / "more.yaml").write_text(topic_file("more", resource_yaml("gamma")))
    assert "gamma" in load_catalog([user_catalog], cache_dir=cache).resources


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),
        lambda blob: b"not a cache at all",
        lambda blob: MAGIC + b"\0" * 32 + b"garbage",
    ],
)
@pytest.mark.parametrize("mapped", [False, True], ids=["read", "mapped"])
def test_a_damaged_cache_is_ignored_and_rebuilt(  # type: ignore[no-untyped-def]
    tmp_path: Path, user_catalog: Path, damage, mapped: bool, monkeypatch
) -> None:
    """Whether the cache file is read (a small one) or mapped (from 1 MiB, as at 100,000
    resources: set here to every size)."""
    if mapped:
        monkeypatch.setattr(cache_module, "_MAP_FROM", 0)
    cache = tmp_path / "cache"
    load_catalog([user_catalog], cache_dir=cache)
    (path,) = _cache_files(cache)
    path.write_bytes(damage(path.read_bytes()))
    catalog = load_catalog([user_catalog], cache_dir=cache)
    assert catalog.resources == load_catalog([user_catalog]).resources
    assert path.read_bytes().startswith(MAGIC) and len(path.read_bytes()) > 1000, "rebuilt"


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path, user_catalog: Path) -> None:
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x")
    assert "alpha" in load_catalog([user_catalog], cache_dir=blocker).resources


def test_a_broken_catalog_is_reported_even_with_a_cache(tmp_path: Path, user_catalog: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog([user_catalog], cache_dir=cache)
    (user_catalog / "extra.yaml").write_text("topic: [\n")
    from pathfinder import CatalogError

    with pytest.raises(CatalogError, match="YAML syntax"):
        load_catalog([user_catalog], cache_dir=cache)


def test_cli_uses_the_cache_in_the_user_cache_folder(cli, tmp_path: Path) -> None:
    assert cli("plan", "-g", "inference").exit_code == 0
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "pathfinder"
    assert _cache_files(cache)
    assert cli("plan", "-g", "inference", env={"PATHFINDER_CACHE": ""}).exit_code == 0
