"""A fast path for the simple, line-oriented YAML that data files are written in.

`parse_simple(text, path, limits)` returns exactly the tree that
`yamltree.parse(text, path, limits)` returns (same node classes, values,
styles, lines and columns), or None. None means "not sure": the text uses
something outside the subset below, or is invalid, or breaks a limit; the
caller then runs the event parser, which gives the proper tree or error. So
every rule here errs on the side of None.

The subset, one construct per line:

- blank lines and comment lines, and `  # comments` after a value;
- block mappings `key: value` and `key:` followed by a more-indented block
  (or, in a mapping, a `- ` sequence at the same indentation), or by nothing,
  which is an empty value;
- block sequences of `- key: value` (a mapping per item) or `- value`;
- values: single-line plain scalars (YAML's rules, read conservatively),
  single-quoted scalars, double-quoted scalars with YAML's escapes, and
  one-line flow mappings `{a: b, c: "d"}` of such scalars;
- keys: plain (without `:`), or single- or double-quoted;
- one optional `---` line before the content; LF or CRLF line ends.

Refused (None): tabs, control characters, byte-order marks, Unicode line
separators, anchors, aliases, tags, directives, `...`, a second `---`,
multi-line scalars, block scalars, flow sequences, nested flow collections,
complex keys, merge keys, duplicate keys, and anything over the limits.

Each line is matched once by one regular expression (compiled on first use),
and the tree is built with a stack of open block collections.
"""

from __future__ import annotations

import gc
import re
from typing import Any

from .limits import Limits
from .yamltree import Mapping, Node, Scalar, Sequence


class _Refuse(Exception):
    """Raised inside the fast path when the text is not (surely) in the subset."""


# A plain scalar outside flow collections: its first character is no indicator
# (a `-` only before a non-space), it holds no `: ` or ` #` and no ':' at its end,
# and it never ends in a space. Written so that each character can be matched in
# one way only, so that a failing line costs linear time.
_BLOCK_FIRST = r"""(?:[^ \n\-?:,\[\]{}#&*!|>'"%@`]|-(?=[^ \n]))"""
_BLOCK_PLAIN = _BLOCK_FIRST + r"[^ \n:#]*(?:(?::(?=[^ \n])|\#|[ ]+(?=[^ \n#]))[^ \n:#]*)*"
# A plain key: no ':' at all, and its first character is also no '-', '.', '<'
# (so no '<<' merge key and no '...' document end at column 0).
_KEY_FIRST = r"""[^ \n\-?:,\[\]{}#&*!|>'"%@`.<]"""
_BLOCK_KEY = _KEY_FIRST + r"[^ \n:#]*(?:(?:\#|[ ]+(?=[^ \n#:]))[^ \n:#]*)*"
# Inside a flow mapping, also no ',[]{}' and no ':' other than the one after the key.
_FLOW_BODY = r"[^ \n:#,\[\]{}]*(?:(?:\#|[ ]+(?=[^ \n#:,\[\]{}]))[^ \n:#,\[\]{}]*)*"
_FLOW_PLAIN = r"""(?:[^ \n\-?:,\[\]{}#&*!|>'"%@`]|-(?=[^ \n:#,\[\]{}]))""" + _FLOW_BODY
_FLOW_KEY = _KEY_FIRST + _FLOW_BODY
_DOUBLE = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'
_SINGLE = r"'[^'\n]*(?:''[^'\n]*)*'"
_FLOW_ENTRY = (
    rf"(?:{_FLOW_KEY}|{_DOUBLE}|{_SINGLE}):[ ]+(?:{_FLOW_PLAIN}|{_DOUBLE}|{_SINGLE})"
)
_FLOW = rf"\{{[ ]*(?:{_FLOW_ENTRY}[ ]*,[ ]*)*(?:{_FLOW_ENTRY}[ ]*)?\}}"
_END = r"[ ]*(?:(?<=[ ])\#[^\n]*)?"

# One line. Groups, in findall's order:
#  0 ind   the indentation
#  1 pre   for a key line: from the end of the indentation to the value
#  2 dash  '- ' (with its spaces) before a key
#  3 pk    a plain key        4 qk  a quoted key, with its quotes
#  5 pv    a plain value      6 dq  a double-quoted value   7 sq  a single-quoted value   8 fl  a flow mapping
#  9 ipre  for a '- value' line: '- ' and its spaces
# 10 ipv  11 idq  12 isq  13 ifl   the item's value, as above
# 14 bad   anything else
_LINE = rf"""
^([ ]*)
(?:
    \#[^\n]*
  | (
        (-[ ]+)?
        (?:({_BLOCK_KEY})|({_DOUBLE}|{_SINGLE})):
        [ ]*
    )
    (?:(?<=[ ])(?:({_BLOCK_PLAIN})|({_DOUBLE})|({_SINGLE})|({_FLOW})))?
    {_END}
  | (-[ ]+)
    (?:({_BLOCK_PLAIN})|({_DOUBLE})|({_SINGLE})|({_FLOW}))
    {_END}
  | ([^\n]+)
)?
$
"""

