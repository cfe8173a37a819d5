"""A small unit algebra: a unit is an exact scale times a product of dimensions.

    unit    := product (("/" | "per") product)?
    product := factor (("*" | " ") factor)*
    factor  := number | scale word | "percent" | "%" | word ("^" integer)?

Scale words are hundred, thousand, million, billion and trillion, their
plurals, bn, mn and tn, lakh (10^5) and crore (10^7), and 千, 万 (10^4), 亿
(10^8) and 万亿 (10^12), which may stand directly before a unit word (亿元).
Percent is the dimensionless 0.01; percentage points (pp, 个百分点, 百分点) are
the same 0.01, basis points (bp, bps) 0.0001 and per mille (‰, 千分点) 0.001.
Names and signs of currencies stand for their ISO 4217 codes (yuan, 元, RMB:
CNY; $: USD; £: GBP; €: EUR; ₹: INR; pence, p: 0.01 GBP; £m: million GBP);
¥ and cents are ambiguous and refused. Any other word, such as CNY or
patents, is a dimension of its own, named by its singular (unit_words.py:
people and 人 are person, companies is company). A word is letters of one
script (元, 人, 吨, тонна); a word that only looks like ASCII (Cyrillic СNY)
is refused. A file's own words (`units:`, file_units.py) come as `words`.
Values inside the engine are kept in base units (scale 1), so a unit's scale
matters only when a value is read or shown.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from .currencies import ISO_4217
from .errors import TextOrigin, UnitError, describe_char, shown
from .limits import Limits, limit_hint
from .names import NAME_CHARS, NAME_START, suggest
from .numbers import parse_number
from .unit_words import ascii_look_alike, canonical_word, is_cjk, is_word_char, mixed_script, script_of

Dims = tuple[tuple[str, int], ...]

SCALE_WORDS: dict[str, Fraction] = {
    "hundred": Fraction(10**2),
    "thousand": Fraction(10**3),
    "million": Fraction(10**6),
    "billion": Fraction(10**9),
    "trillion": Fraction(10**12),
}
SCALE_WORDS |= {f"{word}s": scale for word, scale in SCALE_WORDS.items()}
SCALE_WORDS |= {"bn": Fraction(10**9), "mn": Fraction(10**6), "tn": Fraction(10**12)}
SCALE_WORDS |= {"lakh": Fraction(10**5), "lakhs": Fraction(10**5), "crore": Fraction(10**7), "crores": Fraction(10**7)}
CHINESE_SCALES = {"万亿": Fraction(10**12), "亿": Fraction(10**8), "万": Fraction(10**4), "千": Fraction(10**3)}
SCALE_WORDS |= CHINESE_SCALES
PERCENT_WORDS = frozenset({"percent", "%", "pp", "个百分点", "百分点"})  # percentage points: the same 0.01
BASIS_POINT_WORDS = frozenset({"bp", "bps"})
PER_MILLE_WORDS = frozenset({"‰", "千分点", "permille"})  # 0.001, and its points
# Currency names and signs, by ISO 4217 code; looked up in lower case.
CURRENCY_WORDS = {"yuan": "CNY", "元": "CNY", "rmb": "CNY", "renminbi": "CNY", "dollar": "USD", "dollars": "USD"}
CURRENCY_WORDS |= {"$": "USD", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "£": "GBP", "euro": "EUR"}
CURRENCY_WORDS |= {"euros": "EUR", "€": "EUR", "rupee": "INR", "rupees": "INR", "₹": "INR"}
PENCE_WORDS = frozenset({"pence", "p"})
AMBIGUOUS = {
    "¥": "¥ is the sign of both the yuan and the yen: write CNY or JPY",
    "cent": "cents of which currency? write 0.01 USD or 0.01 EUR",
    "cents": "cents of which currency? write 0.01 USD or 0.01 EUR",
}
CURRENCY_SIGNS = frozenset("$£€₹¥")
SIGNS = CURRENCY_SIGNS | {"‰"}  # single characters that are words of a unit
SIGN_SCALES = {"k": Fraction(10**3), "m": Fraction(10**6), "mn": Fraction(10**6), "bn": Fraction(10**9)}
SIGN_SCALES |= {"b": Fraction(10**9), "tn": Fraction(10**12)}
TWO_WORDS = {("percentage", "points"): "pp", ("percentage", "point"): "pp", ("basis", "points"): "bp"}
TWO_WORDS |= {("basis", "point"): "bp"}
NUMBER_CHARS = frozenset("0123456789.,")


class Unit(NamedTuple):
    """An exact scale times dimensions, such as billion CNY = 10**9 * CNY."""

    scale: Fraction
    dims: Dims

    def times(self, other: Unit, max_bits: int) -> Unit:
        return _sized(Unit(self.scale * other.scale, _combine(self.dims, other.dims, 1)), max_bits)

    def per(self, other: Unit, max_bits: int) -> Unit:
        return _sized(Unit(self.scale / other.scale, _combine(self.dims, other.dims, -1)), max_bits)

    def power(self, exponent: int, max_bits: int) -> Unit:
        # Checked before computing: (10**12) ** 64 ** 64 would take minutes.
        if _bits(self.scale) * abs(exponent) > max_bits:
            raise ScaleTooLarge
        return Unit(self.scale**exponent, tuple((d, e * exponent) for d, e in self.dims if e * exponent))

    @property
    def is_percent(self) -> bool:
        return not self.dims and self.scale == PERCENT.scale

    @property
    def is_dimensionless(self) -> bool:
        return not self.dims


Words = Mapping[str, "Unit"]  # a file's own words, by canonical form (file_units.py)


class ScaleTooLarge(OverflowError):
    """A unit's scale would need more than max_number_bits."""


