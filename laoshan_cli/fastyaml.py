"""A fast path for the simple, line-oriented YAML that data files are written in.

`parse_simple(text, path, limits)` returns exactly the tree that
`yamltree.parse(text, path, limits)` returns (the same node classes, values,
styles, lines and columns, in the same order), or None. None means "not
sure": the text uses something outside the subset below, or is invalid, or
breaks a limit. The caller then runs the event parser, which gives the proper
tree or error; so every rule here errs on the side of None.

The subset, one construct per line:

- blank lines, comment lines, and comments after a space at the end of a line;
- block mappings of `key: value`, and `key:` followed by a more-indented
  block, by a `- ` sequence at the key's own indentation, or by nothing (an
  empty value);
- block sequences of `- key: value` (each item a mapping that goes on at the
  key's column) and of `- value`;
- values: one-line plain scalars (YAML's rules, read conservatively: no `: `,
  no ` #`, no indicator first), single-quoted scalars, double-quoted scalars
  with YAML's escapes, and one-line flow mappings `{a: b, c: "d"}` of such
  scalars;
- keys: plain (without any `:`) or quoted, at most 1000 characters;
- one `---` line before the content; LF or CRLF line ends.

Anything else gives None: tabs, control characters, byte-order marks, Unicode
line separators, anchors, aliases, tags, directives, `...`, a second
document, multi-line scalars, block scalars, flow sequences, nested flow
collections, complex keys, merge keys, duplicate keys, and anything over the
limits. So does everything when PyYAML lacks libyaml: the rules here are
libyaml's, and yamltree then uses PyYAML's pure-Python parser, which differs
in corners.

How: one regular expression matches every line, with a fast alternative for
`key: value` lines whose key and value hold no `:` or `#` (nearly all of a
data file); other lines are matched again by a fuller pattern. The tree is
built with a stack of open block collections, in one loop over the lines.
Patterns are compiled on first use, never at import. The nodes are yamltree's
own classes; the commonest are made without calling their `__init__` (which
only sets the slots), as that call is much of the time.
"""

from __future__ import annotations

import gc
import re
from typing import Any

from .limits import Limits
from .yamltree import Mapping, Node, Scalar, Sequence

# Characters never in the subset: C0 and C1 controls (so tab, CR and NEL),
# surrogates, the line and paragraph separators that libyaml takes for line
# breaks, the byte-order mark (which libyaml skips at the start of a line), and
# U+FFFE and U+FFFF. In _LINE and _START every character class that can match
# text of the file excludes them (~X~ stands for them below); what those leave
# to the other patterns (_LINE's `rest` and flow mappings) is searched for them
# first, so those patterns need not exclude them, and compile much faster.
_X = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff"

# The first character of a plain scalar outside flow collections: no indicator,
# and '-' only before a non-space.
_FIRST = r"""(?:[^ \n\-?:,\[\]{}#&*!|>'"%@`~X~]|-(?=[^ \n~X~]))"""
# The first character of a plain key; it is not '-', '.' or '<' either, so no
# '<<' merge key and no '...' document end.
_KEY_FIRST = r"""[^ \n\-?:,\[\]{}#&*!|>'"%@`.<~X~]"""

# The fast line's key and plain value: no ':' or '#' at all, and no space at the
# end. Their length is bounded, so that nothing on a fast line can break a limit.
_FAST_KEY = _KEY_FIRST + r"[^\n:#~X~]{0,@KEY@}(?<=[^ ])"
_FAST_PLAIN = _FIRST + r"[^\n:#~X~]{0,@PLAIN@}(?<=[^ ])"

# A plain scalar, in full: no ': ' or ' #' inside, no ':' at its end. Each
# character can be matched in one way only, so a failing line costs linear time.
_PLAIN = _FIRST + r"[^ \n:#~X~]*(?:(?::(?=[^ \n~X~])|\#|[ ]+(?=[^ \n#~X~]))[^ \n:#~X~]*)*"
# A plain key, in full: as above, without any ':'.
_KEY = _KEY_FIRST + r"[^ \n:#~X~]*(?:(?:\#|[ ]+(?=[^ \n#:~X~]))[^ \n:#~X~]*)*"
_DOUBLE = r'"[^"\\\n~X~]*(?:\\[^\n~X~][^"\\\n~X~]*)*"'
_SINGLE = r"'[^'\n~X~]*(?:''[^'\n~X~]*)*'"
# A flow mapping, loosely: _FLOW checks it.
_LOOSE_FLOW = r"\{[^\n]*\}"
# The end of a line: spaces, and a comment after a space.
_END = r"(?:\n|[ ]*(?:(?<=[ ])\#[^\n~X~]*)?\n)"