_compiled: dict[str, Any] = {}


def _patterns() -> dict[str, Any]:
    if not _compiled:
        _compiled["line"] = re.compile(_LINE, re.M | re.X)
        _compiled["entry"] = re.compile(
            rf"(?:({_FLOW_KEY})|({_DOUBLE}|{_SINGLE})):([ ]+)(?:({_FLOW_PLAIN})|({_DOUBLE})|({_SINGLE}))"
        )
        _compiled["unsafe"] = re.compile(
            "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
        )
        _compiled["start"] = re.compile(r"(?:[ ]*(?:\#[^\n]*)?\n)*---[ ]*(?:(?<=[ ])\#[^\n]*)?(?:\n|\Z)")
        _compiled["escape"] = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
    return _compiled


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
    simple = match.group(4)
    if simple is not None:
        try:
            return _ESCAPES[simple]
        except KeyError:
            raise _Refuse from None
    code = int(match.group(1) or match.group(2) or match.group(3), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Refuse
    return chr(code)


def _quoted(raw: str) -> str:
    """The value of a one-line quoted scalar, quotes included in `raw`."""
    if raw[0] == "'":
        return raw[1:-1].replace("''", "'")
    body = raw[1:-1]
    if "\\" not in body:
        return body
    return str(_compiled["escape"].sub(_escape, body))


def parse_simple(text: str, path: str, limits: Limits) -> Mapping | None:
    """The tree `yamltree.parse(text, path, limits)` would return, or None when unsure."""
    patterns = _patterns()
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a lone CR is left for the check below
    if patterns["unsafe"].search(text) is not None:
        return None
    start = 0
    lineno = 0
    if "---" in text[:4096]:
        found = patterns["start"].match(text)
        if found is not None:
            start = found.end()
            lineno = text.count("\n", 0, start)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(patterns["line"].findall(text, start), lineno, limits, len(text) > limits.max_string_length)
    except _Refuse:
        return None
    finally:
        if collecting:
            gc.enable()


def _flow(raw: str, line: int, column: int, limits: Limits) -> tuple[Mapping, int]:
    """A one-line flow mapping (already checked against the line pattern) at 0-based `column`; and its node count."""
    mapping = Mapping([], line, column + 1)
    items = mapping.items
    seen: set[str] = set()
    max_string = limits.max_string_length
    for match in _compiled["entry"].finditer(raw):
        pk, qk, _sep, pv, dq, sq = match.groups()
        if pk:
            if len(pk) > 1000 or len(pk) > max_string:
                raise _Refuse
            key = Scalar(pk, True, True, line, column + match.start(1) + 1)
            name = pk
        else:
            if len(qk) > 1000:
                raise _Refuse
            name = _quoted(qk)
            if len(name) > max_string:
                raise _Refuse
            key = Scalar(name, False, len(qk) - 2 == len(name), line, column + match.start(2) + 1)
        if name in seen:
            raise _Refuse
        seen.add(name)
        value: Scalar
        if pv:
            if len(pv) > max_string:
                raise _Refuse
            value = Scalar(pv, True, True, line, column + match.start(4) + 1)
        else:
            raw_value = dq or sq
            text = _quoted(raw_value)
            if len(text) > max_string:
                raise _Refuse
            value = Scalar(text, False, len(raw_value) - 2 == len(text), line, column + match.start(5 if dq else 6) + 1)
        items.append((key, value))
    return mapping, 1 + 2 * len(items)


def _parse(lines: list[tuple[str, ...]], lineno: int, limits: Limits, check_length: bool) -> Mapping | None:
    S = Scalar
    max_depth = limits.max_depth
    max_string = limits.max_string_length if check_length else 1 << 62
    max_key = min(1000, max_string)

    root: Mapping | None = None
    # The open block collections below the current one: (indent, items, seen, indentless).
    stack: list[tuple[int, list[Any], dict[str, None] | None, bool]] = []
    # The current (innermost open) block collection; `seen` is None for a sequence.
    indent = -1
    items: list[Any] = []
    seen: dict[str, None] | None = None
    indentless = False
    # A key of the current mapping still waiting for its value, with where its empty value would be.
    pending: Scalar | None = None
    pending_line = 0
    pending_column = 0
    nodes = 0

    for ind, pre, dash, pk, qk, pv, dq, sq, fl, ipre, ipv, idq, isq, ifl, bad in lines:
        lineno += 1
        if pk:
            i = len(ind)
            # The common case: 'key: value' or 'key:' in the current mapping.
            if pending is None and i == indent and not dash and seen is not None:
                if pk in seen or len(pk) > max_key:
                    return None
                seen[pk] = None
                key = S(pk, True, True, lineno, i + 1)
                if pv:
                    if len(pv) > max_string:
                        return None
                    items.append((key, S(pv, True, True, lineno, i + len(pre) + 1)))
                    nodes += 2
                    continue
                nodes += 1
                if not (dq or sq or fl):
                    pending = key
                    pending_line = lineno
                    pending_column = i + len(pk) + 2
                    continue
                value = _value(dq, sq, fl, lineno, i + len(pre), max_string, len(stack) + 1, limits)
                items.append((key, value))
                nodes += 1 if type(value) is Scalar else 1 + 2 * len(value.items)
                continue
            is_dash = bool(dash)
        elif qk:
            i = len(ind)
            is_dash = bool(dash)
        elif ipre:
            i = len(ind)
            is_dash = True
        elif bad:
            return None
        else:
            continue  # a blank or comment line

        # The general case.
        if pending is not None:
            if i > indent or (i == indent and is_dash):
                # The pending key's value is a block collection that starts on this line.
                if len(stack) + 1 >= max_depth:
                    return None
                node: Mapping | Sequence
                if is_dash:
                    node = Sequence([], lineno, i + 1)
                    stack.append((indent, items, seen, indentless))
                    indentless = i == indent
                    seen = None
                else:
                    node = Mapping([], lineno, i + 1)
                    stack.append((indent, items, seen, indentless))
                    indentless = False
                    seen = {}
                items.append((pending, node))
                nodes += 1
                indent = i
                items = node.items
            else:
                items.append((pending, S("", True, True, pending_line, pending_column)))
                nodes += 1
            pending = None
        while i < indent or (i == indent and indentless and not is_dash):
            if not stack:
                return None
            indent, items, seen, indentless = stack.pop()
        if i != indent:
            if root is not None or is_dash:
                return None
            # The first line with content: the top-level mapping starts here.
            root = Mapping([], lineno, i + 1)
            nodes += 1
            indent = i
            items = root.items
            seen = {}
        if seen is None:
            # In a sequence, every line is an item.
            if not is_dash:
                return None
            if ipre:
                value_column = i + len(ipre)
                if ipv:
                    if len(ipv) > max_string:
                        return None
                    items.append(S(ipv, True, True, lineno, value_column + 1))
                    nodes += 1
                else:
                    value = _value(idq, isq, ifl, lineno, value_column, max_string, len(stack) + 1, limits)
                    items.append(value)
                    nodes += 1 if type(value) is Scalar else 1 + 2 * len(value.items)
                continue
            # '- key: ...': the item is a mapping that starts at the key.
            if len(stack) + 1 >= max_depth:
                return None
            i += len(dash)
            node = Mapping([], lineno, i + 1)
            items.append(node)
            nodes += 1
            stack.append((indent, items, seen, indentless))
            indent = i
            items = node.items
            seen = {}
            indentless = False
        elif is_dash:
            return None
        # A key at column i (0-based) of the current mapping, and its value if it has one here.
        if pk:
            if len(pk) > max_key:
                return None
            name = pk
            key = S(pk, True, True, lineno, i + 1)
            raw_key = pk
        else:
            if len(qk) > 1000:
                return None
            name = _quoted(qk)
            if len(name) > max_string:
                return None
            key = S(name, False, len(qk) - 2 == len(name), lineno, i + 1)
            raw_key = qk
        if name in seen:
            return None
        seen[name] = None
        nodes += 1
        value_column = len(ind) + len(pre)
        if pv:
            if len(pv) > max_string:
                return None
            items.append((key, S(pv, True, True, lineno, value_column + 1)))
            nodes += 1
        elif dq or sq or fl:
            value = _value(dq, sq, fl, lineno, value_column, max_string, len(stack) + 1, limits)
            items.append((key, value))
            nodes += 1 if type(value) is Scalar else 1 + 2 * len(value.items)
        else:
            pending = key
            pending_line = lineno
            pending_column = i + len(raw_key) + 2

    if pending is not None:
        items.append((pending, S("", True, True, pending_line, pending_column)))
        nodes += 1
    if root is None or nodes > limits.max_nodes:
        return None
    return root


def _value(dq: str, sq: str, fl: str, line: int, column: int, max_string: int, depth: int, limits: Limits) -> Node:
    """A quoted scalar or a flow mapping that starts at 0-based `column`."""
    if fl:
        if depth >= limits.max_depth:
            raise _Refuse
        return _flow(fl, line, column, limits)[0]
    raw = dq or sq
    text = _quoted(raw)
    if len(text) > max_string:
        raise _Refuse
    return Scalar(text, False, len(raw) - 2 == len(text), line, column + 1)
