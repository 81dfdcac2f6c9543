"""The planner's rules on small graphs drawn in each test's docstring (edges point from the
prerequisite to what needs it)."""

from __future__ import annotations

import pytest

from catalogs import make_catalog
from pathfinder import LevelPolicy, PathfinderError, UnknownNameError, parse_levels, plan


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.id for item in result.items]


def test_prerequisites_come_first_and_reasons_name_the_dependent() -> None:
    """a -> b -> c (all beginner, topic t)"""
    cat = make_catalog(
        [("c", "t", "beginner"), ("b", "t", "beginner"), ("a", "t", "beginner")],
        hard={"c": ["b"], "b": ["a"]},
    )
    result = plan(cat, ["c"])
    assert ids(result) == ["a", "b", "c"]
    assert result.item("a").reason == "before #2 b"
    assert result.item("c").reason == "About c"  # no concepts: the summary's first sentence
    assert result.chain_to_goal("a") == ["a", "b", "c"]
    assert [i.cumulative_minutes for i in result.items] == [10, 20, 30]


def test_below_level_is_skipped_and_not_expanded() -> None:
    """a(beginner) -> b(beginner) -> c(intermediate)"""
    cat = make_catalog(
        [("a", "t", "beginner"), ("b", "t", "beginner"), ("c", "t", "intermediate")],
        hard={"c": ["b"], "b": ["a"]},
    )
    result = plan(cat, ["c"], "intermediate")
    assert ids(result) == ["c"]
    assert [(s.id, s.reason) for s in result.skipped] == [("b", "below-level")]
    assert result.skipped_minutes == 10


def test_explicit_goal_below_level_is_still_planned_but_topic_members_are_not() -> None:
    cat = make_catalog([("a", "t", "beginner"), ("b", "t", "advanced")])
    assert ids(plan(cat, ["a"], "advanced")) == ["a"]
    assert ids(plan(cat, ["t"], "advanced")) == ["b"]


def test_known_resources_are_skipped_and_a_known_goal_is_refused() -> None:
    """a -> b"""
    cat = make_catalog([("a", "t", "beginner"), ("b", "t", "beginner")], hard={"b": ["a"]})
    result = plan(cat, ["b"], known=["a"])
    assert ids(result) == ["b"]
    assert result.skipped[0].reason == "known"
    with pytest.raises(PathfinderError, match="b is both a goal and --known"):
        plan(cat, ["b"], known=["b"])


def test_one_of_prefers_a_member_already_planned() -> None:
    """x -> goal2 ; {x | y} -> goal1"""
    cat = make_catalog(
        [
            ("y", "t", "beginner"),
            ("x", "t", "advanced"),
            ("g1", "t", "beginner"),
            ("g2", "t", "beginner"),
        ],
        hard={"g2": ["x"]},
        one_of={"g1": [["y", "x"]]},
    )
    assert sorted(ids(plan(cat, ["g1", "g2"]))) == ["g1", "g2", "x"]


_DEPTHS = {"easy": "beginner", "mid": "intermediate", "deep": "advanced"}


@pytest.mark.parametrize(
    ("members", "level", "known", "outcome"),
    [
        # no member below the level: the one nearest the level is planned
        (["deep", "mid", "easy"], "beginner", [], ("planned", {"easy"})),
        (["deep", "mid"], "beginner", [], ("planned", {"mid"})),
        (["deep", "mid"], "intermediate", [], ("planned", {"mid"})),
        (["deep"], "intermediate", [], ("planned", {"deep"})),
        # a member below the level is assumed known: it satisfies the group, nothing is planned
        (["deep", "mid", "easy"], "intermediate", [], ("below-level", {"easy"})),
        (["deep", "mid"], "advanced", [], ("below-level", {"mid"})),
        (["deep", "mid", "easy"], "advanced", [], ("below-level", {"mid", "easy"})),
        # a member given as known comes first, even over one below the level
        (["deep", "mid", "easy"], "intermediate", ["deep"], ("known", {"deep"})),
        (["deep", "mid", "easy"], "beginner", ["mid"], ("known", {"mid"})),
    ],
)
def test_one_of_prefers_a_member_assumed_known_then_the_one_nearest_the_level(
    members: list[str], level: str, known: list[str], outcome: tuple[str, set[str]]
) -> None:
    """{members} -> goal ; goal is explicit so it is always planned"""
    cat = make_catalog(
        [*((m, "t", _DEPTHS[m]) for m in _DEPTHS), ("goal", "t", "beginner")],
        one_of={"goal": [members]},
    )
    result = plan(cat, ["goal"], level, known=known)
    how, acceptable = outcome
    planned = [m for m in ids(result) if m in _DEPTHS]
    skipped = {s.id: s.reason for s in result.skipped}
    assert set(skipped) <= set(_DEPTHS)
    if how == "planned":
        (chosen,) = planned
        assert chosen in acceptable and skipped == {}
        assert ids(result) == [chosen, "goal"]
        assert result.item(chosen).needed_by == ["goal"]
    else:
        assert planned == [], "a member assumed known satisfies the group"
        ((chosen, reason),) = skipped.items()
        assert chosen in acceptable and reason == how
        assert ids(result) == ["goal"]
        assert result.item("goal").requires == [chosen]


