"""Loading data files (laoshan_cli/loader.py, yamltree.py) and the bounds policy (policy.py).

Expected bounds are written out here as exact fractions from the README's
rules, not taken from laoshan's output.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from fractions import Fraction as F

import pytest

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.bounds_policy import QUALIFIERS, normalize_qualifier, qualifier_bounds
from laoshan_cli.core.engine import Engine
from laoshan_cli.core.errors import (
    DataError,
    FormulaError,
    LaoshanError,
    LimitError,
    Location,
    TextOrigin,
    UnitError,
    UsageError,
)
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.model import Dataset
from laoshan_cli.core.units import Unit
from laoshan_cli.loading.loader import load_bytes

N = None


def load(text: str, **kwargs: object) -> Dataset:
    return load_bytes(textwrap.dedent(text).encode("utf-8"), "t.yaml", **kwargs)  # type: ignore[arg-type]


def fails(text: str, cls: type[LaoshanError] = LaoshanError, **kwargs: object) -> LaoshanError:
    with pytest.raises(cls) as caught:
        load(text, **kwargs)
    return caught.value


def figure_yaml(fields: str) -> str:
    """A file with one figure x, its fields given as "name: value, name: value" (written in block style)."""
    return "figures:\n  x:\n" + "".join(f"    {field}\n" for field in fields.split(", "))


def one_figure(fields: str) -> Interval:
    return load(figure_yaml(fields)).figures["x"].bounds


def I(lo: int | str | F | None, hi: int | str | F | None) -> Interval:  # noqa: E743
    return Interval(None if lo is None else F(lo), None if hi is None else F(hi))


# -- fields ---------------------------------------------------------------------------------------------------------


def test_all_figure_fields() -> None:
    data = load(
        """\
        source: {title: Review, publisher: Gazette}
        figures:
          out:
            label: Output, 2016
            value: 38.9
            unit: billion  CNY
            year: 2016
            quote: "output of 38.9 billion yuan"
            source: {title: Accounts, url: "https://example.org/a"}
            low: 38.8
          other:
            value: 7
        """
    )
    out = data.figures["out"]
    assert out.stated.text == "38.9" and out.value == F("38.9")
    assert out.unit == Unit(F(10**9), (("CNY", 1),)) and out.unit_text == "billion CNY"
    assert (
        out.label == "Output, 2016"
        and out.period is not None
        and out.period.year == 2016
        and out.quote == "output of 38.9 billion yuan"
    )
    assert out.source == {"title": "Accounts", "url": "https://example.org/a"}  # replaces the file's
    assert out.bounds == I("38.8", "38.95")
    assert out.location == Location("t.yaml", 3, 3)
    other = data.figures["other"]
    assert other.source == {"title": "Review", "publisher": "Gazette"}
    assert other.label is None and other.period is None and other.quote is None and other.unit_text == ""
    assert data.metrics == {} and data.checks == () and data.source == {"title": "Review", "publisher": "Gazette"}


def test_all_metric_and_check_fields() -> None:
    data = load(
        """\
        figures:
          a: {value: 3, unit: CNY}
          b: {value: 4, unit: USD}
        metrics:
          rate:
            label: Exchange rate
            formula: a / b
            unit: CNY per USD
        checks:
          - name: rate is positive
            assert: rate > 0
        """
    )
    rate = data.metrics["rate"]
    assert rate.label == "Exchange rate" and rate.formula == "a / b" and rate.refs == ("a", "b")
    assert rate.unit == Unit(F(1), (("CNY", 1), ("USD", -1)))
    [check] = data.checks
    assert check.name == "rate is positive" and check.assertion == "rate > 0" and check.refs == ("rate",)


@pytest.mark.parametrize(
    ("text", "field", "suggestion"),
    [
        ("figure:\n  x: {value: 1}\n", "figure", "did you mean 'figures'?"),
        ("figures:\n  x: {value: 1, qualifer: nearly}\n", "qualifer", "did you mean 'qualifier'?"),
        ("figures:\n  x: {value: 1, precison: 1}\n", "precison", "did you mean 'precision'?"),
        ("figures:\n  x: {valeu: 1}\n", "valeu", "did you mean 'value'?"),
        ("figures:\n  x: {value: 1}\nmetrics:\n  m: {formla: x}\n", "formla", "did you mean 'formula'?"),
        ("figures:\n  x: {value: 1}\nchecks:\n  - {name: c, asert: x > 0}\n", "asert", "did you mean 'assert'?"),
        ("figures:\n  x: {value: 1, zzzzz: 1}\n", "zzzzz", "fields are: value, unit"),
    ],
)
def test_unknown_fields_are_errors_with_suggestions(text: str, field: str, suggestion: str) -> None:
    error = fails(text, DataError)
    assert f"unknown field {field!r}" in error.message
    assert error.hint is not None and suggestion in error.hint
    assert error.location is not None and error.location.path == "t.yaml" and error.location.line is not None


def test_missing_and_empty_sections() -> None:
    assert "no 'figures:' section" in fails("metrics: {}\n", DataError).message
    assert "at least one figure" in fails("figures: {}\n", DataError).message
    assert "at least one figure" in fails("figures:\n", DataError).message
    assert "has no value" in fails("figures:\n  x: {unit: CNY}\n", DataError).message
    assert "has no formula" in fails("figures:\n  x: {value: 1}\nmetrics:\n  m: {unit: CNY}\n", DataError).message
    assert "formula is empty" in fails("figures:\n  x: {value: 1}\nmetrics:\n  m: {formula: ''}\n").message
    assert "must be a mapping" in fails("figures:\n  x: 5\n", DataError).message
    assert "checks must be a list" in fails("figures:\n  x: {value: 1}\nchecks: {a: b}\n", DataError).message
    error = fails("figures:\n  x: {value: 1}\nchecks:\n  - {name: c}\n", DataError)
    assert "a check has no 'assert'" in error.message


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("value: ", "is empty"),
        ("value: [1]", "must be a number"),
        ("value: 012", "leading zero"),
        ("value: 1_000", "unexpected '_'"),
        ("value: .inf", "unexpected '.'"),
        ("value: 5,50", "does not group digits by three"),
        ("value: 1, exact: yes", "must be true or false, not 'yes'"),
        ("value: 1, exact: on", "must be true or false"),
        ("value: 1, exact: 'true'", "must be true or false"),
        ("value: 1, year: 2016.0", "must be a year"),
        ("value: 1, year: 0", "must be a year"),
        ("value: 1, year: 10000", "must be a year"),
        ("value: 1, qualifier: somewhat", "unknown qualifier 'somewhat'"),
        ("value: 1, precision: -0.5", "precision must not be negative"),
        ("value: 1, label: [a]", "must be text, not a list"),
        ("value: 1, source: text", "must be a mapping"),
    ],
)
def test_bad_figure_fields(fields: str, message: str) -> None:
    error = fails(figure_yaml(fields), DataError)
    assert message in error.message
    assert error.location is not None and error.location.line is not None and error.location.line >= 3


def test_year_may_be_empty() -> None:
    assert load("figures:\n  x: {value: 1, year: }\n").figures["x"].period is None
    period = load("figures:\n  x: {value: 1, year: 1999}\n").figures["x"].period
    assert (
        period is not None and period.text == "1999" and period.first == (1999, 1, 1) and period.last == (1999, 12, 31)
    )


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("2x", "starts with a letter"),
        ("a-b", "starts with a letter"),
        ("'a b'", "starts with a letter"),
        ("\uff58", "did you mean 'x'?"),
    ],
)
def test_bad_names(key: str, hint: str) -> None:
    error = fails(f"figures:\n  {key}: {{value: 1}}\n", DataError)
    assert "is not a valid name" in error.message
    assert error.hint is not None and hint in error.hint


def test_names_are_unique_across_figures_and_metrics() -> None:
    error = fails("figures:\n  x: {value: 1}\nmetrics:\n  x: {formula: 2}\n", DataError)
    assert "metric name 'x' is already used on line 2" in error.message
    assert error.location == Location("t.yaml", 4, 3)


def test_check_names_are_unique() -> None:
    error = fails("figures:\n  x: {value: 1}\nchecks:\n  - {name: c, assert: x > 0}\n  - {name: c, assert: x > 0}\n")
    assert "check name 'c' is already used on line 4" in error.message


# -- YAML ---------------------------------------------------------------------------------------------------------


def test_duplicate_keys_name_both_lines() -> None:
    error = fails(
        """\
        figures:
          x:
            value: 1
            unit: CNY
            value: 2
        """,
        DataError,
    )
    assert "duplicate key 'value' (first on line 3)" in error.message
    assert error.location is not None and error.location.line == 5
    error = fails("figures:\n  x: {value: 1}\n  y: {value: 2}\n  x: {value: 3}\n", DataError)
    assert "duplicate key 'x' (first on line 2)" in error.message and error.location.line == 4  # type: ignore[union-attr]
    error = fails("figures:\n  x: {value: 1}\nfigures:\n  y: {value: 1}\n", DataError)
    assert "first on line 1" in error.message and error.location.line == 3  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("figures:\n  x: &v {value: 1}\n", "anchor &v is not supported"),
        ("figures:\n  x: {value: &n 1}\n", "anchor &n is not supported"),
        ("figures:\n  x: *v\n", "alias *v is not supported"),
        ("figures:\n  x: {value: !!str 1}\n", "tag tag:yaml.org,2002:str is not supported"),
        ("figures:\n  x: !figure {value: 1}\n", "tag !figure is not supported"),
        ("figures:\n  x:\n    <<: {value: 1}\n", "merge keys (<<) are not supported"),
        ("figures:\n  x: {value: 1}\n---\nfigures:\n  y: {value: 1}\n", "more than one YAML document"),
        ("", "file is empty"),
        ("# nothing\n", "file is empty"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("just text\n", "top level must be a mapping"),
        ("figures:\n  x: {value: 1\n", "invalid YAML"),
        ("figures:\n\tx: {value: 1}\n", "invalid YAML"),
        ("figures:\n  ? [a, b]\n  : 1\n", "a key must be plain text"),
    ],
)
def test_yaml_features_that_are_refused(text: str, message: str) -> None:
    error = fails(text, DataError)
    assert message in error.message
    assert error.location is not None and error.location.path == "t.yaml"


def test_bytes_that_are_not_utf8_or_contain_nul() -> None:
    with pytest.raises(DataError) as caught:
        load_bytes(b"figures:\n  x: {value: 1, label: caf\xe9}\n", "t.yaml")
    assert "byte 0xe9 is not valid UTF-8" in caught.value.message
    assert caught.value.location == Location("t.yaml", 2, 27)
    with pytest.raises(DataError, match="NUL byte"):
        load_bytes(b"figures:\n  x: {value: 1}\x00\n", "t.yaml")
    bom = load_bytes(b"\xef\xbb\xbffigures:\n  x: {value: 1}\n", "t.yaml")
    assert bom.figures["x"].value == 1


def test_values_stay_text_not_yaml_types() -> None:
    data = load(
        """\
        figures:
          x: {value: 1.10, label: yes, quote: 2016-01-01}
        """
    )
    x = data.figures["x"]
    assert x.stated.text == "1.10" and x.bounds == I("1.095", "1.105")
    assert x.label == "yes" and x.quote == "2016-01-01"


def test_yaml_limits() -> None:
    deep = "figures:\n  x: {value: 1, source: " + "{a: " * 20 + "b" + "}" * 20 + "}\n"
    error = fails(deep, LimitError)
    assert (
        "nested too deeply" in error.message
        and error.hint == "limit max_depth is 16; raise it with --limit max_depth=N"
    )
    many = "figures:\n" + "".join(f"  x{i}: {{value: {i + 1}}}\n" for i in range(50))
    error = fails(many, LimitError, limits=Limits(max_nodes=40))
    assert "too many YAML nodes" in error.message
    long = "figures:\n  x: {value: 1, label: " + "a" * 101 + "}\n"
    error = fails(long, LimitError, limits=Limits(max_string_length=100))
    assert "text is 101 characters long" in error.message
    error = fails("figures:\n  x: {value: 1}\n", LimitError, limits=Limits(max_file_bytes=10))
    assert "file is 25 bytes" in error.message


# -- the bounds policy ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # stated digits
        ("value: 38.9", I("38.85", "38.95")),
        ("value: 1.10", I("1.095", "1.105")),
        ("value: -2.6", I("-2.65", "-2.55")),
        ("value: 5,509", I("5508.5", "5509.5")),  # a bare whole number is rounded
        ("value: 5,509, unit: patents", I(5509, 5509)),  # a plain count is exact
        ("value: 1.5e3", I(1450, 1550)),
        ("value: 0", I("-0.5", "0.5")),
        ("value: 0, unit: patents", I(0, 0)),
        # precision and exact
        ("value: 128, precision: 0.5", I("127.5", "128.5")),
        ("value: 38.9, precision: 0", I("38.9", "38.9")),
        ("value: 38.9, exact: true", I("38.9", "38.9")),
        ("value: 38.9, exact: false", I("38.85", "38.95")),
        # qualifiers replace the rounding interval
        ("value: 1,500, qualifier: more than", I(1500, N)),
        ("value: 1500, qualifier: over", I(1500, N)),
        ("value: 1500, qualifier: at least", I(1500, N)),
        ("value: 10, qualifier: less than", I(N, 10)),
        ("value: 10, qualifier: under", I(N, 10)),
        ("value: 10, qualifier: at most", I(N, 10)),
        ("value: 10, qualifier: up to", I(N, 10)),
        ("value: 100, qualifier: nearly", I(90, 100)),
        ("value: 200, qualifier: almost", I(180, 200)),
        ("value: 38.9, qualifier: nearly", I("35.01", "38.9")),
        ("value: -100, qualifier: nearly", I(-100, -90)),
        ("value: 40, qualifier: around", I(36, 44)),
        ("value: 40, qualifier: about", I(36, 44)),
        ("value: 40, qualifier: approximately", I(36, 44)),
        ("value: 40, qualifier: roughly", I(36, 44)),
        ("value: -40, qualifier: around", I(-44, -36)),
        ("value: 0, qualifier: around", I(0, 0)),
        ("value: 100, qualifier: More   Than", I(100, N)),
        ("value: 100, qualifier: NEARLY", I(90, 100)),
        # low and high replace either end
        ("value: 38.9, low: 38.8", I("38.8", "38.95")),
        ("value: 38.9, high: 39", I("38.85", 39)),
        ("value: 1500, qualifier: more than, high: 2000", I(1500, 2000)),
        ("value: 10, qualifier: less than, low: 0", I(0, 10)),
        ("value: 100, qualifier: nearly, low: 95", I(95, 100)),
        ("value: 5, low: 1, high: 9", I(1, 9)),
        ("value: 5, low: 5, high: 5", I(5, 5)),
        ("value: 5, low: 5", I(5, "5.5")),
        ("value: 128, precision: 0.5, high: 128", I("127.5", 128)),
        ("value: 38.9, exact: true, high: 40", I("38.9", 40)),
    ],
)
def test_figure_bounds(fields: str, expected: Interval) -> None:
    assert one_figure(fields) == expected


# Whole numbers are rounded unless their unit is a plain count (issue table; halves worked out by hand).
@pytest.mark.parametrize(
    ("stated", "unit", "expected"),
    [
        ("5,509", "patents", I(5509, 5509)),
        ("20,084", "CNY per person", I("20083.5", "20084.5")),
        ("8", "percent", I("7.5", "8.5")),
        ("1,662", "million GBP", I("1661.5", "1662.5")),
        ("128", "patents per 10,000 residents", I("127.5", "128.5")),
        ("448", "thousand tonnes", I("447.5", "448.5")),
        ("448", "tonnes", I("447.5", "448.5")),
        ("40,000", "residents", I(40000, 40000)),
        ("321", "applications", I(321, 321)),
        ("2", "patents applications", I(2, 2)),
        ("20", "USD", I("19.5", "20.5")),
        ("3", "patents^2", I("2.5", "3.5")),
        ("7", "hectares", I("6.5", "7.5")),
        ("12", "", I("11.5", "12.5")),
    ],
)
def test_whole_numbers_are_rounded_unless_they_count(stated: str, unit: str, expected: Interval) -> None:
    fields = f"value: {stated}" + (f", unit: {unit}" if unit else "")
    assert one_figure(fields) == expected


def test_plain_count_is_what_the_policy_says() -> None:
    from laoshan_cli.core.bounds_policy import MEASURE_WORDS, is_plain_count
    from laoshan_cli.core.currencies import ISO_4217
    from laoshan_cli.core.units import parse_unit

    def unit(text: str) -> Unit:
        return parse_unit(text, TextOrigin("unit", text), Limits())

    assert is_plain_count(unit("patents")) and is_plain_count(unit("people companies"))
    for text in ("billion CNY", "percent", "patents per residents", "thousand patents", "2 patents", "patents^2", ""):
        assert not is_plain_count(unit(text)), text
    assert "CNY" in ISO_4217 and "GBP" in ISO_4217 and len(ISO_4217) > 150
    assert all(not is_plain_count(unit(word)) for word in sorted(ISO_4217 | MEASURE_WORDS))


def test_qualifier_policy_table() -> None:
    value = F(250)
    for qualifier in QUALIFIERS:
        assert normalize_qualifier(qualifier.upper()) == qualifier
        bounds = qualifier_bounds(qualifier, value)
        assert bounds.contains(value)
    assert normalize_qualifier("kind of") is None
    with pytest.raises(ValueError):
        qualifier_bounds("kind of", value)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("value: 5.0, low: 5.01", "value 5.0 lies outside its bounds"),
        ("value: 5.0, high: 4.99", "value 5.0 lies outside its bounds"),
        ("value: 38.9, low: 38.91", "value 38.9 lies outside its bounds"),
        ("value: 5, low: 1, high: 4", "value 5 lies outside its bounds"),
        ("value: 1500, qualifier: more than, low: 1600", "value 1500 lies outside its bounds"),
        ("value: 10, qualifier: less than, high: 9", "value 10 lies outside its bounds"),
        ("value: 5, low: 9, high: 1", "bounds are empty: 9 is above 1"),
        # An end given alone can cross the other, worked-out end: either message is honest.
        ("value: 5, low: 6", "bounds are empty: 6 is above 5"),
        ("value: 1500, qualifier: more than, high: 1000", "bounds are empty: 1500 is above 1000"),
    ],
)
def test_value_outside_its_bounds(fields: str, message: str) -> None:
    error = fails(figure_yaml(fields), DataError)
    assert re.search(message, error.message), error.message
    assert error.location is not None and error.location.line is not None and error.location.line >= 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("value: 1, qualifier: nearly, precision: 1", "has both qualifier and precision"),
        ("value: 1, qualifier: nearly, exact: true", "has both qualifier and exact"),
        ("value: 1, precision: 1, exact: true", "has both precision and exact"),
    ],
)
def test_qualifier_precision_and_exact_exclude_one_another(fields: str, message: str) -> None:
    error = fails(figure_yaml(fields), DataError)
    assert message in error.message


def test_exact_false_does_not_conflict() -> None:
    assert one_figure("value: 100, qualifier: nearly, exact: false") == I(90, 100)


# -- formulas, names and graphs -------------------------------------------------------------------------------------


def test_unknown_name_suggests_and_points_into_the_file() -> None:
    error = fails(
        """\
        figures:
          hightech_output_2016: {value: 38.9}
        metrics:
          m:
            formula: hightech_output_2105 * 2
        """,
        FormulaError,
    )
    assert "unknown name 'hightech_output_2105'" in error.message
    assert error.hint == "did you mean 'hightech_output_2016'?"
    assert error.location == Location("t.yaml", 5, 14)


def test_look_alike_name_in_a_file_is_an_error_with_a_suggestion() -> None:
    error = fails(
        """\
        figures:
          hightech_output_2016: {value: 38.9}
        metrics:
          m:
            formula: 2 * \uff48ightech_output_2016
        """,
        FormulaError,
    )
    assert "outside ASCII" in error.message
    assert error.hint is not None and "did you mean 'hightech_output_2016'?" in error.hint
    assert error.location == Location("t.yaml", 5, 18)


def test_a_metric_cannot_use_itself() -> None:
    error = fails("figures:\n  x: {value: 1}\nmetrics:\n  m: {formula: x + m}\n", FormulaError)
    assert "metric 'm' uses itself" in error.message


def test_cycles_name_the_chain() -> None:
    error = fails(
        """\
        figures:
          x: {value: 1}
        metrics:
          a: {formula: b + x}
          b: {formula: c * 2}
          c: {formula: a - 1}
        """,
        FormulaError,
    )
    match = re.search(r"metrics form a cycle: (\w+(?: -> \w+)+)", error.message)
    assert match is not None, error.message
    chain = match.group(1).split(" -> ")
    assert chain[0] == chain[-1] and sorted(chain[:-1]) == ["a", "b", "c"]
    # Each step of the chain is a real use: a uses b, b uses c, c uses a.
    uses = {"a": "b", "b": "c", "c": "a"}
    assert all(uses[x] == y for x, y in itertools.pairwise(chain))
    assert error.location is not None and error.location.line in (4, 5, 6)


def test_metrics_may_come_before_what_they_use() -> None:
    data = load(
        """\
        figures:
          x: {value: 2}
        metrics:
          c: {formula: b * b}
          b: {formula: a + 1}
          a: {formula: x * 3}
        """
    )
    order = data.order
    assert order.index("a") < order.index("b") < order.index("c")
    [c] = Engine(data).items(["c"])
    assert c.value == (2 * 3 + 1) ** 2


def test_a_long_chain_of_metrics_loads() -> None:
    lines = ["figures:", "  m0: {value: 1}", "metrics:"]
    lines += [f"  m{i}: {{formula: m{i - 1} + 1}}" for i in range(2000, 0, -1)]
    data = load_bytes("\n".join(lines).encode(), "t.yaml")
    assert data.order.index("m1") < data.order.index("m2000")


# -- units ----------------------------------------------------------------------------------------------------------


def test_metric_unit_mismatch_names_the_metric() -> None:
    error = fails(
        """\
        figures:
          out: {value: 38.9, unit: billion CNY}
          usd: {value: 5.6, unit: billion USD}
        metrics:
          rate:
            formula: out / usd
            unit: billion CNY
        """,
        UnitError,
    )
    assert "metric 'rate' formula" in error.message
    assert "formula: gives CNY/USD, but the unit is 'billion CNY'" in error.message
    assert error.hint is not None and "unit: CNY/USD" in error.hint


def test_dimensionless_metric_needs_no_unit_and_scale_does_not_matter() -> None:
    data = load(
        """\
        figures:
          a: {value: 3, unit: billion CNY}
          b: {value: 4, unit: million CNY}
        metrics:
          ratio: {formula: a / b}
          total: {formula: a + b, unit: CNY}
        """
    )
    items = {item.name: item for item in Engine(data).items(["ratio", "total"])}
    assert items["ratio"].value == F(3 * 10**9, 4 * 10**6)
    assert items["total"].value == 3 * 10**9 + 4 * 10**6
    error = fails("figures:\n  a: {value: 3, unit: CNY}\nmetrics:\n  m: {formula: a * 2}\n", UnitError)
    assert "formula: gives CNY, but the unit is dimensionless (no unit)" in error.message


def test_adding_different_dimensions_names_the_metric_and_column() -> None:
    error = fails(
        """\
        figures:
          money: {value: 1, unit: CNY}
          count: {value: 1, unit: patents}
        metrics:
          m:
            formula: money + count
        """,
        UnitError,
    )
    assert "metric 'm' formula: cannot add CNY and patent" in error.message
    assert error.location == Location("t.yaml", 6, 20)


def test_bare_number_added_to_a_dimensioned_value_suggests_the_bracket_form() -> None:
    error = fails(
        """\
        figures:
          out: {value: 38.9, unit: billion CNY}
        metrics:
          m: {formula: out + 6, unit: billion CNY}
        """,
        UnitError,
    )
    assert "cannot add a bare number and a value in billion CNY" in error.message
    assert error.hint == "did you mean `6 [billion CNY]`?"


def test_check_comparing_a_rate_with_a_bare_number_suggests_the_bracket_form() -> None:
    error = fails(
        """\
        figures:
          out: {value: 38.9, unit: CNY}
          usd: {value: 5.6, unit: USD}
        metrics:
          rate: {formula: out / usd, unit: CNY/USD}
        checks:
          - name: rate is at least 6
            assert: rate >= 6
        """,
        UnitError,
    )
    assert "check 'rate is at least 6' assert" in error.message
    assert "cannot compare a bare number and a value in CNY/USD" in error.message
    assert error.hint == "did you mean `6 [CNY/USD]`?"


def test_bracket_form_and_zero_are_accepted() -> None:
    data = load(
        """\
        figures:
          out: {value: 38.9, unit: CNY}
          usd: {value: 5.6, unit: USD}
        metrics:
          rate: {formula: out / usd, unit: CNY/USD}
        checks:
          - {name: a, assert: "rate >= 6 [CNY/USD]"}
          - {name: b, assert: rate > 0}
          - {name: c, assert: out - 0 > 0}
        """
    )
    statuses = [result.status for result in Engine(data).checks()]
    assert statuses == ["pass", "pass", "pass"]


@pytest.mark.parametrize(
    ("assertion", "number", "times_hundred"),
    [("share <= 100", "100", "10000"), ("100 >= share", "100", "10000"), ("share > 0.5", "0.5", "50.0")],
)
def test_percent_compared_with_a_bare_number_suggests_percent(assertion: str, number: str, times_hundred: str) -> None:
    error = fails(
        f"""\
        figures:
          share: {{value: 82.2, unit: percent}}
        checks:
          - name: share is a share
            assert: {assertion}
        """,
        UnitError,
    )
    assert f"comparing a percent value with the bare number {number}" in error.message
    assert error.hint is not None and f"did you mean `{number}%`?" in error.hint
    assert f"A bare {number} means {times_hundred} percent" in error.hint


def test_percent_compared_with_a_negated_bare_number_is_a_unit_error() -> None:
    # `--5` is a valid formula (5); the error about it must still be a laoshan error, not a crash.
    error = fails(
        """\
        figures:
          share: {value: 82.2, unit: percent}
        checks:
          - name: share is above minus minus five
            assert: share > --5
        """,
        UnitError,
    )
    assert "comparing a percent value with the bare number" in error.message


def test_percent_comparisons_that_are_fine() -> None:
    data = load(
        """\
        figures:
          share: {value: 82.2, unit: percent}
        checks:
          - {name: a, assert: share <= 100%}
          - {name: b, assert: share > 0}
          - {name: c, assert: "share < 1 [percent] * 100"}
        """
    )
    assert [r.status for r in Engine(data).checks()] == ["pass", "pass", "pass"]


def test_comparing_different_dimensions_in_a_check() -> None:
    error = fails(
        "figures:\n  a: {value: 1, unit: CNY}\n  b: {value: 1, unit: USD}\nchecks:\n  - {name: c, assert: a > b}\n",
        UnitError,
    )
    assert "cannot compare CNY and USD" in error.message


def test_bad_unit_points_at_the_unit() -> None:
    error = fails("figures:\n  x: {value: 1, unit: CNY/USD/EUR}\n", UnitError)
    assert "figure 'x' unit" in error.message and "divided only once" in error.message
    assert error.location == Location("t.yaml", 2, 30)  # the second /


# -- what-if overrides ----------------------------------------------------------------------------------------------

BASE = """\
figures:
  growth: {value: 2.6, unit: percent}
  labs: {value: 100, qualifier: nearly}
  capped: {value: 5, low: 4, high: 6}
