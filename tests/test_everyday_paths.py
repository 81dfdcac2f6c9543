"""The paths a new user hits on day one (issue 11): shell completion of every goal, id and
level, names and choices in any case, a goal typed without --goal, a reader that stops
early, the width of a terminal, and the messages of the progress commands."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import read_pty, resource_yaml, topic_file
from pathfinder.cli.commands import app

PATHFINDER = str(Path(sys.executable).with_name("pathfinder"))


# --- 1. shell completion ----------------------------------------------------------------


def _complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash gets for TAB at the end of ``line`` (a trailing space: a new word)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    result = CliRunner().invoke(
        app,
        [],
        env={
            "_PATHFINDER_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(cword),
            **(env or {}),
        },
        prog_name="pathfinder",
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("pathfinder plan --goal infer", ["inference", "inference-optimization-survey"]),
        ("pathfinder plan -g inference,kern", ["inference,kernels"]),
        ("pathfinder plan -g moon -l beginner", None),  # not the word under the cursor
        ("pathfinder plan -g inference --known paged", ["paged-attention"]),
        ("pathfinder plan -g x -k paged-attention,sara", ["paged-attention,sarathi"]),
        ("pathfinder plan -g x --level kernels=a", ["kernels=advanced"]),
        ("pathfinder plan -g x -l int", ["intermediate"]),
        ("pathfinder why flash-dec", ["flash-decoding"]),
        ("pathfinder why flash-decoding -g moonc", ["mooncake"]),
        ("pathfinder why flash-decoding -g kernels -k eli5", ["eli5-flash-attention"]),
        ("pathfinder why flash-decoding -g kernels -l adv", ["advanced"]),
        ("pathfinder start --goal kern", ["kernels"]),
        ("pathfinder start -g kernels -k paged", ["paged-attention"]),
        ("pathfinder start -g kernels -l kernels=i", ["kernels=intermediate"]),
        ("pathfinder graph -g moonc", ["mooncake"]),
        ("pathfinder graph -g mooncake -k sara", ["sarathi"]),
        ("pathfinder graph -g mooncake -l beg", ["beginner"]),
        ("pathfinder done moonc", ["mooncake"]),
        ("pathfinder done mooncake sara", ["sarathi"]),
        ("pathfinder done paged-attention paged", []),  # given already
        ("pathfinder reading sara", ["sarathi"]),
        ("pathfinder skip moonc", ["mooncake"]),
        ("pathfinder reset moonc", ["mooncake"]),
        ("pathfinder note moonc", ["mooncake"]),
        ("pathfinder show paged", ["paged-attention"]),
        ("pathfinder plan -g x -f js", ["json"]),
        ("pathfinder export -f ht", ["html"]),
        ("pathfinder export --by w", ["week"]),
        ("pathfinder graph -f sv", ["svg"]),
        ("pathfinder check -f j", ["json"]),
        ("pathfinder schema pre", ["prerequisites"]),
    ],
)
def test_completion_of_goals_ids_levels_and_choices(line: str, expected: list[str] | None) -> None:
    got = _complete(line if expected is not None else line + " ")
    if expected is None:  # a new word after a complete option: nothing was forced on it
        assert "Traceback" not in " ".join(got)
        return
    assert got == expected


def test_every_goal_id_and_level_parameter_completes() -> None:
    """No command that takes goals, ids or levels is left without completion."""
    group = typer.main.get_command(app)
    names = {"goal", "known", "level", "ids", "resource"}
    seen = set()
    for command in group.commands.values():  # type: ignore[attr-defined]
        for param in command.params:
            if param.name in names:
                seen.add((command.name, param.name))
                assert param._custom_shell_complete is not None, (command.name, param.name)  # type: ignore[attr-defined]
    commands = {name for name, _ in seen}
    expected = {"plan", "why", "start", "graph", "done", "reading", "skip", "reset", "note"}
    assert commands >= {*expected, "show"}


def test_completion_reads_the_catalog_given_on_the_line(write_catalog) -> None:
    folder = write_catalog({"mine.yaml": topic_file("mine", resource_yaml("zeta-notes"))})
    assert _complete(f"pathfinder plan --catalog {folder} -g zeta") == ["zeta-notes"]
    assert _complete(f"pathfinder plan --catalog {folder} -g min") == ["mine"]
    assert _complete("pathfinder plan -g zeta") == []


def test_completion_with_a_broken_catalog_offers_nothing_and_stays_quiet(
    write_catalog,
) -> None:
    broken = write_catalog({"bad.yaml": "topic: [\n"}, name="broken")
    assert _complete("pathfinder plan -g infer", env={"PATHFINDER_CATALOG": str(broken)}) == []
    assert _complete(f"pathfinder done --catalog {broken} moonc") == []
    proc = subprocess.run(
        [PATHFINDER],
        env={
            **os.environ,
            "_PATHFINDER_COMPLETE": "complete_bash",
            "COMP_WORDS": "pathfinder why moonc",
            "COMP_CWORD": "2",
            "PATHFINDER_CATALOG": str(broken),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout.strip(), proc.stderr) == (0, "", "")


# --- 2. any case, and goals spelled the way that works ----------------------------------


def test_names_and_choices_are_taken_in_any_case(cli) -> None:
    lower = cli("plan", "-g", "inference", "-l", "intermediate", "-l", "kernels=advanced")
    upper = cli("plan", "-g", "Inference", "--level", "Intermediate", "-l", "Kernels=ADVANCED")
    assert upper.exit_code == 0, upper.output
    assert upper.output == lower.output
    assert cli("plan", "-g", "mooncake", "-f", "JSON").output.startswith("{")
    assert cli("plan", "-g", "mooncake", "-f", "Markdown", "--by", "WEEK").exit_code == 0
    assert cli("graph", "-g", "MoonCake", "-f", "DOT").output.startswith("digraph")
    assert cli("check", "-f", "JSON").output.startswith("{")
    assert '"$schema"' in cli("schema", "Prerequisites").output
    assert cli("show", "Paged-Attention").output.startswith("Efficient Memory Management")
    why = cli("why", "Paged-Attention", "-g", "INFERENCE", "-k", "Sarathi")
    assert why.output.startswith("paged-attention is #"), why.output
    assert cli("done", "MoonCake").stdout == "done: mooncake\n"


def test_an_unknown_name_in_odd_case_is_quoted_as_typed(cli) -> None:
    result = cli("plan", "-g", "Infrence")
    assert result.exit_code == 2
    assert result.output == "error: unknown goal 'infrence'; did you mean inference?\n"
    odd = cli("done", "X\x1b[2J")
    assert "unknown resource 'X\\x1b[2J'" in odd.output


def test_comma_separated_goals_and_known_ids(cli) -> None:
    both = cli("plan", "-g", "inference,kernels", "-k", "paged-attention,sarathi")
    assert both.exit_code == 0, both.output
    apart = cli(
        "plan", "-g", "inference", "-g", "kernels", "-k", "paged-attention", "-k", "sarathi"
    )
    assert both.output == apart.output
    assert cli("done", "mooncake,sarathi").stdout == "done: mooncake, sarathi\n"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["plan", "inference"],
            "error: unexpected argument inference: goals are given with --goal; "
            "did you mean: pathfinder plan --goal inference",
        ),
        (
            ["plan", "inference", "--level", "intermediate"],
            "error: unexpected argument inference: goals are given with --goal; "
            "did you mean: pathfinder plan --goal inference --level intermediate",
        ),
        (
            ["plan", "-g", "inference", "kernels"],
            "error: unexpected argument kernels: goals are given with --goal; "
            "did you mean: pathfinder plan -g inference --goal kernels",
        ),
        (
            ["start", "inference", "kernels"],
            "error: unexpected arguments inference, kernels: goals are given with --goal; "
            "did you mean: pathfinder start --goal inference --goal kernels",
        ),
        (
            ["why", "sarathi", "inference"],
            "error: unexpected argument inference: goals are given with --goal; "
            "did you mean: pathfinder why sarathi --goal inference",
        ),
        (
            ["graph", "mooncake", "-f", "svg"],
            "error: unexpected argument mooncake: goals are given with --goal; "
            "did you mean: pathfinder graph --goal mooncake -f svg",
        ),
        (
            ["plan", "-g", "inference kernels", "-l", "advanced"],
            "error: --goal 'inference kernels': one id per --goal, or a comma-separated list; "
            "did you mean: pathfinder plan --goal inference --goal kernels -l advanced",
        ),
        (
            ["plan", "-g", "inference", "--known=paged-attention sarathi"],
            "error: --known 'paged-attention sarathi': one id per --known, or a comma-separated "
            "list; did you mean: pathfinder plan -g inference --known paged-attention "
            "--known sarathi",
        ),
    ],
)
def test_a_goal_without_its_option_gets_the_line_that_works(args, line, cli) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.output == line + "\n"


def test_the_hint_names_the_real_program(tmp_path: Path) -> None:
    proc = subprocess.run(
        [PATHFINDER, "plan", "inference"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.endswith("did you mean: pathfinder plan --goal inference\n")
    assert proc.stderr.count("\n") == 1


# --- 3. a reader that stops early -------------------------------------------------------


@pytest.fixture
def big_catalog(tmp_path: Path) -> Path:
    """A catalog whose plan, checklist and picture are far bigger than a pipe's buffer, so
    that a reader closing early always breaks the pipe while pathfinder still writes."""
    folder = tmp_path / "big"
    folder.mkdir()
    resources = "".join(resource_yaml(f"big-{n:04d}", minutes=30) for n in range(1500))
    (folder / "big.yaml").write_text(topic_file("big", resources), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--goal", "big"],
        ["plan", "--goal", "big", "-f", "json"],
        ["export", "-f", "markdown"],
        ["status"],
        ["next", "-n", "1000"],
        ["graph"],
        ["goals"],
    ],
)
def test_a_reader_closing_the_pipe_early_ends_quietly(args, big_catalog, tmp_path) -> None:
    env = {**os.environ, "PATHFINDER_CATALOG": str(big_catalog)}
    start = [PATHFINDER, "start", "--goal", "big"]
    subprocess.run(start, env=env, check=True, capture_output=True, timeout=120)
    for read in (0, 3):  # closed before the first write; closed after a few bytes
        proc = subprocess.Popen(
            [PATHFINDER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None and proc.stderr is not None
        if read:
            assert len(proc.stdout.read(read)) == read
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) in (0, 141), err
        assert err == "", err


# --- 4. the width of the screen ---------------------------------------------------------

LONG_TITLE = (
    "How continuous batching enables 23x throughput in LLM inference while reducing p50 latency"
)


def _plan_under_pty(columns: int, tmp_path: Path, env: dict[str, str] | None = None) -> str:
    """``pathfinder plan --goal inference`` on a terminal ``columns`` wide."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(
        [PATHFINDER, "plan", "--goal", "inference"],
        stdout=child,
        stderr=child,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )
    os.close(child)
    output = read_pty(main)
    proc.wait(timeout=60)
    os.close(main)
    return output.decode("utf-8").replace("\r\n", "\n")


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_a_wide_terminal_shows_whole_titles(tmp_path: Path) -> None:
    out = _plan_under_pty(160, tmp_path)
    assert LONG_TITLE in out
    assert "…" not in out.split("Optional")[0]
    assert 80 < _widest(out) <= 160


