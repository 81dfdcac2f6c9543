"""What pathfinder touches, watched with Python's audit hooks (PEP 578) rather than inferred:
every command writes only the progress file, the cache and --output, and a catalog from a
stranger is read as YAML and nothing else, never run, imported or used to start a process."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import pathfinder
from conftest import resource_yaml, topic_file

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_WRITE_EVENTS = {
    "os.rename": 2,  # os.rename and os.replace: (src, dst, ...)
    "os.mkdir": 1,
    "os.remove": 1,
    "os.rmdir": 1,
    "os.truncate": 1,
    "os.chmod": 1,
    "os.symlink": 2,
    "os.link": 2,
    "shutil.rmtree": 1,
}
_RUN_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork")


class _Audit:
    """Records what the code under test does while ``watching``; the hook itself cannot be
    removed, so outside that window it does nothing."""

    def __init__(self) -> None:
        self.active = False
        self.written: list[Path] = []
        self.opened: list[Path] = []
        self.runs: list[tuple[str, tuple[Any, ...]]] = []
        self.imports: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = Path(os.fsdecode(args[0])).absolute()
            mode, flags = args[1], args[2]
            writing = (isinstance(flags, int) and flags & _WRITE_FLAGS) or (
                isinstance(mode, str) and any(c in mode for c in "wax+")
            )
            (self.written if writing else self.opened).append(path)
        elif event in _WRITE_EVENTS:
            for arg in args[: _WRITE_EVENTS[event]]:
                if isinstance(arg, (str, bytes, os.PathLike)):
                    self.written.append(Path(os.fsdecode(arg)).absolute())
        elif event.startswith(_RUN_EVENTS):
            self.runs.append((event, args))
        elif event == "import":
            self.imports.append(args[0])


_AUDIT = _Audit()
sys.addaudithook(_AUDIT)


@contextmanager
def watching() -> Iterator[_Audit]:
    for module in pkgutil.walk_packages(pathfinder.__path__, "pathfinder."):
        if not module.name.endswith("__main__"):  # imported now, so no byte-code is written later
            importlib.import_module(module.name)
    _AUDIT.__init__()  # type: ignore[misc]
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # a lazily imported library would otherwise write .pyc
    _AUDIT.active = True
    try:
        yield _AUDIT
    finally:
        _AUDIT.active = False
        sys.dont_write_bytecode = saved


def test_commands_write_only_the_progress_file_the_cache_and_output(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    progress = Path(os.environ["PATHFINDER_PROGRESS"])
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "pathfinder"
    outputs = [tmp_path / "out" / name for name in ("plan.md", "plan.ics", "path.svg")]
    outputs[0].parent.mkdir()
    session = [
        ["plan", "-g", "inference"],
        ["start", "-g", "inference", "--hours-per-week", "4"],
        ["reading", "transformer-inference-arithmetic"],
        ["done", "paged-attention"],
        ["skip", "mooncake"],
        ["note", "paged-attention", "re-read section 4"],
        ["status"],
        ["next"],
        ["why", "paged-attention", "-g", "inference"],
        ["show", "paged-attention"],
        ["search", "attention"],
        ["goals"],
        ["export", "-f", "markdown", "-o", str(outputs[0])],
        ["export", "-f", "ics", "-o", str(outputs[1])],
        ["graph", "-g", "inference", "-f", "svg", "-o", str(outputs[2])],
        ["import", str(outputs[0])],
        ["check"],
        ["reset", "mooncake"],
    ]
    with watching() as audit:
        for args in session:
            result = cli(*args)
            assert result.exit_code == 0, (args, result.output)

    allowed = [progress.parent, cache, *outputs]
    outside = [p for p in audit.written if not _allowed(p, progress, cache, outputs)]
    assert not outside, f"wrote outside {allowed}: {sorted(set(outside))}"
    assert progress in audit.written and any(p.is_relative_to(cache) for p in audit.written)
    assert all(o.exists() for o in outputs)
    assert not audit.runs, audit.runs
    assert sorted(p.name for p in work.iterdir()) == [], "nothing appears in the working folder"


def _allowed(path: Path, progress: Path, cache: Path, outputs: list[Path]) -> bool:
    if path.is_relative_to(cache) or path in (progress.parent, cache.parent):
        return True  # the cache folder, and creating the folders that hold it and the progress
    if path.parent == progress.parent and path.name.startswith(
        (progress.name, f".{progress.name}.")
    ):
        return True  # the file, its lock, and the temporary file renamed over it
    return any(path.parent == o.parent and o.name in path.name for o in outputs)


def test_a_catalog_is_read_as_yaml_and_never_run(
    cli, write_catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog folder holding code next to its YAML: the code is never opened, imported or
    run, even with the folder on the import path, and tags that would run it are refused."""
    evil = "import pathlib; pathlib.Path('PWNED').write_text('x')\n"
    folder = write_catalog(
        {
            "extra.yaml": topic_file("extra", resource_yaml("alpha")),
            "evil_catalog_module.py": evil,
            "__init__.py": evil,
            "conftest.py": evil,
            "setup.py": evil,
        }
    )
    monkeypatch.chdir(folder)
    monkeypatch.syspath_prepend(str(folder))
    with watching() as audit:
        assert cli("plan", "-g", "extra", "--catalog", str(folder)).exit_code == 0
        assert cli("check", "--catalog", str(folder)).exit_code == 0
    read = {p for p in audit.opened if p.is_relative_to(folder)}
    assert read == {folder / "extra.yaml"}, read
    assert not [p for p in audit.written if p.is_relative_to(folder)]
    assert "evil_catalog_module" not in audit.imports and not audit.runs
    assert not (folder / "PWNED").exists()

    tagged = topic_file(
        "extra", resource_yaml("alpha", title="!!python/object/apply:os.system [id]")
    )
    (folder / "extra.yaml").write_text(tagged)
    with watching() as audit:
        result = cli("plan", "-g", "extra", "--catalog", str(folder))
    assert result.exit_code == 2 and "python/object/apply:os.system" in result.stderr
    assert not audit.runs
