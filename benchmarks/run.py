"""Whole-process benchmark of pathfinder against the floors it cannot beat.

    python benchmarks/run.py            # everything (generates 10k and 100k catalogs once)
    python benchmarks/run.py --quick    # built-in catalog and 10k only
    python benchmarks/run.py --huge     # also the 300,000-resource catalog (slow), and
                                        # where its ratio to 100,000 comes from, by phase

Every timing is the median of several runs after a warm-up, and every target is a ratio of
two timings taken in this same run, interleaved, so that a noisy machine cancels out. On the
10,000- and 100,000-resource catalogs the commands run warm, the plan-reading ones on a saved
plan of the whole catalog; ``next``, ``status`` and ``check`` may take at most twice as long
as ``plan``, and every command may grow at most 12x from 10,000 to 100,000 resources. On
100,000 the cost of a touched and of an edited topic file is measured too (at most 1.5x a
warm plan, plus parsing that one file), and the warm plan must take at most 1.5 s (issue #14's
targets; on the built-in catalog every command within 0.5x the dependency floor, and
``--help``, ``--version``, ``show`` and the progress writers within 0.35x). Peak memory is that of
the measured process (``getrusage`` of children). The interpreter is the one running this
script: install pathfinder into it first.
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
    parser.add_argument("--huge", action="store_true", help="add the 300,000-resource catalog")
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
    from pathfinder.catalog.loader import load_catalog

    print(f"Built-in catalog ({len(load_catalog().resources)} resources), warm cache:")
    m = medians(small, env, args.repeat)
    for name, (seconds, _) in m.items():
        row(name, seconds)
    floor = m["dependency floor (import typer, pydantic, networkx, yaml)"][0]
    print()
    # Issue #14: every command within half the floor; --help, --version, show and the
    # progress writers (no planning, no rendering stack) within 0.35x.
    for name in list(small)[2:]:
        number, limit = ("1", 0.5) if name.startswith("plan ") else ("2", 0.35)
        label = f"{number}. {name} vs dependency floor"
        results.append(verdict(label, m[name][0] / floor, limit))

    sizes = [10_000] if args.quick else [10_000, 100_000]
    warm: dict[int, dict[str, tuple[float, int]]] = {}
    for n in sizes:
        folder = _catalog(n)
        files = _files(folder)
        plan = [*EXE, "plan", "--catalog", str(folder), "--goal", "topic-19"]
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        print(f"\n{n:,}-resource catalog ({megabytes:.0f} MB of YAML):")
        repeat = args.repeat if n <= 10_000 else 3
        cold, floor_parse = _cold(plan, files, env, work, repeat if n <= 10_000 else 2)
        # next, status and export read the saved plan and rebuild it: same catalog, same cache.
        subprocess.run(
            [*EXE, "start", "--catalog", str(folder), "--goal", "topic-19"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        catalog = ["--catalog", str(folder)]
        commands = {
            "plan, warm cache": plan,
            "next (saved plan)": [*EXE, "next"],
            "status (saved plan)": [*EXE, "status"],
            "check": [*EXE, "check", *catalog],
            "export --format json (saved plan)": [*EXE, "export", "--format", "json"],
            "graph --format dot --goal topic-19": [
                *EXE, "graph", *catalog, "--goal", "topic-19", "--format", "dot"
            ],
            "search concept": [*EXE, "search", *catalog, "concept", "r000123"],
        }  # fmt: skip
        m = medians(commands, env, repeat)
        warm[n] = m
        w = m["plan, warm cache"]
        row("PyYAML C loader, parse only", floor_parse)
        row("plan, cold (no cache)", cold)
        row("hash every file (BLAKE2b, in-process)", _hash_time(files))
        for name, (seconds, kib) in m.items():
            row(name, seconds, kib)
        for name in ("next (saved plan)", "status (saved plan)", "check"):
            label = f"6. {name.split(' (')[0]} vs plan on {n:,}"
            results.append(verdict(label, m[name][0] / w[0], 2))
        if n == 10_000:
            results.append(verdict("3. plan on 10,000 resources, warm", w[0], 1.5, " s"))
        else:
            results.append(verdict("4. plan on 100,000 resources, warm", w[0], 1.5, " s"))
            for name, (_, kib) in m.items():
                label = f"4. peak memory of {name.split(' (')[0].split(',')[0]} on 100,000"
                results.append(verdict(label, kib / 1024 / 1024, 1.5, " GiB"))
            results.append(
                verdict("4. cold run vs PyYAML C loader parse", cold / floor_parse, 1.25)
            )
            results += _one_file_changed(folder, plan, env, repeat, w[0])
    if 100_000 in warm:
        for name in warm[100_000]:
            growth = warm[100_000][name][0] / warm[10_000][name][0]
            results.append(verdict(f"5. growth 100k / 10k, {name.split(' (')[0]}", growth, 12))
    if args.huge and 100_000 in warm:
        results += _huge(env, work, warm[100_000]["plan, warm cache"][0])
    shutil.rmtree(work, ignore_errors=True)
    print(f"\n{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


def _catalog(n: int) -> Path:
    """The generated catalog of ``n`` resources, made on first use."""
    folder = HERE / ".data" / f"catalog-{n}"
    if not (folder / "prerequisites.yaml").exists():
        print(f"\ngenerating a {n:,}-resource catalog in {folder} ...")
        shutil.rmtree(folder, ignore_errors=True)
        generate(n, folder)
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("prerequisites/*.yaml")])


def _cold(
    plan: list[str], files: list[Path], env: dict[str, str], work: Path, repeat: int
) -> tuple[float, float]:
    """Median plan without a cache, and median parse of the same files by PyYAML alone."""
    code = (
        "import sys, yaml\nfor f in sys.argv[1:]:\n"
        "    yaml.load(open(f, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
    )
    parse = [PY, "-c", code, *map(str, files)]
    cold_times, parse_times = [], []
    for _ in range(repeat):
        shutil.rmtree(work / "cache", ignore_errors=True)
        cold_times.append(run(plan, env)[0])
        parse_times.append(run(parse, env)[0])
    return statistics.median(cold_times), statistics.median(parse_times)


def _hash_time(files: list[Path]) -> float:
    """What keying the cache on content costs: read and digest every file, best of three."""
    import hashlib
    import time

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for path in files:
            hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        best = min(best, time.perf_counter() - started)
    return best


def _one_file_changed(
    folder: Path, plan: list[str], env: dict[str, str], repeat: int, warm: float
) -> list[bool]:
    """Plan right after one topic file was touched (new mtime, same bytes) and right after it
    was edited (one title changed), against a warm plan and the parse of that one file
    (pathfinder's own reader and validation, timed inside a process)."""
    topic = folder / "topic-07.yaml"
    original = topic.read_bytes()
    parse_one = [
        PY, "-c",
        "import sys, time\nfrom pathlib import Path\n"
        "from pathfinder.catalog.reading import parse_part\n"
        "t = time.perf_counter()\nproblems = []\n"
        "assert parse_part(Path(sys.argv[1]), None, False, problems) is not None, problems\n"
        "print(time.perf_counter() - t)",
        str(topic),
    ]  # fmt: skip
    times: dict[str, list[float]] = {"touched": [], "edited": [], "warm": [], "parse": []}
    try:
        for i in range(repeat):
            topic.touch()
            times["touched"].append(run(plan, env)[0])
            marker = f"Resource r0{i % 10}".encode()
            topic.write_bytes(original.replace(b"Resource r0", marker, 1))
            times["edited"].append(run(plan, env)[0])
            times["warm"].append(run(plan, env)[0])
            out = subprocess.run(parse_one, env=env, capture_output=True, text=True, check=True)
            times["parse"].append(float(out.stdout))
    finally:
        topic.write_bytes(original)
    touched, edited, again, parse = (statistics.median(t) for t in times.values())
    row("plan after touching topic-07.yaml", touched)
    row("plan after editing topic-07.yaml", edited)
    row("plan, warm (interleaved with the two above)", again)
    row("parse and validate topic-07.yaml alone", parse)
    return [
        verdict("7. touched file: plan vs 1.5 x warm", touched / (1.5 * again), 1),
        verdict(
            "7. edited file: plan vs 1.5 x warm + its parse", edited / (1.5 * again + parse), 1
        ),
    ]


def _huge(env: dict[str, str], work: Path, warm_100k: float) -> list[bool]:
    """The 300,000-resource catalog as the generator writes it (prerequisites split)."""
    n = 300_000
    folder = _catalog(n)
    files = _files(folder)
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n{n:,}-resource catalog ({megabytes:.0f} MB of YAML in {len(files)} files):")
    plan = [*EXE, "plan", "--catalog", str(folder), "--goal", "topic-19"]
    shutil.rmtree(work / "cache", ignore_errors=True)
    cold, cold_kib = run(plan, env)
    row("plan, cold (no cache)", cold, cold_kib)
    m = medians({"plan, warm cache": plan}, env, 3)
    seconds, kib = m["plan, warm cache"]
    row("plan, warm cache", seconds, kib)
    _growth_by_phase(env, _catalog(100_000), folder)
    return [
        verdict("8. warm plan 300k / warm plan 100k", seconds / warm_100k, 3),
        verdict("8. peak memory of plan on 300,000, warm", kib / 1024 / 1024, 3, " GiB"),
        verdict("8. peak memory of plan on 300,000, cold", cold_kib / 1024 / 1024, 3, " GiB"),
    ]


# One warm plan, timed phase by phase inside the process (the cache is warm: run just before).
_PHASES = """\
import gc, sys, time
gc.disable()  # as pathfinder's entry point does
from pathlib import Path
started = time.perf_counter()
from pathfinder.cli.runtime import open_catalog
from pathfinder.planning.planner import plan
from pathfinder.render import table
imported = time.perf_counter()
catalog = open_catalog([Path(sys.argv[1])])
loaded = time.perf_counter()
result = plan(catalog, ["topic-19"])
planned = time.perf_counter()
table.render(result, False, None, 100)
print(imported - started, loaded - imported, planned - loaded, time.perf_counter() - planned)
"""

# The same loop over lists of n numbers, each reading three others at random places (as a
# planner follows prerequisites): what one random read costs at each size on this machine.
_RANDOM_READS = """\
import gc, random, sys, time
gc.disable()
n = int(sys.argv[1])
rng = random.Random(7)
edges = [tuple(rng.randrange(n) for _ in range(3)) for _ in range(n)]
padding = [str(i) * 20 for i in range(10 * n)]  # the rest of a planner's heap, in between
value = list(range(n))
best = float("inf")
for _ in range(3):
    started = time.perf_counter()
    total = 0
    for v in range(n):
        for p in edges[v]:
            total += value[p]
    best = min(best, time.perf_counter() - started)
print(best / (3 * n))
"""


def _growth_by_phase(env: dict[str, str], small: Path, large: Path) -> None:
    """Where the 300k / 100k ratio comes from: each phase of a warm plan, timed inside the
    process (median of three), and a loop with no pathfinder in it that reads lists at
    random places, at 100,000 and at 300,000 elements."""
    names = ("start-up (imports)", "read the cached catalog", "plan", "render the table")
    phases = {}
    for size, folder in (("100k", small), ("300k", large)):
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [PY, "-c", _PHASES, str(folder)], env=env, capture_output=True, text=True
            )
            if out.returncode:
                raise SystemExit(f"failed: phases of {folder}\n{out.stderr}")
            runs.append([float(x) for x in out.stdout.split()])
        phases[size] = [statistics.median(column) for column in zip(*runs, strict=True)]
    print("\n  warm plan by phase, in-process:          100k        300k    growth")
    for name, a, b in zip(names, phases["100k"], phases["300k"], strict=True):
        print(f"  {name:<34} {a * 1000:8.0f} ms {b * 1000:8.0f} ms {b / a:8.2f}x")
    reads = {}
    for n in (100_000, 300_000):
        out = subprocess.run([PY, "-c", _RANDOM_READS, str(n)], capture_output=True, text=True)
        reads[n] = float(out.stdout)
    growth = reads[300_000] * 300_000 / (reads[100_000] * 100_000)
    print(
        f"  a random read of a list (no pathfinder) {reads[100_000] * 1e9:7.0f} ns "
        f"{reads[300_000] * 1e9:8.0f} ns {growth:8.2f}x the loop"
    )


if __name__ == "__main__":
    sys.exit(main())
