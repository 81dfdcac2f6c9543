"""The bad-input corpus: every folder under tests/corpus/ is one hostile or broken input with the
error it must produce (see tests/corpus/README.md for the format).

Each case is copied to a temporary folder and run through the CLI from inside it. Whatever the
case, the run must end with the expected exit code and messages, print no traceback, keep every
message line short (a 100,000-character value is not echoed back), and leave every file that
existed before with the same bytes."""

from __future__ import annotations

import errno
import os
import shutil
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from pathfinder.cli.commands import app

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file())
CASE_KEYS = {"about", "run", "exit", "stderr", "stdout", "setup", "fault", "limits", "absent"}
MAX_LINE = 500
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40, CASES


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = yaml.safe_load((CORPUS / name / "case.yaml").read_text(encoding="utf-8"))
    assert set(case) <= CASE_KEYS and {"about", "run"} <= set(case), f"{name}: case.yaml keys"
    work = tmp_path / "case"
    shutil.copytree(CORPUS / name, work, symlinks=True, ignore=shutil.ignore_patterns("case.yaml"))
    _set_up(work, case.get("setup", {}))
    monkeypatch.chdir(work)
    monkeypatch.setenv("PATHFINDER_PROGRESS", str(work / "progress.yaml"))
    before = _snapshot(work)

    with _Fault(work, case.get("fault") or {}):
        result, seconds, peak = _run(case["run"])

    limits = case.get("limits", {})
    if "seconds" in limits:  # a bound on runaway work, far above a normal run; not a benchmark
        assert seconds < limits["seconds"], f"took {seconds:.1f} s"
    if "memory_mb" in limits:
        assert peak < limits["memory_mb"] * 2**20, f"peak {peak / 2**20:.0f} MB"
    output = f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    assert result.exit_code == case.get("exit", 2), output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in result.output, output
    if result.exit_code != 0:
        assert result.stderr.strip(), "an error says what went wrong"
    for stream in ("stderr", "stdout"):
        for fragment in case.get(stream, []):
            assert fragment in getattr(result, stream), f"missing {fragment!r}\n{output}"
    assert all(len(line) <= MAX_LINE for line in result.output.splitlines()), "a line too long"
    after = _snapshot(work)
    assert {k: v for k, v in after.items() if k in before} == before, "a file was changed"
    new = sorted(k for k in after if k not in before and not k.endswith(".lock"))
    assert not new, f"files were created: {new}"
    for path in case.get("absent", []):
        assert not Path(path).exists(), f"{path} exists: catalog content was executed"


def _run(args: list[str]) -> tuple[Any, float, int]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = CliRunner().invoke(app, [str(a) for a in args])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, time.monotonic() - started, peak


def _set_up(work: Path, setup: dict[str, Any]) -> None:
    """Inputs too big or too odd to commit: generated files, sparse files, links."""
    for spec in setup.get("generate", []):
        text = spec.get("head", "") + spec["repeat"] * spec["times"] + spec.get("tail", "")
        (work / spec["path"]).write_text(text, encoding="utf-8")
    for spec in setup.get("sparse", []):
        with open(work / spec["path"], "ab") as handle:
            handle.truncate(spec["megabytes"] * 2**20)
    for spec in setup.get("symlink", []):
        (work / spec["path"]).symlink_to(spec["to"])
    for folder in setup.get("mkdir", []):
        (work / folder).mkdir(parents=True)


def _snapshot(root: Path) -> dict[str, Any]:
    """Every entry under ``root``: a file's bytes, a link's target, or that it is a folder."""
    entries: dict[str, Any] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_dir():
                entries[key] = ("folder",)
            else:
                entries[key] = path.read_bytes()
    return entries


class _Fault:
    """Faults no file can express: a full disk, a read-only or unreadable folder.

    Permissions are set for real; as root they do not bind, so the failing system call is also
    patched, for that folder only, to fail the way the kernel would."""

    def __init__(self, work: Path, spec: dict[str, str]) -> None:
        self.work = work
        self.spec = spec
        self.patch = pytest.MonkeyPatch()  # undone on leaving, before the files are compared
        self.modes: list[tuple[Path, int]] = []

    def __enter__(self) -> None:
        if "disk-full" in self.spec:
            self._disk_full()
        if "read-only" in self.spec:
            self._chmod(self.work / self.spec["read-only"], 0o555)
            if IS_ROOT:
                self._refuse_creation_in(self.work / self.spec["read-only"])
        if "unreadable" in self.spec:
            self._chmod(self.work / self.spec["unreadable"], 0o000)
            if IS_ROOT:
                self._refuse_listing_of(self.work / self.spec["unreadable"])

    def __exit__(self, *exc: object) -> None:
        self.patch.undo()
        for path, mode in reversed(self.modes):
            path.chmod(mode)

    def _chmod(self, path: Path, mode: int) -> None:
        self.modes.append((path, path.stat().st_mode & 0o777))
        path.chmod(mode)

    def _disk_full(self) -> None:
        """Data reaches the disk at fsync; on a full disk that is where the write fails."""

        def fsync(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self.patch.setattr(os, "fsync", fsync)

    def _refuse_creation_in(self, folder: Path) -> None:
        real_open = os.open

        def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & os.O_CREAT and Path(path).absolute().parent == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *args, **kwargs)

        self.patch.setattr(os, "open", guarded_open)

    def _refuse_listing_of(self, folder: Path) -> None:
        for name in ("listdir", "scandir"):
            real = getattr(os, name)

            def guarded(path: Any = ".", _real: Any = real) -> Any:
                if Path(path).absolute() == folder:
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
                return _real(path)

            self.patch.setattr(os, name, guarded)
