"""The one sanitizer at the output edge: untrusted text shown so it cannot control a terminal.

Names, labels, quotes, sources, units, paths and snapshot fields come from
other people. Before any of them reaches a table, the explain tree, a plain
line, a graph label, validate's or diff's lines or stderr, `visible` writes
every character that could move the cursor, recolour or clear the screen,
open a hyperlink, reorder the line around it or hide itself as an escape in
the spelling of Python's repr: \\x1b, \\r, \\x9b, \\u202e, \\u200b. JUnit
spells the characters XML cannot carry the same way (`escape_char`).

The characters (UNSAFE): every control character (C0, DEL, C1), every format
character (bidi embeddings, overrides, isolates and marks, zero-width
spaces and joiners, the BOM, invisible operators, tags), line and paragraph
separators, lone surrogates and noncharacters. The table is written out
here, so no Unicode scan runs at start-up; tests/test_sanitize.py proves it
holds every such character of the running Python's Unicode database.

JSON keeps the exact text through JSON's own escape (`json_text`), and CSV
cells that a spreadsheet would run as a formula get a leading quote
(`csv_cell`).

Pure: no click, no rich, no printing.
"""

from __future__ import annotations

import re

# Cc, Cf, Cs, Zl, Zp and the noncharacters, as ranges (see the module docstring).
_C0 = "\x00-\x1f"
_BMP = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufdd0-\ufdef\ufeff"
    "\ufff9-\ufffb\ufffe\uffff"
)
_ASTRAL = "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_ASTRAL += "\U000e0001\U000e0020-\U000e007f"
UNSAFE = re.compile(f"[{_C0}{_BMP}{_ASTRAL}]")
_UNSAFE_OR_BACKSLASH = re.compile(f"[\\\\{_C0}{_BMP}{_ASTRAL}]")
# For JSON, where json.dumps has escaped C0 already: the BMP part, and any character beyond the
# BMP, checked one by one. The re module tests ranges beyond the BMP one after another, so this
# scans a big output ten times faster than UNSAFE would.
_JSON_SCAN = re.compile(f"[{_BMP}\U00010000-\U0010ffff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"}


def escape_char(char: str) -> str:
    """One character's visible escape, spelled as Python's repr spells it: \\x1b, \\u202e, \\U000e0001."""
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, keep: str = "", backslashes: bool = True) -> str:
    """`text` with every UNSAFE character written as its escape, so it is inert on any terminal.

    A backslash is doubled too, so that the result is unambiguous: a name
    holding ESC shows as `\\x1b`, one holding the four characters `\\x1b`
    shows as `\\\\x1b`. `keep` lists characters a layout lets through raw
    (JUnit's XML carries newlines and tabs). Error messages pass
    `backslashes=False`: they quote names with repr, which has escaped the
    name's backslashes already.
    """
    if text.isprintable() and not (backslashes and "\\" in text):
        return text  # the common case, at the speed of C: every UNSAFE character is unprintable
    pattern = _UNSAFE_OR_BACKSLASH if backslashes else UNSAFE
    return pattern.sub(lambda m: m.group() if m.group() in keep else escape_char(m.group()), text)


def json_text(text: str) -> str:
    """JSON text (from json.dumps) with each UNSAFE character left in it as a JSON \\u escape.

    json.dumps escapes C0 in strings (the newlines left are its layout) but
    leaves DEL, C1, bidi and zero-width characters raw; they can stand only
    inside strings, where `\\u202e` means the same character, so json.loads
    gives back the exact original text.
    """
    if text.isascii() and "\x7f" not in text:
        return text
    return _JSON_SCAN.sub(lambda m: _json_escape(m.group()) if UNSAFE.match(m.group()) else m.group(), text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP, JSON writes a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


# Spreadsheets run a cell that starts with these as a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def csv_cell(text: str) -> str:
    """A CSV text cell a spreadsheet shows as text: a leading ' where it would start a formula.

    A cell that is just a number, such as -5.2, stays as it is: a spreadsheet
    reads it as that number, and nothing runs.
    """
    if text.startswith(_FORMULA_START) and _NUMBER.fullmatch(text) is None:
        return "'" + text
    return text


__all__ = ["UNSAFE", "csv_cell", "escape_char", "json_text", "visible"]
