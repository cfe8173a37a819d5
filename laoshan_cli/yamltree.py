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
from dataclasses import dataclass
from typing import Union

from .errors import DataError, LimitError, Location
from .limits import Limits


@dataclass(slots=True)
class Scalar:
    value: str
    plain: bool  # written without quotes or block style
    columns_match: bool  # one line, no escapes: text offsets map onto file columns
    line: int
    column: int

    @property
    def text_column(self) -> int:
        """The file column of the first character of the value."""
        return self.column if self.plain else self.column + 1


@dataclass(slots=True)
class Mapping:
    items: list[tuple[Scalar, Node]]
    line: int
    column: int


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


Node = Union[Scalar, Mapping, Sequence]


def decode(data: bytes, path: str, limits: Limits) -> str:
    """Bytes to text: UTF-8 only, no NUL bytes, one optional BOM."""
    if len(data) > limits.max_file_bytes:
        raise LimitError(
            f"file is {len(data)} bytes",
            Location(path),
            f"limit max_file_bytes is {limits.max_file_bytes}; raise it with --limit max_file_bytes=N",
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
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def parse(text: str, path: str, limits: Limits) -> Mapping:
    """Parse one YAML document whose top level is a mapping."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    # The tree holds no cycles, so the cyclic collector would only scan it
    # again and again as it grows; that alone triples the time on big files.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(loader, path, limits)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise DataError(f"invalid YAML: {problem}", where, _yaml_hint(problem)) from None
    except yaml.YAMLError as error:
        raise DataError(f"invalid YAML: {error}", Location(path)) from None
    except RecursionError:
        raise LimitError("YAML is nested too deeply", Location(path), f"limit max_depth is {limits.max_depth}") from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


def _yaml_hint(problem: str) -> str | None:
    if "\t" in problem or "tab" in problem:
        return "indent with spaces; YAML does not allow tabs"
    if "mapping values are not allowed" in problem:
        return "quote text that contains ': '"
    return None


def _build(loader: object, path: str, limits: Limits) -> Mapping:
    import yaml

    get_event = loader.get_event  # type: ignore[attr-defined]
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    mapping_end = yaml.MappingEndEvent
    sequence_start = yaml.SequenceStartEvent
    sequence_end = yaml.SequenceEndEvent
    alias_event = yaml.AliasEvent
    document_start = yaml.DocumentStartEvent
    document_end = yaml.DocumentEndEvent
    stream_end = yaml.StreamEndEvent
    max_depth = limits.max_depth
    max_nodes = limits.max_nodes
    max_string = limits.max_string_length

    # One frame per open collection: the node, and for a mapping the key
    # that waits for its value (None when the next scalar is a key).
    stack: list[list[object]] = []
    seen_keys: list[dict[str, int]] = []
    root: Node | None = None
    nodes = 0
    documents = 0

    def where(event: object) -> Location:
        mark = event.start_mark  # type: ignore[attr-defined]
        return Location(path, mark.line + 1, mark.column + 1)

    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar_event or kind is mapping_start or kind is sequence_start:
            nodes += 1
            if nodes > max_nodes:
                raise LimitError("file has too many YAML nodes", where(event), f"limit max_nodes is {max_nodes}")
            if event.anchor is not None:
                raise DataError(
                    f"anchor &{event.anchor} is not supported", where(event), "write each value out; anchors and aliases are refused"
                )
            if event.tag is not None:
                raise DataError(f"tag {event.tag} is not supported", where(event), "remove the tag; values are read as text")
            mark = event.start_mark
            line = mark.line + 1
            column = mark.column + 1
            if kind is scalar_event:
                value = event.value
                if len(value) > max_string:
                    raise LimitError(
                        f"text is {len(value)} characters long", where(event), f"limit max_string_length is {max_string}"
                    )
                style = event.style
                end = event.end_mark
                quotes = 2 if style == "'" or style == '"' else 0
                columns_match = (
                    style != "|" and style != ">" and end.line == mark.line and end.column - mark.column - quotes == len(value)
                )
                node: Node = Scalar(value, not style, columns_match, line, column)  # libyaml says '' for plain, PyYAML None
            else:
                if len(stack) >= max_depth:
                    raise LimitError("YAML is nested too deeply", where(event), f"limit max_depth is {max_depth}")
                node = Mapping([], line, column) if kind is mapping_start else Sequence([], line, column)
            if stack:
                frame = stack[-1]
                parent = frame[0]
                if type(parent) is Mapping:
                    key = frame[1]
                    if key is None:
                        if type(node) is not Scalar:
                            raise DataError("a key must be plain text", where(event), "write 'name: value'")
                        if node.plain and node.value == "<<":
                            raise DataError("merge keys (<<) are not supported", where(event), "write each field out")
                        earlier = seen_keys[-1].get(node.value)
                        if earlier is not None:
                            raise DataError(
                                f"duplicate key {node.value!r} (first on line {earlier})",
                                where(event),
                                "each key may appear once; the second would silently win in other tools",
                            )
                        seen_keys[-1][node.value] = line
                        frame[1] = node
                    else:
                        parent.items.append((key, node))  # type: ignore[arg-type]
                        frame[1] = None
                else:
                    parent.items.append(node)  # type: ignore[union-attr]
            elif root is None:
                root = node
            if kind is not scalar_event:
                stack.append([node, None])
                if kind is mapping_start:
                    seen_keys.append({})
        elif kind is mapping_end or kind is sequence_end:
            frame = stack.pop()
            if kind is mapping_end:
                seen_keys.pop()
        elif kind is alias_event:
            raise DataError(
                f"alias *{event.anchor} is not supported", where(event), "write each value out; anchors and aliases are refused"
            )
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise DataError("file has more than one YAML document", where(event), "keep one document; remove the '---'")
        elif kind is document_end:
            pass
        elif kind is stream_end:
            break
    if root is None:
        raise DataError("file is empty", Location(path, 1, 1), "a data file needs at least a 'figures:' mapping")
    if type(root) is not Mapping:
        raise DataError(
            "the top level must be a mapping with 'figures:'", Location(path, root.line, root.column), "see the data-file format in the README"
        )
    return root
