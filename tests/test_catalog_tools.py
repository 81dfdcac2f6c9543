"""Contributor tools: check, schema, graph pictures, search and completion."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import networkx as nx
import pydot
import pytest
import yaml

from conftest import resource_yaml, topic_file
from pathfinder import load_catalog
from pathfinder.catalog.json_schemas import SCHEMAS
from pathfinder.catalog.lint import lint
from pathfinder.cli import options

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"


def test_builtin_catalog_passes_strict_check(cli) -> None:
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == "0 errors, 0 warnings\n"


def test_check_errors_exit_1_in_editor_format(cli, write_catalog) -> None:
    text = topic_file("extra", resource_yaml("alpha", kind="podcast"))
    folder = write_catalog({"extra.yaml": text})
    result = cli("check", "--catalog", str(folder))
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    assert re.fullmatch(
        r".*/extra\.yaml:9: error: alpha: kind: Input should be .*\(got 'podcast'\)", line
    )


def test_check_warnings_fail_only_with_strict(cli, write_catalog) -> None:
    """alpha(beginner) needs omega(advanced) and mid; mid needs omega: one inversion, one
    implied edge; lonely has no edges; huge is a blog of 900 minutes."""
    text = topic_file(
        "extra",
        resource_yaml("alpha"),
        resource_yaml("mid", level="intermediate"),
        resource_yaml("omega", level="advanced"),
        resource_yaml("lonely"),
        resource_yaml("huge", minutes=900),
    )
    prereqs = (
        "requires:\n  alpha:\n    hard: [omega, mid]\n  mid:\n    hard: [omega]\n"
        "  huge:\n    soft: [alpha]\n"
    )
    folder = write_catalog({"extra.yaml": text, "prerequisites.yaml": prereqs})
    result = cli("check", "--catalog", str(folder))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "prerequisites.yaml:3: warning: alpha: level inversion: this beginner resource hard-requires advanced 'omega'"
        in out
    )
    assert (
        "prerequisites.yaml:3: warning: alpha: hard edge from 'omega' is implied by omega -> mid -> alpha"
        in out
    )
    assert "extra.yaml:33: warning: lonely: isolated" in out
    assert "huge: 900 minutes is unusual for a blog post (kind blog: expected 5-240)" in out
    assert result.stderr == "0 errors, 4 warnings\n"
    assert cli("check", "--strict", "--catalog", str(folder)).exit_code == 1
    doc = json.loads(cli("check", "--format", "json", "--catalog", str(folder)).stdout)
    assert doc["warnings"] == 4 and doc["errors"] == 0
    assert {f["severity"] for f in doc["findings"]} == {"warning"}
    assert all(f["file"] and f["line"] and f["id"] for f in doc["findings"])


def test_lint_on_the_builtin_catalog_is_clean() -> None:
    assert lint(load_catalog()) == []


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schemas_match_the_models(name: str) -> None:
    committed = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text())
    assert committed == SCHEMAS[name](), (
        f"run: pathfinder schema {name} > schema/{name}.schema.json"
    )


def test_schema_command_prints_the_schema(cli) -> None:
    result = cli("schema", "prerequisites")
    assert result.exit_code == 0
    assert json.loads(result.output) == SCHEMAS["prerequisites"]()


def test_shipped_yaml_validates_against_the_schemas_it_names() -> None:
    files = [*sorted((ROOT / "catalog").glob("*.yaml")), ROOT / "prerequisites.yaml"]
    for path in files:
        first = path.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name} does not name its schema"
        schema = json.loads((path.parent / match.group(1)).read_text())
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = SCHEMAS["catalog"]()
    bad = {"topic": {"id": "x", "title": "t", "description": "d"}, "resources": [{"id": "Bad Id"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def _graph(cli, fmt: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = cli("graph", "--format", fmt, *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_dot_parses_and_holds_the_whole_graph(cli) -> None:
    text = _graph(cli, "dot")
    (parsed,) = pydot.graph_from_dot_data(text)
    graph = nx.nx_pydot.from_pydot(parsed)
    catalog = load_catalog()
    assert {n.strip('"') for n in graph.nodes} >= set(catalog.resources)
    styles = [d["style"] for _, _, d in graph.edges(data=True)]
    # 22 hard (solid), 84 soft (dashed) and 18 "any one of" members (bold) in prerequisites.yaml
    assert {s: styles.count(s) for s in set(styles)} == {"solid": 22, "dashed": 84, "bold": 18}
    assert graph.number_of_edges() == 124


_MERMAID_LINE = re.compile(
    r'(---|title: "[^"]*"|flowchart TB|  %%.*'
    r"|  classDef (g\d+|key) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}(,stroke-width:3px)?"
    r'|  n\d+\["[^"\[\]]+"\]:::g\d+|  n\d+ (-->|-\.->|==>) n\d+'
    r'|  subgraph legend\["Legend"\]|    direction LR|  end'
    r'|    k\d+\["A"\] (-->|-\.->|==>)\|"[a-z :]+"\| k\d+\["B"\]|    class k\d+(,k\d+)* key'
    r'|    k\d+\["(topic|status): [^"\[\]]+"\]:::g\d+)'
)


def test_mermaid_uses_only_valid_flowchart_statements(cli) -> None:
    text = _graph(cli, "mermaid", "--goal", "inference")
    lines = text.splitlines()
    bad = [line for line in lines if not _MERMAID_LINE.fullmatch(line)]
    assert bad == []
    nodes = [line for line in lines if re.match(r"  n\d+\[", line)]
    assert len(nodes) == 15  # the 15 items of the beginner plan for inference
    edges = [line for line in lines if re.match(r"  n\d+ ", line)]
    declared = {line.split("[")[0].strip() for line in nodes}
    assert all(e.split()[0] in declared and e.split()[2] in declared for e in edges)


def test_svg_is_well_formed_with_one_node_per_resource(cli) -> None:
    root = ET.fromstring(_graph(cli, "svg"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes = root.findall(".//s:g[@class='node']", ns)
    assert len(nodes) == len(load_catalog().resources)
    assert len(root.findall(".//s:path[@class='edge soft']", ns)) == 84


def test_hostile_labels_are_quoted_in_every_picture(cli, write_catalog) -> None:
    evil = "'a\" ]; x -> y; <script> %% end'"
    folder = write_catalog({"extra.yaml": topic_file("extra", resource_yaml("alpha", title=evil))})
    dot = _graph(cli, "dot", "--catalog", str(folder), "--goal", "alpha")
    (parsed,) = pydot.graph_from_dot_data(dot)
    assert (
        len(parsed.get_edges()) == 0
        and len([n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge")]) == 1
    )
    svg = _graph(cli, "svg", "--catalog", str(folder), "--goal", "alpha")
    ET.fromstring(svg)
    assert "<script>" not in svg
    mermaid = _graph(cli, "mermaid", "--catalog", str(folder), "--goal", "alpha")
    assert all(_MERMAID_LINE.fullmatch(line) for line in mermaid.splitlines())


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "svg"])
def test_graph_golden(cli, request: pytest.FixtureRequest, fmt: str) -> None:
    text = _graph(cli, fmt, "--goal", "inference", "--level", "beginner")
    path = GOLDEN / f"graph-inference-beginner.{fmt}"
    if request.config.getoption("--update-golden"):
        path.write_text(text)
    assert text == path.read_text()


def test_graph_colours_by_status_with_a_progress_file(cli) -> None:
    cli("done", "distserve-goodput")
    text = _graph(cli, "dot", "--goal", "mooncake")
    nodes = {
        m.group(1): m.group(0) for m in re.finditer(r'^  "([a-z0-9-]+)" \[label=.*$', text, re.M)
    }
    assert list(nodes) == ["continuous-batching-anyscale", "distserve-goodput", "mooncake"]
    assert '[label="2. distserve-goodput", tooltip=' in nodes["distserve-goodput"]
    assert 'done", fillcolor="#bbf7d0"' in nodes["distserve-goodput"]
    assert all(
        'fillcolor="#ffffff"' in nodes[n] for n in ("continuous-batching-anyscale", "mooncake")
    )


def test_search_ranks_ids_and_titles_first(cli) -> None:
    result = cli("search", "flash", "attention")
    assert result.exit_code == 0
    ids = re.findall(r"^ *\d+\. (\S+)", result.output, re.M)
    flash = {
        "eli5-flash-attention",
        "online-softmax-to-flash-attention",
        "flash-attention-4-reverse-engineered",
        "flash-attention-5090",
    }
    assert set(ids[:4]) == flash
    assert cli("search", "mooncake").output.startswith(" 1. mooncake ")
    assert "No resources match 'zzzz'" in cli("search", "zzzz").output
    by_author = cli("search", "Lilian", "Weng").output
    assert by_author.startswith(" 1. inference-optimization-survey")


def test_completion_offers_goals_ids_and_levels() -> None:
    assert options.complete_goal("infer") == ["inference", "inference-optimization-survey"]
    assert options.complete_resource("paged") == ["paged-attention"]
    assert options.complete_level("int") == ["intermediate"]
    assert options.complete_level("kernels=a") == ["kernels=advanced"]
    assert "kernels=" in options.complete_level("ker")


def test_pre_commit_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "pathfinder-check"
    assert hook["entry"].startswith("pathfinder check --strict")
    assert hook["language"] == "python" and hook["pass_filenames"] is False
