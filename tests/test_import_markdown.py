"""``pathfinder import`` reads a checklist the way GitHub renders it (CommonMark plus task
lists, through markdown-it-py), and applies it all or not at all."""

from __future__ import annotations

import copy
import os
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pathfinder import load_catalog


@pytest.fixture
def progress_file() -> Path:
    return Path(os.environ["PATHFINDER_PROGRESS"])


def _done(progress_file: Path) -> set[str]:
    if not progress_file.exists():
        return set()
    data = yaml.safe_load(progress_file.read_text(encoding="utf-8"))
    return {rid for rid, entry in data["resources"].items() if entry["status"] == "done"}


def _import(cli, tmp_path: Path, text: str, *, bom: bool = False):  # type: ignore[no-untyped-def]
    checklist = tmp_path / "plan.md"
    data = textwrap.dedent(text).lstrip("\n").encode("utf-8")
    checklist.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return cli("import", str(checklist)), checklist


def test_ticks_in_code_blocks_and_comments_do_not_count(cli, tmp_path, progress_file) -> None:
    result, _ = _import(
        cli,
        tmp_path,
        """
        # My plan

        - [x] 1. Real tick · `paged-attention` · intermediate

        ```markdown
        - [x] 2. In a fence · `mooncake`
        ```

        ~~~
        - [x] 3. In a tilde fence · `sarathi`
        ~~~

        <!--
        - [x] 4. Commented out · `flash-decoding`
        -->

        Indented code:

            - [x] 5. Indented code · `speculative-decoding`

        - [ ] 6. Not ticked · `distserve-goodput`
        """,
    )
    assert result.exit_code == 0, result.output
    assert "1 ticked in" in result.output and "1 newly marked done." in result.output
    assert _done(progress_file) == {"paged-attention"}


def test_ordered_and_block_quoted_items_count_and_both_x_cases(
    cli, tmp_path, progress_file
) -> None:
    result, _ = _import(
        cli,
        tmp_path,
        """
        1. [x] Ordered · `paged-attention`
        2. [X] Ordered, capital X · `mooncake`

        > - [x] Quoted · `sarathi`
        > > 1. [X] Quoted twice, ordered · `flash-decoding`

        - [x] A to-do of my own without an id
        - [x] `not an id because of Spaces`
        - [ ]  · `distserve-goodput`
        * [x] Star bullet · `speculative-decoding`
        """,
    )
    assert result.exit_code == 0, result.output
    assert "5 ticked in" in result.output
    assert _done(progress_file) == {
        "paged-attention",
        "mooncake",
        "sarathi",
        "flash-decoding",
        "speculative-decoding",
    }


def test_a_byte_order_mark_does_not_hide_the_first_item(cli, tmp_path, progress_file) -> None:
    result, _ = _import(cli, tmp_path, "- [x] First · `paged-attention`\n", bom=True)
    assert result.exit_code == 0, result.output
    assert _done(progress_file) == {"paged-attention"}


def test_brackets_that_are_not_a_task_do_not_count(cli, tmp_path, progress_file) -> None:
    """``[x]`` must open the item's first paragraph, with a space after it."""
    result, _ = _import(
        cli,
        tmp_path,
        """
        - [x] real · `paged-attention`
        - see [x] later · `mooncake`
        - [x]`sarathi` no space
        Not a list: [x] `flash-decoding`
        - [x]
          `speculative-decoding` on the next line, box alone: not a task item
        """,
    )
    assert result.exit_code == 0, result.output
    assert _done(progress_file) == {"paged-attention"}


