"""The exported HTML page in a real browser: it fits a phone and a desktop without sideways
scrolling, the picture is inside the viewport, every resource links to its catalog url,
statuses and notes show, the items keep plan order, and nothing is fetched from anywhere.

Drives the system's Chromium through Playwright (Playwright's own browser download is never
used). The browser is found by ``$PATHFINDER_CHROMIUM`` or ``chromium`` on PATH; without one
these tests are skipped with what to install, and fail instead when ``$CI`` is set, so CI can
never pass them by not running them. Screenshots at both widths go to
``$PATHFINDER_SCREENSHOTS`` (or a pytest temporary folder); the path is printed.

One test needs no browser: over random catalogs, the page lists the items in plan order under
a label wherever the topic changes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from catalogs import make_catalog
from pathfinder import load_catalog, plan
from pathfinder.cli.commands import app
from pathfinder.render.context import export_context
from pathfinder.render.exports import exporter

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

INSTALL = (
    "install Chromium (on Debian: apt-get install chromium) and Playwright for Python "
    "(pip install '.[test]'), or set PATHFINDER_CHROMIUM to a Chromium binary"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 120_000  # a loaded 2-core machine can take long to start a browser; never flaky
WIDTHS = (1280, 390)
GOALS = ("inference", "kernels")  # topics interleave and return; both have optional reading
DONE = ("transformer-inference-arithmetic", "continuous-batching-anyscale")
READING = "paged-attention"
SKIPPED = "throughput-is-all-you-need"
NOTES = {
    READING: "Re-read section 4 <b>twice</b> & compare with vLLM",
    DONE[0]: "Worked the KV-cache numbers by hand",
}
WORDS = {"done": "done", "reading": "reading", "skipped": "skipped", "todo": "to do"}


def _unavailable(reason: str) -> None:
    """Skip with what to install, or fail under CI, where a missing browser is a broken
    set-up and not a reason to pass."""
    message = f"HTML browser tests cannot run: {reason}; {INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _chromium() -> str:
    chosen = os.environ.get("PATHFINDER_CHROMIUM")
    if chosen:
        if not Path(chosen).is_file():
            _unavailable(f"PATHFINDER_CHROMIUM={chosen} is not a file")
        return chosen
    found = shutil.which("chromium")
    if not found:
        _unavailable("no chromium on PATH and PATHFINDER_CHROMIUM is not set")
    return str(found)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        # launch() gives every browser a fresh temporary profile (user data dir) of its own.
        launched = playwright.chromium.launch(
            executable_path=executable, args=ARGS, timeout=TIMEOUT_MS
        )
        yield launched
        launched.close()


def _run(runner: CliRunner, env: dict[str, str | None], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A saved plan with progress (done, reading, skipped, notes), exported as HTML and
    JSON, and the same plan from ``plan --format json``."""
    folder = tmp_path_factory.mktemp("html-export")
    env: dict[str, str | None] = {
        "PATHFINDER_PROGRESS": str(folder / "progress.yaml"),
        "PATHFINDER_CACHE": "",
        "PATHFINDER_CATALOG": None,
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "NO_COLOR": "1",
    }
    runner = CliRunner()
    goals = [arg for goal in GOALS for arg in ("--goal", goal)]
    _run(runner, env, "start", *goals)
    _run(runner, env, "done", *DONE)
    _run(runner, env, "reading", READING)
    _run(runner, env, "skip", SKIPPED)
    for rid, text in NOTES.items():
        _run(runner, env, "note", rid, text)
    page = folder / "plan.html"
    _run(runner, env, "export", "--format", "html", "--output", str(page))
    export = json.loads(_run(runner, env, "export", "--format", "json"))
    planned = json.loads(_run(runner, env, "plan", *goals, "--format", "json"))
    return {"page": page, "export": export, "plan": planned}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("PATHFINDER_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser: Browser, page_file: Path, width: int) -> tuple[Page, list[str]]:
    """The page loaded with every request routed: the page file itself is served, anything
    else is refused and recorded."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    url = page_file.resolve().as_uri()
    foreign: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="load")
    return page, foreign


@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_width_and_shows_the_picture(
    browser: Browser,
    exported: dict[str, Any],
    screenshots: Path,
    width: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page, _ = _open(browser, exported["page"], width)
    try:
        inner = page.evaluate("innerWidth")
        assert inner == width
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= inner, f"the page scrolls sideways at {width} px: {scroll} > {inner}"
        # No box of its own scrolls sideways either (a picture hidden in a scroller).
        scrollers = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => getComputedStyle(e).overflowX !== 'visible'
                             && e.scrollWidth > e.clientWidth + 1)
                .map(e => e.tagName + '.' + e.className)"""
        )
        assert scrollers == []
        picture = page.locator("figure svg")
        assert picture.count() == 1
        assert picture.is_visible()
        box = picture.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner, (box, inner)
        assert box["width"] > 0.5 * min(inner, 800) and box["height"] > 50, box
        shot = screenshots / f"plan-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        with capsys.disabled():
            print(f"\nscreenshot at {width} px: {shot}")
    finally:
        page.close()