# One line, with its line break. Groups, in findall's order:
#   ind    the indentation
#   key    on a fast line, the key
#   plain  on a fast line, a plain value
#   quoted on a fast line, a quoted value or a flow mapping
#   rest   on any other line, all after the indentation: _OTHER reads it
# A fast line is 'key:' or 'key: value' with one space after the ':'.
_LINE = rf"""
([ ]*)
(?:
    ({_FAST_KEY}):
    (?:[ ](?:({_FAST_PLAIN})|({_DOUBLE}|{_SINGLE}|{_LOOSE_FLOW})))?
    {_END}
  | (?:\#[^\n~X~]*)?\n
  | ([^\n]+)\n
)
"""

# A line that is not fast, after its indentation: 'key: value' in full,
# '- key: value', '- value', or a quoted key. Groups: dash, plain key, quoted key,
# plain value, quoted value or flow mapping; item dash, item plain value, item
# quoted value or flow mapping.
_OTHER = rf"""
(?:
    (-[ ]+)?
    (?:({_KEY})|({_DOUBLE}|{_SINGLE})):
    (?:[ ]+(?:({_PLAIN})|({_DOUBLE}|{_SINGLE}|{_LOOSE_FLOW})))?
  | (-[ ]+)(?:({_PLAIN})|({_DOUBLE}|{_SINGLE}|{_LOOSE_FLOW}))
)
{_END}
"""

# In a flow mapping, plain scalars also hold no ',[]{}', no ':' at all, and no '?'
# (which ends them for PyYAML's pure-Python scanner, though not for libyaml).
_FLOW_BODY = r"[^ \n:#,?\[\]{}~X~]*(?:(?:\#|[ ]+(?=[^ \n#:,?\[\]{}~X~]))[^ \n:#,?\[\]{}~X~]*)*"
_FLOW_PLAIN = r"""(?:[^ \n\-?:,\[\]{}#&*!|>'"%@`~X~]|-(?=[^ \n:#,?\[\]{}~X~]))""" + _FLOW_BODY
_FLOW_KEY = _KEY_FIRST + _FLOW_BODY
# One 'key: value' of a flow mapping. Groups: plain key, quoted key, plain value, quoted value.
_ENTRY = rf"(?:({_FLOW_KEY})|({_DOUBLE}|{_SINGLE})):[ ]+(?:({_FLOW_PLAIN})|({_DOUBLE}|{_SINGLE}))"
_FLOW_ENTRY = rf"(?:{_FLOW_KEY}|{_DOUBLE}|{_SINGLE}):[ ]+(?:{_FLOW_PLAIN}|{_DOUBLE}|{_SINGLE})"
_FLOW = rf"\{{[ ]*(?:{_FLOW_ENTRY}[ ]*,[ ]*)*(?:{_FLOW_ENTRY}[ ]*)?\}}"

# Comment and blank lines, then a '---' line with nothing after it but a comment.
_START = r"(?:[ ]*(?:\#[^\n~X~]*)?\n)*---[ ]*(?:(?<=[ ])\#[^\n~X~]*)?\n"

_ESCAPE = r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))"

_SOURCES = {
    "other": (_OTHER.replace("~X~", ""), re.X),
    "flow": (_FLOW.replace("~X~", ""), 0),
    "entry": (_ENTRY.replace("~X~", ""), 0),
    "start": (_START.replace("~X~", _X), 0),
    "escape": (_ESCAPE, 0),
    "unsafe": (f"[{_X}]", 0),
}
_compiled: dict[Any, Any] = {}


