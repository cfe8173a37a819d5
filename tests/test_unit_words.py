"""Unit words (issue 10, item 2): one dimension for a word and its plural, words in any script with the
look-alike checks that names get, a file's own words (`units:`), and "did you mean" for a mistyped word.

Expected scales are worked out by hand as fractions; expected dimensions are written out, not read from
the program.
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.core.bounds_policy import is_plain_count
from laoshan_cli.core.errors import LaoshanError, TextOrigin, UnitError
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.unit_words import INVARIANT, IRREGULAR, canonical_word
from laoshan_cli.core.units import Unit, format_unit, parse_unit
from laoshan_cli.loading.loader import load_bytes


def unit(text: str) -> Unit:
    return parse_unit(text, TextOrigin("unit"), Limits())


def dim(word: str, scale: F = F(1)) -> Unit:
    return Unit(scale, ((word, 1),))


def load(text: str) -> object:
    return load_bytes(text.encode(), "t.yaml")


# -- a word and its plural ----------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "singular"),
    [
        (["person", "people", "persons", "人"], "person"),
        (["company", "companies"], "company"),
        (["household", "households"], "household"),
        (["child", "children"], "child"),
        (["man", "men"], "man"),
        (["woman", "women"], "woman"),
        (["country", "countries"], "country"),
        (["box", "boxes"], "box"),
        (["church", "churches"], "church"),
        (["dish", "dishes"], "dish"),
        (["class", "classes"], "class"),
        (["enterprise", "enterprises"], "enterprise"),
        (["employee", "employees"], "employee"),
        (["tonne", "tonnes"], "tonne"),
        (["tie", "ties"], "tie"),
        (["bus", "buses"], "bus"),
        (["gas", "gases"], "gas"),
        (["calorie", "calories"], "calorie"),
        (["foot", "feet"], "foot"),
        (["min", "mins"], "min"),
        (["lb", "lbs"], "lb"),
    ],
)
def test_a_word_and_its_plural_are_one_dimension(words: list[str], singular: str) -> None:
    for word in words:
        assert unit(word) == dim(singular), word


@pytest.mark.parametrize(
    "word",
    # singulars that end in s, codes and symbols, words too short to tell: each stays a dimension of its own
    [
        *("news", "series", "species", "means", "mass", "status", "basis", "bonus", "gas", "bus", "lens", "ms", "ps"),
        *("GBP", "USD", "JPY", "kWh", "TWh", "Persons", "MWs", "тонны", "人次"),
    ],
)
def test_words_that_are_not_regular_plurals_are_kept_as_written(word: str) -> None:
    assert unit(word) == dim(word)


def test_folding_never_merges_two_different_words() -> None:
    # Real, different words, several of which end in s or look like a plural of another: all stay apart.
    words = ["new", "news", "mean", "means", "mas", "mass", "statu", "status", "basi", "basis", "bu", "bus"]
    words += ["ga", "gas", "len", "lens", "serie", "series", "specie", "species", "m", "ms", "p", "ps", "GB", "GBP"]
    words += ["US", "USD", "clas", "class", "bonu", "bonus", "cento", "centos"]
    assert len({canonical_word(word) for word in words}) == len(words) - 1  # only cento/centos are one word


def test_the_lists_are_fixed_points() -> None:
    for plural, singular in IRREGULAR.items():
        assert canonical_word(singular) == singular, plural
        assert canonical_word(plural) == singular
    assert all(canonical_word(word) == word for word in INVARIANT)


@given(st.text(alphabet="abcdeisuxyhz", min_size=1, max_size=8))
def test_canonical_forms_are_stable(word: str) -> None:
    once = canonical_word(word)
    assert canonical_word(once) == once


def test_a_shown_unit_reads_back_even_when_a_plural_would_fold_into_per() -> None:
    assert unit("pers") == dim("pers")
    assert unit(format_unit(unit("CNY pers"))) == unit("CNY pers")


WORDS = ["per", "pers", "percentage", "points", "point", "basis", "people", "人", "万人", "companies", "ms"]
WORDS += ["bus", "buses", "yuans", "percents", "тонна", "トン", "pps", "kWh", "CNY", "万", "亿元", "/", "2", "mins"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
def test_a_shown_unit_reads_back_as_the_same_unit(words: list[str]) -> None:
    """format_unit writes what --unit can take: plurals fold to words that fold no further, and two factors
    that would read as one unit ('percentage point') are kept apart."""
    try:
        parsed = unit(" ".join(words))
    except UnitError:
        return
    assert unit(format_unit(parsed)) == parsed


def test_two_dimensions_that_spell_points_stay_two() -> None:
    parsed = unit("points percentage")
    assert parsed == Unit(F(1), (("percentage", 1), ("point", 1)))
    assert format_unit(parsed) == "percentage * point"


def test_a_plural_of_a_built_in_word_is_that_word() -> None:
    assert unit("yuans") == dim("CNY")
    assert unit("percents") == Unit(F(1, 100), ())


def test_residents_per_household_checks_across_singular_and_plural() -> None:
    dataset = load(
        """