def test_every_resource_links_to_its_catalog_url_with_status_and_note(
    browser: Browser, exported: dict[str, Any]
) -> None:
    export = exported["export"]
    page, _ = _open(browser, exported["page"], WIDTHS[0])
    try:
        statuses = {item["id"]: item["status"] for item in export["items"]}
        assert statuses[DONE[0]] == statuses[DONE[1]] == "done"
        assert statuses[READING] == "reading" and statuses[SKIPPED] == "skipped"
        for item in export["items"]:
            entry = page.locator(f'ol.plan > li[data-id="{item["id"]}"]')
            assert entry.count() == 1, item["id"]
            anchor = entry.locator("a.title")
            assert anchor.get_attribute("href") == item["url"]
            assert anchor.inner_text() == item["title"]
            badge = entry.locator(".status")
            assert badge.inner_text() == WORDS[item["status"]], item["id"]
            assert badge.is_visible()
            why = entry.locator(".why")
            assert why.is_visible() and why.inner_text() == f"Why: {item['reason']}"
            note = entry.locator(".note")
            if item["note"]:
                assert note.is_visible() and note.inner_text() == f"Note: {item['note']}"
            else:
                assert note.count() == 0
        assert {i["id"]: i["note"] for i in export["items"] if i["note"]} == NOTES
        optional = export["optional"]
        assert optional, "the plan should list optional reading after the path"
        for extra in optional:
            anchor = page.locator(f'ul.optional > li[data-id="{extra["id"]}"] a')
            assert anchor.get_attribute("href") == extra["url"]
        hrefs = page.eval_on_selector_all("a[href]", "all => all.map(a => a.getAttribute('href'))")
        expected = [i["url"] for i in export["items"]] + [o["url"] for o in optional]
        assert hrefs == expected
        summary = page.locator("header .summary").inner_text()
        assert "2 done" in summary and "1 reading" in summary and "1 skipped" in summary
    finally:
        page.close()


def test_items_keep_plan_order_under_topic_labels(
    browser: Browser, exported: dict[str, Any]
) -> None:
    planned = exported["plan"]["items"]
    page, _ = _open(browser, exported["page"], WIDTHS[1])
    try:
        shown = page.eval_on_selector_all(
            "ol.plan > li",
            """all => all.map(li => ({
                id: li.dataset.id,
                number: li.querySelector('.pos').innerText,
                ordinal: li.parentElement.start + [...li.parentElement.children].indexOf(li),
            }))""",
        )
        assert [s["id"] for s in shown] == [i["id"] for i in planned]
        assert [s["number"] for s in shown] == [f"{i['position']}." for i in planned]
        assert [s["ordinal"] for s in shown] == [i["position"] for i in planned]
        titles = {tid: topic.title for tid, topic in load_catalog().topics.items()}
        seen: set[str] = set()
        runs = []
        for item in planned:
            if not runs or runs[-1][0] != item["topic"]:
                again = item["topic"] in seen
                runs.append((item["topic"], titles[item["topic"]] + (" (continued)" * again)))
                seen.add(item["topic"])
        labels = page.eval_on_selector_all("h3.topic", "all => all.map(h => h.textContent)")
        assert labels == [label for _, label in runs]
        assert any("(continued)" in label for label in labels), "this plan returns to a topic"
    finally:
        page.close()


