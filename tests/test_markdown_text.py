"""The Markdown checklist says exactly what the catalog and the learner wrote: rendered by a
real CommonMark parser (markdown-it-py with GitHub's task lists), every title, heading and
note reads as its text, with no stray backslashes and no syntax let through; the note shows
on a line of its own, inside its item."""

from __future__ import annotations

from datetime import date, datetime, timezone
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

from pathfinder import load_catalog, plan
from pathfinder.progress.records import Progress, with_note
from pathfinder.render.context import export_context
from pathfinder.render.exports import exporter

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
START = date(2026, 11, 30)
NOTED = "distserve-goodput"  # the second of the mooncake plan's three items
CATALOG = load_catalog()


def _markdown(title: str = "", note: str = "", topic_title: str = "") -> str:
    """The mooncake plan as a checklist; ``title`` replaces every title, ``topic_title``
    the inference topic's, ``note`` is on distserve-goodput."""
    catalog = load_catalog()
    if title:
        catalog.resources = {rid: r._replace(title=title) for rid, r in catalog.resources.items()}
    if topic_title:
        topic = catalog.topics["inference"]
        catalog.topics = {**catalog.topics, "inference": topic._replace(title=topic_title)}
    result = plan(catalog, ["mooncake"])
    progress = with_note(Progress(), NOTED, note, NOW, catalog) if note else Progress()
    return exporter("markdown")(export_context(result, catalog, progress, START, NOW))


class _Text(HTMLParser):
    """The text of the items' links, of the block quotes and of the second-level headings."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.hrefs: list[str] = []
        self.quotes: list[str] = []
        self.headings: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
            self.links.append("")
            self._into = self.links
        elif tag == "blockquote":
            self.quotes.append("")
            self._into = self.quotes
        elif tag == "h2":
            self.headings.append("")
            self._into = self.headings

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "blockquote", "h2"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into[-1] += data


def _read(markdown: str) -> _Text:
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(markdown)
    parser = _Text()
    parser.feed(html)
    return parser


def _tasks(markdown: str) -> list[Token]:
    tokens = MarkdownIt("commonmark").use(tasklists_plugin).parse(markdown)
    return [
        t for t in tokens if t.type == "list_item_open" and t.attrGet("class") == "task-list-item"
    ]


def test_no_needless_escapes_in_ordinary_text() -> None:
    markdown = _markdown(
        title="Attention (part 2): what's new! #1 | 50% off - a_b > c",
        note="re-read (topic inference) first; C# & x < y",
    )
    assert "[Attention (part 2): what's new! #1 | 50% off - a_b > c](" in markdown
    assert "  > Note: re-read (topic inference) first; C# & x < y\n" in markdown
    assert "\\" not in markdown.replace("\\`", "")  # nothing escaped: no backslash at all


def test_the_note_is_on_its_own_line_inside_its_item() -> None:
    markdown = _markdown(note="check the *appendix*")
    lines = markdown.splitlines()
    item = next(i for i, line in enumerate(lines) if f"`{NOTED}`" in line)
    assert lines[item + 1] == "  > Note: check the \\*appendix\\*"
    tokens = MarkdownIt("commonmark").use(tasklists_plugin).parse(markdown)
    opened = next(
        i for i, t in enumerate(tokens) if t.type == "inline" and f"`{NOTED}`" in t.content
    )
    # inside the same list item: the quote opens before the item closes, one level deeper
    rest = tokens[opened:]
    quote = next(i for i, t in enumerate(rest) if t.type == "blockquote_open")
    closed = next(i for i, t in enumerate(rest) if t.type == "list_item_close")
    assert quote < closed
    assert rest[quote].level == tokens[opened].level - 1  # a child of the list item
    html = MarkdownIt("commonmark").use(tasklists_plugin).render(markdown)
    assert "<blockquote>\n<p>Note: check the *appendix*</p>\n</blockquote>" in html
    assert len(_tasks(markdown)) == 3
    assert '<li class="task-list-item"><p>' not in html  # the list stayed tight


_PIECES = st.sampled_from(
    [
        *"\\`*_[]()<>!#&|~:;/=+-.'\" x1é\t",
        *["&amp;", "&#65;", "&#x41;", "<b>", "</i>", "<!--", "](https://evil.example)"],
        *["**", "__", "``", " #", "<https://x.example>", "\\\n", "*em*", "_em_", "**strong**"],
        *["`code`", "~~gone~~", "[a](https://evil.example)", "![i](x)"],
    ]
)
_TEXT = (
    st.lists(
        st.one_of(_PIECES, st.characters(blacklist_categories=("Cc", "Cs"))),
        min_size=1,
        max_size=25,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


@settings(max_examples=150, deadline=None)
@given(title=_TEXT, note=_TEXT, topic_title=_TEXT)
def test_rendered_text_is_the_text_written(title: str, note: str, topic_title: str) -> None:
    """Whatever the text, the rendered page shows it (whitespace folded to single spaces, as
    one line): every item's link text is the title, the quote is the note, the heading is the
    topic's title; and the structure is intact (three tasks, only the resources' links)."""
    markdown = _markdown(title=title, note=note, topic_title=topic_title)
    seen = _read(markdown)
    fold = " ".join
    assert seen.links == [fold(title.split())] * 3
    assert seen.quotes == [f"\nNote: {fold(note.split())}\n"]
    assert fold(topic_title.split()) in seen.headings
    assert len(_tasks(markdown)) == 3
    urls = {r.url for r in CATALOG.resources.values()}
    assert set(seen.hrefs) <= urls