metrics:
  twice: {formula: growth * 2, unit: percent}
"""


def test_overrides_restate_figures_and_keep_their_hedges() -> None:
    data = load(BASE, overrides=[("growth", "3.0"), ("labs", "80")])
    assert data.figures["growth"].value == 3 and data.figures["growth"].bounds == I("2.95", "3.05")
    assert data.figures["labs"].bounds == I(72, 80)
    [twice] = Engine(data).items(["twice"])
    assert twice.value == 6 and twice.bounds == I("5.9", "6.1")


def test_override_errors() -> None:
    error = fails(BASE, UsageError, overrides=[("twice", "1")])
    assert "twice is a metric" in error.message
    error = fails(BASE, UsageError, overrides=[("growht", "1")])
    assert "no figure named 'growht'" in error.message and error.hint == "did you mean 'growth'?"
    error = fails(BASE, UsageError, overrides=[("growth", "1_0")])
    assert "unexpected '_'" in error.message
    error = fails(BASE, overrides=[("capped", "7")])  # low and high in the file still apply
    assert "outside" in error.message and "capped" in error.message


def test_a_figure_restated_twice_through_the_api_is_an_error() -> None:
    from laoshan_cli import load as api_load
    from laoshan_cli.loading.shipped import shipped_data_path

    with pytest.raises(UsageError) as caught:
        api_load(shipped_data_path(), overrides=[("hightech_growth_2016", "3.0"), ("hightech_growth_2016", "4.0")])
    assert "given twice" in str(caught.value) and "'3.0'" in str(caught.value) and "'4.0'" in str(caught.value)