def _bits(scale: Fraction) -> int:
    return max(scale.numerator.bit_length(), scale.denominator.bit_length())


def _sized(unit: Unit, max_bits: int) -> Unit:
    if _bits(unit.scale) > max_bits:
        raise ScaleTooLarge
    return unit


def scale_error(origin: TextOrigin, offset: int, limits: Limits) -> UnitError:
    error = origin.error(
        UnitError,
        offset,
        "the unit's scale is too large",
        limit_hint("max_number_bits", limits),
    )
    assert isinstance(error, UnitError)
    return error


DIMENSIONLESS = Unit(Fraction(1), ())
PERCENT = Unit(Fraction(1, 100), ())
# What a word means in every file, looked up in lower case: scales, percent and points, currencies, pence.
BUILTIN: dict[str, Unit] = {word: Unit(scale, ()) for word, scale in SCALE_WORDS.items()}
BUILTIN |= {word: PERCENT for word in PERCENT_WORDS} | {
    word: Unit(Fraction(1, 10**4), ()) for word in BASIS_POINT_WORDS
}
BUILTIN |= {word: Unit(Fraction(1, 10**3), ()) for word in PER_MILLE_WORDS}
BUILTIN |= {word: Unit(Fraction(1), ((code, 1),)) for word, code in CURRENCY_WORDS.items()}
BUILTIN |= {word: Unit(Fraction(1, 100), (("GBP", 1),)) for word in PENCE_WORDS}


def _combine(left: Dims, right: Dims, sign: int) -> Dims:
    exponents = dict(left)
    for dim, exp in right:
        exponents[dim] = exponents.get(dim, 0) + sign * exp
    return tuple(sorted((d, e) for d, e in exponents.items() if e))


