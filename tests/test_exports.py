"""Exports read back with real parsers, and hostile catalog or learner text kept inert."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from catalogs import make_catalog
from conftest import resource_yaml, topic_file
from pathfinder import load_catalog, plan
from pathfinder.planning.schedule import MIN_PART_MINUTES, build_schedule
from pathfinder.progress.records import Progress, with_note, with_status
from pathfinder.render.context import export_context
from pathfinder.render.exports import FORMATS, exporter

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
START = date(2026, 11, 30)  # a Monday
HOSTILE = 'Evil <script>alert(1)</script> [x](javascript:alert(1)) "q" \nBEGIN:VEVENT & =1+1'
DONE = "continuous-batching-anyscale"  # the first of the mooncake plan's three items


def _context(title: str = "", note: str = "", hours: float = 5.0):  # type: ignore[no-untyped-def]
    """The mooncake plan with its first prerequisite done; ``title`` replaces every title."""
    catalog = load_catalog()
    if title:
        catalog.resources = {rid: r._replace(title=title) for rid, r in catalog.resources.items()}
    result = plan(catalog, ["mooncake"])
    assert [i.id for i in result.items] == [DONE, "distserve-goodput", "mooncake"]
    progress = with_status(Progress(), [DONE], "done", NOW, catalog)
    if note:
        progress = with_note(progress, "distserve-goodput", note, NOW, catalog)
    return export_context(result, catalog, progress, START, NOW, hours)


def _markdown_tasks(text: str) -> list[tuple[bool, str]]:
    md = MarkdownIt("commonmark").use(tasklists_plugin)
    tokens = md.parse(text)
    tasks = []
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open" and "task-list-item" in (tok.attrGet("class") or ""):
            inline = tokens[i + 2]
            checkbox = inline.children[0].content  # the plugin emits the <input> as inline HTML
            assert checkbox.startswith('<input class="task-list-item-checkbox"')
            tasks.append(('checked="checked"' in checkbox, inline.content))
    return tasks


def test_markdown_is_a_task_list_with_done_items_ticked() -> None:
    ctx = _context()
    text = exporter("markdown")(ctx)
    tasks = _markdown_tasks(text)
    assert len(tasks) == len(ctx.plan.items)
    ticked = [content for checked, content in tasks if checked]
    assert len(ticked) == 1 and f"`{DONE}`" in ticked[0]
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(text)
    assert html.count('type="checkbox"') == len(ctx.plan.items)
    assert 'href="https://arxiv.org/abs/2407.00079"' in html


def _checklist(text: str) -> list[tuple[str, int, str]]:
    """(heading, position, id) of every task of a checklist, read with markdown-it-py."""
    tokens = MarkdownIt("commonmark").use(tasklists_plugin).parse(text)
    heading, out = "", []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            heading = tokens[i + 1].content
        elif tok.type == "list_item_open" and "task-list-item" in (tok.attrGet("class") or ""):
            children = tokens[i + 2].children
            number = children[1]  # after the checkbox: "N. " before the link
            assert number.type == "text" and number.content.strip().endswith(".")
            (code,) = [c for c in children if c.type == "code_inline"]
            out.append((heading, int(number.content.strip()[:-1]), code.content))
    return out


@pytest.mark.parametrize(
    ("goals", "level", "include_optional"),
    [
        (["inference"], "beginner", False),
        (["inference"], "beginner", True),
        (["kernels"], "beginner", True),
        (["mooncake", "flash-attention-5090", "transmla"], "beginner", False),
        (["training", "communication"], "intermediate", False),
        (["basics", "architecture", "quantization", "kernels", "inference"], "beginner", False),
    ],
)
def test_markdown_by_topic_never_lists_a_prerequisite_after_what_needs_it(
    goals: list[str], level: str, include_optional: bool
) -> None:
    catalog = load_catalog()
    result = plan(catalog, goals, level, include_optional=include_optional)
    ctx = export_context(result, catalog, Progress(), START, NOW)
    tasks = _checklist(exporter("markdown", by="topic")(ctx))
    # the checklist keeps plan order, numbered as in the plan
    assert [(n, rid) for _, n, rid in tasks] == [(i.position, i.id) for i in result.items]
    assert [n for _, n, _ in tasks] == list(range(1, len(result.items) + 1))
    seen: set[str] = set()
    for _, _, rid in tasks:
        item = result.item(rid)
        before = [r for r in item.requires if result.item(r) is not None]
        assert set(before) <= seen, f"{rid} is listed before its prerequisites {before}"
        seen.add(rid)
    # a heading starts wherever the topic changes and names the topic of the items under it
    topics = [result.item(rid).topic for _, _, rid in tasks]
    assert [h for h, _, _ in tasks] == [catalog.topics[t].title for t in topics]
    runs = [t for i, t in enumerate(topics) if i == 0 or topics[i - 1] != t]
    text = exporter("markdown", by="topic")(ctx)
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    optional = ["Optional, not in the path"] if result.optional else []
    assert headings == [catalog.topics[t].title for t in runs] + optional


def test_markdown_by_topic_repeats_a_heading_when_the_plan_returns_to_a_topic() -> None:
    """The inference plan needs ELI5 FlashAttention (kernels) just before flash-decoding."""
    catalog = load_catalog()
    result = plan(catalog, ["inference"], "beginner")
    text = exporter("markdown")(export_context(result, catalog, Progress(), START, NOW))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## GPU and performance fundamentals",
        "## Inference and serving",
        "## Model architecture for efficient serving",
        "## Inference and serving",
        "## GPU kernels",
        "## Inference and serving",
        "## Optional, not in the path",
    ]


def test_markdown_by_week_follows_the_schedule() -> None:
    text = exporter("markdown", by="week")(_context(hours=2))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Week 1 (from 2026-11-30)"
    assert headings[-1] == "## Finished"


def test_hostile_title_and_note_cannot_inject_markdown() -> None:
    text = exporter("markdown")(_context(title=HOSTILE, note=HOSTILE))
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(text)
    assert "<script" not in html
    assert "javascript:" not in html.replace("javascript:alert(1))", "")  # text only, no href
    assert 'href="javascript' not in html
    assert len(_markdown_tasks(text)) == 3
    parser = _Collector()
    parser.feed(html)
    urls = {item.url for item in _context().plan.items}
    assert parser.hrefs and set(parser.hrefs) <= urls, "the only links are the resources' own"


def test_csv_has_one_row_per_item_and_neutralises_formulas() -> None:
    ctx = _context(title='=HYPERLINK("http://evil")', note="@SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(exporter("csv")(ctx))))
    assert [r["id"] for r in rows] == [i.id for i in ctx.plan.items]
    assert all(r["title"].startswith("'=") for r in rows)
    assert [r["note"] for r in rows if r["note"]] == ["'@SUM(A1)"]
    assert {r["status"] for r in rows} == {"done", "todo"}


def test_ics_parses_and_covers_every_unfinished_minute() -> None:
    ctx = _context(title=HOSTILE)
    calendar = Calendar.from_ical(exporter("ics")(ctx))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(ctx.sessions)
    total = sum((e.decoded("duration") for e in events), timedelta())
    unfinished = sum(i.minutes for i in ctx.plan.items if i.id != DONE)
    assert total == timedelta(minutes=unfinished)
    assert all(e.decoded("dtstart").weekday() < 5 for e in events)
    assert events[0].decoded("dtstart") == datetime(2026, 11, 30, 19, 0)
    assert str(events[0]["summary"]).startswith("Study: Evil <script>")
    assert "\nBEGIN:VEVENT" not in exporter("ics")(ctx).replace("\r\nBEGIN:VEVENT", "")
    assert len({str(e["uid"]) for e in events}) == len(events)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)


def test_html_is_self_contained_escaped_and_shows_the_path() -> None:
    ctx = _context(title=HOSTILE, note=HOSTILE)
    page = exporter("html")(ctx)
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert all(h.startswith("https://") for h in parser.hrefs)
    assert len(parser.hrefs) == len(ctx.plan.items)
    assert parser.tags.count("svg") == 1 and parser.tags.count("li") == len(ctx.plan.items)
    assert "Evil <script>alert(1)</script>" in "".join(parser.text)  # shown as text
    assert "src=" not in page and "<link" not in page


def test_json_export_has_statuses_notes_and_weeks() -> None:
    doc = json.loads(exporter("json")(_context(note="hi")))
    by_id = {i["id"]: i for i in doc["items"]}
    assert by_id[DONE]["status"] == "done"
    assert by_id["mooncake"]["status"] == "todo"
    assert by_id["distserve-goodput"]["note"] == "hi"
    assert by_id["mooncake"]["week"] >= 1 and doc["schema_version"] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_through_the_cli(cli, tmp_path: Path, fmt: str) -> None:
    cli("start", "-g", "mooncake")
    out = tmp_path / f"plan.{fmt}"
    result = cli("export", "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8")
    direct = cli("plan", "-g", "mooncake", "-f", fmt, "--start", "2026-11-30")
    assert direct.exit_code == 0, direct.output


def test_hostile_user_catalog_end_to_end(cli, write_catalog, tmp_path: Path) -> None:
    title = "'<img src=x onerror=alert(1)> [a](javascript:b) =cmd'"
    folder = write_catalog({"extra.yaml": topic_file("extra", resource_yaml("alpha", title=title))})
    page = tmp_path / "p.html"
    result = cli("plan", "-g", "extra", "--catalog", str(folder), "-f", "html", "-o", str(page))
    assert result.exit_code == 0, result.output
    parser = _Collector()
    parser.feed(page.read_text())
    assert "img" not in parser.tags and all(h.startswith("https://") for h in parser.hrefs)


def test_schedule_keeps_order_minutes_and_study_days() -> None:
    cat = make_catalog(
        [(f"r{i}", "t", "beginner") for i in range(6)],
        minutes={f"r{i}": 25 * (i + 1) for i in range(6)},
    )
    items = plan(cat, ["t"]).items
    sessions = build_schedule(items, START, hours_per_week=2.5, pace=1.5)
    parts = [p for s in sessions for p in s.parts]
    assert [p.item.id for p in parts] == sorted(
        [p.item.id for p in parts], key=lambda x: int(x[1:])
    )
    for item in items:
        mine = [p for p in parts if p.item.id == item.id]
        assert sum(p.minutes for p in mine) == round(item.minutes * 1.5)
        assert all(p.parts == len(mine) for p in mine)
        assert all(p.minutes >= MIN_PART_MINUTES for p in mine) or len(mine) == 1
    assert all(s.day.weekday() < 5 for s in sessions)
    assert sessions[0].day == START and len({s.day for s in sessions}) == len(sessions)
