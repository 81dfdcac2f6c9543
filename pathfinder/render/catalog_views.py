"""Terminal views of the catalog itself: the topic overview, one resource's card, search
results, and why an "any one of" alternative was left out of a plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from pathfinder.models import LEVELS, Catalog
from pathfinder.planning.planner import pick_by_rule
from pathfinder.render.text import WIDTH, duration, fit, hours, plural, style, wrap

if TYPE_CHECKING:  # types only: show never builds a plan nor searches
    from pathfinder.catalog.search import Match
    from pathfinder.planning.plan import Plan


def goals(catalog: Catalog, color: bool = False, width: int = WIDTH) -> str:
    """Every topic, in study order, with how much there is to read at each level. Counts and
    hours are the core resources a topic goal plans; optional ones are listed below.

    The table fits ``width`` (a narrow terminal's, down to about 60 columns): each column is
    as wide as its longest value (never narrower than the built-in catalog's layout), the
    title takes what is left and is cut with "…", and a topic id too long for its column gets
    a line of its own, whole, above its row. The text below wraps to ``width``."""
    rows = [_topic_row(catalog, topic_id) for topic_id in catalog.topics]
    titles = {topic_id: topic.title for topic_id, topic in catalog.topics.items()}
    items_w = max([5, *(len(row[1]) for row in rows)])
    split_w = max([15, *(len(row[2]) for row in rows)])
    hours_w = max([6, *(len(row[3]) for row in rows)])
    # the columns right of the title, and the last column of the screen, left free as always
    numbers = 1 + items_w + 2 + split_w + 1 + hours_w + 1
    room = width - numbers - 1 - _MIN_TITLE
    id_w = max([15, *(n for row in rows if (n := len(row[0])) <= room)])
    title_w = max(width - id_w - 1 - numbers, _NARROWEST_TITLE)
    header = (
        f"{'Topic':<{id_w}} {'Title':<{title_w}} {'Items':>{items_w}}  "
        f"{'beg/int/adv':<{split_w}} {'Time':>{hours_w}}"
    )
    lines = [style(header, "bold", color)]
    for topic_id, count, split, hours_text in rows:
        if len(topic_id) > id_w:
            lines.append(style(topic_id, "cyan", color))
            name = " " * id_w
        else:
            name = style(f"{topic_id:<{id_w}}", "cyan", color)
        title = fit(titles[topic_id], title_w)
        lines.append(
            f"{name} {title:<{title_w}} {count:>{items_w}}  {split:<{split_w}} "
            f"{hours_text:>{hours_w}}"
        )
    optional = [r for r in catalog.resources.values() if r.optional]
    total = sum(r.minutes for r in catalog.resources.values() if not r.optional)
    summary = (
        f"{plural(len(catalog.resources), 'resource')} in {plural(len(catalog.topics), 'topic')}"
    )
    lines += wrap(f"{summary}: {hours(total)} on the topics' paths.", 0, width, hang=2)
    if optional:
        extra = hours(sum(r.minutes for r in optional))
        lines += wrap(
            f"Optional, off the paths ({extra}; add with --include-optional):", 0, width, hang=2
        )
        for r in optional:
            entry = f"{r.id} ({r.topic}, {duration(r.minutes)})"
            lines += _fitted(wrap(entry, 2, width, hang=4), width)
    lines.append("")
    lines += _hint(
        "Plan one:", ["pathfinder plan --goal TOPIC --level beginner|intermediate|advanced"], width
    )
    lines += _hint(
        "A resource id works as a goal too; see one with:", ["pathfinder show ID"], width
    )
    if catalog.labs:
        lines += ["", style("Labs to follow (not study material):", "bold", color)]
        for lab in catalog.labs:
            text = f"{lab.name} ({', '.join(lab.topics)}): {lab.url}"
            lines += wrap(text, indent=2, width=width, max_lines=2, hang=2)
    return "\n".join(lines) + "\n"


_MIN_TITLE = 20  # the goals table's title column is never narrower, however long the ids
_NARROWEST_TITLE = 10  # nor narrower than this, however narrow the terminal


def _topic_row(catalog: Catalog, topic_id: str) -> tuple[str, str, str, str]:
    """A topic's id, core resource count, count per level and hours, as the table shows them."""
    members = [
        r for r in map(catalog.resources.__getitem__, catalog.members(topic_id)) if not r.optional
    ]
    levels = Counter(r.level for r in members)
    split = "/".join(str(levels[lvl]) for lvl in LEVELS)
    minutes = sum(r.minutes for r in members)
    return topic_id, str(len(members)), split, hours(minutes)


def _hint(lead: str, commands: list[str], width: int) -> list[str]:
    """A hint and the commands it names: one line when it fits, else each command whole on a
    line of its own (a command is copied, so it is never broken across lines)."""
    line = f"{lead} {' · '.join(commands)}"
    if len(line) <= width:
        return [line]
    return [lead, *(f"  {command}" for command in commands)]


def _fitted(lines: list[str], width: int = WIDTH) -> list[str]:
    """``lines`` cut to ``width``: the last resort for a word (an id) longer than a line."""
    return [fit(line, width) for line in lines]


@dataclass(frozen=True)
class Yours:
    """The learner's side of a resource, from the progress file: its status and note, and
    its place in the current saved plan (None when it is not in it, or no plan is saved)."""

    status: str
    note: str | None = None
    position: int | None = None
    plan_size: int = 0
    goals: tuple[str, ...] = ()


def resource_card(
    catalog: Catalog, rid: str, color: bool = False, yours: Yours | None = None, width: int = WIDTH
) -> str:
    """One resource with its facts, what it needs and what needs it; with ``yours``, the
    learner's status, place in their plan and note, right under the facts. Wrapped to
    ``width`` columns (the CLI passes a narrow terminal's)."""
    _wrap = partial(wrap, width=width)
    r = catalog.resources[rid]
    req = catalog.requirements_of(rid)
    facts = [rid, r.kind, r.topic, r.level, duration(r.minutes), str(r.year or "year unknown")]
    lines = [style(line, "bold", color) for line in _wrap(r.title, indent=0)]
    lines += _wrap(" · ".join(facts), indent=0)
    if r.authors:  # a catalog may leave them out; "By: unknown" would say nothing
        lines += _wrap(f"By: {', '.join(r.authors)}", indent=0, max_lines=3, hang=4)
    lines.append(f"URL: {r.url}")
    if yours is not None:
        lines += _yours(yours, width)
    lines += ["", *_wrap(r.summary, indent=0, max_lines=8)]
    if r.concepts:
        lines += ["", *_wrap(f"Concepts: {', '.join(r.concepts)}", indent=0, max_lines=4)]
    if r.aliases:
        lines += _wrap(f"Former ids: {', '.join(r.aliases)}", indent=0, hang=4)
    sections: list[tuple[str, list[str]]] = [
        ("Read first (hard prerequisites)", [_edge(e.id, e.why) for e in req.hard]),
        ("Any one of", [_edge(" or ".join(g.ids), g.why) for g in req.one_of]),
        ("Helps to have read (soft)", [_edge(e.id, e.why) for e in req.soft]),
        ("Needed by", _dependents(catalog, rid, hard=True)),
        ("Helps with", _dependents(catalog, rid, hard=False)),
    ]
    for heading, entries in sections:
        if entries:
            lines += ["", style(f"{heading}:", "bold", color)]
            for entry in entries:
                lines += _wrap(f"- {entry}", indent=2, max_lines=3, hang=2)
    labs = [lab.name for lab in catalog.labs if r.topic in lab.topics]
    if labs:
        lines += ["", *_wrap(f"Labs working on {r.topic}: {', '.join(labs)}", indent=0, hang=4)]
    return "\n".join(lines) + "\n"


def _yours(yours: Yours, width: int = WIDTH) -> list[str]:
    _wrap = partial(wrap, width=width)
    where = (
        f"#{yours.position} of {yours.plan_size} in your plan for {', '.join(yours.goals)}"
        if yours.position is not None
        else ("not in your current plan" if yours.goals else "")
    )
    lines = _wrap(f"Your status: {yours.status}" + (f" · {where}" if where else ""), 0, hang=4)
    if yours.note:
        lines += _wrap(f"Your note: {yours.note}", 0, max_lines=6, hang=4)
    return lines


def _edge(target: str, why: str | None) -> str:
    return f"{target}: {why}" if why else target


def _dependents(catalog: Catalog, rid: str, hard: bool) -> list[str]:
    out: list[str] = []
    for other, req in catalog.requirements.items():
        if hard:
            needs = any(e.id == rid for e in req.hard) or any(rid in g.ids for g in req.one_of)
        else:
            needs = any(e.id == rid for e in req.soft)
        if needs:
            out.append(other)
    return out


def search_results(
    query: str, matches: list[Match], color: bool = False, width: int = WIDTH
) -> str:
    """Each match as its rank and id, its topic, level and length, its title and where the
    words were found. Fits ``width``: the facts move under a long id, and an id too long to
    follow its rank gets a line of its own."""
    if not matches:
        return f"No resources match {query!r}. Try fewer or shorter words, or: pathfinder goals\n"
    lines = []
    for rank, match in enumerate(matches, start=1):
        r = match.resource
        facts = f"({r.topic}, {r.level}, {duration(r.minutes)})"
        number = f"{rank:>2}. "
        name = style(r.id, "cyan", color)
        if len(number) + len(r.id) + 2 + len(facts) <= width:
            lines.append(f"{number}{name}  {facts}")
        else:
            if len(number) + len(r.id) <= width:
                lines.append(f"{number}{name}")
            else:
                lines += [number.rstrip(), name]
            lines += _fitted(wrap(facts, 4, width, hang=1), width)
        lines.append(f"    {fit(r.title, width - 4)}")
        where = wrap(f"matched in: {', '.join(match.fields)}", 4, width, hang=2)
        lines += [style(line, "dim", color) for line in where]
    lines.append("")
    lines += _hint("Use an id with:", ["pathfinder show ID", "pathfinder plan --goal ID"], width)
    return "\n".join(lines) + "\n"


def alternative_not_chosen(plan: Plan, catalog: Catalog, rid: str) -> str | None:
    """Why ``rid``, absent from ``plan``, was not needed: a planned item needs any one of a
    group ``rid`` belongs to, and another member was chosen. Names that member and the rule
    that chose it, in the planner's order: already planned, known, below the learner's level,
    else the group's own rule (nearest the learner's level, lightest, or first listed).
    None when no planned item has such a group."""
    skipped = {s.id: s for s in plan.skipped}
    for item in plan.items:
        for group in catalog.requirements_of(item.id).one_of:
            if rid not in group.ids:
                continue
            chosen = next((m for m in group.ids if m in item.requires and m != rid), None)
            if chosen is None:
                continue
            needs = f"{item.id} (#{item.position}) needs any one of {' or '.join(group.ids)}"
            if group.why:
                needs += f" ({group.why})"
            if chosen in skipped and skipped[chosen].reason == "known":
                rule = "you know it (--known)"
            elif chosen in skipped:
                r = catalog.resources[chosen]
                wanted = plan.level.for_topic(r.topic)
                rule = (
                    f"it is {r.level}, below your level ({wanted}) for {r.topic}, so assumed known"
                )
            elif pick_by_rule(catalog, plan.level, group.ids, group.choose) != chosen:
                rule = f"it is in the plan anyway (#{plan.item(chosen).position})"  # type: ignore[union-attr]
            else:
                rule = _rule_text(plan, catalog, chosen, group.choose)
            return f"{needs}, and {chosen} was chosen instead: {rule}"
    return None


def _rule_text(plan: Plan, catalog: Catalog, chosen: str, rule: str) -> str:
    r = catalog.resources[chosen]
    if rule == "first":
        return "the catalog lists it first, as its preferred choice"
    if rule == "lightest":
        return f"it is the shortest ({duration(r.minutes)}), which this group prefers"
    wanted = plan.level.for_topic(r.topic)
    if r.level == wanted:
        return f"it is at your level ({wanted}) for {r.topic}"
    return f"its level ({r.level}) is the nearest to yours ({wanted}) for {r.topic}"