figures:
  residents: {value: 12, unit: 万人}
  households: {value: 40000, unit: households, exact: true}
  one: {value: 1, unit: person}
metrics:
  size: {formula: residents / households, unit: people per household}
  more: {formula: residents + one, unit: persons}
checks:
  - {name: big, assert: "size > 2 [persons per household]"}
"""
    )
    from laoshan_cli.core.engine import Engine

    engine = Engine(dataset)  # type: ignore[arg-type]
    size, more = engine.items(["size", "more"])
    # 12 万人 = 120,000 people, read as 11.5 ... 12.5 万: 115,000 ... 125,000 over 40,000 households
    assert size.value == F(120_000, 40_000)
    assert (size.bounds.lo, size.bounds.hi) == (F(115_000, 40_000), F(125_000, 40_000))
    assert more.value == 120_001
    assert engine.checks()[0].status == "pass"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        *(("people", True), ("person", True), ("persons", True), ("人", True), ("companies", True)),
        *(("tonnes", False), ("hours", False), ("feet", False), ("万人", False), ("thousand people", False)),
    ],
)
def test_plain_counts_read_plurals_as_their_singular(text: str, count: bool) -> None:
    assert is_plain_count(unit(text)) is count


# -- scripts ------------------------------------------------------------------------------


def test_words_of_other_scripts_are_dimensions_of_their_own() -> None:
    assert unit("тонна") == dim("тонна")
    assert unit("万トン") == dim("トン", F(10**4))
    assert unit("명") == dim("명")
    assert unit("cafe\u0301s") == unit("caf\u00e9s") == dim("caf\u00e9s")  # NFKC: one word, however composed
    assert unit("亿kWh") == dim("kWh", F(10**8))  # a CJK run is a word of its own
    assert unit("\uf900") == dim("\u8c48")  # a compatibility ideograph is its unified one (NFKC)


@pytest.mark.parametrize(
    ("text", "named", "hint"),
    [
        ("\u0421NY", "U+0421 CYRILLIC CAPITAL LETTER ES", "did you mean 'CNY'"),
        ("million \u0421NY", "U+0421 CYRILLIC CAPITAL LETTER ES", "did you mean 'CNY'"),
        ("\u0421\u041e\u0420", "U+0421 CYRILLIC CAPITAL LETTER ES", "did you mean 'COP'"),  # all Cyrillic
        ("\uff23\uff2e\uff39", "U+FF23 FULLWIDTH LATIN CAPITAL LETTER C", "did you mean 'CNY'"),
        ("CNY\ufe0f", "U+FE0F VARIATION SELECTOR-16", "did you mean 'CNY'"),  # invisible
        ("b\u0131llion", "U+0131 LATIN SMALL LETTER DOTLESS I", "did you mean 'billion'"),
        ("\u0442onna", "U+0442 CYRILLIC SMALL LETTER TE", "one script"),  # mixed, not all look-alikes
    ],
)
def test_look_alikes_and_mixed_scripts_are_refused_naming_the_character(text: str, named: str, hint: str) -> None:
    with pytest.raises(UnitError) as caught:
        unit(text)
    assert named in caught.value.message
    assert hint in (caught.value.hint or "")


# -- a file's own words --------------------------------------------------------------------

OWN = """
units:
  万元: "10,000 CNY"
  head: cattle
  lakh_yuan: lakh CNY
  box: "12 bottle"
  crate: "10 boxes"
