"""One strict grammar for every number a user writes, read as exact text.

    number   := sign? integer fraction? exponent?
    integer  := "0" | [1-9][0-9]* | [1-9][0-9]{0,2} ("," [0-9]{3})+
    fraction := "." [0-9]+
    exponent := ("e" | "E") sign? [0-9]+

Numbers never pass through a float, so `1.10` keeps its two stated decimals.
Thousands separators are optional and must group by three ("5,509").

A figure's value is read as texts write it (`parse_value`): the number as
pasted (full-width digits and separators, read after NFKC; U+2212 as a
minus sign), or a range "2 to 3", "2–3" or "2-3", whose bounds are its ends.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from .errors import DataError, LaoshanError, TextOrigin, shown
from .limits import Limits, limit_hint

DIGITS = frozenset("0123456789")


class StatedNumber(NamedTuple):
    """A number as written: its exact value and the place of its last digit.

    `last_digit` is the power of ten of the last stated digit when the number
    has a decimal point or an exponent (38.9 -> -1, 1.5e3 -> 2), and None for
    a whole number written without them ("5,509"), whose last digit is the
    units: the bounds policy decides whether it is rounded or a count.
    """

    value: Fraction
    last_digit: int | None
    text: str
    range: tuple[Fraction, Fraction] | None = None  # a stated range: its ends; `value` is the midpoint

    @property
    def rounding_half_width(self) -> Fraction:
        """Half a unit in the last stated place: 0.05 for 38.9, 0.5 for 5509."""
        if self.last_digit is None:
            return Fraction(1, 2)
        if self.last_digit >= 0:
            return Fraction(10**self.last_digit, 2)
        return Fraction(1, 2 * 10**-self.last_digit)


def parse_number(
    text: str,
    origin: TextOrigin,
    limits: Limits,
    *,
    allow_grouping: bool = True,
    error: type[LaoshanError] = DataError,
) -> StatedNumber:
    """Read `text` as a number by the strict grammar, or raise `error`."""

    def fail(offset: int, message: str, hint: str | None = None) -> LaoshanError:
        return origin.error(error, offset, message, hint)

    if not text:
        raise fail(0, "expected a number, found nothing")
    if len(text) > limits.max_number_digits * 2 + limits.max_number_exponent + 8:
        raise fail(0, "number is too long", limit_hint("max_number_digits", limits))
    pos = 0
    negative = False
    if text[0] in "+-":
        negative = text[0] == "-"
        pos = 1
    int_start = pos
    while pos < len(text) and (text[pos] in DIGITS or text[pos] == ","):
        pos += 1
    int_text = text[int_start:pos]
    if not int_text:
        raise fail(pos, _unexpected(text, pos), _hint_for(text, allow_grouping))
    if "," in int_text:
        if not allow_grouping:
            raise fail(int_start + int_text.index(","), "thousands separators are not allowed here")
        groups = int_text.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])) or "" in groups:
            decimal_comma = len(groups) == 2 and 1 <= len(groups[1]) <= 2 and pos == len(text)
            raise fail(
                int_start,
                f"{int_text!r} does not group digits by three",
                f"a comma groups thousands here; for a decimal comma write {groups[0]}.{groups[1]}"
                if decimal_comma
                else "write 5,509 or 5509",
            )
        int_digits = "".join(groups)
    else:
        int_digits = int_text
    if len(int_digits) > 1 and int_digits[0] == "0":
        raise fail(int_start, f"leading zero in {int_text!r}", "write the number without it; 012 is not octal here")
    frac_digits = ""
    has_point = False
    if pos < len(text) and text[pos] == ".":
        has_point = True
        pos += 1
        frac_start = pos
        while pos < len(text) and text[pos] in DIGITS:
            pos += 1
        frac_digits = text[frac_start:pos]
        if not frac_digits:
            raise fail(pos, "a decimal point needs digits after it", "write 5.0 or 5")
    exponent = 0
    has_exponent = False
    if pos < len(text) and text[pos] in "eE":
        has_exponent = True
        pos += 1
        exp_negative = False
        if pos < len(text) and text[pos] in "+-":
            exp_negative = text[pos] == "-"
            pos += 1
        exp_start = pos
        while pos < len(text) and text[pos] in DIGITS:
            pos += 1
        exp_text = text[exp_start:pos]
        if not exp_text:
            raise fail(pos, "an exponent needs digits", "write 1.5e3")
        if len(exp_text) > 6 or int(exp_text) > limits.max_number_exponent:
            raise fail(
                exp_start,
                f"exponent {exp_text} is too large",
                limit_hint("max_number_exponent", limits),
            )
        exponent = -int(exp_text) if exp_negative else int(exp_text)
    if pos != len(text):
        raise fail(pos, _unexpected(text, pos), _hint_for(text, allow_grouping))
    digit_count = len(int_digits) + len(frac_digits)
    if digit_count > limits.max_number_digits:
        raise fail(
            0,
            f"number has {digit_count} digits",
            limit_hint("max_number_digits", limits),
        )
    mantissa = int(int_digits + frac_digits)
    if negative:
        mantissa = -mantissa
    scale = exponent - len(frac_digits)
    value = Fraction(mantissa * 10**scale) if scale >= 0 else Fraction(mantissa, 10**-scale)
    last_digit = scale if (has_point or has_exponent) else None
    return StatedNumber(value, last_digit, text)


MINUS_SIGNS = str.maketrans({"\u2212": "-", "\ufe63": "-"})  # NFKC maps U+FF0D to '-' already
RANGE_WORDS = (" to ", "\u2013", "\u2014", "-")  # en and em dash; a hyphen only between unsigned numbers


def normalize_number_text(text: str) -> str:
    """A number as pasted, in the grammar's characters: NFKC (full-width digits, separators) and U+2212 as '-'."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFKC", text).translate(MINUS_SIGNS)