def test_a_small_picture_keeps_its_own_size(
    browser: Browser, exported: dict[str, Any], tmp_path: Path
) -> None:
    """The big plan's picture shrinks to the column; a one-item one is not blown up."""
    small = tmp_path / "small.html"
    env: dict[str, str | None] = {"PATHFINDER_PROGRESS": str(tmp_path / "none.yaml")}
    _run(
        CliRunner(), env, "plan", "-g", "mooncake", "-l", "advanced", "-f", "html", "-o", str(small)
    )
    for page_file, shrunk in ((exported["page"], True), (small, False)):
        page, _ = _open(browser, page_file, WIDTHS[0])
        try:
            own, shown = page.evaluate(
                """() => { const svg = document.querySelector('figure svg');
                           return [svg.viewBox.baseVal.width,
                                   svg.getBoundingClientRect().width]; }"""
            )
        finally:
            page.close()
        assert own > 0
        if shrunk:
            assert shown < own
        else:
            assert abs(shown - own) <= 1, (own, shown)


def test_page_fetches_nothing(browser: Browser, exported: dict[str, Any], tmp_path: Path) -> None:
    page, foreign = _open(browser, exported["page"], WIDTHS[0])
    page.close()
    assert foreign == []
    # The guard itself sees requests: the same page with one external image is caught.
    leaky = tmp_path / "leaky.html"
    text = exported["page"].read_text(encoding="utf-8")
    leaky.write_text(text.replace("</body>", '<img src="https://example.org/x.png"></body>'))
    page, foreign = _open(browser, leaky, WIDTHS[0])
    page.close()
    assert foreign == ["https://example.org/x.png"]


class _Outline(HTMLParser):
    """The topic labels and list items of a page, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.outline: list[tuple[str, str]] = []
        self._in_label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "h3" and found.get("class") == "topic":
            self._in_label = True
            self.outline.append(("label", ""))
        elif tag == "li" and found.get("data-status"):
            self.outline.append(("item", found.get("data-id") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_label = False

    def handle_data(self, data: str) -> None:
        if self._in_label:
            kind, text = self.outline[-1]
            self.outline[-1] = (kind, text + data)


@settings(max_examples=60, deadline=None)
@given(
    topics=st.lists(st.sampled_from(["t0", "t1", "t2"]), min_size=1, max_size=12),
    levels=st.lists(st.sampled_from(["beginner", "intermediate", "advanced"]), min_size=12),
    edges=st.sets(st.tuples(st.integers(0, 11), st.integers(0, 11))),
)
def test_page_lists_items_in_plan_order_with_a_label_at_each_topic_change(
    topics: list[str], levels: list[str], edges: set[tuple[int, int]]
) -> None:
    ids = [f"r{i}" for i in range(len(topics))]
    hard: dict[str, list[str]] = {}
    for a, b in edges:
        if a < b < len(ids):
            hard.setdefault(ids[b], []).append(ids[a])
    catalog = make_catalog([(rid, topics[i], levels[i]) for i, rid in enumerate(ids)], hard=hard)
    result = plan(catalog, sorted(set(topics)))
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    page = exporter("html")(export_context(result, catalog, None, date(2026, 11, 30), now))
    parser = _Outline()
    parser.feed(page)
    expected: list[tuple[str, str]] = []
    seen: set[str] = set()
    previous = None
    for item in result.items:
        if item.topic != previous:
            expected.append(("label", item.topic + (" (continued)" if item.topic in seen else "")))
            seen.add(item.topic)
            previous = item.topic
        expected.append(("item", item.id))
    assert parser.outline == expected
