"""The bounds policy: how a stated figure and its hedge become bounds.

This is the one place that turns stated digits, `precision`, `exact` and
qualifiers such as "nearly" into bounds; the README's "Bounds" section
repeats it. A qualifier's bounds replace the rounding interval of the stated
digits, and `low`/`high` in the file override either end.

Whole numbers are rounded (± 0.5) unless they count something: texts round
"27801亿元", "8 percent" and "128 per 10,000" as readily as "38.9", and
reading a rounded number as exact gives bounds narrower than the truth. Only
a plain count ("5,509 patents") is exact; see `is_plain_count`.
"""

from __future__ import annotations

from fractions import Fraction

from .bounds import Interval
from .currencies import is_currency
from .unit_words import canonical_word
from .units import Unit

# The band a vague qualifier allows, as a share of the stated value.
NEARLY_WIDTH = Fraction(1, 10)  # "nearly 100" lies in [90, 100]
AROUND_WIDTH = Fraction(1, 10)  # "around 40" lies in [36, 44]

# Each hedge in English and in Chinese, by the bounds it gives (qualifier_bounds).
ABOVE: tuple[str, ...] = ("more than", "over", "at least", "well over", "upwards of", "in excess of", "just over")
ABOVE += ("超过", "逾", "多", "以上", "突破")
BELOW: tuple[str, ...] = ("less than", "under", "at most", "up to", "fewer than", "below", "just under")
BELOW += ("不足", "不到", "以下", "以内")
NEARLY = ("nearly", "almost", "近", "将近")
AROUND = ("around", "about", "approximately", "roughly", "some", "close to", "约", "左右")
QUALIFIERS = ABOVE + BELOW + NEARLY + AROUND


def normalize_qualifier(text: str) -> str | None:
    """The qualifier in canonical form ('More  than' -> 'more than'), or None if unknown."""
    canonical = " ".join(text.lower().split())
    return canonical if canonical in QUALIFIERS else None


def qualifier_bounds(qualifier: str, value: Fraction) -> Interval:
    """Bounds that a canonical qualifier puts around a stated value.

    - more than / over / at least N: [N, unbounded); the open end is closed,
      which is a sound over-approximation.
    - less than / under / at most / up to N: (unbounded, N].
    - nearly / almost N: up to N, and at most 10% of N short of it (toward zero).
    - around / about / approximately / roughly N: within 10% of N either side.
    """
    if qualifier in ABOVE:
        return Interval(value, None)
    if qualifier in BELOW:
        return Interval(None, value)
    if qualifier in NEARLY:
        short = value - value * NEARLY_WIDTH
        return Interval(min(short, value), max(short, value))
    if qualifier in AROUND:
        band = abs(value) * AROUND_WIDTH
        return Interval(value - band, value + band)
    raise ValueError(f"not a canonical qualifier: {qualifier!r}")


# Words of measure: an amount of them is measured and rounded, never counted.
MEASURE_WORDS = frozenset(
    """
    tonne tonnes ton tons t kt mt kg kilogram kilograms g gram grams lb lbs pound pounds ounce ounces oz
    km kilometre kilometres kilometer kilometers m metre metres meter meters cm mm mile miles ft foot feet
    km2 sqkm m2 sqm hectare hectares ha acre acres mu
    l litre litres liter liters ml gallon gallons barrel barrels bbl boe
    kWh MWh GWh TWh Wh kW MW GW TW W joule joules J kJ MJ GJ PJ EJ calorie calories kcal
    second seconds s minute minutes min hour hours h day days week weeks month months year years
    degree degrees celsius fahrenheit kelvin
    吨 亩 公顷 公里 千米 米 平方米 平方公里 千克 公斤 克 千瓦时 瓦时 度 升 立方米 小时 天 年
    """.split()  # noqa: SIM905 - a block of words reads better than a list of quoted strings
)
MEASURE_DIMENSIONS = frozenset(map(canonical_word, MEASURE_WORDS))  # as units.py names dimensions: 'tonne'


def is_plain_count(unit: Unit) -> bool:
    """Whether a whole number in `unit` counts things, and so is exact as stated.

    A plain count is made only of dimension words, each to the first power:
    no scale word, no number, no percent, no division, no currency and no
    word of measure (`MEASURE_WORDS`). "patents", "residents" and
    "patents applications" are plain counts; "billion CNY", "percent",
    "patents per 10,000 residents", "thousand tonnes" and a dimensionless
    number are not. Dimensions are singulars (units.py), so "3 people" and
    "1 person" are both counts; a file's own word counts as what it stands
    for: `head: cattle` is a count, `万元: "10,000 CNY"` is not.
    """
    return (
        unit.scale == 1
        and bool(unit.dims)
        and all(power == 1 and not is_currency(word) and word not in MEASURE_DIMENSIONS for word, power in unit.dims)
    )


def looks_rounded_count(
    text: str, unit: Unit, *, qualifier: str | None, precision: Fraction | None, exact: bool
) -> bool:
    """Whether a plain count read as exact ends in three or more zeros ("40,000 residents"), with no hedge given.

    Such a count is read as exact by the rules above, but texts round counts
    too; `laoshan validate` warns, so that a rounded one gets its `precision`.
    """
    digits = text.lstrip("+-").replace(",", "")
    whole = digits.isdigit()
    hedged = qualifier is not None or precision is not None or exact
    return whole and not hedged and is_plain_count(unit) and digits.strip("0") != "" and digits.endswith("000")


def figure_bounds(
    value: Fraction,
    rounding_half_width: Fraction,
    *,
    whole: bool,
    count: bool,
    stated_range: tuple[Fraction, Fraction] | None = None,
    qualifier: str | None,
    precision: Fraction | None,
    exact: bool,
    low: Fraction | None,
    high: Fraction | None,
) -> Interval:
    """Bounds of a figure in its declared unit, by the rules in this module.

    In order: a stated range's ends ("2 to 3" is [2, 3]; the loader refuses a
    hedge beside it); else a qualifier's bounds; else `precision` as a half-width; else
    exact when `exact` is set, or when a whole number (`whole`) counts things
    (`count`, from `is_plain_count`); else half a unit in the last stated
    digit (± 0.5 for a whole number). Then `low` and `high` replace either end.
    """
    if stated_range is not None:
        bounds = Interval(*stated_range)
    elif qualifier is not None:
        bounds = qualifier_bounds(qualifier, value)
    elif precision is not None:
        bounds = Interval(value - precision, value + precision)
    elif exact or (whole and count):
        bounds = Interval(value, value)
    else:
        bounds = Interval(value - rounding_half_width, value + rounding_half_width)
    return Interval(bounds.lo if low is None else low, bounds.hi if high is None else high)