def parse_unit(text: str | None, origin: TextOrigin, limits: Limits, words: Words | None = None) -> Unit:
    """Parse a unit such as 'billion CNY' or 'patents per 10,000 residents'; `words` are a file's own."""
    if text is None or not text.strip():
        return DIMENSIONLESS
    if len(text) > limits.max_formula_length:
        raise origin.error(
            UnitError,
            0,
            f"unit is {len(text)} characters long",
            limit_hint("max_formula_length", limits),
        )
    numerator = DIMENSIONLESS
    denominator = DIMENSIONLESS
    in_denominator = False
    seen_factor = False
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace() or char == "*":
            pos += 1
            continue
        start = pos
        prefix_scale = Fraction(1)
        if char == "/":
            pos += 1
            word = "/"
        elif char == "%":
            pos += 1
            word = "%"
        elif char in NUMBER_CHARS:
            pos = _number_end(text, pos)
            word = text[start:pos]
        elif char in NAME_START or (not char.isascii() and script_of(char) is not None and not is_cjk(char)):
            while pos < len(text) and (
                text[pos] in NAME_CHARS or (not text[pos].isascii() and is_word_char(text[pos]))
            ):
                pos += 1
            word = text[start:pos]
            if not word.isascii():
                word = checked_word(word, start, origin)
            following = _next_word(text, pos)
            if following is not None and (word.lower(), following[0].lower()) in TWO_WORDS:
                word, pos = TWO_WORDS[(word.lower(), following[0].lower())], following[1]
        elif char in SIGNS:
            pos += 1
            word = char
            # £m, $bn, €k: a scale letter written straight after a currency sign is the scale, not a dimension.
            glued = _next_word(text, pos)
            if glued is not None and pos < len(text) and text[pos] != " " and glued[0] in SIGN_SCALES:
                prefix_scale, pos = SIGN_SCALES[glued[0]], glued[1]
        elif is_cjk(char):
            while pos < len(text) and is_cjk(text[pos]):
                pos += 1
            word = unicodedata.normalize("NFKC", text[start:pos])  # a compatibility ideograph is its unified one
            # 亿元 is 亿 (10^8) times 元: a scale character may stand directly before a unit word.
            prefix = next((p for p in CHINESE_SCALES if word.startswith(p) and len(word) > len(p)), None)
            own = words is not None and word in words  # a file's own 万元 is read whole
            if prefix is not None and not own and word not in PERCENT_WORDS and word not in PER_MILLE_WORDS:
                prefix_scale = CHINESE_SCALES[prefix]
                start += len(prefix)
                word = word[len(prefix) :]
        else:
            raise _bad_character(text, pos, origin)
        if word == "/" or word.lower() == "per":
            if in_denominator:
                raise origin.error(UnitError, start, "a unit can be divided only once", "write 'a / b c' for a/(b*c)")
            if not seen_factor:
                raise origin.error(UnitError, start, f"{word!r} needs something before it", "write '1/USD'")
            in_denominator = True
            seen_factor = False
            continue
        factor = _factor(word, start, origin, limits, words)
        if prefix_scale != 1:
            factor = Unit(factor.scale * prefix_scale, factor.dims)
            prefix_scale = Fraction(1)
        if pos < len(text) and text[pos] == "^":
            factor, pos = _exponent(factor, text, pos, origin, limits)
        seen_factor = True
        try:
            if in_denominator:
                denominator = denominator.times(factor, limits.max_number_bits)
            else:
                numerator = numerator.times(factor, limits.max_number_bits)
        except ScaleTooLarge:
            raise scale_error(origin, start, limits) from None
    if in_denominator and not seen_factor:
        raise origin.error(UnitError, len(text), "nothing follows the division", "write 'CNY/USD'")
    try:
        return numerator.per(denominator, limits.max_number_bits)
    except ScaleTooLarge:
        raise scale_error(origin, 0, limits) from None


def _number_end(text: str, pos: int) -> int:
    """Where a number such as 10,000 or 1.5e3 ends; parse_number then checks it strictly."""
    while pos < len(text) and text[pos] in NUMBER_CHARS:
        pos += 1
    if pos < len(text) and text[pos] in "eE":
        after = pos + 1
        if after < len(text) and text[after] in "+-":
            after += 1
        if after < len(text) and text[after].isascii() and text[after].isdigit():
            pos = after
            while pos < len(text) and text[pos].isascii() and text[pos].isdigit():
                pos += 1
    return pos


