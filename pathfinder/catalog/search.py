"""Finding resources by words: ranked matches over ids, titles, concepts, authors, summaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pathfinder.models import Catalog, Resource

# How much a query word counts, by where it is found (whole-word hits count double).
WEIGHTS = {"id": 6.0, "title": 5.0, "concepts": 4.0, "authors": 3.0, "summary": 1.5, "topic": 1.0}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Match:
    resource: Resource
    score: float
    fields: list[str]


def search(catalog: Catalog, query: str, limit: int = 10) -> list[Match]:
    """Resources matching every word of ``query`` somewhere, best first; ties in catalog order.
    Linear in the catalog's text."""
    words = _WORD.findall(query.lower())
    if not words:
        return []
    matches = []
    for index, resource in enumerate(catalog.resources.values()):
        fields = _fields(resource)
        score = 0.0
        found: list[str] = []
        for word in words:
            best = 0.0
            for name, text in fields.items():
                if word in text:
                    whole = 2.0 if word in _WORD.findall(text) else 1.0
                    gain = WEIGHTS[name] * whole
                    if gain > best:
                        best = gain
                    if name not in found:
                        found.append(name)
            if best == 0:
                break
            score += best
        else:
            phrase = " ".join(words)
            if len(words) > 1:  # the words together, as typed, count extra
                score += sum(WEIGHTS[name] for name, text in fields.items() if phrase in text)
            if query.lower().strip() == resource.id:
                score += 100
            matches.append((score, -index, Match(resource, score, found)))
    matches.sort(key=lambda m: (m[0], m[1]), reverse=True)
    return [m for _, _, m in matches[:limit]]


def _fields(resource: Resource) -> dict[str, str]:
    return {
        "id": resource.id.replace("-", " ") + " " + resource.id,
        "title": resource.title.lower(),
        "concepts": " | ".join(resource.concepts).lower(),
        "authors": " | ".join(resource.authors).lower(),
        "summary": resource.summary.lower(),
        "topic": resource.topic,
    }
