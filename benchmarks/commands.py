"""Every command on the built-in catalog against the dependency floor (issue #14).

    python benchmarks/commands.py               # median of 7 interleaved runs
    python benchmarks/commands.py --repeat 11 --only export

Like ``run.py`` (whose ``run`` and ``medians`` it uses): whole processes, a warm-up round,
then rounds that run every case once, so that a noisy machine slows all cases alike; each
ratio is of two medians from this one run. A saved plan (``start``) with a few marks is in
place, so ``status``, ``next``, ``export`` and ``graph`` have progress to read. Targets: at
most 0.5x the floor for every command, 0.35x for ``--help``, ``--version``, ``show`` and the
commands that write the progress file. ``import typer`` alone is printed for reference: it
is the part of every command's start-up that pathfinder's own code cannot remove.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import DEPS, EXE, PY, medians, verdict  # noqa: E402

LIGHT = 0.35
FULL = 0.5


def cases(work: Path) -> dict[str, tuple[list[str], float]]:
    """name -> (command, target ratio)."""
    out = str(work / "out")
    cmds: dict[str, tuple[list[str], float]] = {
        "--help": (["--help"], LIGHT),
        "--version": (["--version"], LIGHT),
        "show paged-attention": (["show", "paged-attention"], LIGHT),
        "done paged-attention": (["done", "paged-attention"], LIGHT),
        "reading flash-decoding": (["reading", "flash-decoding"], LIGHT),
        "skip sarathi": (["skip", "sarathi"], LIGHT),
        "note mooncake text": (["note", "mooncake", "text"], LIGHT),
        "plan -g inference": (["plan", "-g", "inference"], FULL),
        "plan -g inference -f json": (["plan", "-g", "inference", "-f", "json"], FULL),
        "status": (["status"], FULL),
        "next": (["next"], FULL),
        "check": (["check"], FULL),
        "search attention": (["search", "attention"], FULL),
        "goals": (["goals"], FULL),
        "why paged-attention": (["why", "paged-attention", "-g", "inference"], FULL),
    }
    for fmt in ("markdown", "json", "csv", "ics", "html"):
        cmds[f"export -f {fmt}"] = (["export", "-f", fmt, "-o", f"{out}.{fmt}"], FULL)
    for fmt in ("mermaid", "dot", "svg"):
        cmds[f"graph -g inference -f {fmt}"] = (
            ["graph", "-g", "inference", "-f", fmt, "-o", f"{out}.{fmt}"],
            FULL,
        )
        cmds[f"graph -f {fmt}"] = (["graph", "-f", fmt, "-o", f"{out}-all.{fmt}"], FULL)
    return cmds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    parser.add_argument(
        "--compare",
        metavar="PYTHON",
        help="also time the pathfinder installed beside this interpreter, interleaved "
        "(e.g. a virtual environment holding the code before a change)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pathfinder-commands-"))
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("PATHFINDER_CATALOG", None)
    env.update(
        PATHFINDER_PROGRESS=str(work / "progress.yaml"),
        PATHFINDER_CACHE=str(work / "cache"),
        NO_COLOR="1",
    )
    for setup in (["start", "-g", "inference"], ["done", "continuous-batching-anyscale"]):
        subprocess.run([*EXE, *setup], env=env, check=True, capture_output=True)
    chosen = {k: v for k, v in cases(work).items() if args.only in k}
    runs = {
        "python -c pass": [PY, "-c", "pass"],
        "dependency floor": [PY, "-c", DEPS],
        "import typer": [PY, "-c", "import typer"],  # what every command pays before its own
        **{name: [*EXE, *cmd] for name, (cmd, _) in chosen.items()},
    }
    other = [str(Path(args.compare).with_name("pathfinder"))] if args.compare else None
    if other:
        runs.update({f"{name} [compare]": [*other, *cmd] for name, (cmd, _) in chosen.items()})
    m = medians(runs, env, args.repeat)
    floor = m["dependency floor"][0]
    bare = m["python -c pass"][0]
    typer_alone = m["import typer"][0]
    print(f"median of {args.repeat}; floor (import typer, pydantic, networkx, yaml) "
          f"{floor * 1000:.0f} ms, python -c pass {bare * 1000:.0f} ms, "
          f"import typer (with click) {typer_alone * 1000:.0f} ms = "
          f"{typer_alone / floor:.2f}x\n")  # fmt: skip
    results = []
    for name, (_, limit) in chosen.items():
        seconds = m[name][0]
        results.append(verdict(f"{name} ({seconds * 1000:.0f} ms)", seconds / floor, limit))
        if other:
            before = m[f"{name} [compare]"][0]
            print(f"        compare: {before * 1000:.0f} ms, {before / floor:.2f}x")
    print(f"\n{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