def _factor(word: str, start: int, origin: TextOrigin, limits: Limits, words: Words | None) -> Unit:
    if word[0] in NUMBER_CHARS:
        number = parse_number(word, origin.shifted(start), limits, error=UnitError).value
        if number <= 0:
            raise origin.error(UnitError, start, f"a number in a unit must be positive, not {word}")
        return Unit(number, ())
    lowered = word.lower()
    found = BUILTIN.get(lowered)
    if found is not None:
        return found
    name = canonical_word(word)
    if name.lower() == "per":  # 'pers' must not become the word that divides when it is written back
        name = word
    for spelling in (lowered, name.lower()):  # 'yuans' is yuan, 'percents' percent
        if spelling in AMBIGUOUS:
            raise origin.error(UnitError, start, f"{word!r} is ambiguous in a unit", AMBIGUOUS[spelling])
    found = BUILTIN.get(name.lower())
    if found is not None:
        return found
    if words is not None:
        defined = words.get(name)
        if defined is not None:
            return defined
    return Unit(Fraction(1), ((name, 1),))


def checked_word(word: str, start: int, origin: TextOrigin) -> str:
    """A unit word outside ASCII, NFKC-normalised; refused when it looks like ASCII or mixes scripts."""
    look = ascii_look_alike(word)
    if look is not None:
        offender = next(char for char in word if not char.isascii())
        raise origin.error(
            UnitError,
            start + word.index(offender),
            f"unit word {shown(word)} has {describe_char(offender)}, which only looks like ASCII",
            f"did you mean {look!r}? type it in plain ASCII",
        )
    mixed = mixed_script(word)
    if mixed is not None:
        char, script = mixed
        raise origin.error(
            UnitError,
            start + word.index(char),
            f"unit word {shown(word)} mixes scripts: {describe_char(char)} is {script.title()}",
            "write each unit word in one script",
        )
    return unicodedata.normalize("NFKC", word)


def _next_word(text: str, pos: int) -> tuple[str, int] | None:
    """The ASCII word after `pos` and where it ends, across spaces; for two-word units."""
    start = pos
    while start < len(text) and text[start] == " ":
        start += 1
    end = start
    while end < len(text) and text[end] in NAME_CHARS:
        end += 1
    return (text[start:end], end) if end > start and text[start] in NAME_START else None


def _exponent(factor: Unit, text: str, pos: int, origin: TextOrigin, limits: Limits) -> tuple[Unit, int]:
    start = pos + 1
    end = start
    if end < len(text) and text[end] == "-":
        end += 1
    while end < len(text) and text[end].isascii() and text[end].isdigit():
        end += 1
    digits = text[start:end]
    if digits in ("", "-"):
        raise origin.error(UnitError, start, "'^' needs a whole number after it", "write 'CNY^2'")
    if len(digits) > 6:  # before int(): Python refuses to convert very long digit strings
        message = f"exponent {digits[:6]}... is out of range"
        raise origin.error(UnitError, start, message, limit_hint("max_power", limits))
    power = int(digits)
    if power == 0 or abs(power) > limits.max_power:
        raise origin.error(UnitError, start, f"exponent {power} is out of range", limit_hint("max_power", limits))
    try:
        return factor.power(power, limits.max_number_bits), end
    except ScaleTooLarge:
        raise scale_error(origin, start, limits) from None


def _bad_character(text: str, pos: int, origin: TextOrigin) -> UnitError:
    char = text[pos]
    hint = (
        "a unit has words, numbers, currency signs, %, *, / and per"
        if char.isascii()
        else "a unit word is letters of one script, such as CNY, 元 or тонна"
    )
    normal = unicodedata.normalize("NFKC", char)
    if normal != char and normal.isascii():
        hint = f"it looks like {normal!r}; type it in plain ASCII"
    described = describe_char(char) if not char.isascii() or not char.isprintable() else repr(char)
    message = f"unexpected {described} in unit {shown(text)}"
    error = origin.error(UnitError, pos, message, hint)
    assert isinstance(error, UnitError)
    return error


def shown_unit(unit: Unit) -> str:
    """A unit as it is written beside a value: format_unit, or nothing for a plain number."""
    return format_unit(unit) if unit.dims or unit.scale != 1 else ""