def test_a_narrow_terminal_wraps_within_its_width(tmp_path: Path) -> None:
    out = _plan_under_pty(60, tmp_path)
    assert _widest(out) <= 60, out
    assert "continuous-batching-anyscale" in out  # ids stay whole
    rows = [line for line in out.splitlines() if re.match(r" {0,2}\d+  ", line)]
    assert len(rows) == 15 and all(line.endswith(("h", "m", "0", "5")) for line in rows)


def test_columns_overrides_the_terminal_and_a_pipe_gets_80(tmp_path: Path, cli) -> None:
    out = _plan_under_pty(160, tmp_path, env={"COLUMNS": "70"})
    assert _widest(out) <= 70
    piped = subprocess.run(
        [PATHFINDER, "plan", "--goal", "inference"], capture_output=True, text=True, timeout=60
    )
    golden = Path(__file__).parent / "golden" / "plan-inference-beginner.txt"
    assert piped.stdout == golden.read_text(encoding="utf-8")
    narrow = cli("plan", "--goal", "inference", env={"COLUMNS": "64"})
    assert _widest(narrow.output) <= 64
    assert narrow.output != piped.stdout
    (tmp_path / "out").mkdir()
    to_file = cli(
        "plan", "-g", "inference", "-o", str(tmp_path / "out" / "p.txt"), env={"COLUMNS": "64"}
    )
    assert to_file.exit_code == 0
    assert (tmp_path / "out" / "p.txt").read_text(encoding="utf-8") == piped.stdout