def test_per_topic_levels() -> None:
    """k1(beginner, kernels) -> k2(advanced, kernels) ; b1(beginner, basics)"""
    cat = make_catalog(
        [
            ("b1", "basics", "beginner"),
            ("k1", "kernels", "beginner"),
            ("k2", "kernels", "advanced"),
        ],
        hard={"k2": ["k1"]},
    )
    policy = parse_levels(["beginner", "kernels=advanced"], cat)
    assert policy == LevelPolicy(default="beginner", topics={"kernels": "advanced"})
    assert ids(plan(cat, ["basics", "kernels"], policy)) == ["b1", "k2"]
    with pytest.raises(UnknownNameError, match="did you mean kernels"):
        parse_levels(["kernel=advanced"], cat)


def test_soft_edges_order_but_never_add() -> None:
    """a ..soft..> b, both goals; a comes first though b is easier. c is not pulled in."""
    cat = make_catalog(
        [("b", "t", "beginner"), ("a", "t", "advanced"), ("c", "t", "beginner")],
        soft={"b": ["a"], "a": ["c"]},
    )
    assert ids(plan(cat, ["a", "b"])) == ["a", "b"]


def test_conflicting_soft_edge_is_ignored() -> None:
    """a -> b hard, b ..soft..> a: the hard edge wins."""
    cat = make_catalog(
        [("a", "t", "beginner"), ("b", "t", "beginner")], hard={"b": ["a"]}, soft={"a": ["b"]}
    )
    assert ids(plan(cat, ["a", "b"])) == ["a", "b"]


def test_difficulty_rises_across_topics_and_topics_stay_together_within_a_level() -> None:
    """No edges: beginners of both topics first, topic "two" first (it appears first)."""
    cat = make_catalog(
        [
            ("t2-adv", "two", "advanced"),
            ("t1-adv", "one", "advanced"),
            ("t2-beg", "two", "beginner"),
            ("t1-beg", "one", "beginner"),
        ],
    )
    assert ids(plan(cat, ["one", "two"])) == ["t2-beg", "t1-beg", "t2-adv", "t1-adv"]


def test_unknown_goal_suggests_topics_and_ids() -> None:
    cat = make_catalog([("paged", "serving", "beginner")])
    with pytest.raises(UnknownNameError, match="did you mean serving"):
        plan(cat, ["servng"])
    with pytest.raises(UnknownNameError, match="unknown resource 'pagd'; did you mean paged"):
        plan(cat, ["serving"], known=["pagd"])


def test_aliases_resolve_for_goals_and_known() -> None:
    from pathfinder.models import Catalog

    base = make_catalog([("new-id", "t", "beginner")])
    cat = Catalog(
        topics=base.topics,
        resources=base.resources,
        requirements=base.requirements,
        aliases={"old-id": "new-id"},
    )
    assert ids(plan(cat, ["old-id"])) == ["new-id"]
    assert ids(plan(cat, ["t"], known=["old-id"])) == []


def test_an_items_links_read_late_are_those_a_copy_replace_or_pickle_keeps() -> None:
    """The planner works out ``requires`` and ``needed_by`` when first read (a table never
    reads them); whatever path an item takes, it must hold the same lists as the graph says."""
    import copy
    import dataclasses
    import pickle

    from pathfinder.catalog.loader import load_catalog

    catalog = load_catalog()
    result = plan(catalog, ["inference"], "beginner")
    position = {item.id: item.position for item in result.items}
    for item in result.items:
        hard = {e.id for e in catalog.requirements_of(item.id).hard}
        assert set(item.requires) <= hard | {
            m for g in catalog.requirements_of(item.id).one_of for m in g.ids
        }
        users = [u.id for u in result.items if item.id in u.requires]
        assert item.needed_by == users  # in plan order, each once
        assert all(position[u] > item.position for u in users)
    fresh = plan(catalog, ["inference"], "beginner")  # nothing read yet
    for made in (
        [copy.copy(i) for i in fresh.items],
        [dataclasses.replace(i) for i in fresh.items],
        pickle.loads(pickle.dumps(fresh.items)),
    ):
        assert [(i.requires, i.needed_by) for i in made] == [
            (i.requires, i.needed_by) for i in result.items
        ]
    item = fresh.items[-1]
    item.needed_by = ["set-by-hand"]
    assert item.needed_by == ["set-by-hand"]
