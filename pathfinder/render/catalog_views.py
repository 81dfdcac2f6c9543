"""Terminal views of the catalog itself: the topic overview and one resource's card."""

from __future__ import annotations

from collections import Counter

from pathfinder.catalog.search import Match
from pathfinder.models import LEVELS, Catalog
from pathfinder.render.text import WIDTH, duration, fit, plural, style, wrap


def goals(catalog: Catalog, color: bool = False) -> str:
    """Every topic, in study order, with how much there is to read at each level. Counts and
    hours are the core resources a topic goal plans; optional ones are listed below."""
    title_width = WIDTH - 15 - 1 - 5 - 1 - 16 - 1 - 6 - 2
    header = (
        f"{'Topic':<15} {'Title':<{title_width}} {'Items':>5}  {'beg/int/adv':<15} {'Hours':>6}"
    )
    lines = [style(header, "bold", color)]
    for topic_id, topic in catalog.topics.items():
        members = [r for r in catalog.resources.values() if r.topic == topic_id and not r.optional]
        levels = Counter(r.level for r in members)
        split = "/".join(str(levels[lvl]) for lvl in LEVELS)
        minutes = sum(r.minutes for r in members)
        name = style(f"{topic_id:<15}", "cyan", color)
        title = fit(topic.title, title_width)
        lines.append(
            f"{name} {title:<{title_width}} {len(members):>5}  {split:<15} {minutes / 60:>6.1f}"
        )
    optional = [r for r in catalog.resources.values() if r.optional]
    total = sum(r.minutes for r in catalog.resources.values() if not r.optional)
    summary = (
        f"{plural(len(catalog.resources), 'resource')} in {plural(len(catalog.topics), 'topic')}"
    )
    lines.append(f"{summary}: {total / 60:.1f} h on the topics' paths.")
    if optional:
        extra = sum(r.minutes for r in optional) / 60
        lines.append(f"Optional, off the paths ({extra:.1f} h; add with --include-optional):")
        lines += [f"  {r.id} ({r.topic}, {duration(r.minutes)})" for r in optional]
    lines += ["", "Plan one: pathfinder plan --goal TOPIC --level beginner|intermediate|advanced"]
    lines += ["A resource id works as a goal too; see one with: pathfinder show ID"]
    if catalog.labs:
        lines += ["", style("Labs to follow (not study material):", "bold", color)]
        for lab in catalog.labs:
            lines += wrap(
                f"{lab.name} ({', '.join(lab.topics)}): {lab.url}", indent=2, max_lines=2, hang=2
            )
    return "\n".join(lines) + "\n"


def resource_card(catalog: Catalog, rid: str, color: bool = False) -> str:
    """One resource with its facts, what it needs and what needs it."""
    r = catalog.resources[rid]
    req = catalog.requirements_of(rid)
    facts = [rid, r.kind, r.topic, r.level, duration(r.minutes), str(r.year or "year unknown")]
    lines = [style(r.title, "bold", color), " · ".join(facts)]
    lines += wrap(f"By: {', '.join(r.authors) if r.authors else 'unknown'}", 0, max_lines=3, hang=4)
    lines.append(f"URL: {r.url}")
    lines += ["", *wrap(r.summary, indent=0, max_lines=8)]
    if r.concepts:
        lines += ["", *wrap(f"Concepts: {', '.join(r.concepts)}", indent=0, max_lines=4)]
    if r.aliases:
        lines.append(f"Former ids: {', '.join(r.aliases)}")
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
                lines += wrap(f"- {entry}", indent=2, max_lines=3, hang=2)
    labs = [lab.name for lab in catalog.labs if r.topic in lab.topics]
    if labs:
        lines += ["", f"Labs working on {r.topic}: {', '.join(labs)}"]
    return "\n".join(lines) + "\n"


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


def search_results(query: str, matches: list[Match], color: bool = False) -> str:
    if not matches:
        return f"No resources match {query!r}. Try fewer or shorter words, or: pathfinder goals\n"
    lines = []
    for rank, match in enumerate(matches, start=1):
        r = match.resource
        facts = f"({r.topic}, {r.level}, {duration(r.minutes)})"
        lines.append(f"{rank:>2}. {style(r.id, 'cyan', color)}  {facts}")
        lines.append(f"    {fit(r.title, WIDTH - 4)}")
        lines.append(style(f"    matched in: {', '.join(match.fields)}", "dim", color))
    lines += ["", "Use an id with: pathfinder show ID · pathfinder plan --goal ID"]
    return "\n".join(lines) + "\n"
