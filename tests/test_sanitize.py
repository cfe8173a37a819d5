"""Untrusted text stays inert: escape sequences, bidi and zero-width characters from data files,
snapshots, paths and the command line never reach a terminal raw.

Written the way an attacker would try it: a data file whose labels, quotes,
sources, publisher and check names hold a CSI clear-screen, an OSC 8
hyperlink, an 8-bit C1 CSI, a right-to-left override, zero-width characters
and rich markup, run through every command. What counts as unsafe is worked
out here from Python's Unicode database, not from laoshan's table, and the
escapes are read back by a decoder written here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.output.sanitize import UNSAFE, csv_cell, json_text, visible

WriteData = Callable[..., Path]

UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def unsafe(char: str) -> bool:
    """The oracle: a control, format (bidi, zero-width), separator or surrogate character, or a noncharacter."""
    code = ord(char)
    return unicodedata.category(char) in UNSAFE_CATEGORIES or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF


# The list, named one by one, on top of the categories above.
NAMED = (
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
    + ["\t", "\n", "\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
)


def raw_unsafe(text: str, allowed: str = "\n") -> list[str]:
    """The unsafe characters in `text`, other than the layout's own newlines."""
    return [char for char in text if char not in allowed and unsafe(char)]


def decode(shown: str) -> str:
    """Read visible()'s escapes back: \\\\, \\t, \\n, \\r, \\xHH, \\uHHHH, \\UHHHHHHHH.

    Nothing else may follow a backslash.
    """
    out: list[str] = []
    at = 0
    short = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    sizes = {"x": 2, "u": 4, "U": 8}
    while at < len(shown):
        char = shown[at]
        if char != "\\":
            out.append(char)
            at += 1
            continue
        mark = shown[at + 1]
        if mark in short:
            out.append(short[mark])
            at += 2
        else:
            size = sizes[mark]
            digits = shown[at + 2 : at + 2 + size]
            assert re.fullmatch(f"[0-9a-f]{{{size}}}", digits), shown
            out.append(chr(int(digits, 16)))
            at += 2 + size
    return "".join(out)


# -- the sanitizer itself -----------------------------------------------------------------


def test_the_table_holds_every_unsafe_character_of_this_python() -> None:
    missing = [f"U+{c:04X}" for c in range(0x110000) if unsafe(chr(c)) and not UNSAFE.match(chr(c))]
    assert missing == []
    extra = [
        f"U+{c:04X}"
        for c in range(0x110000)
        if UNSAFE.match(chr(c)) and not unsafe(chr(c)) and unicodedata.category(chr(c)) != "Cn"
    ]
    assert extra == []  # beyond the categories, only code points this Python's Unicode has not assigned yet


def test_every_unsafe_character_is_unprintable_so_the_fast_path_is_sound() -> None:
    assert [f"U+{c:04X}" for c in range(0x110000) if UNSAFE.match(chr(c)) and chr(c).isprintable()] == []


def test_json_escapes_characters_beyond_the_bmp_as_surrogate_pairs() -> None:
    text = json_text(json.dumps(["tag \U000e0041, emoji 😀, rlo \u202e, del \x7f"], ensure_ascii=False))
    assert text == '["tag \\udb40\\udc41, emoji 😀, rlo \\u202e, del \\u007f"]'
    assert json.loads(text) == ["tag \U000e0041, emoji 😀, rlo \u202e, del \x7f"]


@pytest.mark.parametrize("char", NAMED, ids=lambda c: f"U+{ord(c):04X}")
def test_each_named_character_becomes_a_visible_escape(char: str) -> None:
    shown = visible(f"a{char}b")
    assert char not in shown
    assert shown.startswith("a\\") and shown.endswith("b")
    assert decode(shown) == f"a{char}b"


def test_the_escapes_are_spelled_as_python_spells_them() -> None:
    assert visible("x\x1b[2J") == "x\\x1b[2J"
    assert visible("\x9b31m") == "\\x9b31m"
    assert visible("rlo \u202e zw \u200b bom \ufeff") == "rlo \\u202e zw \\u200b bom \\ufeff"
    assert visible("tag \U000e0041") == "tag \\U000e0041"
    assert visible("tab\tline\ncr\r") == "tab\\tline\\ncr\\r"
    assert visible("a\\b") == "a\\\\b"