def test_unknown_ids_name_every_line_and_nothing_is_imported(cli, tmp_path, progress_file) -> None:
    assert cli("done", "sarathi").exit_code == 0
    before = progress_file.read_bytes()
    result, checklist = _import(
        cli,
        tmp_path,
        """
        - [x] good · `paged-attention`
        - [x] typo · `paged-atention`

        - [ ] unticked typo · `moon-cake`
        - [x] good · `mooncake`
        """,
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{checklist}: error: has 2 unknown resource ids; nothing was imported (fix or remove "
        "the lines below, then import again)",
        f"{checklist}:2: error: paged-atention: unknown resource id; did you mean paged-attention?",
        f"{checklist}:4: error: moon-cake: unknown resource id; did you mean mooncake?",
    ]
    assert progress_file.read_bytes() == before


def test_one_unknown_id_is_named_in_the_singular(cli, tmp_path) -> None:
    result, checklist = _import(cli, tmp_path, "Intro\n\n- [x] x · `zzzz-qqqq-wwww`\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(
        f"{checklist}: error: has an unknown resource id; nothing was imported"
    )
    assert f"{checklist}:3: error: zzzz-qqqq-wwww: unknown resource id" in result.stderr


def test_a_former_id_counts_as_the_resource(cli, tmp_path, write_catalog, progress_file) -> None:
    from conftest import resource_yaml, topic_file

    folder = write_catalog(
        {"mine.yaml": topic_file("mine", resource_yaml("new-name", aliases="[old-name]"))}
    )
    checklist = tmp_path / "plan.md"
    checklist.write_text("- [x] renamed since · `old-name`\n", encoding="utf-8")
    result = cli("import", str(checklist), "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    assert _done(progress_file) == {"new-name"}


def test_an_exported_checklist_round_trips(cli, tmp_path, progress_file) -> None:
    """Every box of a real export ticked (also the note lines and headings stay harmless)."""
    assert cli("start", "--goal", "mooncake").exit_code == 0
    assert (
        cli("note", "distserve-goodput", "--", "- [ ] `sarathi` a to-do in a note").exit_code == 0
    )
    checklist = tmp_path / "plan.md"
    assert cli("export", "--output", str(checklist)).exit_code == 0
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace("- [ ] ", "- [x] "), encoding="utf-8")
    result = cli("import", str(checklist))
    assert result.exit_code == 0, result.output
    assert "3 ticked in" in result.output
    assert _done(progress_file) == {
        "continuous-batching-anyscale",
        "distserve-goodput",
        "mooncake",
    }


# -- whatever the titles and notes say, an export reads back as exactly its own items -------

_CATALOG = load_catalog()

_HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(
            ["- [x] `mooncake`", "\n- [x] `sarathi`\n", "```", "<!--", "-->", "`", "[x]", " ", "\n"]
        ),
        st.characters(blacklist_categories=("Cc", "Cs")),
    ),
    min_size=1,
    max_size=20,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(title=_HOSTILE, note=_HOSTILE, done=st.sets(st.integers(0, 2)))
def test_an_export_reads_back_as_its_items_whatever_the_text(title, note, done) -> None:
    """The checklist parser finds each plan item once, in order, ticked exactly when done:
    a note or title that looks like a task, a fence or a comment cannot add, hide or tick one."""
    from datetime import date, datetime, timezone

    from pathfinder import plan
    from pathfinder.progress.records import Progress, with_note, with_status
    from pathfinder.render.context import export_context
    from pathfinder.render.exports import exporter
    from pathfinder.render.markdown import checklist_items

    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    catalog = copy.copy(_CATALOG)
    if title.strip():
        catalog.resources = {rid: r._replace(title=title) for rid, r in catalog.resources.items()}
    result = plan(catalog, ["mooncake"])
    ids = [item.id for item in result.items]
    progress = with_status(Progress(), [ids[i] for i in sorted(done)], "done", now, catalog)
    for rid in ids:
        progress = with_note(progress, rid, note, now, catalog)
    text = exporter("markdown")(export_context(result, catalog, progress, date(2026, 11, 30), now))
    items = checklist_items(text)
    assert [(i.resource_id, i.ticked) for i in items] == [
        (rid, n in done) for n, rid in enumerate(ids)
    ]