def test_the_table_at_80_columns_is_unchanged_by_the_width_option() -> None:
    from pathfinder import load_catalog
    from pathfinder.planning.planner import plan
    from pathfinder.render import table

    result = plan(load_catalog(), ["kernels"], "beginner")
    assert table.render(result) == table.render(result, width=80)
    for width in (40, 52, 66, 79, 100, 200):
        text = table.render(result, width=width)
        assert _widest(text) <= max(width, 44), width
        words = set(text.split())
        assert all(item.id in words for item in result.items), width  # ids stay whole


# --- 5. show knows where you stand --------------------------------------------------------


def test_show_gives_your_status_place_and_note(cli) -> None:
    plain = cli("show", "paged-attention").stdout
    assert "Your status" not in plain
    cli("start", "-g", "inference")
    cli("reading", "paged-attention")
    cli("note", "paged-attention", "compare with the vLLM docs")
    card = cli("show", "paged-attention").stdout
    lines = card.splitlines()
    url = next(i for i, line in enumerate(lines) if line.startswith("URL: "))
    assert lines[url + 1 : url + 3] == [
        "Your status: reading · #7 of 15 in your plan for inference",
        "Your note: compare with the vLLM docs",
    ]
    cli("done", "gpu-glossary")
    other = cli("show", "gpu-glossary").stdout
    assert "Your status: done · not in your current plan\n" in other
    assert "Your note" not in other


