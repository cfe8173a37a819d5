"""The JSON Schema of the data file agrees with the loader.

An editor or a CI validator sees a data file through a YAML library, which
turns scalars into numbers, booleans and nulls; laoshan reads every scalar
as text. The schema is written for the first view, and must agree with the
loader: a file is valid for one exactly when it is valid for the other,
except in the documented classes of `schema.LIMITATIONS`, where the schema
accepts what the loader refuses. The schema never refuses a file that the
loader accepts.

Two YAML readers stand for the two kinds of tool: YAML 1.2 (core schema),
as yaml-language-server reads files, and YAML 1.1 as PyYAML's safe_load
does. The one extra gap of YAML 1.1 is that it reads 2016-01-01 as a date,
which is no JSON type; a text field written so is then refused by the schema
although laoshan accepts it. Quoting it avoids that in every tool.

tests/schema_cases/ holds small files: valid/ (both accept), invalid/ (both
refuse) and exceptions/ (the schema accepts, the loader refuses), each
exception naming its class in a first-line comment. A hypothesis test
generates files from random fields and scalars and checks agreement, with
each disagreement traced to a documented class.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.cli.commands.schema import schema as schema_command
from laoshan_cli.core.bounds_policy import QUALIFIERS, normalize_qualifier
from laoshan_cli.core.errors import FormulaError, LaoshanError, TextOrigin, UnitError
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.numbers import parse_number
from laoshan_cli.loading.loader import load_bytes
from laoshan_cli.loading.schema import LIMITATIONS, NAME, WHITESPACE, data_schema, schema_json

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "schema_cases"
COMMITTED = ROOT / "data" / "indicators.schema.json"
SHIPPED = [ROOT / "data" / "indicators.yaml", ROOT / "tests" / "cases" / "harbour.yaml"]
SHIPPED += sorted((ROOT / "tests" / "consistency").glob("*.yaml"))  # whole: true and ~= in real use

SCHEMA = data_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
DRAFT7 = jsonschema.Draft7Validator(SCHEMA)


# -- two YAML readers ----------------------------------------------------------------


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as yaml-language-server (eemeli/yaml) reads a file.

    Only true/false are booleans; ints are decimal, 0o octal or 0x hex; no
    dates, no 1_000, no 1:30, no merge keys.
    """


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _regex, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regex), _first)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)

READERS: dict[str, type[yaml.SafeLoader]] = {"yaml1.2": Yaml12Loader, "yaml1.1": yaml.SafeLoader}


def read(text: str, reader: str) -> Any:
    """What a tool sees: the first document, as the reader makes it (editors check each document)."""
    documents = list(yaml.load_all(text, Loader=READERS[reader]))
    return documents[0] if documents else None


def schema_ok(instance: Any, validator: jsonschema.protocols.Validator = VALIDATOR) -> bool:
    return bool(validator.is_valid(instance))


def loader_error(text: str) -> LaoshanError | None:
    try:
        load_bytes(text.encode("utf-8"), "case.yaml")
    except LaoshanError as error:
        return error
    return None


# -- the documented classes ----------------------------------------------------------

MESSAGES: dict[str, str] = {
    "pasted-number": r"in number|ends too soon|expected a number|range",
    "number-spelling": r"leading zero|unexpected|ends too soon|decimal point needs|must be a year|expected a number",
    "boolean-spelling": r"must be true or false",
    "limits": r"limit max_",
    "duplicate-names": r"is already used|duplicate key",
    "bounds": r"outside its bounds|bounds are empty",
    "yaml-features": r"anchor|alias|merge keys|tag .* is not supported|more than one YAML document",
    "non-string-keys": r"is not a valid name",
    "period": r"starts after it ends|a year has 4 digits",
}


def classes_of(error: LaoshanError) -> set[str]:
    """The documented classes that a loader error belongs to, by its kind and message."""
    text = f"{error.message} ({error.hint})" if error.hint else error.message
    found = {name for name, pattern in MESSAGES.items() if re.search(pattern, text)}
    if isinstance(error, (FormulaError, UnitError)):
        found.add("grammar")
    return found