def test_ordinary_text_is_unchanged() -> None:
    for text in ["hightech_output_2016", "中文 and emoji 😀", "café – naïve", "[bold] <b> & 'q' \"qq\"", "", " "]:
        assert visible(text) == text


def test_a_name_holding_an_escape_and_one_holding_its_spelling_stay_apart() -> None:
    assert visible("\x1b") != visible("\\x1b")
    assert (visible("\x1b"), visible("\\x1b")) == ("\\x1b", "\\\\x1b")


def test_keep_and_backslashes_options() -> None:
    assert visible("a\tb\nc\rd", keep="\t\n") == "a\tb\nc\\rd"
    assert visible("'x\\x1b' \x1b", backslashes=False) == "'x\\x1b' \\x1b"


TRICKY = st.sampled_from(["\\", "x", "u", "U", "1", "b", "e", "\x1b", "\x9b", "\u202e", "\u200b", "\ud800", "\n"])
TEXT = st.text(st.one_of(st.characters(), TRICKY, st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp"])))


@settings(deadline=None)
@given(TEXT)
def test_property_nothing_unsafe_survives_and_every_text_can_be_read_back(text: str) -> None:
    shown = visible(text)
    assert raw_unsafe(shown, allowed="") == []
    assert decode(shown) == text  # so distinct texts never show the same


@settings(deadline=None)
@given(TEXT)
def test_property_messages_are_inert_too(text: str) -> None:
    assert raw_unsafe(visible(text, backslashes=False), allowed="") == []


# JSON cannot tell two lone surrogates from the pair they make (neither can json.dumps itself),
# and no terminal or file gets a lone surrogate: stdout's encoder replaces it.
JSON_TEXT = TEXT.filter(lambda text: not any("\ud800" <= char <= "\udfff" for char in text))


@settings(deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | JSON_TEXT,
        lambda inner: st.lists(inner) | st.dictionaries(JSON_TEXT, inner),
    )
)
def test_property_json_is_inert_and_exact(data: object) -> None:
    for ascii_only in (False, True):
        text = json_text(json.dumps(data, indent=2, ensure_ascii=ascii_only))
        assert raw_unsafe(text) == []
        assert json.loads(text) == data


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-5.2", "-5.2"),
        ("+7", "+7"),
        ("-1.5e3", "-1.5e3"),
        ("-\u0663", "'-\u0663"),  # an Arabic-Indic digit: not a number to a spreadsheet
        ("a=1", "a=1"),
        ("CNY/USD", "CNY/USD"),
        ("", ""),
    ],
)
def test_csv_cells_that_would_run_as_formulas_get_a_quote(cell: str, written: str) -> None:
    assert csv_cell(cell) == written


# -- a hostile data file through every command ---------------------------------------------------

