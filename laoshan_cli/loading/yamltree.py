"""YAML text to a small tree of nodes with positions, built from parse events.

PyYAML's constructor is both the slow part of loading and the dangerous one:
alias bombs, merge-key bombs, deep nesting and exceptions that escape
`yaml.YAMLError` all live there. So we never construct objects with it. We
read libyaml's parse events, which stay cheap and safe even for hostile input,
and build our own tree while enforcing the limits:

- anchors, aliases, merge keys and explicit tags are rejected;
- depth, node count and scalar length are capped before anything is built;
- every scalar stays text, so `1.10` keeps its digits and `yes` stays a word;
- duplicate keys are an error that names both lines;
- the file holds exactly one document, and its top level is a mapping.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from laoshan_cli.core.errors import DataError, LimitError, Location
from laoshan_cli.core.limits import Limits, limit_hint


class Scalar:
    """A scalar, as text, with where it starts."""

    __slots__ = ("column", "columns_match", "line", "plain", "value")

    def __init__(self, value: str, plain: bool, columns_match: bool, line: int, column: int) -> None:
        self.value = value
        self.plain = plain  # written without quotes or block style
        self.columns_match = columns_match  # one line, no escapes: text offsets map onto file columns
        self.line = line
        self.column = column

    @property
    def text_column(self) -> int:
        """The file column of the first character of the value."""
        return self.column if self.plain else self.column + 1


class Mapping:
    """A mapping: its (key, value) pairs in file order."""

    __slots__ = ("column", "items", "line")

    def __init__(self, items: list[tuple[Scalar, Node]], line: int, column: int) -> None:
        self.items = items
        self.line = line
        self.column = column


class Sequence:
    """A list of nodes."""

    __slots__ = ("column", "items", "line")

    def __init__(self, items: list[Node], line: int, column: int) -> None:
        self.items = items
        self.line = line
        self.column = column


Node = Scalar | Mapping | Sequence


def decode(data: bytes, path: str, limits: Limits) -> str:
    """Bytes to text: UTF-8 only, no NUL bytes, one optional BOM."""
    if len(data) > limits.max_file_bytes:
        raise LimitError(
            f"file is {len(data)} bytes",
            Location(path),
            limit_hint("max_file_bytes", limits),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data[: error.start].decode("utf-8", "replace"))
        raise DataError(
            f"byte 0x{data[error.start]:02x} is not valid UTF-8", Location(path, line, column), "save the file as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _position(text[:nul])
        raise DataError("file contains a NUL byte", Location(path, line, column), "is it a binary file?")
    return text


def _position(before: str) -> tuple[int, int]:
    """Line and column after `before`, where \r\n, \r and \n each end a line, as in YAML."""
    before = before.replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def parse(text: str, path: str, limits: Limits, progress: Callable[[str, int, int], None] | None = None) -> Mapping:
    """Parse one YAML document whose top level is a mapping, from libyaml's events."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = None
    # The tree holds no cycles, so the cyclic collector would only scan it
    # again and again as it grows; that alone triples the time on big files.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # Inside the try: PyYAML's pure-Python reader checks characters as it is built.
        loader = loader_class(text)
        return _build(loader, path, limits, progress, len(text))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        hint = "indent with spaces; YAML does not allow tabs" if "\t" in line_text else _yaml_hint(problem)
        if mark and "cannot start any token" in problem:
            hint = _reserved_hint(line_text, mark.column) or hint
        raise DataError(f"invalid YAML: {problem}", where, hint) from None
    except yaml.reader.ReaderError as error:
        line, column = _position(text[: error.position])
        raise DataError(
            f"invalid YAML: character U+{error.character:04X} is not allowed",
            Location(path, line, column),
            "remove control characters from the file",
        ) from None
    except yaml.YAMLError as error:
        raise DataError(f"invalid YAML: {error}", Location(path)) from None
    except (UnicodeEncodeError, ValueError) as error:
        # Text no file can hold (a lone surrogate, from an API caller), or a
        # character the pure-Python reader cannot represent.
        raise DataError(f"invalid YAML: {error}", Location(path)) from None
    except RecursionError:
        raise LimitError("YAML is nested too deeply", Location(path), limit_hint("max_depth", limits)) from None
    finally:
        if loader is not None:
            loader.dispose()
        if collecting:
            gc.enable()


def _key(node: Node, frame: _Frame, event: Any, where: Any) -> Scalar:
    """Check a mapping key: plain text, no merge key, not seen before in this mapping."""
    if type(node) is not Scalar:
        raise DataError("a key must be plain text", where(event), "write 'name: value'")
    if node.plain and node.value == "<<":
        raise DataError("merge keys (<<) are not supported", where(event), "write each field out")
    assert frame.seen is not None
    earlier = frame.seen.get(node.value)
    if earlier is not None:
        raise DataError(
            f"duplicate key {node.value!r} (first on line {earlier})",
            where(event),
            "each key may appear once; other tools would silently keep the last",
        )
    frame.seen[node.value] = node.line
    return node