def without_dates(value: Any) -> Any:
    """The instance with YAML 1.1 dates as the text they were written as."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: without_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_dates(item) for item in value]
    return value


# -- the schema itself ---------------------------------------------------------------


def test_schema_is_a_valid_2020_12_schema_with_id_title_and_description() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator.check_schema(SCHEMA)  # editors implement draft-07
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] and SCHEMA["title"] and SCHEMA["description"]
    for limitation in LIMITATIONS.values():
        assert limitation in SCHEMA["description"]


def test_schema_uses_no_references() -> None:
    """No $ref: draft-07 ignores keywords beside one, and editors resolve them differently."""
    assert "$ref" not in json.dumps(SCHEMA)


def test_committed_file_equals_the_command_output() -> None:
    outcome = schema_command.main(args=[], prog_name="laoshan schema", standalone_mode=False)
    assert outcome.text == schema_json()
    assert COMMITTED.read_text(encoding="utf-8") == outcome.text, "run: laoshan schema > data/indicators.schema.json"
    assert json.loads(outcome.text) == SCHEMA


def test_laoshan_schema_prints_the_schema(invoke: Invoke) -> None:
    """Through the real command line, as `laoshan schema > data/indicators.schema.json` writes the file."""
    result = invoke(["schema"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == COMMITTED.read_text(encoding="utf-8")
    assert result.stdout.endswith("}\n") and result.stdout.isascii()


def test_schema_output_is_sorted_indented_and_ascii() -> None:
    text = schema_json()
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2) + "\n"
    assert text.isascii()


def test_whitespace_class_is_exactly_what_str_split_splits_on() -> None:
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    matched = set(re.findall(WHITESPACE, everything))
    assert matched == {c for c in everything if c.isspace()}
    assert "".join(sorted(matched)).split() == []


def test_lower_case_letters_of_qualifiers_come_only_from_ascii_letters() -> None:
    """The schema spells case-insensitivity as [Mm]...; the loader uses str.lower().

    They agree if no other character lowers to text made of qualifier letters.
    """
    assert all(q.lower() == q.upper() == q for q in QUALIFIERS if not q.isascii())  # Chinese has no case
    letters = set("".join(q for q in QUALIFIERS if q.isascii())) - {" "}
    odd = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not chr(c).isascii() and chr(c).lower() and set(chr(c).lower()) <= letters
    ]
    assert odd == []


QUALIFIER_SCHEMA = jsonschema.Draft202012Validator(
    SCHEMA["properties"]["figures"]["additionalProperties"]["properties"]["qualifier"]
)
SPACES = ["\u00a0", "\u3000", "\t", "\n", "\x1c", "\u200b", "\u2028", "_"]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(QUALIFIERS),
    st.lists(st.booleans(), max_size=14),
    st.lists(st.text(alphabet=[" ", *SPACES], max_size=3), min_size=3, max_size=3),
    st.sampled_from(["", "s", "ly", "K", "İ"]),
)
def test_qualifier_schema_agrees_with_normalize_qualifier(
    qualifier: str, upper: list[bool], spaces: list[str], extra: str
) -> None:
    letters = [c.upper() if i < len(upper) and upper[i] else c for i, c in enumerate(qualifier)]
    words = "".join(letters).split(" ")
    inner = (spaces[1] or " ").join(words) if len(words) > 1 else words[0]
    text = spaces[0] + inner + extra + spaces[2]
    assert (normalize_qualifier(text) is not None) == QUALIFIER_SCHEMA.is_valid(text), repr(text)


@pytest.mark.parametrize("name", ["a", "_", "A_1", "hightech_output_2016", "a\n", "1a", "a-b", "ａ", "", "a b"])
def test_name_pattern_agrees_with_the_loader(name: str) -> None:
    names = SCHEMA["properties"]["figures"]["propertyNames"]
    assert names["pattern"] == NAME
    assert jsonschema.Draft202012Validator(names).is_valid(name) == (name.isascii() and name.isidentifier())


# -- shipped files and the corpus ------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_are_valid(path: Path, reader: str) -> None:
    text = path.read_text(encoding="utf-8")
    instance = read(text, reader)
    assert [e.message for e in VALIDATOR.iter_errors(instance)] == []
    assert loader_error(text) is None


def corpus(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.yaml"))


def test_corpus_is_big_enough() -> None:
    assert len(corpus("valid")) >= 10 and len(corpus("invalid")) >= 60 and len(corpus("exceptions")) >= 30


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", corpus("valid"), ids=lambda p: p.stem)
def test_valid_files_are_valid_for_both(path: Path, reader: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert loader_error(text) is None
    instance = read(text, reader)
    assert [e.message for e in VALIDATOR.iter_errors(instance)] == []
    assert schema_ok(instance, DRAFT7)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", corpus("invalid"), ids=lambda p: p.stem)
def test_invalid_files_are_invalid_for_both(path: Path, reader: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert loader_error(text) is not None
    instance = read(text, reader)
    assert not schema_ok(instance)
    assert not schema_ok(instance, DRAFT7)


def header(path: Path) -> tuple[str, set[str]]:
    """The class and readers an exception file names in its first comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    match = re.fullmatch(r"# class: (\S+)", lines[0])
    assert match, f"{path.name}: first line must be '# class: NAME'"
    readers = set(READERS)
    found = re.fullmatch(r"# readers: (\S+)", lines[1])
    if found:
        readers = {found.group(1)}
    return match.group(1), readers


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", corpus("exceptions"), ids=lambda p: p.stem)
def test_exceptions_are_schema_valid_and_loader_invalid(path: Path, reader: str) -> None:
    text = path.read_text(encoding="utf-8")
    kind, readers = header(path)
    assert kind in LIMITATIONS
    error = loader_error(text)
    assert error is not None
    assert kind in classes_of(error), str(error)
    instance = read(text, reader)
    if reader in readers:
        assert [e.message for e in VALIDATOR.iter_errors(instance)] == []
        assert schema_ok(instance, DRAFT7)
    else:  # the other reader sees a type that the schema refuses, as laoshan does
        assert not schema_ok(instance)


