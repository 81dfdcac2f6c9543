"""Where --output may write (issue 12, class 2): one writer, ``runtime.write_output``, refuses
the progress file, the catalog's own files, links and anything that is not a regular file,
writes through a unique O_EXCL temporary file, keeps permissions, and lets concurrent writers
to one file all succeed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def saved(cli) -> Path:  # type: ignore[no-untyped-def]
    result = cli("start", "-g", "inference")
    assert result.exit_code == 0, result.output
    return Path(os.environ["PATHFINDER_PROGRESS"])


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["plan", "-g", "inference", "-f", "json"],
        ["graph"],
    ],
)
def test_output_never_overwrites_the_progress_file(cli, saved: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = saved.read_bytes()
    for name in (str(saved), os.path.relpath(saved)):
        result = cli(*args, "-o", name)
        assert result.exit_code == 2
        assert "is your progress file; --output never writes over it" in result.output
    hard = saved.with_name("another-name.yaml")
    os.link(saved, hard)
    result = cli(*args, "-o", str(hard))
    assert "is your progress file" in result.output
    assert saved.read_bytes() == before


def test_output_never_overwrites_a_catalog_file(cli, write_catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import resource_yaml

    folder = write_catalog(
        {"t.yaml": "topic: {id: t, title: T, description: D}\nresources:\n" + resource_yaml("r1")}
    )
    before = (folder / "t.yaml").read_bytes()
    for args in (["plan", "-g", "t", "-f", "json"], ["graph"]):
        result = cli(*args, "--catalog", str(folder), "-o", str(folder / "t.yaml"))
        assert result.exit_code == 2, result.output
        assert "is a file of the catalog this command read" in result.output
    # the built-in catalog as this install loads it: the repository's files in an editable
    # install, the wheel's copy otherwise (never assume which, or a failure overwrites it)
    from pathfinder.catalog.sources import builtin_source

    built_in = builtin_source().folder / "basics.yaml"
    shipped = built_in.read_bytes()
    result = cli("plan", "-g", "inference", "-o", str(built_in))
    assert "is a file of the catalog this command read" in result.output
    assert built_in.read_bytes() == shipped
    assert (folder / "t.yaml").read_bytes() == before


def test_another_name_for_a_catalog_file_is_refused(cli, write_catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A hard link elsewhere and a path through a linked folder name the same file."""
    from conftest import resource_yaml

    folder = write_catalog(
        {"t.yaml": "topic: {id: t, title: T, description: D}\nresources:\n" + resource_yaml("r1")}
    )
    before = (folder / "t.yaml").read_bytes()
    hard = tmp_path / "elsewhere.yaml"
    hard.hardlink_to(folder / "t.yaml")
    (tmp_path / "via").symlink_to(folder, target_is_directory=True)
    for name in (hard, tmp_path / "via" / "t.yaml"):
        result = cli("graph", "--catalog", str(folder), "-o", str(name))
        assert result.exit_code == 2, result.output
        assert "is a file of the catalog this command read" in result.output
    assert (folder / "t.yaml").read_bytes() == before


def test_a_planted_temporary_link_is_not_written_through(cli, saved: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".plan.md.tmp").symlink_to(victim)
    result = cli("export", "-o", str(tmp_path / "plan.md"))
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious"
    assert (tmp_path / "plan.md").read_text().startswith("# Study plan")
    assert [p.name for p in tmp_path.glob(".plan.md*")] == [".plan.md.tmp"]


@pytest.mark.parametrize("kind", ["link-to-file", "link-to-stdout", "dangling-link", "fifo"])
def test_output_that_is_not_a_regular_file_is_refused(
    cli, saved: Path, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.md"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    if kind == "link-to-file":
        out.symlink_to(victim)
    elif kind == "link-to-stdout":
        out.symlink_to("/proc/self/fd/1")
    elif kind == "dangling-link":
        out.symlink_to(tmp_path / "nowhere")
    else:
        os.mkfifo(out)
    result = cli("export", "-o", str(out))
    assert result.exit_code == 2
    expected = "is not a regular file" if kind == "fifo" else "--output does not follow links"
    assert expected in result.output
    assert victim.read_text() == "precious"
    assert not (tmp_path / "nowhere").exists()
    assert out.is_symlink() or kind == "fifo"


def test_a_device_is_refused(cli, saved: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "-o", "/dev/null")
    assert result.exit_code == 2
    assert "/dev/null: is not a regular file (a device, pipe or socket)" in result.output


def test_permissions_are_kept_and_new_files_follow_the_umask(
    cli, saved: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    private = tmp_path / "private.md"
    private.write_text("old")
    private.chmod(0o600)
    assert cli("export", "-o", str(private)).exit_code == 0
    assert private.stat().st_mode & 0o777 == 0o600
    old = os.umask(0o027)
    try:
        assert cli("export", "-o", str(tmp_path / "new.md")).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640


def test_twenty_concurrent_exports_to_one_file_all_succeed(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pathfinder", "export", "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(20)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, errors
    assert out.read_text().startswith("# Study plan")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".plan")) == []


def test_export_refuses_a_bad_output_before_any_work(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "-o", "/dev/null")  # no saved plan: that error would come later
    assert result.exit_code == 2
    assert "/dev/null: is not a regular file" in result.output
