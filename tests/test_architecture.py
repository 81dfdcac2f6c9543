"""The package's shape: imports run one way through the layers, and the public surface
(``import pathfinder`` and the CLI's commands) stays what users rely on."""

from __future__ import annotations

import ast
from pathlib import Path

import pathfinder
from pathfinder.cli.app import app

PACKAGE = Path(pathfinder.__file__).parent

# Bottom up. A module may import its own layer or any layer below it, never one above.
LAYERS = [
    ("pathfinder.version", "pathfinder.errors", "pathfinder.models"),
    ("pathfinder.catalog",),
    ("pathfinder.planning",),
    ("pathfinder.progress",),
    ("pathfinder.render",),
    ("pathfinder.cli",),
    ("pathfinder.__init__", "pathfinder.__main__"),
]


def layer_of(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1]) if parts[-1] == "__init__" and len(parts) > 2 else ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every pathfinder module a file imports, lazily inside functions included."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("pathfinder")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pathfinder":  # from pathfinder import x: x may be a module
                found += [(node.lineno, f"pathfinder.{a.name}") for a in node.names]
            elif node.module.startswith("pathfinder."):
                found.append((node.lineno, node.module))
    return found


def test_no_import_runs_up_the_layers() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        for line, target in imported_modules(path):
            if target == "pathfinder.__version__":
                target = "pathfinder.__init__"
            if layer_of(target) > layer_of(here):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} -> {target}")
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The check above must be able to fail: a catalog module importing the CLI is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from pathfinder.cli.app import app\n")
    assert [t for _, t in imported_modules(bad)] == ["pathfinder.cli.app"]
    assert layer_of("pathfinder.cli.app") > layer_of("pathfinder.catalog.loader")


PUBLIC_API = [
    "__version__",
    "load_catalog",
    "plan",
    "parse_levels",
    "build_graph",
    "Catalog",
    "Resource",
    "Topic",
    "Plan",
    "PlanItem",
    "SkippedItem",
    "LevelPolicy",
    "PathfinderError",
    "CatalogError",
    "UnknownNameError",
]


def test_public_api_is_pinned() -> None:
    assert pathfinder.__all__ == PUBLIC_API
    for name in PUBLIC_API:
        assert getattr(pathfinder, name) is not None, name
    catalog = pathfinder.load_catalog()
    result = pathfinder.plan(catalog, ["inference"], "beginner")
    assert isinstance(result, pathfinder.Plan) and result.items


CLI_COMMANDS = [
    "plan", "why", "goals", "show", "search", "graph", "check", "schema",
    "assess", "quiz", "start", "next", "status", "reading", "done", "skip", "reset", "note",
    "export", "import",
]  # fmt: skip


def test_cli_commands_are_pinned() -> None:
    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
    assert names == sorted(CLI_COMMANDS)
