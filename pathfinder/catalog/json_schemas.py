"""JSON Schemas of the files people write, generated from the models that validate them.

The same schemas are committed under ``schema/`` and referenced from each YAML file, so editors
with YAML language support validate while people type; a test keeps them in step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pathfinder.catalog.file_schemas import CatalogFile, PrerequisitesFile, adapter


def _schema(shape: type, title: str) -> dict[str, Any]:
    schema = adapter(shape).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": title,
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "catalog": lambda: _schema(CatalogFile, "pathfinder catalog file"),
    "prerequisites": lambda: _schema(PrerequisitesFile, "pathfinder prerequisites.yaml"),
}
