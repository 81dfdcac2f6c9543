"""The JSON writer is a faster way to write exactly what ``json.dumps(..., indent=2)`` writes
of the plan document: compared here byte for byte, on real plans and on hostile text."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from pathfinder import load_catalog, plan
from pathfinder.errors import visible
from pathfinder.models import LevelPolicy
from pathfinder.progress.records import Progress, with_note, with_status
from pathfinder.render import json as json_render
from pathfinder.render.context import export_context
from pathfinder.render.exports import exporter

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
_RAW = re.compile("[\x7f-\x9f]")
CATALOG = load_catalog()
TRICKY = 'quote " backslash \\ tab \t nl \n del \x7f c1 \x85 nul \x00 ls \u2028 é 🚀 </script>'


def _reference(doc: object) -> str:
    """What the writer must equal: the standard library's indented text, with DEL and C1
    characters escaped as the module documents."""
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _plan(goals: list[str], level: LevelPolicy | str = "beginner", title: str = "", **kw):  # type: ignore[no-untyped-def]
    catalog = CATALOG
    if title:
        catalog = load_catalog()
        catalog.resources = {
            rid: r._replace(title=title + rid) for rid, r in catalog.resources.items()
        }
    return catalog, plan(catalog, goals, level, **kw)


def test_render_equals_the_standard_library_on_every_topic_and_level() -> None:
    for topic in CATALOG.topics:
        for level in ("beginner", "intermediate", "advanced"):
            _, result = _plan([topic], level)
            statuses = {result.items[0].id: "done"} if result.items else {}
            for given_statuses in (None, statuses):
                doc = json_render.plan_document(result, given_statuses)
                assert json_render.render(result, False, given_statuses) == _reference(doc)


def test_render_with_skipped_known_and_optional_items() -> None:
    _, result = _plan(
        ["inference", "mooncake"],
        LevelPolicy(default="intermediate", topics={"kernels": "advanced"}),
        known=["paged-attention"],
    )
    assert result.skipped and result.known
    assert json_render.render(result) == _reference(json_render.plan_document(result))


def _export_reference(ctx) -> str:  # type: ignore[no-untyped-def]
    doc = json_render.plan_document(ctx.plan, ctx.statuses)
    for item in doc["items"]:  # type: ignore[union-attr]
        item["note"] = ctx.notes.get(item["id"])
        item["week"] = ctx.weeks.get(item["id"])
    doc["pace"] = ctx.pace
    doc["hours_per_week"] = ctx.hours_per_week
    doc["generated"] = ctx.generated.isoformat()
    return _reference(doc)


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=30))
def test_export_equals_the_standard_library_on_any_text(text: str) -> None:
    catalog, result = _plan(["mooncake"], title=text)
    first, second = result.items[0].id, result.items[1].id
    progress = with_status(Progress(), [first], "done", NOW, catalog)
    progress = with_note(progress, second, text, NOW, catalog)
    ctx = export_context(result, catalog, progress, date(2026, 11, 30), NOW, 3.5, pace=1.5)
    written = exporter("json")(ctx)
    assert written == _export_reference(ctx)
    assert visible(written) == written  # the registry need not scan it for control characters
    assert json.loads(written)["items"][1]["note"] == text


def test_export_of_tricky_text_is_valid_json_without_raw_controls() -> None:
    catalog, result = _plan(["inference"], title=TRICKY)
    progress = with_note(Progress(), result.items[0].id, TRICKY, NOW, catalog)
    ctx = export_context(result, catalog, progress, date(2026, 11, 30), NOW)
    written = exporter("json")(ctx)
    assert written == _export_reference(ctx) and visible(written) == written
    doc = json.loads(written)
    assert doc["items"][0]["note"] == TRICKY
    assert doc["items"][0]["title"].startswith(TRICKY)
    assert not re.search("[\x00-\x1f\x7f-\x9f]", written.replace("\n", ""))
