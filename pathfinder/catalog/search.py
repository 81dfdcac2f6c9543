"""Finding resources by words: ranked matches over ids, titles, concepts, authors, summaries.

Words are Unicode words, compared folded: case-folded, with accents and other combining marks
removed (NFKD), so "Gödel", "godel" and "GÖDEL" find each other whichever way they are written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pathfinder.models import Catalog, Resource

# How much a query word counts, by where it is found (whole-word hits count double).
WEIGHTS = {"id": 6.0, "title": 5.0, "concepts": 4.0, "authors": 3.0, "summary": 1.5, "topic": 1.0}
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; "_" and "-" separate words


@dataclass(frozen=True)
class Match:
    resource: Resource
    score: float
    fields: list[str]


def fold(text: str) -> str:
    """``text`` as search compares it: case-folded, compatibility-decomposed (NFKD) and
    without combining marks, so "Gödel" and "GÖDEL" become "godel" and "ﬁle" becomes "file".
    ASCII text, most of a catalog, takes the fast path: ``lower`` is ``casefold`` there."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # "…" and the like: nothing left to strip
        return decomposed
    return _combining_marks().sub("", decomposed)


@cache
def _combining_marks() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane (every script's accents and
    vowel points), as one character class: a regular expression strips them ten times faster
    than a loop over characters. Built on first use (a few milliseconds), so ASCII catalogs
    never pay for it. Marks beyond U+FFFF are kept, alike in query and text."""
    marks = "".join(c for c in map(chr, range(0x10000)) if unicodedata.combining(c))
    return re.compile(f"[{re.escape(marks)}]+")


def search(catalog: Catalog, query: str, limit: int = 10) -> list[Match]:
    """Resources matching every word of ``query`` somewhere, best first; ties in catalog order.
    Linear in the catalog's text."""
    folded = fold(query)
    words = _WORD.findall(folded)
    if not words:
        return []
    exact = folded.strip()
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
            if exact == resource.id:
                score += 100
            matches.append((score, -index, Match(resource, score, found)))
    matches.sort(key=lambda m: (m[0], m[1]), reverse=True)
    return [m for _, _, m in matches[:limit]]


def _fields(resource: Resource) -> dict[str, str]:
    return {
        "id": resource.id.replace("-", " ") + " " + resource.id,
        "title": fold(resource.title),
        "concepts": fold(" | ".join(resource.concepts)),
        "authors": fold(" | ".join(resource.authors)),
        "summary": fold(resource.summary),
        "topic": resource.topic,
    }