def parse_value(
    text: str, origin: TextOrigin, limits: Limits, *, error: type[LaoshanError] = DataError
) -> StatedNumber:
    """A figure's value as texts write it: one number, or a range of two (see the module docstring)."""
    normal = normalize_number_text(text.strip())
    try:
        single = parse_number(normal, origin, limits, error=error)
    except LaoshanError:
        found = _range(normal, origin, limits, error)
        if found is not None:
            return found._replace(text=text.strip())
        raise
    return single._replace(text=text.strip())


def _range(text: str, origin: TextOrigin, limits: Limits, error: type[LaoshanError]) -> StatedNumber | None:
    for word in RANGE_WORDS:
        start = text.find(word, 1)
        if start <= 0:
            continue
        low_text, high_text = text[:start].strip(), text[start + len(word) :].strip()
        if word == "-" and (low_text[:1] in "+-" or high_text[:1] in "+-"):
            continue  # "2--3" or "-2-3" reads too many ways; "2 to 3" says it
        try:
            low = parse_number(low_text, origin, limits, error=error)
            high = parse_number(high_text, origin, limits, error=error)
        except LaoshanError:
            continue
        if low.value > high.value:
            raise origin.error(error, 0, f"range {shown(text)} runs from high to low", "write the low end first")
        last = min((d for d in (low.last_digit, high.last_digit) if d is not None), default=None)
        return StatedNumber((low.value + high.value) / 2, last, text, (low.value, high.value))
    return None


def decimal_places(value: Fraction) -> int | None:
    """The digits after the point of `value` written as a decimal, or None when it has no finite decimal form."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def decimal_text(value: Fraction, max_places: int | None = None) -> str:
    """An exact value as a person writes it: 38.85 when it has a finite decimal form (of at most
    `max_places` decimals, when given), else 1/3."""
    places = decimal_places(value)
    if places is None or (max_places is not None and places > max_places):
        return f"{value.numerator}/{value.denominator}"
    scaled = abs(value.numerator) * 10**places // value.denominator
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    if not places:
        return sign + digits
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


# Numbers as words: the quote check looks for them in quotes, and `laoshan draft` reads them in texts.
ENGLISH_WORDS = "zero one two three four five six seven eight nine ten".split()  # noqa: SIM905
ENGLISH_WORDS += "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()  # noqa: SIM905
TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """A whole number below 10^8 in Chinese numerals: 6 六, 12 十二, 128 一百二十八, 3000 三千, 40000 四万."""
    if number < 10:
        return CHINESE_DIGITS[number]
    if number >= 10**4:
        high, low = divmod(number, 10**4)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + chinese_numeral(low)
        return chinese_numeral(high) + "万" + rest
    out = ""
    zero = False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if digit == 1 and unit == "十" and not out else CHINESE_DIGITS[digit]) + unit
    return out


def _unexpected(text: str, pos: int) -> str:
    if pos >= len(text):
        return f"{shown(text)} ends too soon for a number"
    return f"unexpected {text[pos]!r} in number {shown(text)}"


def _hint_for(text: str, allow_grouping: bool) -> str | None:
    """Suggest the fix for the usual ways of writing a number wrongly."""
    lowered = text.strip().lower()
    if "_" in text:
        return "write 1,000 or 1000, not 1_000" if allow_grouping else "write 1000, not 1_000"
    if text.endswith("%"):
        return "write the number alone and put 'percent' in the unit"
    if lowered.lstrip("+-.") in {"inf", "infinity", "nan"}:
        return "a value must be a finite number; use a qualifier such as 'more than' for open bounds"
    if text.startswith("."):
        return "write 0.5, not .5"
    if text != text.strip():
        return "remove the spaces"
    return None