def _re(name: str) -> Any:
    """A compiled pattern, compiled on first use."""
    pattern = _compiled.get(name)
    if pattern is None:
        source, flags = _SOURCES[name]
        pattern = _compiled[name] = re.compile(source, flags)
    return pattern


def _line_re(max_string: int) -> Any:
    """_LINE, for fast keys of at most min(1000, max_string) characters and plain values of at most max_string.

    Past 2**30 (the regex engine allows no bigger count), a longer value takes the slow path, which checks.
    """
    max_string = min(max_string, 1 << 30)
    pattern = _compiled.get(max_string)
    if pattern is None:
        source = _LINE.replace("@PLAIN@", str(max_string - 1)).replace("@KEY@", str(min(1000, max_string) - 1))
        source = source.replace("~X~", _X)
        pattern = _compiled[max_string] = re.compile(source, re.X)
    return pattern


class _Refuse(Exception):
    """Not (surely) in the subset."""


_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


def _escape(match: re.Match[str]) -> str:
    """One escape sequence of a double-quoted scalar, as libyaml reads it."""
    simple = match.group(4)
    if simple is not None:
        if simple not in _ESCAPES:
            raise _Refuse  # libyaml: "found unknown escape character"
        return _ESCAPES[simple]
    code = int(match.group(1) or match.group(2) or match.group(3), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Refuse  # libyaml: "found invalid Unicode character escape code"
    return chr(code)


def _quoted(raw: str, line: int, column: int, max_string: int) -> Scalar:
    """A one-line quoted scalar, quotes included in `raw`, whose opening quote is at 0-based `column`."""
    if raw[0] == "'":
        value = raw[1:-1].replace("''", "'")
    else:
        value = raw[1:-1]
        if "\\" in value:
            value = _re("escape").sub(_escape, value)
    if len(value) > max_string:
        raise _Refuse
    # As yamltree has it: end.column - start.column - 2 == len(value).
    return Scalar(value, False, len(raw) - 2 == len(value), line, column + 1)


def _flow(raw: str, line: int, column: int, limits: Limits) -> Mapping:
    """A one-line flow mapping whose '{' is at 0-based `column`."""
    if _re("unsafe").search(raw) is not None or _re("flow").fullmatch(raw) is None:
        raise _Refuse
    mapping = Mapping([], line, column + 1)
    items = mapping.items
    seen = set()
    max_string = limits.max_string_length
    for match in _re("entry").finditer(raw):
        plain_key, quoted_key, plain, quoted = match.groups()
        if plain_key:
            if len(plain_key) > 1000:
                raise _Refuse
            key = Scalar(plain_key, True, True, line, column + match.start(1) + 1)
        else:
            if len(quoted_key) > 1000:
                raise _Refuse
            key = _quoted(quoted_key, line, column + match.start(2), max_string)
        if key.value in seen or len(key.value) > max_string:
            raise _Refuse
        seen.add(key.value)
        if plain:
            if len(plain) > max_string:
                raise _Refuse
            value = Scalar(plain, True, True, line, column + match.start(3) + 1)
        else:
            value = _quoted(quoted, line, column + match.start(4), max_string)
        items.append((key, value))
    return mapping


def _value(raw: str, line: int, column: int, depth: int, limits: Limits) -> Node:
    """A quoted scalar or a flow mapping at 0-based `column`, inside `depth` open collections."""
    if raw[0] == "{":
        if depth >= limits.max_depth:
            raise _Refuse
        return _flow(raw, line, column, limits)
    return _quoted(raw, line, column, limits.max_string_length)


def _size(node: Node) -> int:
    """The nodes in a value on one line."""
    return 1 + 2 * len(node.items) if type(node) is Mapping else 1


_libyaml: list[bool] = []


def _with_libyaml() -> bool:
    """Whether yamltree reads events from libyaml, whose behaviour the fast path copies.

    Without it, yamltree falls back to PyYAML's pure-Python parser, which differs in
    corners (such as '?' in flow scalars); the fast path then stands aside.
    """
    if not _libyaml:
        import yaml

        _libyaml.append(hasattr(yaml, "CSafeLoader"))
    return _libyaml[0]


def parse_simple(text: str, path: str, limits: Limits) -> Mapping | None:
    """The tree `yamltree.parse(text, path, limits)` would return, or None when unsure.

    `path` is not used: the fast path writes no messages.
    """
    if limits.max_depth < 1 or limits.max_string_length < 1 or not _with_libyaml():
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a lone CR is left in, and refused
    if not text.endswith("\n"):
        text += "\n"
    start = 0
    lineno = 0
    if "---" in text[:65536]:
        found = _re("start").match(text, 0, 65536)
        if found is not None:
            start = found.end()
            lineno = text.count("\n", 0, start)
    collecting = gc.isenabled()
    gc.disable()  # as in yamltree: the tree holds no cycles, and the collector would scan it again and again
    try:
        lines = _line_re(limits.max_string_length).findall(text, start)
        return _build(lines, lineno, limits)
    except _Refuse:
        return None
    finally:
        if collecting:
            gc.enable()


def _build(lines: list[tuple[str, str, str, str, str]], lineno: int, limits: Limits) -> Mapping | None:
    """The tree, from _LINE's matches; the first is on line `lineno` + 1."""
    S = Scalar
    M = Mapping
    new = object.__new__
    max_depth = limits.max_depth
    max_string = limits.max_string_length
    other_line = None

    root: Mapping | None = None
    # The current (innermost open) block collection: its indentation, its items, and
    # for a mapping the keys seen (for a sequence, None). A mapping has no duplicate
    # key when it has as many distinct keys as items: checked when it closes.
    indent = -1
    items: list[Any] = []
    seen: dict[str, None] | None = None
    indentless = False  # a sequence at the indentation of the mapping it is the value of
    # The indentation at which a fast line simply adds a key to the current mapping;
    # -2, which no line has, in a sequence or while a key waits for its value.
    key_indent = -2
    # The open collections around the current one: (indent, items, seen, indentless).
    stack: list[tuple[int, list[Any], dict[str, None] | None, bool]] = []
    # A key whose value is not on its line: a block follows, or the value is empty.
    pending: Scalar | None = None
    pending_line = 0
    pending_column = 0
    # Nodes beyond 4 a line: those of flow mappings (see the end).
    extra_nodes = 1

    append = items.append
    for ind, key_text, plain, quoted, rest in lines:
        lineno += 1
        if key_text:
            # A fast line: 'key:' or 'key: value'.
            i = len(ind)
            if i != key_indent:
                # Not simply the next key of the current mapping.
                if pending is not None and i > indent:
                    # The pending key's value is a mapping that starts here.
                    if len(stack) + 1 >= max_depth:
                        return None
                    # Mapping([], lineno, i + 1), without calling __init__.
                    node = new(M)
                    node.items = []
                    node.line = lineno
                    node.column = i + 1
                    items.append((pending, node))
                    stack.append((indent, items, seen, indentless))
                    pending = None
                    indent = i
                    items = node.items
                    seen = {}
                else:
                    if pending is not None:
                        items.append((pending, S("", True, True, pending_line, pending_column)))
                        pending = None
                    while i < indent or (indentless and i == indent):
                        if (seen is not None and len(seen) != len(items)) or not stack:
                            return None
                        indent, items, seen, indentless = stack.pop()
                    if i != indent or seen is None:
                        if root is not None:
                            return None
                        root = Mapping([], lineno, i + 1)
                        indent = i
                        items = root.items
                        seen = {}
                key_indent = i
                append = items.append
            seen[key_text] = None  # type: ignore[index]
            # Scalar(key_text, True, True, lineno, i + 1), without the cost of calling __init__.
            key = new(S)
            key.value = key_text
            key.plain = key.columns_match = True
            key.line = lineno
            key.column = i + 1
            if plain:
                value = new(S)
                value.value = plain
                value.plain = value.columns_match = True
                value.line = lineno
                value.column = i + len(key_text) + 3
                append((key, value))
            elif quoted:
                column = i + len(key_text) + 2
                if quoted[0] == '"' and "\\" not in quoted and len(quoted) - 2 <= max_string:
                    # A double-quoted value without escapes, the commonest quoted kind.
                    value = new(S)
                    value.value = quoted[1:-1]
                    value.plain = False
                    value.columns_match = True
                    value.line = lineno
                    value.column = column + 1
                    append((key, value))
                else:
                    node_value = _value(quoted, lineno, column, len(stack) + 1, limits)
                    items.append((key, node_value))
                    extra_nodes += _size(node_value)
            else:
                pending = key
                pending_line = lineno
                pending_column = i + len(key_text) + 2  # just after the ':', where libyaml puts an empty value
                key_indent = -2
            continue
        if not rest:
            continue  # a blank or comment line

        # The slow path: any other line.
        if other_line is None:
            other_line = _re("other").fullmatch
        if _re("unsafe").search(rest) is not None:
            return None
        match = other_line(rest + "\n")
        if match is None:
            return None
        dash, key_text, quoted_key, plain, quoted, item_dash, item_plain, item_quoted = match.groups()
        i = len(ind)
        is_dash = dash is not None or item_dash is not None
        if pending is not None:
            if i > indent or (i == indent and is_dash):
                # The pending key's value is a block that starts on this line.
                if len(stack) + 1 >= max_depth:
                    return None
                block: Mapping | Sequence = Sequence([], lineno, i + 1) if is_dash else Mapping([], lineno, i + 1)
                items.append((pending, block))
                stack.append((indent, items, seen, indentless))
                indentless = is_dash and i == indent
                indent = i
                items = block.items
                seen = None if is_dash else {}
            else:
                items.append((pending, S("", True, True, pending_line, pending_column)))
            pending = None
        while i < indent or (indentless and i == indent and not is_dash):
            if (seen is not None and len(seen) != len(items)) or not stack:
                return None
            indent, items, seen, indentless = stack.pop()
        if i != indent:
            if root is not None or is_dash:
                return None
            root = Mapping([], lineno, i + 1)
            indent = i
            items = root.items
            seen = {}
        if seen is None:
            # In a sequence, a line is an item.
            if not is_dash:
                return None
            key_indent = -2
            if item_dash is not None:
                column = i + len(item_dash)
                if item_plain is not None:
                    if len(item_plain) > max_string:
                        return None
                    items.append(S(item_plain, True, True, lineno, column + 1))
                else:
                    node_value = _value(item_quoted, lineno, column, len(stack) + 1, limits)
                    items.append(node_value)
                    extra_nodes += _size(node_value)
                continue
            # '- key: ...': the item is a mapping that starts at the key.
            if len(stack) + 1 >= max_depth:
                return None
            i += len(dash)
            node = Mapping([], lineno, i + 1)
            items.append(node)
            stack.append((indent, items, seen, indentless))
            indent = i
            items = node.items
            seen = {}
            indentless = False
        elif is_dash:
            return None
        # A key at 0-based column i of the current mapping, and its value if on this line.
        key_indent = i
        append = items.append
        if key_text is not None:
            raw_key = key_text
            if len(raw_key) > 1000 or len(raw_key) > max_string:
                return None
            key = S(key_text, True, True, lineno, i + 1)
        else:
            raw_key = quoted_key
            if len(raw_key) > 1000:
                return None
            key = _quoted(quoted_key, lineno, i, max_string)
        seen[key.value] = None
        if plain is not None:
            if len(plain) > max_string:
                return None
            items.append((key, S(plain, True, True, lineno, len(ind) + match.start(4) + 1)))
        elif quoted is not None:
            node_value = _value(quoted, lineno, len(ind) + match.start(5), len(stack) + 1, limits)
            items.append((key, node_value))
            extra_nodes += _size(node_value)
        else:
            pending = key
            pending_line = lineno
            pending_column = i + len(raw_key) + 2
            key_indent = -2

    if root is None:
        return None
    if pending is not None:
        items.append((pending, S("", True, True, pending_line, pending_column)))
    if seen is not None and len(seen) != len(items):
        return None
    for _indent, frame_items, frame_seen, _indentless in stack:
        if frame_seen is not None and len(frame_seen) != len(frame_items):
            return None
    # A line adds at most 4 nodes (a sequence, an item mapping, a key and a
    # value), besides the entries of a flow mapping. A file that might be over the
    # limit by that count is left to yamltree, which counts exactly.
    if 4 * len(lines) + extra_nodes > limits.max_nodes:
        return None
    return root
