"""A progress file's parsed content is kept in the cache folder, keyed by its text: the
same text is not parsed twice, any change is, and a bad cache is never trusted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathfinder.catalog import yaml_reader
from pathfinder.errors import ProgressError
from pathfinder.progress.records import (
    AssessmentRecord,
    Entry,
    Progress,
    QuizAnswer,
    SavedPlan,
    with_plan,
)
from pathfinder.progress.store import ProgressStore

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc)


def _big(note: str = "a note") -> Progress:
    """A saved plan long enough to be cached, and a few marks."""
    items = tuple(f"resource-{n:06d}" for n in range(6_500))
    saved = SavedPlan(("topic-19",), NOW, ("beginner", "kernels=advanced"), ("x",), ("/c",),
                      4.5, 1.25, items, True)  # fmt: skip
    progress = with_plan(Progress(), "default", saved)
    resources = {
        "resource-000001": Entry("done", NOW, note),
        "resource-000002": Entry("reading", NOW + timedelta(seconds=1)),
        "resource-000003": Entry("skipped", datetime(2026, 1, 2, 3, 4, 5, 6), None),
    }
    answers = (QuizAnswer("resource-000001#1", "a, b", True, NOW),
               QuizAnswer("resource-000001#2", "?", False, NOW + timedelta(seconds=3)))  # fmt: skip
    assessments = (
        AssessmentRecord("placement", NOW, answers, None, ("topic-19",), ("beginner",),
                         ("x",), ("topic-19=advanced",), 0.75),
        AssessmentRecord("quiz", datetime(2026, 1, 2, 3, 4, 5), answers[:1], "resource-000001"),
    )  # fmt: skip
    return Progress(
        progress.schema_version, progress.current_plan, progress.plans, resources, assessments
    )


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("parsed although the cache holds this text")

    monkeypatch.setattr(yaml_reader, "parse_yaml", refuse)


def test_the_same_text_is_read_from_the_cache(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = ProgressStore(tmp_path / "progress.yaml", cache_dir=tmp_path / "cache")
    store.update(lambda _: _big())
    fresh = ProgressStore(store.path).load()  # no cache: parsed
    assert fresh == _big()
    _no_parsing(monkeypatch)
    assert store.load() == fresh  # the write left the parsed content for the next reader
    assert ProgressStore(store.path, cache_dir=tmp_path / "cache").load() == fresh


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    store = ProgressStore(tmp_path / "progress.yaml", cache_dir=cache)
    store.update(lambda _: _big())
    assert store.load().resources["resource-000001"].status == "done"
    text = store.path.read_text()
    edited = text.replace("status: done", "status: todo")  # same length, same file
    assert len(edited) == len(text) and edited != text
    store.path.write_text(edited)
    assert store.load().resources["resource-000001"].status == "todo"
    store.path.write_text(text.replace("status: done", "status: what"))
    with pytest.raises(ProgressError, match="status: must be one of"):
        store.load()  # an invalid file is reported, whatever the cache held
    with pytest.raises(ProgressError):
        store.load()  # and never cached


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    store = ProgressStore(tmp_path / "progress.yaml", cache_dir=cache)
    store.update(lambda _: _big())
    (cached,) = cache.glob("progress-*.bin")
    for damage in (b"", b"not marshal", cached.read_bytes()[:-7]):
        cached.write_bytes(damage)
        assert store.load() == _big()


def test_small_files_are_cached_too(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A small file parses quickly, but importing PyYAML to parse it costs a command more
    than reading its cache (see test_startup_imports)."""
    cache = tmp_path / "cache"
    store = ProgressStore(tmp_path / "progress.yaml", cache_dir=cache)
    store.update(lambda p: Progress(resources={"a": Entry("done", NOW)}))
    assert len(list(cache.glob("progress-*.bin"))) == 1
    _no_parsing(monkeypatch)
    assert store.load().resources["a"].status == "done"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(min_size=1, max_size=40))
def test_what_a_write_caches_is_what_parsing_gives(tmp_path: Path, note: str) -> None:
    """The cache written with the file must equal a parse of that file, for any note."""
    folder = tmp_path / str(abs(hash(note)))
    store = ProgressStore(folder / "progress.yaml", cache_dir=folder / "cache")
    store.update(lambda _: _big(note))
    parsed = ProgressStore(store.path).load()
    assert store.load() == parsed
    assert parsed.resources["resource-000001"].note == note


def test_status_and_next_use_the_cache_through_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """End to end: a saved plan with a long item list, read by three commands."""
    big = _big()
    saved = big.plans["default"]
    real = SavedPlan(("inference",), NOW, ("beginner",), (), (), None, 1.0, saved.items, False)
    store = ProgressStore(tmp_path / "home" / "progress.yaml")
    store.update(lambda _: with_plan(Progress(), "default", real))
    outputs = []
    for command in (["status"], ["next"], ["status"]):
        result = cli(*command)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[2]
    assert list((tmp_path / "home" / "cache").rglob("progress-*.bin"))


def test_the_store_refuses_writes_at_the_size_the_reader_refuses() -> None:
    from pathfinder.progress import store

    assert store.MAX_BYTES == yaml_reader.MAX_BYTES