# --- 6. next, done twice, and ids outside the plan ----------------------------------------


def test_next_puts_what_you_are_reading_first_even_while_it_waits(cli) -> None:
    cli("start", "-g", "inference")
    cli("reading", "flash-decoding")  # #11: waits on #1 and #10
    out = cli("next").stdout
    assert out.startswith("Keep reading: Flash-Decoding for long-context inference\n"), out
    assert out.count("flash-decoding") == 2  # its id line and its url; not again below
    assert "\n    1. transformer-inference-arithmetic " in out  # what is ready follows


def test_done_twice_says_so_and_leaves_the_file_alone(cli, tmp_path: Path) -> None:
    progress = Path(os.environ["PATHFINDER_PROGRESS"])
    cli("start", "-g", "inference")
    cli("done", "transformer-inference-arithmetic")
    before = progress.read_bytes(), progress.stat().st_mtime_ns
    again = cli("done", "transformer-inference-arithmetic")
    assert again.exit_code == 0
    assert again.stdout == "already done: transformer-inference-arithmetic\n"
    assert (progress.read_bytes(), progress.stat().st_mtime_ns) == before
    mixed = cli("done", "transformer-inference-arithmetic", "continuous-batching-anyscale")
    assert mixed.stdout == (
        "done: continuous-batching-anyscale\nalready done: transformer-inference-arithmetic\n"
    )
    assert cli("reset", "sarathi").stdout == "already todo: sarathi\n"


def test_marking_outside_the_saved_plan_says_so_and_records_it(cli) -> None:
    cli("start", "-g", "inference")
    result = cli("done", "gpu-glossary", "flash-decoding", "scaling-book")
    assert result.exit_code == 0
    assert result.stdout == "done: gpu-glossary, flash-decoding, scaling-book\n"
    assert (
        "note: gpu-glossary, scaling-book are not in your current plan; "
        "marked done all the same\n" in result.stderr
    )
    assert cli("skip", "no-such-resource").exit_code == 2  # an unknown id changes nothing
    assert "Your status: done" in cli("show", "scaling-book").stdout


# --- 7. words ---------------------------------------------------------------------------


def test_prerequisite_is_singular_for_one_and_plural_for_more(cli) -> None:
    cli("start", "-g", "inference")
    one = cli("done", "mooncake").stderr
    assert one == "note: mooncake is marked done before its prerequisite distserve-goodput\n"
    two = cli("done", "flash-decoding").stderr
    assert "before its prerequisites " in two or "before its prerequisite " in two


def test_a_finished_plan_does_not_send_you_to_next(cli) -> None:
    cli("start", "-g", "mooncake")
    cli("done", "continuous-batching-anyscale", "distserve-goodput", "mooncake")
    status = cli("status").stdout
    assert "Plan complete. Well done." in status
    assert "pathfinder next" not in status
    assert "Plan something new: pathfinder goals" in status
    nothing = cli("next").stdout
    assert nothing.startswith("Nothing left to read in this plan: it is complete.")


def test_the_total_reads_like_the_total_column(cli) -> None:
    for goal in ("inference", "mooncake", "basics"):
        out = cli("plan", "-g", goal).stdout
        header_total = re.search(r"^\d+ resources? · (\S+)", out, re.M)
        last_row = [line for line in out.splitlines() if re.match(r" {0,2}\d+  ", line)][-1]
        assert header_total and last_row.split()[-1] == header_total.group(1), out
    assert not re.search(r"\d\.\d h\b", cli("goals").stdout)


