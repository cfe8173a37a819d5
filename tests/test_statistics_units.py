"""The units that statistics are written in (issue 10, item 2, in part): scale words of both languages,
currencies by name and sign, percentage and basis points. Scales are worked out by hand."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from laoshan_cli.core.errors import TextOrigin, UnitError
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.units import Unit, format_unit, parse_unit
from laoshan_cli.loading.loader import load_bytes


def unit(text: str) -> Unit:
    return parse_unit(text, TextOrigin("unit"), Limits())


@pytest.mark.parametrize(
    ("text", "scale", "dims"),
    [
        ("亿元", F(10**8), (("CNY", 1),)),
        ("万亿元", F(10**12), (("CNY", 1),)),
        ("万人", F(10**4), (("person", 1),)),  # 人 is person (unit_words.IRREGULAR)
        ("千 CNY", F(10**3), (("CNY", 1),)),
        ("billions CNY", F(10**9), (("CNY", 1),)),
        ("bn USD", F(10**9), (("USD", 1),)),
        ("mn EUR", F(10**6), (("EUR", 1),)),
        ("tn CNY", F(10**12), (("CNY", 1),)),
        ("lakh INR", F(10**5), (("INR", 1),)),
        ("crore INR", F(10**7), (("INR", 1),)),
        ("lakh crore INR", F(10**12), (("INR", 1),)),
        ("yuan", F(1), (("CNY", 1),)),
        ("RMB", F(1), (("CNY", 1),)),
        ("renminbi", F(1), (("CNY", 1),)),
        ("元", F(1), (("CNY", 1),)),
        ("dollars", F(1), (("USD", 1),)),
        ("$", F(1), (("USD", 1),)),
        ("$bn", F(10**9), (("USD", 1),)),
        ("£m", F(10**6), (("GBP", 1),)),
        ("million pounds", F(10**6), (("GBP", 1),)),
        ("sterling", F(1), (("GBP", 1),)),
        ("€", F(1), (("EUR", 1),)),
        ("euros", F(1), (("EUR", 1),)),
        ("₹ crore", F(10**7), (("INR", 1),)),
        ("rupees", F(1), (("INR", 1),)),
        ("pence", F(1, 100), (("GBP", 1),)),
        ("p", F(1, 100), (("GBP", 1),)),
        ("percentage points", F(1, 100), ()),
        ("pp", F(1, 100), ()),
        ("个百分点", F(1, 100), ()),
        ("百分点", F(1, 100), ()),
        ("basis points", F(1, 10**4), ()),
        ("bp", F(1, 10**4), ()),
        ("bps", F(1, 10**4), ()),
        ("元/人", F(1), (("CNY", 1), ("person", -1))),
        ("‰", F(1, 1000), ()),
        ("千分点", F(1, 1000), ()),
        ("千瓦时", F(1000), (("瓦时", 1),)),  # kWh: a thousand watt-hours
        ("千克", F(1000), (("克", 1),)),
    ],
)
def test_statistics_units(text: str, scale: F, dims: tuple[tuple[str, int], ...]) -> None:
    found = unit(text)
    assert (found.scale, found.dims) == (scale, dims)
    assert unit(format_unit(found)) == found  # what is shown reads back


def test_measures_in_chinese_are_not_counts() -> None:
    from laoshan_cli.core.bounds_policy import is_plain_count

    assert not any(is_plain_count(unit(text)) for text in ("万吨", "千瓦时", "亩", "公里"))
    assert is_plain_count(unit("人")) and is_plain_count(unit("家"))


@pytest.mark.parametrize(("text", "hint"), [("¥", "write CNY or JPY"), ("cents", "0.01 USD"), ("cent", "0.01 USD")])
def test_ambiguous_currency_words_ask_for_the_code(text: str, hint: str) -> None:
    with pytest.raises(UnitError) as caught:
        unit(f"million {text}")
    assert hint in str(caught.value)


@pytest.mark.parametrize("text", ["СNY", "СОР", "ＣＮＹ"])
def test_look_alikes_of_ascii_are_refused_so_they_are_never_a_dimension(text: str) -> None:
    with pytest.raises(UnitError):
        unit(text)


def test_percentage_points_combine_with_percent() -> None:
    """9.5% − 0.6 percentage points = 8.9%."""
    text = b"""\
figures:
  rate: {value: 9.5, unit: percent}
  change: {value: 0.6, unit: percentage points}
metrics:
  after: {formula: rate - change, unit: percent}
"""
    from laoshan_cli.core.engine import Engine

    [item] = Engine(load_bytes(text, "t.yaml")).items(["after"])
    assert item.value == F("8.9")
    # rate within [9.45, 9.55], change within [0.55, 0.65]: the difference within [8.8, 9.0].
    assert (item.bounds.lo, item.bounds.hi) == (F("8.8"), F("9.0"))


def test_a_figure_in_yi_yuan_is_a_hundred_million_cny_each() -> None:
    data = load_bytes("figures:\n  profit: {value: 39038.1, unit: 亿元}\n".encode(), "t.yaml")
    figure = data.figures["profit"]
    assert figure.base_value == F("39038.1") * 10**8
    assert (figure.bounds.lo, figure.bounds.hi) == (F("39038.05"), F("39038.15"))
