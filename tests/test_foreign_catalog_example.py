"""A catalog we did not write, end to end: Metacademy's concept graph converted by
examples/metacademy/convert.py, then every command on it as a user would run them."""

from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from pathfinder import load_catalog, plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "metacademy"
_spec = importlib.util.spec_from_file_location("metacademy_convert", EXAMPLE / "convert.py")
convert = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["metacademy_convert"] = convert
_spec.loader.exec_module(convert)  # type: ignore[union-attr]

GOAL = "backpropagation"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("metacademy")
    resources, edges = convert.convert(EXAMPLE / "source", out)
    assert (resources, edges) == (109, 252)
    return out


def test_the_converted_catalog_passes_strict_check(cli, folder: Path) -> None:
    result = cli("check", "--strict", "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stderr == "0 errors, 0 warnings\n"


def test_it_uses_every_format_extension(folder: Path) -> None:
    catalog = load_catalog([folder], builtin=False)
    groups = [g for req in catalog.requirements.values() for g in req.one_of]
    assert groups and all(g.choose == "lightest" for g in groups)
    shortcuts = [r for r in catalog.resources.values() if r.section]
    assert len(shortcuts) == 6
    assert all(catalog.resources[r.id.removesuffix("-shortcut")].url == r.url for r in shortcuts)
    assert catalog.topics["multivariable-calculus"].includes
    prereqs = yaml.safe_load((folder / "prerequisites.yaml").read_text())
    assert "implied-edge" in prereqs["check"]["ignore"]


@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
def test_plans_at_every_level_are_closed_and_ordered(cli, folder: Path, level: str) -> None:
    result = cli("plan", "--catalog", str(folder), "-g", GOAL, "-l", level, "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    position = {item["id"]: item["position"] for item in doc["items"]}
    skipped = {s["id"] for s in doc["skipped"]}
    for item in doc["items"]:
        for p in item["requires"]:
            assert p in skipped or position[p] < item["position"], (p, item["id"])
    assert position[GOAL] == len(doc["items"])


def test_a_lighter_version_is_chosen_when_it_suffices(folder: Path) -> None:
    """For every resource with a "shortcut suffices" group, at beginner level: the shortcut
    is planned, unless a hard edge of the plan needs the full concept anyway."""
    catalog = load_catalog([folder], builtin=False)
    checked = 0
    for rid, req in catalog.requirements.items():
        for group in req.one_of:
            shortcut, full = group.ids
            result = plan(catalog, [rid], "beginner")
            ids = {item.id for item in result.items}
            hard_needs = {e.id for i in result.items for e in catalog.requirements_of(i.id).hard}
            if full not in hard_needs:
                assert shortcut in ids and full not in ids, (rid, group)
                checked += 1
    assert checked >= 5


def test_why_search_and_show(cli, folder: Path) -> None:
    catalog = ["--catalog", str(folder)]
    result = cli("why", "chain-rule", "--goal", GOAL, *catalog)
    assert result.exit_code == 0, result.output
    assert "backpropagation is a goal" in result.output
    result = cli("search", "gaussian", "-n", "3", *catalog)
    assert result.exit_code == 0 and "gaussian" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    result = cli("show", "lagrange-multipliers-shortcut", *catalog)
    assert result.exit_code == 0, result.output
    assert "By: Metacademy contributors" in result.output


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "svg"])
def test_graph_in_every_format(cli, folder: Path, fmt: str) -> None:
    result = cli("graph", "--catalog", str(folder), "-g", GOAL, "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "svg":
        ET.fromstring(result.stdout)
    assert "backpropagation" in result.stdout


def test_progress_commands(cli, folder: Path, tmp_path: Path) -> None:
    catalog = ["--catalog", str(folder)]
    assert cli("start", "-g", GOAL, *catalog).exit_code == 0
    first = json.loads(cli("plan", "-g", GOAL, "-f", "json", *catalog).stdout)["items"][0]["id"]
    result = cli("done", first)
    assert result.exit_code == 0, result.output
    status = cli("status")
    assert status.exit_code == 0 and "1/" in status.output
    nxt = cli("next")
    assert nxt.exit_code == 0 and first not in nxt.output.splitlines()[0]
    out = tmp_path / "plan.md"
    assert cli("export", "-o", str(out)).exit_code == 0
    assert "- [x] 1. " in out.read_text()
