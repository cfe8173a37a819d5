"""Values as texts write them (issue 10, item 3): ranges, pasted minus signs, full-width digits,
quoted numbers, the hints for words that belong in the unit or the sign, and the hedges of both languages."""

from __future__ import annotations

import textwrap
from fractions import Fraction as F

import pytest

from laoshan_cli.core.errors import DataError
from laoshan_cli.core.model import Figure
from laoshan_cli.loading.loader import load_bytes


def figure(body: str) -> Figure:
    text = "figures:\n  x:\n" + textwrap.indent(textwrap.dedent(body), "    ")
    return load_bytes(text.encode(), "t.yaml").figures["x"]


def error(body: str) -> str:
    with pytest.raises(DataError) as caught:
        figure(body)
    return str(caught.value)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("2 to 3", F(2), F(3)),
        ("2–3", F(2), F(3)),  # en dash
        ("2—3", F(2), F(3)),  # em dash
        ("2-3", F(2), F(3)),
        ("6.5 to 7", F(13, 2), F(7)),
        ("-3 to -1", F(-3), F(-1)),
        ("40 to 45", F(40), F(45)),
        ("1,500 to 2,000", F(1500), F(2000)),
    ],
)
def test_a_range_gives_its_ends_as_bounds_and_its_midpoint_as_value(value: str, low: F, high: F) -> None:
    found = figure(f"value: {value}\nunit: percent\n")
    assert (found.bounds.lo, found.bounds.hi) == (low, high)
    assert found.value == (low + high) / 2
    assert found.stated.text == value


def test_a_range_with_low_or_high_is_refined_by_them() -> None:
    found = figure("value: 2 to 3\nhigh: 2.8\n")
    assert (found.bounds.lo, found.bounds.hi) == (F(2), F("2.8"))


@pytest.mark.parametrize("hedge", ["qualifier: about", "precision: 0.5", "exact: true"])
def test_a_range_refuses_a_hedge_beside_it(hedge: str) -> None:
    message = error(f"value: 2 to 3\n{hedge}\n")
    assert "states a range" in message and hedge.split(":")[0] in message


def test_a_range_must_run_from_low_to_high() -> None:
    assert "runs from high to low" in error("value: 3 to 2\n")


@pytest.mark.parametrize("text", ["-2-3", "2--3", "1e-3-5"])
def test_a_hyphen_between_signed_numbers_is_not_read_as_a_range(text: str) -> None:
    with pytest.raises(DataError):
        figure(f"value: {text}\n")


def test_an_exponent_is_not_a_range() -> None:
    assert figure("value: 1e-3\n").value == F(1, 1000)


@pytest.mark.parametrize(
    ("pasted", "value", "half_width"),
    [
        ("\u22123", F(-3), F(1, 2)),  # U+2212 MINUS SIGN
        ("\u22122.6", F("-2.6"), F(1, 20)),
        ("４０２０３.５", F("40203.5"), F(1, 20)),  # full-width digits and full stop
        ("１，６６２", F(1662), F(1, 2)),  # full-width comma
        ("\uff0d8", F(-8), F(1, 2)),  # full-width hyphen-minus
    ],
)
def test_numbers_as_pasted_are_read_after_nfkc(pasted: str, value: F, half_width: F) -> None:
    found = figure(f"value: {pasted}\n")
    assert found.value == value
    assert (found.bounds.lo, found.bounds.hi) == (value - half_width, value + half_width)
    assert found.stated.text == pasted  # stated as the text wrote it


def test_a_quoted_number_is_a_number_in_flow_style() -> None:
    data = load_bytes(b'figures:\n  x: {value: "170,000", unit: residents, low: "169,000"}\n', "t.yaml")
    found = data.figures["x"]
    assert found.value == 170000 and (found.bounds.lo, found.bounds.hi) == (F(169000), F(170000))


def test_quoted_text_that_is_no_number_is_still_an_error() -> None:
    assert "in number" in error('value: "about 5"\n')


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("1.79 trillion", "put trillion in the unit"),
        ("3.43 million", "put million in the unit"),
        ("5 bn", "put bn in the unit"),
        ("27801亿", "put the scale in the unit"),
        ("$5.6", "put the currency in the unit"),
        ("£1,662", "put the currency in the unit"),
        ("fell 3", "write the decline as a negative value"),
        ("down 634", "write the decline as a negative value"),
        ("下降9.8", "write the decline as a negative value"),
    ],
)
def test_words_of_the_unit_or_the_sign_in_a_value_get_a_hint(value: str, hint: str) -> None:
    assert hint in error(f"value: {value}\n")


@pytest.mark.parametrize(
    ("qualifier", "low", "high"),
    [
        ("some", F(153000), F(187000)),
        ("close to", F(153000), F(187000)),
        ("约", F(153000), F(187000)),
        ("左右", F(153000), F(187000)),
        ("well over", F(170000), None),
        ("upwards of", F(170000), None),
        ("in excess of", F(170000), None),
        ("just over", F(170000), None),
        ("超过", F(170000), None),
        ("逾", F(170000), None),
        ("多", F(170000), None),
        ("以上", F(170000), None),
        ("fewer than", None, F(170000)),
        ("below", None, F(170000)),
        ("just under", None, F(170000)),
        ("不足", None, F(170000)),
        ("不到", None, F(170000)),
        ("以下", None, F(170000)),
        ("近", F(153000), F(170000)),
        ("将近", F(153000), F(170000)),
    ],
)
def test_the_hedges_of_both_languages(qualifier: str, low: F | None, high: F | None) -> None:
    # 10% of 170,000 is 17,000, worked out by hand.
    found = figure(f"value: 170,000\nunit: residents\nqualifier: {qualifier}\n")
    assert (found.bounds.lo, found.bounds.hi) == (low, high)


def test_a_pasted_minus_sign_is_a_minus_in_formulas() -> None:
    from laoshan_cli.core.engine import Engine

    text = "figures:\n  a: {value: 5, exact: true}\n  b: {value: 2, exact: true}\n"
    text += "metrics:\n  d: {formula: a \u2212 b}\n"
    [item] = Engine(load_bytes(text.encode(), "t.yaml")).items(["d"])
    assert item.value == 3