def test_every_limitation_has_an_example() -> None:
    assert {header(path)[0] for path in corpus("exceptions")} == set(LIMITATIONS)


@pytest.mark.parametrize("reader", READERS)
def test_a_text_field_that_looks_like_a_date(reader: str) -> None:
    """The one way YAML 1.1 makes the schema refuse what laoshan accepts; quoting avoids it."""
    plain = "figures:\n  a:\n    value: 1\n    label: 2016-01-01\n"
    assert loader_error(plain) is None
    assert schema_ok(read(plain, reader)) == (reader == "yaml1.2")
    quoted = plain.replace("2016-01-01", "'2016-01-01'")
    assert loader_error(quoted) is None and schema_ok(read(quoted, reader))


# -- random files ----------------------------------------------------------------------


@dataclass
class Map:
    items: list[tuple[str, Node]] = field(default_factory=list)


@dataclass
class Seq:
    items: list[Node] = field(default_factory=list)


Node = str | Map | Seq  # a str is a scalar as written in YAML: plain, quoted or flow


def emit(root: Map) -> tuple[str, dict[int, list[tuple[str, str]]]]:
    """Block-style YAML text, and the (role, text) of the scalars on each line."""
    lines: list[str] = []
    spots: dict[int, list[tuple[str, str]]] = {}

    def mapping(node: Map, indent: int) -> None:
        pad = " " * indent
        for key, value in node.items:
            if isinstance(value, str):
                lines.append(f"{pad}{key}: {value}".rstrip())
                spots[len(lines)] = [("key", key), ("value", value)]
            elif not value.items:
                lines.append(f"{pad}{key}: {'{}' if isinstance(value, Map) else '[]'}")
                spots[len(lines)] = [("key", key)]
            else:
                lines.append(f"{pad}{key}:")
                spots[len(lines)] = [("key", key)]
                if isinstance(value, Map):
                    mapping(value, indent + 2)
                else:
                    sequence(value, indent + 2)

    def sequence(node: Seq, indent: int) -> None:
        pad = " " * indent
        for item in node.items:
            if isinstance(item, str):
                lines.append(f"{pad}- {item}".rstrip())
                spots[len(lines)] = [("value", item)]
            elif isinstance(item, Map) and item.items:
                start = len(lines)
                mapping(item, indent + 2)
                lines[start] = f"{pad}- {lines[start][indent + 2 :]}"
            else:
                lines.append(f"{pad}- {'{}' if isinstance(item, Map) else '[]'}")

    mapping(root, 0)
    return "\n".join(lines) + "\n", spots


