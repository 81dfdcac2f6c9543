"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader alone is not enough for files written by strangers: it keeps the last of
two duplicate keys silently (dropping a resource or an edge), expands anchors and aliases (a
"billion laughs" file exhausts memory), and loses line numbers. Here the document is composed
into nodes first, checked, and only then constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster; fall back silently where libyaml is missing
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from pathfinder.errors import FileProblemsError, Problem

MAX_DEPTH = 32
MAX_BYTES = 64 * 1024 * 1024

PathKey = tuple[Any, ...]


@dataclass
class YamlDocument:
    """A parsed file plus the line (1-based) of every mapping value and sequence item."""

    file: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: PathKey, message: str, resource: str | None = None) -> Problem:
        return Problem(self.file, self.line_of(path), resource, message)


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; raise FileProblemsError naming the file and line on any problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(path, None, f"file is too large ({size} bytes; the limit is {MAX_BYTES})")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise _fail(path, None, "is a folder, not a YAML file") from None
    except OSError as exc:
        raise _fail(path, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(path, line, "is not valid UTF-8") from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text that claims to come from ``path`` (used in messages only)."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(path, None)
        lines: dict[PathKey, int] = {}
        _check_nodes(node, path, lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = (exc.problem or exc.context or "invalid YAML").strip()
        raise _fail(path, line, f"YAML syntax: {message}") from None
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"YAML: {exc}") from None
    except (RecursionError, MemoryError):
        raise _fail(path, None, "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _fail(path: Path, line: int | None, message: str) -> FileProblemsError:
    return FileProblemsError([Problem(path, line, None, message)])


def _check_nodes(root: yaml.Node, path: Path, lines: dict[PathKey, int]) -> None:
    """Walk the node tree once, iteratively: refuse aliases, duplicate keys, custom tags and
    deep nesting, and record line numbers. An alias shows up as a node seen twice."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, key_path = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise _fail(path, line, "anchors and aliases (& and *) are not allowed in a catalog")
        seen.add(id(node))
        if len(key_path) > MAX_DEPTH:
            raise _fail(path, line, f"YAML is nested more than {MAX_DEPTH} levels deep")
        if not node.tag.startswith("tag:yaml.org,2002:"):
            raise _fail(path, line, f"custom YAML tag {node.tag!r} is not allowed")
        lines.setdefault(key_path, line)
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _fail(path, key_line, "mapping keys must be plain text")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _fail(path, key_line, "merge keys (<<) are not allowed in a catalog")
                key = key_node.value
                if key in keys:
                    raise _fail(
                        path, key_line, f"duplicate key {key!r} (first at line {keys[key]})"
                    )
                keys[key] = key_line
                stack.append((value_node, (*key_path, key)))
                lines.setdefault((*key_path, key), value_node.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*key_path, index)))