figures:
  income: {value: 5, unit: 万元}
  herd: {value: 120, unit: heads}
  calves: {value: 3, unit: thousand head}
  savings: {value: 2, unit: lakh_yuan}
  stock: {value: 4, unit: crates}
  gdp: {value: 27801, unit: 亿元}
metrics:
  all_cattle: {formula: "herd + calves + 1 [head]", unit: cattle}
  savings_yuan: {formula: savings, unit: yuan}
  bottles: {formula: stock, unit: bottles}
checks:
  - {name: herd, assert: "herd > 100 [head]"}
"""


def test_own_words_give_their_units_everywhere() -> None:
    from laoshan_cli.core.engine import Engine

    dataset = load(OWN)
    engine = Engine(dataset)  # type: ignore[arg-type]
    figures = dataset.figures  # type: ignore[attr-defined]
    assert figures["income"].unit == dim("CNY", F(10**4))
    assert figures["herd"].unit == dim("cattle")
    assert figures["calves"].unit == dim("cattle", F(1000))
    assert figures["savings"].unit == dim("CNY", F(10**5))
    assert figures["stock"].unit == dim("bottle", F(120))  # a crate is 10 boxes of 12 bottles
    assert figures["herd"].unit_text == "heads"  # the shown unit keeps the file's words
    all_cattle, savings, bottles = engine.items(["all_cattle", "savings_yuan", "bottles"])
    assert all_cattle.value == 120 + 3000 + 1
    assert savings.value == 2 * 10**5
    assert bottles.value == 4 * 120
    assert engine.checks()[0].status == "pass"
    ratio, less = engine.calc("gdp / income"), engine.calc("income - 1 [万元]")
    assert ratio.value * ratio.unit.scale == F(27801 * 10**8, 5 * 10**4) and not ratio.unit.dims
    assert less.value * less.unit.scale == 4 * 10**4 and less.unit.dims == (("CNY", 1),)


def test_counts_and_amounts_of_own_words() -> None:
    figures = load(OWN).figures  # type: ignore[attr-defined]
    assert figures["herd"].bounds.lo == figures["herd"].bounds.hi == 120  # head: cattle is a count
    assert (figures["income"].bounds.lo, figures["income"].bounds.hi) == (F(9, 2), F(11, 2))  # 万元 is money
    assert is_plain_count(figures["herd"].unit) and not is_plain_count(figures["income"].unit)


@pytest.mark.parametrize(
    ("units", "message", "at"),
    [
        ("head: heads", "'head' is defined by itself", "2:9"),
        ("a: b\n  b: c\n  c: a", "defined in a loop: a -> b -> c -> a", "4:6"),
        ("billion: million", "'billion' already means billion", "2:3"),
        ("元: USD", "'元' already means CNY", "2:3"),
        ("CNY: yuan", "CNY is an ISO 4217 currency code", "2:3"),
        ("head: cattle\n  heads: cattle", "'heads' is the same word as 'head'", "3:3"),
        ("head count: cattle", "is not one word", "2:3"),
        ("x: 'CNY/'", "nothing follows the division", "2:11"),  # after the slash, inside the quotes
        ("\u0421NY: yuan", "U+0421 CYRILLIC CAPITAL LETTER ES", "2:3"),
        ("t\u043e\u043dne: kg", "mixes scripts", "2:4"),
        ("head:", "has no unit", "2:8"),
    ],
)
def test_bad_definitions_are_errors_at_their_line_and_column(units: str, message: str, at: str) -> None:
    text = f"units:\n  {units}\nfigures:\n  a: {{value: 1}}\n"
    with pytest.raises(LaoshanError) as caught:
        load_bytes(text.encode(), "t.yaml")
    assert message in str(caught.value)
    assert caught.value.location is not None
    assert f"{caught.value.location.line}:{caught.value.location.column}" == at


def test_a_built_in_word_may_be_restated_with_its_own_meaning() -> None:
    dataset = load('units:\n  万元: "10,000 CNY"\n  yuan: CNY\nfigures:\n  a: {value: 1, unit: 万元}\n')
    assert dataset.figures["a"].unit == dim("CNY", F(10**4))  # type: ignore[attr-defined]
    assert not dataset.unit_words  # type: ignore[attr-defined]


@pytest.mark.parametrize("cached", [True, False])
def test_unit_option_reads_the_files_own_words(invoke: Invoke, tmp_path: Path, cached: bool) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(OWN, encoding="utf-8")
    base = ["--data", str(path)] + ([] if cached else ["--no-cache"])
    if cached:
        assert invoke([*base, "figures"]).exit_code == 0  # warm the cache, so --unit is served from it
    for _ in range(2 if cached else 1):
        result = invoke([*base, "get", "calves", "gdp", "--unit", "head", "--format", "json"])
        assert result.exit_code == 2 and "cannot show gdp" in result.stderr  # CNY is not cattle
        result = invoke([*base, "get", "calves", "--unit", "head", "--format", "json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)[0]["value"] == 3000
        result = invoke([*base, "get", "gdp", "--unit", "万元", "--format", "json"])
        assert json.loads(result.stdout)[0]["value"] == 27801 * 10**4
        result = invoke([*base, "get", "savings", "--unit", "lakh_yuan", "--format", "json"])
        assert json.loads(result.stdout)[0]["value"] == 2


# -- unknown words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit_text", "hint"),
    [
        ("billion CYN", "'CYN' is not an ISO 4217 currency code; did you mean 'CNY'?"),
        ("bilion CNY", "'bilion' is not a unit word laoshan knows; did you mean 'billion'?"),
        ("milion CNY", "did you mean 'million'?"),
    ],
)
def test_a_mismatch_names_the_word_it_did_not_understand(unit_text: str, hint: str) -> None:
    text = f"figures:\n  a: {{value: 1, unit: billion CNY}}\nmetrics:\n  m: {{formula: a, unit: {unit_text}}}\n"
    with pytest.raises(UnitError) as caught:
        load_bytes(text.encode(), "t.yaml")
    assert hint in (caught.value.hint or "")


def test_a_plural_scale_just_works_and_a_real_word_gets_no_guess() -> None:
    dataset = load("figures:\n  a: {value: 1, unit: lakhs CNY}\n")
    assert dataset.figures["a"].unit == dim("CNY", F(10**5))  # type: ignore[attr-defined]
    text = (
        "figures:\n  a: {value: 1, unit: patents}\n  b: {value: 1, unit: residents}\nmetrics:\n  m: {formula: a + b}\n"
    )
    with pytest.raises(UnitError) as caught:
        load_bytes(text.encode(), "t.yaml")
    assert caught.value.hint == "their dimensions differ"


def test_unit_option_suggests_too(invoke: Invoke) -> None:
    result = invoke(["get", "hightech_output_2016", "--unit", "bilion CNY"])
    assert result.exit_code == 2
    assert "did you mean 'billion'?" in result.stderr


@pytest.mark.parametrize("cached", [True, False])
def test_a_check_is_shown_in_its_inputs_words(invoke: Invoke, tmp_path: Path, cached: bool) -> None:
    path = tmp_path / "check.yaml"
    path.write_text(
        "figures:\n  homes: {value: 3, unit: households}\n  people: {value: 7, unit: persons}\n"
        "checks:\n  - {name: few, assert: 'homes < 5 [household]'}\n"
        "  - {name: ratio, assert: 'people / homes > 2 [people per household]'}\n",
        encoding="utf-8",
    )
    args = ["--data", str(path), *([] if cached else ["--no-cache"]), "check", "--format", "json"]
    for _ in range(2 if cached else 1):  # the second run reads the cache
        result = invoke(args)
        assert result.exit_code == 0, result.stderr
        units = [check["unit"] for check in json.loads(result.stdout)]
        # An input's own words where one has the check's unit; else the singulars, which no input wrote.
        assert units == ["households", "person/household"]
