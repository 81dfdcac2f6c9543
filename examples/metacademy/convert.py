"""Convert Metacademy's concept graph into a pathfinder catalog folder.

    python examples/metacademy/convert.py examples/metacademy/source OUT
    pathfinder check --strict --catalog OUT
    pathfinder plan --catalog OUT --goal probability-theory --level beginner

The source is a subset of metacademy/metacademy-content (see README.md beside this file): one
folder per concept with ``title.txt``, ``summary.txt``, ``dependencies.txt`` (records of
``tag:``, ``reason:`` and ``shortcut: 1``) and ``resources.txt``; hour estimates in
``time_estimates/``; three course lists in ``courses/``. How it maps:

* a concept becomes a resource; its url is the concept's Metacademy page, its minutes the
  hour estimate (30 minutes, Metacademy's own minimum, where there is none), its level the
  lowest level of its core reading (introductory: beginner; undergraduate: intermediate;
  graduate or expert: advanced);
* a dependency becomes a hard edge with its reason; one marked "a shortcut suffices" whose
  target has a shortcut version becomes "any one of" the shortcut and the full concept, with
  ``choose: lightest`` (the source's meaning: the lighter one is enough);
* a shortcut is a resource of its own at its concept's url, told apart by ``section``;
* each course is a topic; a concept on several courses' lists is filed under the first and
  included by the others (``includes``); the rest go to a topic "other";
* Metacademy states some implied edges on purpose and its editors judged hard edges and
  levels by their own rules, so the catalog turns those checks off (``check: ignore:``).

Standard library and PyYAML only, so it runs wherever pathfinder does.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

LEVELS = {
    "introductory": "beginner",
    "undergraduate": "intermediate",
    "advanced undergraduate": "intermediate",
    "graduate": "advanced",
    "expert": "advanced",
}
RANK = {"beginner": 0, "intermediate": 1, "advanced": 2}
COURSES = ["linear_algebra", "multivariable_calculus", "probability_theory"]
PAGE = "https://metacademy.org/graphs/concepts/"
DEFAULT_MINUTES = 30


def tag_of(name: str) -> str:
    """Metacademy's own normalisation of a tag as written in a dependency."""
    return re.sub(r"[^a-z0-9]", "_", name.strip().lower())


def id_of(tag: str) -> str:
    return re.sub(r"-+", "-", tag.replace("_", "-")).strip("-")


def records(path: Path) -> list[dict[str, str]]:
    """``key: value`` lines grouped into records by blank lines; ``#`` lines are comments."""
    if not path.exists():
        return []
    out: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            current = None
            continue
        key, _, value = line.partition(":")
        if current is None:
            current = {}
            out.append(current)
        current.setdefault(key.strip(), value.strip())
    return out


def text(path: Path) -> str | None:
    """A text file as one line, with Textile links ``"text":tag`` reduced to their text."""
    if not path.exists():
        return None
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    joined = " ".join(line for line in lines if line and not line.startswith("#"))
    return re.sub(r'"([^"]+)":[A-Za-z0-9_\-]+', r"\1", joined) or None


