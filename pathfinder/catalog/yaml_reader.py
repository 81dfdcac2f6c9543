"""Safe YAML reading that can say where every value came from.

PyYAML's safe loader alone is not enough for files written by strangers: it keeps the last of
two duplicate keys silently (dropping a resource or an edge), expands anchors and aliases (a
"billion laughs" file exhausts memory), and loses line numbers. Here the constructor itself
refuses aliases, duplicate and merge keys and deep nesting while it builds the data, so the
checks cost no extra pass; line numbers are looked up in the node tree only when asked for.

Numbers are read the plain way only (``10``, ``-3``, ``1.5``): YAML 1.1 also reads ``010`` as 8
(octal), ``0x3C`` as 60, ``0b1010`` as 10, ``1:30:00`` as 5400 (base 60) and ``1_000`` as 1000,
surprises nobody writing a catalog or a progress file means. Here they stay text, so a number
field refuses them (``yaml11_number`` says what YAML 1.1 would have made of one) and a text
field keeps exactly what was written (``title: 1:30`` is the title "1:30").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # the C parser is several times faster; fall back silently where libyaml is missing
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


from pathfinder.catalog.sources import MAX_FILE_BYTES
from pathfinder.catalog.sources import too_large as _too_large
from pathfinder.errors import FileProblemsError, Problem

MAX_DEPTH = 32
MAX_BYTES = MAX_FILE_BYTES  # the catalog's per-file limit, applied to every file read here

PathKey = tuple[Any, ...]


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        self.line = node.start_mark.line + 1
        self.message = message


class _CheckingConstructor(SafeConstructor):
    """SafeConstructor that refuses what a catalog must not contain, as it constructs."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(node, "anchors and aliases (& and *) are not allowed here")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(node, f"YAML is nested more than {MAX_DEPTH} levels deep")
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "merge keys (<<) are not allowed")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "mapping keys must be plain text")
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _Refused(key_node, f"duplicate key {key!r} (first at line {seen[key]})")
            seen[key] = line
        return super().construct_mapping(node, deep=True)


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


class _PlainNumbers(Resolver):
    """YAML 1.1's resolver with plain decimal numbers only (see the module's docstring)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


_PlainNumbers.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_PlainNumbers.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.[0-9]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def yaml11_number(text: str) -> object | None:
    """The number YAML 1.1 reads ``text`` as when this reader keeps it as text (``010`` -> 8,
    ``1:30`` -> 90), for a message that explains the refusal; None for anything else."""
    old = Resolver().resolve(yaml.ScalarNode, text, (True, False))
    if (
        old not in (_INT, _FLOAT)
        or _PlainNumbers().resolve(yaml.ScalarNode, text, (True, False)) == old
    ):
        return None
    node = yaml.ScalarNode(old, text)
    try:
        constructor = SafeConstructor()
        return (
            constructor.construct_yaml_int(node)
            if old == _INT
            else constructor.construct_yaml_float(node)
        )
    except (ValueError, yaml.YAMLError):  # pragma: no cover - PyYAML's own regex matched
        return None


class _Loader(_Parser, _CheckingConstructor, _PlainNumbers):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CheckingConstructor.__init__(self)
        _PlainNumbers.__init__(self)


@dataclass
class YamlDocument:
    """A parsed file, and its node tree for finding the line of any value on demand."""

    file: Path
    data: Any
    root: yaml.Node | None = None
    _index: dict[int, dict[Any, yaml.Node]] = field(default_factory=dict, repr=False)

    def line_of(self, path: PathKey) -> int | None:
        """The line (1-based) of ``path``, or of its nearest enclosing value."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def item_lines(self, path: PathKey) -> list[int]:
        """Lines of every item of the sequence at ``path`` (empty if there is none)."""
        node = self._at(path)
        if not isinstance(node, yaml.SequenceNode):
            return []
        return [item.start_mark.line + 1 for item in node.value]

    def key_lines(self, path: PathKey) -> dict[Any, int]:
        """Line of each key of the mapping at ``path``, where its value begins."""
        node = self._at(path)
        if not isinstance(node, yaml.MappingNode):
            return {}
        return {k.value: v.start_mark.line + 1 for k, v in node.value}

    def _at(self, path: PathKey) -> yaml.Node | None:
        node = self.root
        for part in path:
            node = self._child(node, part)
        return node

    def _child(self, node: yaml.Node | None, part: Any) -> yaml.Node | None:
        if isinstance(node, yaml.SequenceNode):
            return (
                node.value[part] if isinstance(part, int) and 0 <= part < len(node.value) else None
            )
        if isinstance(node, yaml.MappingNode):
            index = self._index.get(id(node))
            if index is None:  # built once per mapping, so many look-ups stay linear
                index = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
                self._index[id(node)] = index
            return index.get(part)
        return None

    def written(self, path: PathKey) -> str | None:
        """The text of the scalar at ``path`` as the file has it (without quotes), so that a
        message can quote what was written rather than what YAML made of it."""
        node = self._at(path)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def problem(self, path: PathKey, message: str, resource: str | None = None) -> Problem:
        return Problem(self.file, self.line_of(path), resource, message)


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; raise FileProblemsError naming the file and line on any problem."""
    return parse_yaml(read_text(path, too_large="split it into several topic files"), path)


def read_text(path: Path, too_large: str) -> str:
    """A UTF-8 file's text, refused from its size alone above MAX_BYTES (``too_large`` says
    what to do instead); raise FileProblemsError naming the file and line on any problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(path, None, _too_large(size, too_large))
        raw = path.read_bytes()
    except IsADirectoryError:
        raise _fail(path, None, "is a folder, not a YAML file") from None
    except OSError as exc:
        raise _fail(path, None, f"cannot be read: {exc.strerror or exc}") from None
    return decode(raw, path)


def decode(raw: bytes, path: Path) -> str:
    """The text of a file's bytes (UTF-8, with or without a byte-order mark); raise
    FileProblemsError naming ``path`` and the line of the first invalid byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(path, line, "is not valid UTF-8") from None


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text that claims to come from ``path`` (used in messages only)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(path, None)
        data = loader.construct_document(node)
    except _Refused as exc:
        raise _fail(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_error(exc, text)
        raise _fail(path, line, f"YAML syntax: {message}") from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise _fail(path, line, f"YAML syntax: character {char}: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"YAML: {exc}") from None
    except (RecursionError, MemoryError):
        raise _fail(path, None, "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, node)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line to point at and a message that makes sense without knowing YAML's grammar."""
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    if problem == "but found another document":
        message = "a second YAML document starts here; a file holds one"
    elif context and exc.context_mark is not None:
        message = f"{problem or 'invalid YAML'} ({context} at line {exc.context_mark.line + 1})"
        if exc.problem_mark is None or not text[exc.problem_mark.index :].strip():
            mark = exc.context_mark  # the parser ran to the end of the file: point at the start
    else:
        message = problem or context or "invalid YAML"
    return (mark.line + 1 if mark is not None else None), message


def _fail(path: Path, line: int | None, message: str) -> FileProblemsError:
    return FileProblemsError([Problem(path, line, None, message)])