# Scalars as written in YAML, for each field: ones laoshan accepts there, and others.
GOOD_NUMBERS = ["1", "38.9", "-3.2", "100", "0", "2,400", "1.5e3", "1e3", "+7", "1,000.5", "-0", "0.5", "1e+3"]
ODD_NUMBERS = ["012", "0x1F", "0o17", ".5", "5.", ".inf", "-.inf", ".nan", "1_000", "1:30", "2016.0", "1e400"]
ODD_NUMBERS += ["1" + "0" * 41, "1,00", "1,0000", "38.9e", "0,500", "--1", "+-1", "1.2.3"]
QUOTED_NUMBERS = ['"38.9"', "'2,400'", '"1e3"', '"2016"', "'-0'", '"5,509.5"']
BOOLEANS = ["true", "false", "True", "FALSE", "yes", "no", "on", "Off"]
NULLS = ["~", "null", "", "Null"]
WORDS = ["abc", "hello world", "'quoted text'", '"x < y"', "a >= 0", "1 < 2", "very nearly", "2016-01-01"]
WORDS += ["'2016-01-01'", '"K"', "'%'", "2016", "true", "1:30"]
FLOWS = ["[]", "{}", "[1, 2]", "{a: 1}", "{title: T, publisher: P}"]
ANY = GOOD_NUMBERS + ODD_NUMBERS + QUOTED_NUMBERS + BOOLEANS + NULLS + WORDS + FLOWS

FIGURE_FIELDS: dict[str, tuple[list[str], list[str]]] = {  # field: (good, bad)
    "unit": (["percent", "billion CNY", "patents", "CNY/USD", "1", "100", "million tonnes", ""], ["CNY/", "per"]),
    "label": (WORDS + NULLS, FLOWS),
    "year": (["2016", "2,016", "+2016", "1999", "~"], ["0", "10000", "2016.0", "2e3", "1e3", "-5", "2016-01-01"]),
    "quote": (WORDS, FLOWS),
    "qualifier": (
        [*QUALIFIERS, "More  Than", "'  ROUGHLY '", '"at\\u00a0most"', '"up\\tto"', "NEARLY", "~"],
        ["very nearly", "5", '""', "'more_than'"],
    ),
    "precision": (["0.5", "5", "0", "-0.0", "1,000", "5e-1", "-0e5"], ["-1", "~", "'0.5'"]),
    "low": (GOOD_NUMBERS, ODD_NUMBERS),
    "high": (GOOD_NUMBERS, ODD_NUMBERS),
    "exact": (["true", "false"], BOOLEANS),
    "period": (
        ["2018", "2018-07", "'2018-07-31'", "2016-02-29", "2018-Q2", "2018-H1", "2018-01/2018-07", "0018", "~"],
        ["2018-13", "'2018-02-29'", "2018-Q5", "2018-7", "18", "2018-07/2018-01", "2018.0", "+2018", "''"],
    ),
    "basis": (["real", "constant prices", "'comparable'", "~", "2016"], ['"a\\nb"', "[real]"]),
    "status": (["actual", "preliminary", "estimate", "target", "forecast", "~"], ["Target", "forcast", "''", "1"]),
}
VALUES = (GOOD_NUMBERS, ODD_NUMBERS + QUOTED_NUMBERS)
FORMULAS = (["5", "1 + 2", "2 * 3 - 1"], ["a", "b", "a + 1", "a / b", "a > b", '""', "a +", "unknown_x", "true"])
UNITS = (["1", "", "~"], ["percent", "billion CNY", "CNY/", "per"])
ASSERTS = (["1 < 2", "2 >= 1", "0 <= 0"], ["a >= a", "a > 0", "a >> b", "a", "x < 1", "5", "b <= a + 1"])
CHECK_NAMES = (["c", "5", '""', "no", "other check", "'d'"], ["~", "[c]"])
NAMES = (["a", "b", "c", "d", "_x", "x1", "true", "null", "f_2"], ["12", "1a", "a-b", "ｈ", '"a\\n"', "'a b'", "~"])
METRIC_NAMES = (["m", "n", "_m2", "False"], NAMES[0])