def hours(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    pairs = (line.split() for line in path.read_text(encoding="utf-8").splitlines())
    return {p[0]: float(p[1]) for p in pairs if len(p) == 2}


def level(folder: Path, sources: dict[str, dict[str, str]]) -> str:
    """The lowest level among a concept's core resources (intermediate when none says)."""
    found = []
    for resource in records(folder / "resources.txt"):
        if resource.get("core") != "1":
            continue
        name = resource.get("level") or sources.get(resource.get("source", ""), {}).get("level")
        if name in LEVELS:
            found.append(LEVELS[name])
    return min(found, key=RANK.__getitem__) if found else "intermediate"


def convert(source: Path, out: Path) -> tuple[int, int]:
    """Write ``out/catalog/*.yaml`` and ``out/prerequisites.yaml``; return (resources, edges)."""
    sources = {r["key"]: r for r in records(source / "resources.txt") if "key" in r}
    concepts = sorted(p.name for p in (source / "concepts").iterdir() if p.is_dir())
    shortcuts = {p.name for p in (source / "shortcuts").iterdir() if p.is_dir()}
    estimates = hours(source / "time_estimates" / "concepts.txt")
    shortcut_estimates = hours(source / "time_estimates" / "shortcuts.txt")
    listed: dict[str, list[str]] = defaultdict(list)  # concept -> courses listing it
    for course in COURSES:
        path = source / "courses" / course / "concepts.txt"
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else ():
            if line.strip() in concepts:
                listed[line.strip()].append(course)

    topics: dict[str, list[dict[str, Any]]] = defaultdict(list)
    includes: dict[str, list[str]] = defaultdict(list)
    requires: dict[str, dict[str, list[Any]]] = {}
    for kind, tags in (("concepts", concepts), ("shortcuts", sorted(shortcuts))):
        for tag in tags:
            folder = source / kind / tag
            short = kind == "shortcuts"
            rid = id_of(tag) + ("-shortcut" if short else "")
            title = text(folder / "title.txt") or tag.replace("_", " ")
            estimate = (shortcut_estimates if short else estimates).get(tag)
            minutes = round(estimate * 60) if estimate else DEFAULT_MINUTES
            entry: dict[str, Any] = {
                "id": rid,
                "title": title[0].upper() + title[1:],
                "url": PAGE + tag,
                # a concept page points at readings: a page to study, or a course when long
                "kind": "course" if minutes > 600 else "docs",
                "authors": ["Metacademy contributors"],
                "level": level(folder, sources),
                "minutes": minutes,
                "summary": text(folder / "summary.txt") or f"Metacademy concept: {title}.",
            }
            if short:
                entry["section"] = "shortcut: the lighter version"
            courses = listed.get(tag, [])
            home = courses[0] if courses and not short else "other"
            topics[home].append(entry)
            for course in courses[1:]:
                includes[course].append(rid)
            needs: dict[str, list[Any]] = defaultdict(list)
            for dep in records(folder / "dependencies.txt"):
                target = tag_of(dep.get("tag", ""))
                if target not in concepts:
                    print(f"warning: {tag}: unknown prerequisite {target} dropped", file=sys.stderr)
                    continue
                reason = dep.get("reason") or None
                if dep.get("shortcut") == "1" and target in shortcuts:
                    group = {
                        "ids": [id_of(target) + "-shortcut", id_of(target)],
                        "choose": "lightest",
                    }
                    needs["one_of"].append({**group, "why": reason} if reason else group)
                else:
                    needs["hard"].append({id_of(target): reason} if reason else id_of(target))
            if needs:
                requires[rid] = dict(needs)

    (out / "catalog").mkdir(parents=True, exist_ok=True)
    order = [c for c in COURSES if c in topics] + (["other"] if "other" in topics else [])
    for name in order:
        topic: dict[str, Any] = {
            "id": id_of(name),
            "title": name.replace("_", " ").capitalize(),
            "description": "Concepts from Metacademy (CC BY-SA 3.0), converted by pathfinder.",
        }
        if includes.get(name):
            topic["includes"] = includes[name]
        document = {"topic": topic, "resources": topics[name]}
        (out / "catalog" / f"{id_of(name)}.yaml").write_text(
            yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
    prerequisites = {
        # The source's own conventions: it states implied edges on purpose, and its hard edges
        # and levels are its editors' judgement, which our heavier rules would second-guess.
        "check": {"ignore": ["implied-edge", "heavy-edge", "level-inversion"]},
        "topic_order": [id_of(name) for name in order],
        "requires": requires,
    }
    (out / "prerequisites.yaml").write_text(
        yaml.safe_dump(prerequisites, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    edges = sum(len(v) for r in requires.values() for v in r.values())
    return sum(len(v) for v in topics.values()), edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the metacademy-content folder (or subset)")
    parser.add_argument("out", type=Path, help="the catalog folder to write")
    args = parser.parse_args()
    resources, edges = convert(args.source, args.out)
    print(f"wrote {resources} resources and {edges} edges to {args.out}")


if __name__ == "__main__":
    main()
