"""Keller Group plc's H1 2020 highlights table (tests/cases/keller-h1-2020-results.yaml): a results
table flattened to one cell a line, quoted a row at a time; £m, p and pence, signed whole percents,
constant currency. Expected values are worked out here with fractions."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import Invoke
from exact import corner_range
from realtext import CASES, bounds, case, raw_figures, stated_rounding, statuses

SLUG = "keller-h1-2020-results"
DATA = case(SLUG)
Range = tuple[F, F]


def change(now: str, before: str) -> Range:
    """The percent change from two stated levels, over the corners of their rounding."""
    box = {"now": stated_rounding(now, count=False), "before": stated_rounding(before, count=False)}
    _, low, high = corner_range(lambda now, before: (now / before - 1) * 100, box)
    return low, high


def distance(x: Range, y: Range) -> Range:
    """The range of |a - b| for a in x and b in y, independent."""
    low = max(F(0), x[0] - y[1], y[0] - x[1])
    return low, max(x[1] - y[0], y[1] - x[0])


def test_it_validates_against_its_own_text(invoke: Invoke) -> None:
    # each quote is a row of the table across several lines of the text
    result = invoke(["validate", "--strict", str(CASES / f"{SLUG}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")


def test_every_figure_is_read_by_the_rounding_policy() -> None:
    figures = raw_figures(SLUG)
    assert len(figures) == 19
    for name, fields in figures.items():
        value, low, high = stated_rounding(fields["value"].lstrip("+"), count=False)
        item = DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name
    assert bounds(DATA, "operating_profit_change") == (F("24.5"), F("25.5"))  # "+25%"
    assert bounds(DATA, "net_debt_change") == (F("-54.5"), F("-53.5"))  # "-54%", pasted with U+2212
    assert bounds(DATA, "statutory_operating_profit") == (F("27.95"), F("28.05"))  # "28.0"


def test_changes_from_the_two_levels() -> None:
    assert bounds(DATA, "revenue_change_implied") == change("1039.1", "1091.7")
    assert bounds(DATA, "operating_profit_change_implied") == change("47.9", "38.3")
    assert bounds(DATA, "profit_before_tax_change_implied") == change("40.7", "27.5")
    assert bounds(DATA, "eps_change_implied") == change("39.5", "27.1")
    assert bounds(DATA, "net_debt_change_implied") == change("155.1", "333.5")
    assert bounds(DATA, "net_debt_change_implied") == (
        (F("155.05") / F("333.55") - 1) * 100,
        (F("155.15") / F("333.45") - 1) * 100,
    )


def test_margin_and_the_non_underlying_items_in_pounds() -> None:
    assert bounds(DATA, "operating_margin") == (F("47.85") / F("1039.15") * 100, F("47.95") / F("1039.05") * 100)
    assert bounds(DATA, "non_underlying_items") == (F("47.85") - F("28.05"), F("47.95") - F("27.95"))
    # 39.5p less 13.8 pence, in pounds: p and pence are both 0.01 GBP
    item = DATA.get("non_underlying_eps")
    assert item.value == (F("39.5") - F("13.8")) / 100
    assert (item.bounds.lo, item.bounds.hi) == ((F("39.45") - F("13.85")) / 100, (F("39.55") - F("13.75")) / 100)


def test_the_checks_verdicts() -> None:
    # the largest |implied - stated| of each row against the tolerance each check allows
    assert distance(change("1039.1", "1091.7"), (F("-5.5"), F("-4.5")))[1] <= 1
    assert distance(change("47.9", "38.3"), (F("24.5"), F("25.5")))[1] <= 1
    assert 1 < distance(change("39.5", "27.1"), (F("45.5"), F("46.5")))[1] <= F("1.5")
    net_debt = distance(change("155.1", "333.5"), (F("-54.5"), F("-53.5")))
    # the two meet (from -53.515% to -53.5%), and can be apart by a little more than 1
    assert net_debt[0] == 0 and 1 < net_debt[1] <= F("1.1")
    assert statuses(DATA) == {
        "revenue's change from the two levels is the stated -5% to a percent": "pass",
        "operating profit's change from the two levels is the stated +25% to a percent": "pass",
        "earnings per share's change from the two levels is the stated +46% to 1.5 percent": "pass",
        "net debt's change from the two levels is the stated -54% to a percent": "uncertain",
        "net debt's change from the two levels is the stated -54% to 1.1 percent": "pass",
        "currency helped operating profit": "pass",  # 24.5 > 20.5
        "underlying operating profit exceeds statutory": "pass",  # 19.8 > 0
    }
    results = {result.name: result for result in DATA.check()}
    gap = results["net debt's change from the two levels is the stated -54% to a percent"].difference
    # left - right is |implied - stated| - 1%, in base units (a percent is 1/100)
    assert (gap.lo, gap.hi) == ((net_debt[0] - 1) / 100, (net_debt[1] - 1) / 100)