def test_pace_is_said_in_words(cli) -> None:
    cli("start", "-g", "mooncake", "--pace", "1.5")
    status = cli("status").stdout
    assert "Times are at your pace: 1.5 times the estimates (--pace)." in status
    assert "at pace" not in status


def test_lint_names_each_kind_in_a_sentence(cli, write_catalog) -> None:
    from typing import get_args

    from pathfinder.models import Kind

    entries = "".join(
        resource_yaml(f"odd-{kind}", minutes=9000, kind=kind) for kind in get_args(Kind)
    )
    folder = write_catalog({"odd.yaml": topic_file("odd", entries)}, name="mine")
    out = cli("check", "--catalog", str(folder)).stdout
    assert "unusual for documentation (kind docs: expected" in out
    assert "unusual for a blog post (kind blog: expected" in out
    assert "unusual for an interactive resource (kind interactive" in out
    assert " for a docs " not in out and " for a interactive " not in out


def test_check_shows_paths_as_given_under_the_working_folder(
    cli, write_catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_catalog(
        {"extra.yaml": topic_file("extra", resource_yaml("lonely-notes", minutes=5000))},
        name="mine",
    )
    monkeypatch.chdir(tmp_path)
    out = cli("check", "--catalog", "mine").stdout
    assert out.startswith("mine/extra.yaml:"), out
    assert str(tmp_path) not in out
    assert cli("check", "--catalog", "./mine/", "-f", "json").stdout.count('"mine/extra.yaml"')
    broken = write_catalog({"bad.yaml": "topic: [\n"}, name="bad")
    err = cli("plan", "-g", "inference", "--catalog", "bad").stderr
    assert err.startswith("bad/bad.yaml:"), err
    monkeypatch.chdir(folder)  # a folder outside the working one stays whole
    outside = cli("check", "--catalog", str(broken)).stdout
    assert outside.startswith(f"{broken}/bad.yaml:"), outside


def test_a_misspelt_option_keeps_clicks_suggestion(cli) -> None:
    result = cli("plan", "--levle", "beginner", "-g", "inference")
    assert result.exit_code == 2
    assert "No such option '--levle'" in result.output and "--level" in result.output
    assert "goals are given with --goal" not in result.output


def test_unknown_names_say_where_to_look(cli) -> None:
    assert cli("plan", "-g", "nothing").stderr == (
        "error: unknown goal 'nothing' (topics: pathfinder goals; resources: pathfinder "
        "search WORDS)\n"
    )
    assert cli("done", "nothing").stderr == (
        "error: unknown resource 'nothing' (find one with: pathfinder search WORDS)\n"
    )
    assert cli("plan", "-g", "x", "-l", "expert").stderr.endswith(
        "expected one of beginner, intermediate, advanced\n"
    )
    topic = cli("plan", "-g", "inference", "-k", "basics")
    assert topic.exit_code == 2
    assert topic.stderr == (
        "error: --known takes resource ids, and basics is a topic; to skip what you know of "
        "it, raise your level there: --level basics=intermediate (or advanced)\n"
    )


def test_prose_views_wrap_on_a_narrow_screen_and_stay_80_on_a_wide_one(cli) -> None:
    cli("start", "-g", "inference")
    cli("reading", "eli5-flash-attention")
    cli("note", "eli5-flash-attention", "a long note " * 12)
    views = [
        ("next", "-n", "6"),
        ("status",),
        ("why", "eli5-flash-attention", "-g", "inference"),
        ("show", "eli5-flash-attention"),
    ]
    for args in views:
        at80 = cli(*args).stdout
        assert cli(*args, env={"COLUMNS": "200"}).stdout == at80, args  # prose stays 80
        narrow = cli(*args, env={"COLUMNS": "50"}).stdout
        long_lines = [
            line  # a url or a path is one word, never cut
            for line in narrow.splitlines()
            if len(line) > 50 and max(len(word) for word in line.split()) < 40
        ]
        assert not long_lines, (args, long_lines)
    ready = cli("next", "-n", "6", env={"COLUMNS": "50"}).stdout
    assert "    3. continuous-batching-first-principles\n" in ready  # ids whole


def test_an_empty_plan_has_no_zero_time(cli) -> None:
    out = cli("plan", "-g", "basics", "-l", "advanced").stdout
    assert out.splitlines()[1] == "0 resources · 7 skipped"


def test_plan_save_says_which_plan_it_replaces_like_start(cli) -> None:
    cli("start", "-g", "mooncake")
    result = cli("plan", "-g", "inference", "--save")
    assert result.exit_code == 0
    assert "It replaces your plan for mooncake (saved " in result.stderr
    assert "what you marked is kept." in result.stderr


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [  # what bash passes: it splits a word at '=' (COMP_WORDBREAKS) and completes after it
        ("pathfinder plan -g x --level kernels =", 6, ["beginner", "intermediate", "advanced"]),
        ("pathfinder plan -g x --level kernels = adv", 7, ["advanced"]),
        ("pathfinder plan -l kernels = advanced -g moon", 7, ["mooncake"]),
        ("pathfinder plan --goal = moon", 4, ["mooncake"]),
    ],
)
def test_bash_completion_after_an_equals_sign(words: str, cword: int, expected) -> None:
    result = CliRunner().invoke(
        app,
        [],
        env={
            "_PATHFINDER_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
        },
        prog_name="pathfinder",
    )
    assert result.output.split() == expected


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_completion_in_a_real_bash(tmp_path: Path) -> None:
    """The installed script in an interactive bash on a pseudo-terminal: TAB completes a
    topic=level value and the last part of a goal list in place."""
    env = {
        **os.environ,
        "PS1": "$ ",
        "TERM": "dumb",
        "PATH": f"{Path(PATHFINDER).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: an interactive bash without the user's settings
        os.chdir(tmp_path)
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
    seen = b""

    def until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, seen.decode(errors="replace")
            seen += os.read(fd, 65536)

    try:
        os.write(fd, b"source <(pathfinder --show-completion bash); echo READY\n")
        until(b"READY\r\n")
        os.write(fd, b"pathfinder plan -g inference,kern\t")
        until(b"inference,kernels ")
        os.write(fd, b"--level kernels=adv\t")
        until(b"kernels=advanced ")
        os.write(fd, b"\x15exit\n")
    finally:
        os.waitpid(pid, 0)
        os.close(fd)


def test_check_counts_in_good_english(cli, write_catalog) -> None:
    folder = write_catalog({"one.yaml": topic_file("one", resource_yaml("lonely"))}, name="one")
    assert cli("check", "--catalog", str(folder)).stderr == "0 errors, 1 warning\n"


def test_install_completion_message_is_not_shown_escaped(tmp_path: Path) -> None:
    """typer's own "installed" line is written as typer styles it, not escaped as if a
    control character had come from a catalog (it read '\\x1b[32mbash completion ...')."""
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    # typer finds the shell among the process's parents, as it would for a user typing the
    # command; a bash that stays (the trailing command keeps it from exec-ing python) is one
    script = '"$0" -m pathfinder --install-completion; status=$?; exit $status'
    done = subprocess.run(
        ["bash", "-c", script, sys.executable],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "completion installed" in done.stdout
    assert "\\x1b" not in done.stdout + done.stderr
    assert list((tmp_path / ".bash_completions").iterdir())  # and it was installed


@pytest.mark.parametrize("command", [["show", "inference"], ["done", "inference"]])
def test_a_topic_given_for_a_resource_says_so(cli, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*command)
    assert result.exit_code == 2
    assert "inference is a topic, not a resource" in result.output
    assert "pathfinder plan --goal inference" in result.output


def test_a_new_plan_keeps_the_weekly_hours_and_pace_of_the_one_it_replaces(cli) -> None:  # type: ignore[no-untyped-def]
    """Hours a week and pace describe the learner, not the goal: a new plan keeps them unless
    given again."""
    assert cli("start", "-g", "inference", "--hours-per-week", "6", "--pace", "1.5").exit_code == 0
    assert cli("start", "-g", "kernels").exit_code == 0
    status = cli("status").output
    assert "at 6 hours a week" in status
    assert "1.5 times the estimates" in status
    assert cli("start", "-g", "training", "--hours-per-week", "3").exit_code == 0
    assert "at 3 hours a week" in cli("status").output


def test_an_empty_plan_is_not_saved_over_a_real_one(cli) -> None:  # type: ignore[no-untyped-def]
    """start with nothing left to study says so, exits 2 and keeps the saved plan."""
    assert cli("start", "-g", "inference").exit_code == 0
    result = cli("start", "-g", "basics", "-l", "advanced")
    assert result.exit_code == 2
    assert "nothing to study for basics" in result.output
    assert "Plan: inference" in cli("status").output
