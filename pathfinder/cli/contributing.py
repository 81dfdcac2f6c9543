"""Tools for catalog contributors: ``check`` and ``schema``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from pathfinder.cli.app import app
from pathfinder.cli.options import CatalogDirs
from pathfinder.cli.runtime import catalog_cache_dir, catalog_dirs_or_env, problem_lines, shown_path
from pathfinder.errors import CatalogError, Problem

EXIT_FINDINGS = 1


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("check")
def check_command(
    catalog_dirs: CatalogDirs = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format", "-f", help="text: file:line lines; json: for tools.", case_sensitive=False
        ),
    ] = CheckFormat.text,
) -> None:
    """Lint the catalog (built-in plus --catalog folders): errors exit 1, warnings with --strict."""
    from pathfinder.catalog.lint import lint
    from pathfinder.catalog.loader import load_catalog

    dirs = catalog_dirs_or_env(catalog_dirs)
    try:  # through the parsed-catalog cache: it holds only catalogs that loaded without errors
        findings: list[Problem] = lint(load_catalog(dirs, cache_dir=catalog_cache_dir()))
    except CatalogError as exc:
        findings = exc.problems
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if output_format is CheckFormat.json:
        import json

        typer.echo(json.dumps({"errors": errors, "warnings": warnings, "findings": [
            {"file": shown_path(f.file) if f.file else None, "line": f.line, "severity": f.severity,
             "id": f.resource, "message": f.message} for f in findings
        ]}, indent=2))  # fmt: skip
    else:
        if findings:  # one write: echoing 250,000 findings one by one took 1.9 s
            typer.echo(problem_lines(findings))
        from pathfinder.render.text import plural

        typer.echo(f"{plural(errors, 'error')}, {plural(warnings, 'warning')}", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_FINDINGS)


class SchemaName(str, Enum):
    catalog = "catalog"
    prerequisites = "prerequisites"


@app.command("schema")
def schema_command(
    name: Annotated[
        SchemaName, typer.Argument(help="Which file's schema.", case_sensitive=False)
    ] = SchemaName.catalog,
) -> None:
    """Print the JSON Schema of a catalog file or of prerequisites.yaml."""
    import json

    from pathfinder.catalog.json_schemas import SCHEMAS

    typer.echo(json.dumps(SCHEMAS[name.value](), indent=2, ensure_ascii=False))
