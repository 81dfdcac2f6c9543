"""Whole-process benchmark of pathfinder against the floors it cannot beat.

    python benchmarks/run.py            # everything (generates 10k and 100k catalogs once)
    python benchmarks/run.py --quick    # built-in catalog and 10k only

Every timing is the median of several runs after a warm-up, and every target is a ratio of
two timings taken in this same run, interleaved, so that a noisy machine cancels out. On the
10,000- and 100,000-resource catalogs, ``next`` and ``status`` on a saved plan of the whole
catalog are measured against ``plan`` (target: at most twice as long). The
interpreter is the one running this script: install pathfinder into it first.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
EXE = (
    [str(Path(PY).with_name("pathfinder"))]
    if Path(PY).with_name("pathfinder").exists()
    else [PY, "-m", "pathfinder"]
)
DEPS = "import typer, pydantic, networkx, yaml"


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "elapsed = time.perf_counter() - t\n"
        "if r.returncode: sys.exit(r.stderr.decode()[-2000:])\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([PY, "-c", code, *cmd], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    elapsed, rss = out.stdout.split()
    return float(elapsed), int(rss)


def medians(
    cases: dict[str, list[str]], env: dict[str, str], repeat: int
) -> dict[str, tuple[float, int]]:
    """Interleave the cases (one round runs each once) so that load changes hit all alike."""
    for cmd in cases.values():
        run(cmd, env)  # warm-up: OS file cache, .pyc files, pathfinder's catalog cache
    times: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, int] = dict.fromkeys(cases, 0)
    for _ in range(repeat):
        for name, cmd in cases.items():
            elapsed, rss = run(cmd, env)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], rss)
    return {name: (statistics.median(ts), peaks[name]) for name, ts in times.items()}


def row(name: str, seconds: float, kib: int | None = None) -> None:
    memory = f"{kib / 1024:8.0f} MiB" if kib else ""
    print(f"  {name:<44} {seconds * 1000:9.0f} ms {memory}")


def verdict(label: str, value: float, limit: float, unit: str = "x") -> bool:
    ok = value <= limit
    print(
        f"  {'PASS' if ok else 'FAIL'}  {label:<58} {value:6.2f}{unit}  (target <= {limit}{unit})"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-resource catalog")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pathfinder-bench-"))
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PATHFINDER_PROGRESS"] = str(work / "progress.yaml")
    env["PATHFINDER_CACHE"] = str(work / "cache")
    env["NO_COLOR"] = "1"
    env.pop("PATHFINDER_CATALOG", None)
    results: list[bool] = []
    python = f"{platform.python_implementation()} {platform.python_version()}"
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    print(f"pathfinder benchmark: {python}, {machine}; median of {args.repeat} runs\n")

    small = {
        "python -c pass": [PY, "-c", "pass"],
        "dependency floor (import typer, pydantic, networkx, yaml)": [PY, "-c", DEPS],
        "plan --goal inference --level beginner": [
            *EXE, "plan", "--goal", "inference", "--level", "beginner"
        ],
        "--help": [*EXE, "--help"],
        "--version": [*EXE, "--version"],
        "done paged-attention": [*EXE, "done", "paged-attention"],
        "reading flash-decoding": [*EXE, "reading", "flash-decoding"],
        "skip sarathi": [*EXE, "skip", "sarathi"],
        "note mooncake text": [*EXE, "note", "mooncake", "text"],
        "show paged-attention": [*EXE, "show", "paged-attention"],
    }  # fmt: skip
    print("Built-in catalog (51 resources), warm cache:")
    m = medians(small, env, args.repeat)
    for name, (seconds, _) in m.items():
        row(name, seconds)
    floor = m["dependency floor (import typer, pydantic, networkx, yaml)"][0]
    print()
    results.append(
        verdict(
            "1. plan vs dependency floor",
            m["plan --goal inference --level beginner"][0] / floor,
            1.1,
        )
    )
    fast = list(small)[3:]  # everything after plan: no graph work, no rendering stack
    for name in fast:
        results.append(verdict(f"2. {name} vs dependency floor", m[name][0] / floor, 0.5))

    sizes = [10_000] if args.quick else [10_000, 100_000]
    warm: dict[int, float] = {}
    for n in sizes:
        folder = HERE / ".data" / f"catalog-{n}"
        if not (folder / "prerequisites.yaml").exists():
            print(f"\ngenerating a {n:,}-resource catalog in {folder} ...")
            shutil.rmtree(folder, ignore_errors=True)
            generate(n, folder)
        files = sorted(str(p) for p in folder.glob("*.yaml"))
        plan = [*EXE, "plan", "--catalog", str(folder), "--goal", "topic-19"]
        code = (
            "import sys, yaml\nfor f in sys.argv[1:]:\n"
            "    yaml.load(open(f, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
        )
        parse = [PY, "-c", code, *files]
        megabytes = sum(Path(f).stat().st_size for f in files) / 1e6
        print(f"\n{n:,}-resource catalog ({megabytes:.0f} MB of YAML):")
        repeat = args.repeat if n <= 10_000 else 3
        cold_times, parse_times = [], []
        for _ in range(repeat if n <= 10_000 else 2):
            shutil.rmtree(work / "cache", ignore_errors=True)
            cold_times.append(run(plan, env)[0])
            parse_times.append(run(parse, env)[0])
        cold, floor_parse = statistics.median(cold_times), statistics.median(parse_times)
        # next and status read the saved plan and rebuild it: same catalog, same cache.
        subprocess.run(
            [*EXE, "start", "--catalog", str(folder), "--goal", "topic-19"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        saved_plan = {
            "plan, warm cache": plan,
            "next (saved plan)": [*EXE, "next"],
            "status (saved plan)": [*EXE, "status"],
        }
        m = medians(saved_plan, env, repeat)
        w = m["plan, warm cache"]
        warm[n] = w[0]
        row("PyYAML C loader, parse only", floor_parse)
        row("plan, cold (no cache)", cold)
        for name, (seconds, kib) in m.items():
            row(name, seconds, kib)
        for name in ("next (saved plan)", "status (saved plan)"):
            results.append(verdict(f"6. {name.split()[0]} vs plan on {n:,}", m[name][0] / w[0], 2))
        if n == 10_000:
            results.append(verdict("3. plan on 10,000 resources, warm", w[0], 1.5, " s"))
        else:
            results.append(verdict("4. plan on 100,000 resources, warm", w[0], 5.0, " s"))
            results.append(
                verdict("4. peak memory on 100,000, warm", w[1] / 1024 / 1024, 1.5, " GiB")
            )
            results.append(
                verdict("4. cold run vs PyYAML C loader parse", cold / floor_parse, 1.25)
            )
    if 100_000 in warm:
        results.append(verdict("5. growth, warm plan 100k / 10k", warm[100_000] / warm[10_000], 12))
    shutil.rmtree(work, ignore_errors=True)
    print(f"\n{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