@dataclass
class Mood:
    """How hostile one generated file is: a sane file has a bad scalar now and then, a wild one often."""

    bad: int  # one scalar in `bad` is bad or random
    rare: int  # an optional field appears once in `rare`

    def pick(self, draw: st.DrawFn, choices: tuple[list[str], list[str]]) -> str:
        good, bad = choices
        if draw(st.integers(0, self.bad - 1)) == 0:
            return draw(st.sampled_from(ANY if draw(st.integers(0, 3)) == 0 else bad))
        return draw(st.sampled_from(good))

    def sometimes(self, draw: st.DrawFn, one_in: int = 1) -> bool:
        return draw(st.integers(0, self.rare * one_in - 1)) == 0


def moods() -> st.SearchStrategy[Mood]:
    return st.sampled_from([Mood(bad=40, rare=4), Mood(bad=8, rare=3), Mood(bad=2, rare=2)])


@st.composite
def source(draw: st.DrawFn, mood: Mood) -> Node:
    if mood.sometimes(draw):
        return mood.pick(draw, (["{title: T, publisher: P}", "~", "{}"], ["China Daily", "[a]", "{a: {b: c}}"]))
    keys = draw(st.lists(st.sampled_from(["title", "publisher", "url", "12"]), min_size=1, max_size=3, unique=True))
    return Map([(key, mood.pick(draw, (WORDS + NULLS, FLOWS))) for key in keys])


@st.composite
def figure(draw: st.DrawFn, mood: Mood) -> Node:
    if mood.sometimes(draw, 5):
        return mood.pick(draw, (["{value: 1}", "{value: 2,400}"], ANY))
    items: list[tuple[str, Node]] = []
    if not mood.sometimes(draw, 5):
        items.append(("value", mood.pick(draw, VALUES)))
    for name, choices in FIGURE_FIELDS.items():
        if mood.sometimes(draw, 3 if name in ("low", "high") else 1):
            items.append((name, mood.pick(draw, choices)))
    if mood.sometimes(draw, 2):
        items.append(("source", draw(source(mood))))
    if mood.sometimes(draw, 5):
        items.append(("valu", "1"))
    return Map(draw(st.permutations(items)))


@st.composite
def metric(draw: st.DrawFn, mood: Mood) -> Node:
    if mood.sometimes(draw, 5):
        return mood.pick(draw, (["{formula: 5}"], ANY))
    items: list[tuple[str, Node]] = []
    if not mood.sometimes(draw, 5):
        items.append(("formula", mood.pick(draw, FORMULAS)))
    if mood.sometimes(draw):
        items.append(("unit", mood.pick(draw, UNITS)))
    if mood.sometimes(draw):
        items.append(("label", mood.pick(draw, (WORDS, FLOWS))))
    if mood.sometimes(draw, 5):
        items.append(("units", "1"))
    return Map(items)


@st.composite
def check(draw: st.DrawFn, mood: Mood) -> Node:
    if mood.sometimes(draw, 5):
        return mood.pick(draw, (["{name: n, assert: 1 < 2}"], ANY))
    items: list[tuple[str, Node]] = []
    if not mood.sometimes(draw, 5):
        items.append(("name", mood.pick(draw, CHECK_NAMES)))
    if not mood.sometimes(draw, 5):
        items.append(("assert", mood.pick(draw, ASSERTS)))
    if mood.sometimes(draw, 5):
        items.append(("note", "x"))
    return Map(items)


@st.composite
def named(
    draw: st.DrawFn,
    mood: Mood,
    entry: Callable[[Mood], st.SearchStrategy[Node]],
    pool: tuple[list[str], list[str]],
    sizes: tuple[int, int],
) -> Map:
    count = draw(st.integers(*sizes))
    names = draw(st.lists(st.sampled_from(pool[0]), min_size=count, max_size=count, unique=True))
    others = st.sampled_from(pool[1] + NAMES[1])  # names of the other kind, bad names, repeats
    names = [draw(others) if mood.sometimes(draw, 3) else name for name in names]
    return Map([(name, draw(entry(mood))) for name in names])


