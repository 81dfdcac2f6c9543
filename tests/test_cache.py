"""The parsed-catalog cache: same catalog as a fresh parse, invalidated by any change, and
never trusted when damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import resource_yaml, topic_file
from pathfinder import load_catalog, plan
from pathfinder.catalog.cache import MAGIC


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalog-*.bin"))


@pytest.fixture
def user_catalog(write_catalog) -> Path:  # type: ignore[no-untyped-def]
    text = topic_file("extra", resource_yaml("alpha", aliases="[old-alpha]"), resource_yaml("beta"))
    prereqs = "requires:\n  beta:\n    hard: [alpha]\n    soft: [paged-attention]\n"
    return write_catalog({"extra.yaml": text, "prerequisites.yaml": prereqs})


def test_cached_catalog_equals_a_fresh_parse(tmp_path: Path, user_catalog: Path) -> None:
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


def test_cache_is_really_used(tmp_path: Path, user_catalog: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
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


def test_a_same_size_edit_with_a_new_mtime_invalidates_the_cache(
    tmp_path: Path, user_catalog: Path
) -> None:
    cache = tmp_path / "cache"
    load_catalog([user_catalog], cache_dir=cache)
    path = user_catalog / "extra.yaml"
    text = path.read_text()
    path.write_text(text.replace("minutes: 10", "minutes: 42", 1))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_catalog([user_catalog], cache_dir=cache).resources["alpha"].minutes == 42


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
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, user_catalog: Path, damage) -> None:  # type: ignore[no-untyped-def]
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
