"""The shipped catalog: complete, clean, and plannable for every topic at every level."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from pathfinder import build_graph, load_catalog, plan
from pathfinder.catalog.graph import hard_subgraph
from pathfinder.models import LEVELS

DATA = Path(__file__).parent / "data"
CATALOG = load_catalog()


def _urls(name: str) -> list[str]:
    return (DATA / name).read_text().split()


def _norm(url: str) -> str:
    return url.split("#")[0].rstrip("/")


# Seed links the catalog deliberately replaced (the 2026-11 expert review), seed -> catalog.
# Every other seed link must be in the catalog as it is.
REPLACED_SEED_URLS = {
    # the post moved from the company blog to its research site
    "https://blog.character.ai/optimizing-ai-inference-at-character-ai": (
        "https://research.character.ai/optimizing-inference"
    ),
    # the author's own newsletter, not a substack.com redirect
    "https://substack.com/home/post/p-173009699": (
        "https://www.viksnewsletter.com/p/a-beginners-guide-to-ai-interconnects"
    ),
    # NCCL paper: the arXiv abstract page, not a third-party mirror
    "https://www.alphaxiv.org/abs/2507.04786": "https://arxiv.org/abs/2507.04786",
    # Mooncake paper: the arXiv abstract page rather than the PDF
    "https://arxiv.org/pdf/2407.00079": "https://arxiv.org/abs/2407.00079",
    # TransMLA pinned to v2: later versions add authors and a DeepSeek-compatible conversion
    "https://arxiv.org/abs/2502.07864": "https://arxiv.org/abs/2502.07864v2",
}
# Resources added after the reviews that are not in the seed list: an attention-variants guide
# before TransMLA, and the SmoothQuant paper (the seed's video could not be verified).
ADDED_RESOURCES = {"attention-variants-visual-guide", "smoothquant-paper"}


def test_every_study_link_of_the_seed_list_is_a_resource() -> None:
    ours = {_norm(r.url): rid for rid, r in CATALOG.resources.items()}
    seed = [_norm(u) for u in _urls("seed-study-urls.txt")]
    assert len(seed) == len(set(seed)) == 51
    assert set(REPLACED_SEED_URLS) <= set(seed)
    assert not set(REPLACED_SEED_URLS) & set(ours), "a replaced seed link is back: drop its entry"
    expected = [REPLACED_SEED_URLS.get(u, u) for u in seed]
    assert sorted(set(expected) - set(ours)) == []
    # nothing else: every resource is a seed link (as is or replaced) or a deliberate addition
    extra = {rid for url, rid in ours.items() if url not in set(expected)}
    assert extra == ADDED_RESOURCES
    assert len(CATALOG.resources) == 51 + len(ADDED_RESOURCES)


def test_labs_are_data_not_resources() -> None:
    lab_urls = {_norm(u) for u in _urls("seed-lab-urls.txt")}
    assert {_norm(lab.url) for lab in CATALOG.labs} == lab_urls
    assert not lab_urls & {_norm(r.url) for r in CATALOG.resources.values()}


def test_topics_are_in_study_order() -> None:
    assert list(CATALOG.topics)[:2] == ["basics", "architecture"]
    order = list(CATALOG.topics)
    assert order.index("basics") < order.index("kernels") < order.index("inference")


def test_hard_graph_is_acyclic_and_every_resource_is_connected() -> None:
    graph = build_graph(CATALOG)
    assert nx.is_directed_acyclic_graph(hard_subgraph(graph))
    isolated = [n for n in graph if graph.degree(n) == 0]
    assert isolated == []


def test_every_edge_between_levels_points_easier_or_equal_for_beginners() -> None:
    """A beginner resource should not hard-require an advanced one (a level inversion)."""
    graph = build_graph(CATALOG)
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    for u, v, kind in graph.edges(data="kind"):
        if kind == "hard":
            ru, rv = CATALOG.resources[u], CATALOG.resources[v]
            assert rank[ru.level] <= rank[rv.level] + 1, (u, v)
            assert not (rv.level == "beginner" and ru.level == "advanced"), (u, v)


@pytest.mark.parametrize("topic", list(CATALOG.topics))
@pytest.mark.parametrize("level", LEVELS)
def test_each_topic_is_a_valid_goal_at_every_level(topic: str, level: str) -> None:
    result = plan(CATALOG, [topic], level)
    planned = {i.id for i in result.items}
    members = {r.id for r in CATALOG.resources.values() if r.topic == topic}
    optional = {rid for rid in members if CATALOG.resources[rid].optional}
    at_or_above = {
        rid for rid in members if LEVELS.index(CATALOG.resources[rid].level) >= LEVELS.index(level)
    }
    assert at_or_above - optional <= planned
    assert not optional & planned  # optional members are listed after the path, not planned
    with_optional = {i.id for i in plan(CATALOG, [topic], level, include_optional=True).items}
    assert at_or_above <= with_optional
    assert result.total_minutes == sum(i.minutes for i in result.items)
    for item in result.items:
        assert item.reason


@pytest.mark.parametrize("topic", ["inference", "kernels", "training", "basics"])
def test_advanced_plan_is_visibly_shorter_than_beginner(topic: str) -> None:
    beginner = plan(CATALOG, [topic], "beginner")
    advanced = plan(CATALOG, [topic], "advanced")
    assert len(advanced.items) < len(beginner.items)
    assert advanced.total_minutes < beginner.total_minutes
    assert advanced.skipped