@st.composite
def data_files(draw: st.DrawFn) -> Map:
    mood = draw(moods())
    top: list[tuple[str, Node]] = []
    if mood.sometimes(draw):
        top.append(("source", draw(source(mood))))
    if not mood.sometimes(draw, 5):
        figures: Node = draw(named(mood, figure, NAMES, (1, 3)))
        if mood.sometimes(draw, 5):
            figures = mood.pick(draw, (["{a: {value: 1}}"], ["~", "[a]", "5", "{}"]))
        top.append(("figures", figures))
    if draw(st.booleans()):
        metrics = named(mood, metric, METRIC_NAMES, (0, 2))
        top.append(("metrics", draw(st.one_of(metrics, st.sampled_from(["~", "[]", "{}", "x"])))))
    if draw(st.booleans()):
        checks = st.lists(check(mood), max_size=2).map(lambda items: Seq(list(items)))
        top.append(("checks", draw(st.one_of(checks, st.sampled_from(["~", "[]", "{}", "5"])))))
    if mood.sometimes(draw, 5):
        top.append(("figure", "{}"))
    return Map(draw(st.permutations(top)))


def in_grammar(text: str) -> bool:
    try:
        parse_number(text, TextOrigin("t"), Limits())
    except LaoshanError:
        return False
    return True


def value_flags(text: str, reader: str) -> set[str]:
    """The token-local classes a scalar falls into when a reader reads it as a field value."""
    read_as = read(f"x: {text}\n", reader)["x"]
    flags = set()
    if isinstance(read_as, bool):
        if text not in ("true", "false"):
            flags.add("boolean-spelling")
    elif isinstance(read_as, (int, float)):
        whole = isinstance(read_as, int) or (math.isfinite(read_as) and read_as == int(read_as))
        if not in_grammar(text) or (whole and re.search(r"[.eE]", text)):
            flags.add("number-spelling")
    elif isinstance(read_as, str) and not read_as.isascii():
        flags.add("pasted-number")
    return flags


def key_flags(text: str, reader: str) -> set[str]:
    [key] = read(f"{text}: 1\n", reader)
    return set() if isinstance(key, str) else {"non-string-keys"}


LOCAL = {"pasted-number", "number-spelling", "boolean-spelling", "non-string-keys"}


def shadowed(node: Node, reader: str) -> bool:
    """Whether a mapping has two keys that the reader takes for one (null and ~): it keeps only the last."""
    if isinstance(node, Seq):
        return any(shadowed(item, reader) for item in node.items)
    if isinstance(node, Map):
        keys = {key: read(f"{key}: 1\n", reader) for key, _ in node.items}
        distinct = {next(iter(value)) for value in keys.values()}
        return len(distinct) < len(keys) or any(shadowed(value, reader) for _, value in node.items)
    return False


def explained(error: LaoshanError, reader: str, root: Map, spots: dict[int, list[tuple[str, str]]]) -> bool:
    """Whether the loader's refusal of a schema-valid file is one of the documented classes.

    Classes of one scalar must have that scalar on the line the error names.
    When the reader merged two keys, the schema saw another file.
    """
    if shadowed(root, reader):
        return True
    line = error.location.line if error.location is not None else None
    flags: set[str] = set()
    for role, text in spots.get(line or 0, []):
        flags |= key_flags(text, reader) if role == "key" else value_flags(text, reader)
    return any(kind not in LOCAL or kind in flags for kind in classes_of(error))


def test_schema_and_loader_agree_on_random_files() -> None:
    """Valid for the schema exactly when valid for the loader, but for the documented classes.

    The run must also meet all three verdicts, so that agreement is not won
    by a generator that only makes broken files.
    """
    seen: Counter[str] = Counter()

    @settings(max_examples=400, deadline=None)
    @given(data_files())
    def agree(root: Map) -> None:
        text, spots = emit(root)
        error = loader_error(text)
        for reader in READERS:
            instance = read(text, reader)
            valid = schema_ok(instance)
            assert valid == schema_ok(instance, DRAFT7)
            if valid and error is not None:
                assert explained(error, reader, root, spots), (
                    f"{reader}: schema accepts, loader refuses: {error}\n{text}"
                )
                seen["exception"] += 1
            elif not valid and error is None:
                assert reader == "yaml1.1", f"schema refuses a file that laoshan accepts:\n{text}"
                assert schema_ok(without_dates(instance)), f"{reader}: not only dates:\n{text}"
                seen["date"] += 1
            else:
                seen["both valid" if valid else "both invalid"] += 1

    agree()
    assert seen["both valid"] and seen["both invalid"] and seen["exception"], seen
