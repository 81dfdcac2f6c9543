"""Phase 2, validate: a parsed file checked against its schema in
``pathfinder.catalog.file_schemas``, and pydantic's errors turned into Problems a catalog author
can act on (the resource they are in, the field inside it, the value YAML actually read)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pathfinder.errors import Problem, shorten

if TYPE_CHECKING:  # parsing needs PyYAML; a warm cache does not
    from pathfinder.catalog.yaml_reader import YamlDocument

# The top-level keys each file shape allows, for the message about an unknown one.
_FILE_KEYS = {
    "CatalogFile": ("labs", "resources", "topic"),
    "PrerequisitesFile": ("check", "requires", "topic_order"),
}


def validate(shape: str, raw: Any, doc: YamlDocument, problems: list[Problem]) -> Any:
    """Validate against the schema named ``shape`` in pathfinder.catalog.file_schemas (imported
    here: a warm cache needs neither pydantic nor the schemas). Returns None, with the errors
    added to ``problems``, when the file is invalid."""
    from pydantic import ValidationError

    from pathfinder.catalog import file_schemas

    try:
        return file_schemas.adapter(getattr(file_schemas, shape)).validate_python(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            rid = _resource_id(raw, loc)
            field = _field_name(_field_path(loc))
            message = _message(err, loc, doc.written(loc), _FILE_KEYS.get(shape, ()))
            problems.append(doc.problem(loc, f"{field}: {message}", rid))
        return None


def _resource_id(raw: Any, loc: tuple[Any, ...]) -> str | None:
    """The id of the resource an error is in, when the error is inside one."""
    if len(loc) >= 2 and loc[0] == "resources" and isinstance(loc[1], int):
        try:
            rid = raw["resources"][loc[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return rid if isinstance(rid, str) else None
    if len(loc) >= 2 and loc[0] == "requires" and isinstance(loc[1], str):
        return loc[1]
    return None


def _field_name(path: tuple[Any, ...]) -> str:
    """``checks.1.answer`` reads as ``check 2: answer``: checks are numbered from 1, as their
    ids (``<resource-id>#2``) and the loader's other messages about them are."""
    if len(path) >= 2 and path[0] == "checks" and isinstance(path[1], int):
        rest = ".".join(str(part) for part in path[2:])
        return f"check {path[1] + 1}" + (f": {rest}" if rest else "")
    return ".".join(str(part) for part in path) or "value"


def _field_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of an error's location a catalog author thinks in: inside the resource."""
    if len(loc) >= 3 and loc[0] == "resources" and isinstance(loc[1], int):
        return loc[2:]
    if len(loc) >= 3 and loc[0] == "requires":
        return loc[2:]
    return loc


def _message(
    err: dict[str, Any], loc: tuple[Any, ...], written: str | None, keys: tuple[str, ...]
) -> str:
    """pydantic's message, plus the offending value as the file has it (``written``, the
    scalar's text; not what YAML made of it) when it is short enough to help."""
    from pathfinder.catalog.yaml_reader import yaml11_number

    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        if len(loc) == 1:
            return f"unknown top-level key (expected {', '.join(keys)})"
        if len(loc) == 3 and loc[0] == "resources" and loc[2] == "topic":
            return "set the topic once, in the file's 'topic' block"
        return "unknown field"
    value = err.get("input")
    if err["type"] == "missing" or not isinstance(value, (str, int, float, date)):
        return message
    if isinstance(value, str) or written is None:
        shown = shorten(value)
    else:  # a number, a date, a boolean: as written, unquoted like in the file
        shown = written if len(written) <= 60 else shorten(written)
    if isinstance(value, bool) and err["type"] != "bool_type":
        return f"{message} (got {shown}: YAML reads unquoted yes/no/on/off as true/false; quote it)"
    if isinstance(value, (date, datetime)):
        return f"{message} (got {shown}: YAML reads an unquoted date as a date; quote it)"
    if isinstance(value, str) and err["type"] in ("int_type", "float_type"):
        number = yaml11_number(value)
        if number is not None:
            return (
                f"{message} (got {shown}, which YAML 1.1 reads as {number}; "
                "write the number in plain decimal)"
            )
    return f"{message} (got {shown})"