def _yaml_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "quote text that contains ': '"
    return None


RESERVED = "%@`"  # YAML indicators that cannot begin a plain scalar, such as `unit: %`


def _reserved_hint(line: str, column: int) -> str | None:
    """ "quote it: `unit: '%'`" for a value that begins with a character YAML reserves."""
    if column >= len(line) or line[column] not in RESERVED:
        return None
    value = line[column:]
    flow = "{" in line[:column] or "[" in line[:column]
    for end in ",}]" if flow else "":
        value = value.split(end)[0]
    value = value.split(" #")[0].strip()
    key = line[:column].rstrip().removesuffix(":").rsplit("{", 1)[-1].rsplit(",", 1)[-1].strip().lstrip("- ")
    if len(value) > 40 or len(key) > 40:
        return f"{line[column]} cannot begin a plain YAML value: quote the value"
    quoted = f"'{value}'" if "'" not in value else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    written = f"{key}: {quoted}" if key and line[:column].rstrip().endswith(":") else quoted
    return f"{line[column]} cannot begin a plain YAML value: quote it: `{written}`"


class _Frame:
    """An open collection; for a mapping, the key waiting for its value and the keys seen."""

    __slots__ = ("key", "node", "seen")

    def __init__(self, node: Mapping | Sequence, key: Scalar | None = None, seen: dict[str, int] | None = None) -> None:
        self.node = node
        self.key = key
        self.seen = seen


def _build(
    loader: Any, path: str, limits: Limits, progress: Callable[[str, int, int], None] | None, size: int
) -> Mapping:
    import yaml

    get_event = loader.get_event
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    alias_event = yaml.AliasEvent
    document_start = yaml.DocumentStartEvent
    stream_end = yaml.StreamEndEvent
    max_depth = limits.max_depth
    max_nodes = limits.max_nodes
    max_string = limits.max_string_length

    stack: list[_Frame] = []
    root: Node | None = None
    nodes = 0
    documents = 0

    def where(event: Any) -> Location:
        mark = event.start_mark
        return Location(path, mark.line + 1, mark.column + 1)

    while True:
        event: Any = get_event()
        kind = type(event)
        if kind is scalar_event or kind is mapping_start or kind is sequence_start:
            nodes += 1
            if progress is not None and not nodes & 0xFFFF:
                progress("reading YAML", event.start_mark.index, size)
            if nodes > max_nodes:
                raise LimitError("file has too many YAML nodes", where(event), limit_hint("max_nodes", limits))
            if event.anchor is not None:
                raise DataError(
                    f"anchor &{event.anchor} is not supported",
                    where(event),
                    "write each value out; anchors and aliases are refused",
                )
            if event.tag is not None:
                raise DataError(
                    f"tag {event.tag} is not supported", where(event), "remove the tag; values are read as text"
                )
            mark = event.start_mark
            line = mark.line + 1
            column = mark.column + 1
            node: Node
            if kind is scalar_event:
                value = event.value
                if len(value) > max_string:
                    raise LimitError(
                        f"text is {len(value)} characters long",
                        where(event),
                        limit_hint("max_string_length", limits),
                    )
                style = event.style
                end = event.end_mark
                quotes = 2 if style == "'" or style == '"' else 0
                columns_match = (
                    style != "|"
                    and style != ">"
                    and end.line == mark.line
                    and end.column - mark.column - quotes == len(value)
                )
                # libyaml reports a plain scalar's style as '', PyYAML's Python parser as None.
                node = Scalar(value, not style, columns_match, line, column)
            else:
                if len(stack) >= max_depth:
                    raise LimitError("YAML is nested too deeply", where(event), limit_hint("max_depth", limits))
                node = Mapping([], line, column) if kind is mapping_start else Sequence([], line, column)
            if stack:
                frame = stack[-1]
                parent = frame.node
                if type(parent) is Sequence:
                    parent.items.append(node)
                elif frame.key is not None:
                    parent.items.append((frame.key, node))  # type: ignore[arg-type]
                    frame.key = None
                else:
                    frame.key = _key(node, frame, event, where)
            elif root is None:
                root = node
            if type(node) is Mapping:
                stack.append(_Frame(node, None, {}))
            elif type(node) is Sequence:
                stack.append(_Frame(node))
        elif kind in collection_end:
            stack.pop()
        elif kind is alias_event:
            raise DataError(
                f"alias *{event.anchor} is not supported",
                where(event),
                "write each value out; anchors and aliases are refused",
            )
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise DataError(
                    "file has more than one YAML document", where(event), "keep one document; remove the '---'"
                )
        elif kind is stream_end:
            break
    if root is None:
        raise DataError("file is empty", Location(path, 1, 1), "a data file needs at least a 'figures:' mapping")
    if type(root) is not Mapping:
        raise DataError(
            "the top level must be a mapping with 'figures:'",
            Location(path, root.line, root.column),
            "see the data-file format in the README",
        )
    return root