CSI = "\x1b[2J"
OSC8 = "\x1b]8;;http://evil\x1b\\"
PATH_OSC8 = "\x1b]8;;evil\x1b\\"  # a file name cannot hold the slashes of a URL
C1 = "\x9b31m"
RLO = "\u202e"
ZWSP = "\u200b"
EVIL = f"<{CSI}|{OSC8}|{C1}|{RLO}|{ZWSP}|\r|\x07|\x7f|\u2066|\ufeff|\u200d|[bold]|[link=http://evil]>"
# Check names that try to hide or forge the status printed after them; every one of them fails.
FORGERS = ["x\x1b[8m", "y\r", f"z{RLO}", "w\x1b[2K\x1b[1G ok", f"v{ZWSP}"]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for any text in the BMP (JSON's escapes are YAML's too)."""
    return json.dumps(text)


HYPERLINK = '=HYPERLINK("http://evil","x")'


def hostile_yaml() -> str:
    checks = "".join(f"  - name: {quoted(name)}\n    assert: m > 100 [t]\n" for name in [f"c{EVIL}", *FORGERS])
    return (
        f"source:\n  title: {quoted('T' + EVIL)}\n  publisher: {quoted('P' + EVIL)}\n"
        "figures:\n"
        f"  a:\n    label: {quoted('L' + EVIL)}\n    value: -5.2\n    qualifier: about\n    unit: t\n"
        f"    quote: {quoted('Q' + EVIL)}\n"
        f"    source:\n      publisher: {quoted('FP' + EVIL)}\n      title: {quoted('FT' + EVIL)}\n"
        f"  b:\n    label: {quoted(HYPERLINK)}\n    value: 4\n    unit: t\n"
        "metrics:\n"
        f"  m:\n    label: {quoted('ML' + EVIL)}\n    formula: a + b\n    unit: t\n"
        f"checks:\n{checks}"
        f"  - name: {quoted('=1+1')}\n    assert: m < 100 [t]\n"
        f"  - name: {quoted('-5.2')}\n    assert: m < 100 [t]\n"
    )


@pytest.fixture
def hostile(write_data: WriteData) -> Path:
    return write_data(hostile_yaml(), "hostile.yaml")


WIDE = {"COLUMNS": "1000"}  # no wrapping, so each escape is shown whole on its line


def assert_inert(stdout: str, stderr: str = "") -> None:
    assert raw_unsafe(stdout) == [], stdout
    assert raw_unsafe(stderr) == [], stderr


TERMINAL_COMMANDS = [
    ["report"],
    ["figures"],
    ["metrics"],
    ["get", "a", "m"],
    ["explain", "m"],
    ["explain", "a"],
    ["check"],
    ["check", "--format", "plain"],
    ["graph"],
    ["graph", "--format", "dot"],
    ["graph", "--values", f"c{EVIL}"],
    ["calc", "a * 2"],
]


@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=" ".join)
def test_every_terminal_output_is_inert(hostile: Path, invoke: Invoke, args: list[str]) -> None:
    result = invoke(["--data", str(hostile), *args], env=WIDE)
    assert result.exit_code in (0, 1), result.stderr
    assert_inert(result.stdout, result.stderr)


def test_tables_show_the_escapes(hostile: Path, invoke: Invoke) -> None:
    stdout = invoke(["--data", str(hostile), "report"], env=WIDE).stdout
    assert visible(f"c{EVIL}") in stdout
    assert visible("P" + EVIL) in stdout or visible("FP" + EVIL) in stdout  # the Source column
    assert "\\x1b[2J" in stdout and "\\x1b]8;;http://evil\\x1b\\\\" in stdout and "\\x9b31m" in stdout
    assert "\\u202e" in stdout and "\\u200b" in stdout


@pytest.mark.parametrize("command", [["check"], ["report"]], ids=" ".join)
def test_a_check_name_cannot_hide_or_forge_its_status(hostile: Path, invoke: Invoke, command: list[str]) -> None:
    stdout = invoke(["--data", str(hostile), *command], env=WIDE).stdout
    lines = stdout.splitlines()
    for name in FORGERS:
        [line] = [line for line in lines if line.startswith(f" {visible(name)} ")]
        assert line.split()[len(visible(name).split())] == "FAIL", line
        assert "pass" not in line


def test_the_explain_tree_shows_quotes_and_markup_literally(hostile: Path, invoke: Invoke) -> None:
    result = invoke(["--data", str(hostile), "explain", "m"], env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert visible("Q" + EVIL) in result.stdout  # [bold] and [link=...] are shown, not applied
    assert "[bold]" in result.stdout and "[link=http://evil]" in result.stdout


def test_json_gives_back_the_exact_text_and_stays_inert(hostile: Path, invoke: Invoke) -> None:
    result = invoke(["--data", str(hostile), "figures", "--format", "json"])
    assert_inert(result.stdout)
    a = json.loads(result.stdout)[0]
    assert (a["label"], a["quote"], a["source"]) == (
        "L" + EVIL,
        "Q" + EVIL,
        {"publisher": "FP" + EVIL, "title": "FT" + EVIL},
    )
    result = invoke(["--data", str(hostile), "check", "--format", "json"])
    assert_inert(result.stdout)
    assert [row["name"] for row in json.loads(result.stdout)][: 1 + len(FORGERS)] == [f"c{EVIL}", *FORGERS]
    result = invoke(["--data", str(hostile), "explain", "m", "--format", "json"])
    assert_inert(result.stdout)
    tree = json.loads(result.stdout)["tree"]
    assert tree["label"] == "ML" + EVIL
    assert tree["inputs"][0]["quote"] == "Q" + EVIL


def test_csv_guards_formula_cells_and_keeps_numbers(hostile: Path, invoke: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke(["--data", str(hostile), "figures", "--format", "csv"]).stdout)))
    assert rows[1]["label"] == "'" + HYPERLINK
    assert (rows[0]["value"], rows[0]["stated"]) == ("-5.2", "-5.2")
    assert rows[0]["label"] == "L" + EVIL  # CSV is for spreadsheets: faithful, apart from the guard
    checks = list(csv.DictReader(io.StringIO(invoke(["--data", str(hostile), "check", "--format", "csv"]).stdout)))
    names = [row["name"] for row in checks]
    assert names[-2:] == ["'=1+1", "-5.2"]
    assert float(checks[0]["left"]) == pytest.approx(-1.2)


def test_junit_escapes_what_xml_forbids_and_keeps_the_rest(hostile: Path, invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    result = invoke(["--data", str(hostile), "check", "--junit", str(target)], env=WIDE)
    assert result.exit_code == 1
    assert_inert(result.stdout, result.stderr)
    names = [case.attrib["name"] for case in ET.parse(target).getroot().iter("testcase")]
    assert names[1:4] == ["x\\x1b[8m", "y\r", f"z{RLO}"]  # ESC is not XML; CR and bidi are, and stay exact


def test_validate_and_check_show_a_hostile_path_escaped(hostile: Path, invoke: Invoke, tmp_path: Path) -> None:
    evil_path = tmp_path / f"d{CSI}{PATH_OSC8}{RLO}{ZWSP}.yaml"
    shutil.copy(hostile, evil_path)
    result = invoke(["validate", str(evil_path)])
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert result.stdout.startswith(visible(str(evil_path)) + ": ok (")
    result = invoke(["check", str(evil_path)], env=WIDE)
    assert_inert(result.stdout, result.stderr)
    assert result.stdout.startswith(visible(str(evil_path)) + "\n")


def test_diff_of_an_edited_snapshot_is_inert(hostile: Path, invoke: Invoke, tmp_path: Path) -> None:
    snap = tmp_path / f"snap{PATH_OSC8}.json"
    assert invoke(["--data", str(hostile), "snapshot", "-o", str(snap)]).exit_code == 0
    document = json.loads(snap.read_text(encoding="utf-8"))
    for entry in document["items"]:  # names are checked on reading; units and formulas are text
        entry["unit"] = "t" + EVIL
        if entry["kind"] == "metric":
            entry["formula"] += EVIL
    snap.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = invoke(["--data", str(hostile), "diff", str(snap), "--all"], env=WIDE)
    assert result.exit_code == 1, result.stderr
    assert_inert(result.stdout, result.stderr)
    assert visible("t" + EVIL) in result.stdout
    assert visible(str(snap)) in result.stdout  # the summary names the snapshot
    result = invoke(["--data", str(hostile), "diff", str(snap), "--format", "json"])
    assert_inert(result.stdout)
    old_units = {row["name"]: row["old_unit"] for row in json.loads(result.stdout)}
    assert old_units == {"a": "t" + EVIL, "b": "t" + EVIL, "m": "t" + EVIL}


# -- stderr: one line, inert, whatever the message echoes ------------------------------------------


def assert_one_inert_line(stderr: str) -> None:
    assert stderr.startswith("error: ") and stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert raw_unsafe(stderr) == [], stderr


@pytest.mark.parametrize(
    "args",
    [
        ["get", f"x{OSC8}"],
        ["explain", f"x{CSI}{RLO}"],
        ["graph", f"x{C1}"],
        ["calc", f"a + {ZWSP}b"],
        ["calc", f"a + b{CSI}"],
        ["--set", f"a{RLO}=1", "report"],
        ["--set", f"a=1{CSI}", "report"],
        ["--limit", f"x{OSC8}=1", "report"],
        ["--format", "json", "figures"],  # an option in the wrong place: click's own message
        ["figures", "--format", f"x{CSI}"],
        ["diff", f"/nonexistent/s{CSI}{RLO}.json"],
    ],
    ids=lambda args: " ".join(args).encode("unicode_escape").decode(),
)
def test_errors_that_echo_hostile_input_are_one_inert_line(hostile: Path, invoke: Invoke, args: list[str]) -> None:
    result = invoke(["--data", str(hostile), *args])
    assert result.exit_code == 2
    assert_one_inert_line(result.stderr)


def test_errors_name_hostile_paths_escaped(write_data: WriteData, invoke: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / f"no{CSI}{PATH_OSC8}{C1}{RLO}.yaml"
    result = invoke(["--data", str(missing), "report"])
    assert result.exit_code == 2
    assert_one_inert_line(result.stderr)
    assert visible(str(missing), backslashes=False) in result.stderr
    broken = write_data("figures:\n  a: {value: [1}\n", f"bad{CSI}{RLO}.yaml")
    result = invoke(["validate", str(broken)])
    assert result.exit_code == 2
    assert_one_inert_line(result.stderr)
    assert visible(str(broken), backslashes=False) + ":2:" in result.stderr


def test_errors_that_echo_file_content_are_one_inert_line(write_data: WriteData, invoke: Invoke) -> None:
    for text in [
        f"figures:\n  a: {{value: 1, unit: {quoted('t' + CSI)}}}\n",
        f"figures:\n  a: {{value: {quoted('1' + OSC8)}}}\n",
        f"figures:\n  {quoted('a' + RLO)}: {{value: 1}}\n",
        f"figures:\n  a: {{value: 1}}\nmetrics:\n  m: {{formula: {quoted('a + ' + C1)}}}\n",
        f"figures:\n  a: {{value: 1}}\nchecks:\n  - name: {quoted('n' + CSI)}\n    assert: {quoted('a >' + ZWSP)}\n",
        "figures:\n  a: {value: 1, label: x\x1b[2J}\n",  # a raw ESC in the YAML stream itself
    ]:
        result = invoke(["--data", str(write_data(text)), "report"])
        assert result.exit_code == 2, text
        assert_one_inert_line(result.stderr)


# -- real processes, on a real terminal ----------------------------------------------------------------

LAOSHAN = str(Path(sys.executable).parent / "laoshan")
PAYLOAD_BYTES = [CSI.encode(), b"\x1b]8", C1.encode(), RLO.encode(), ZWSP.encode(), b"\x07", b"\x7f"]


def only_colour(output: bytes) -> bytes:
    """The output without laoshan's own SGR colour codes; what is left must hold no ESC."""
    return re.sub(rb"\x1b\[[0-9;]*m", b"", output)


@pytest.mark.parametrize("args", [["report"], ["explain", "m"], ["check"]], ids=" ".join)
def test_a_real_terminal_gets_colour_but_no_payload(hostile: Path, tmp_path: Path, args: list[str]) -> None:
    from test_bad_inputs import read_terminal

    status, output = read_terminal(["--data", str(hostile), *args], tmp_path, TERM="xterm-256color")
    assert status in (0, 1)
    assert b"\x1b[" in output, "control: a terminal gets colour"
    for payload in PAYLOAD_BYTES:
        assert payload not in output
    assert b"\x1b" not in only_colour(output)
    assert b"\\x1b[2J" in output


def test_a_real_process_writes_an_inert_error(hostile: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [LAOSHAN, "--data", str(hostile), "get", f"x{OSC8}{C1}{RLO}"],
        capture_output=True,
        env={"LAOSHAN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    for payload in PAYLOAD_BYTES:
        assert payload not in result.stderr
    assert b"\x1b" not in result.stderr and "\x9b".encode() not in result.stderr