def format_unit(unit: Unit) -> str:
    """Write a unit the way a person would, such as 'billion CNY' or 'CNY/USD'.

    What it writes parses back to the same unit under the default limits, so
    it can be pasted into --unit; only a scale whose significant digits
    (without trailing zeros) are more than 40 cannot be written that way.
    """
    if unit.is_percent:
        return "percent"
    top = [part for d, e in unit.dims if e > 0 for part in _powers(d, e)]
    bottom = [part for d, e in unit.dims if e < 0 for part in _powers(d, -e)]
    scale = unit.scale
    if scale.numerator != 1:
        top.insert(0, _format_scale(scale.numerator))
    if scale.denominator != 1:
        bottom.insert(0, _format_scale(scale.denominator))
    numerator = _joined(top) or "1"
    if not bottom:
        return numerator
    denominator = _joined(bottom)
    if len(bottom) == 1 and " " not in denominator and " " not in numerator:
        return f"{numerator}/{denominator}"
    return f"{numerator} / {denominator}"


def _joined(parts: list[str]) -> str:
    """Factors side by side; '*' between two that would read as one unit ('percentage * point', not pp)."""
    text = parts[0] if parts else ""
    for before, after in itertools.pairwise(parts):
        text += " * " if (before.lower(), after.partition("^")[0].lower()) in TWO_WORDS else " "
        text += after
    return text


def _powers(dim: str, exponent: int) -> list[str]:
    """'m^128' as 'm^64 m^64': no single exponent above the default max_power."""
    largest = DEFAULT_MAX_POWER
    parts = [f"{dim}^{largest}"] * ((exponent - 1) // largest)
    rest = exponent - largest * len(parts)
    parts.append(dim if rest == 1 else f"{dim}^{rest}")
    return parts


def _format_scale(number: int) -> str:
    """100000000 -> '100 million'; below a million, digits read better: '10,000';
    a power of ten too long for digits: '1e54'."""
    if number >= 10**6:
        for word in ("trillion", "billion", "million"):
            size = int(SCALE_WORDS[word])
            if number % size == 0 and number // size < 1000:
                rest = number // size
                return word if rest == 1 else f"{rest} {word}"
    digits = str(number)
    mantissa = digits.rstrip("0")
    if len(digits) > DEFAULT_MAX_DIGITS and len(mantissa) <= DEFAULT_MAX_DIGITS:
        # 3 followed by 100 zeros is written '3 1e100': a product of factors the grammar reads back.
        exponent = len(digits) - len(mantissa)
        largest = DEFAULT_MAX_EXPONENT
        parts = [] if mantissa == "1" else [mantissa]
        parts += [f"1e{largest}"] * (exponent // largest)
        if exponent % largest:
            parts.append(f"1e{exponent % largest}")
        return " ".join(parts)
    return f"{number:,}"


DEFAULT_MAX_POWER = Limits().max_power
DEFAULT_MAX_DIGITS = Limits().max_number_digits
DEFAULT_MAX_EXPONENT = Limits().max_number_exponent


def builtin_words() -> list[str]:
    """The words every file knows, for "did you mean"."""
    return sorted(BUILTIN)


def unknown_word_hint(unit: Unit, other: Unit, words: Words | None = None) -> str | None:
    """For two units whose dimensions differ: the word of `unit` that looks mistyped, and the nearest known word.

    A word of three capitals that is no ISO 4217 code ('CYN') is compared with
    the codes, the other unit's first; a lower-case word ('bilion') with the
    built-in words and the file's own. A word that is close to nothing is
    left alone: 'patent' is not a misspelt 'percent'.
    """
    theirs = [dim for dim, _ in other.dims]
    for dim, _ in unit.dims:
        if dim in theirs or dim in ISO_4217:
            continue
        if len(dim) == 3 and dim.isascii() and dim.isalpha() and dim.isupper():
            codes = [code for code in theirs if code in ISO_4217]
            hint = suggest(dim, codes) or suggest(dim, sorted(ISO_4217))
            if hint is not None:
                return f"{dim!r} is not an ISO 4217 currency code; {hint}"
            continue
        hint = suggest(dim, [*builtin_words(), *(words or {}), *theirs], strict=True)
        if hint is not None:
            return f"{dim!r} is not a unit word laoshan knows; {hint}"
    return None


def mismatch_hint(left: Unit, right: Unit, words: Words | None = None) -> str | None:
    """The unknown-word hint for either side of a dimension mismatch."""
    return unknown_word_hint(left, right, words) or unknown_word_hint(right, left, words)
