"""The numbers a text states, with their spans: digits, English number words and Chinese numerals.

    digits   := group ("," group)* ("." digits)?   "1,500", "39038.1", "１２.５"
              | group (" " ddd)+                   "167 000" (a space between groups of three)
              | digits "," d d? before "%"          "17,1%" (a decimal comma)
    words    := (tens ("-" unit)? | unit | teen) ("and a half" | "point" unit+)?
    chinese  := a run of 零一二两三四五六七八九十百千万亿 (and 兩 萬 億)

The words are those the quote check reads (core/numbers.py, loading/quotes.py), so a number
found here is one that `validate` finds in its quote. A token keeps its
stated text; `plain` is the same number in the loader's grammar. Which
tokens are figures (not dates, ordinals or names) is decided in `exclude`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from laoshan_cli.core.numbers import CHINESE_DIGITS, ENGLISH_WORDS, TENS, decimal_text

DIGIT = "[0-9\uff10-\uff19]"
_DIGITS = re.compile(
    rf"(?<![0-9\uff10-\uff19])(?<![0-9\uff10-\uff19][.,\uff0c\uff0e])(?:"
    rf"{DIGIT}{{1,3}}(?:[,\uff0c]{DIGIT}{{3}})+(?:[.\uff0e]{DIGIT}+)?(?![0-9\uff10-\uff19])"
    rf"|{DIGIT}{{1,3}}(?:[ \u00a0\u2009\u202f]{DIGIT}{{3}})+(?![0-9\uff10-\uff19.,])"
    rf"|{DIGIT}+,{DIGIT}{{1,2}}(?=\s?[%\uff05])"
    rf"|{DIGIT}+(?:[.\uff0e]{DIGIT}+)?"
    r")"
)
UNITS = {word: number for number, word in enumerate(ENGLISH_WORDS)}
TEN_WORDS = {"twenty": 20} | {word: number for number, word in TENS.items()}
_UNIT_ALT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN_ALT = "|".join(TEN_WORDS)
_WORDS = re.compile(
    rf"\b(?:(?P<tens>{_TEN_ALT})(?:-(?P<tu>{_UNIT_ALT}))?|(?P<unit>{_UNIT_ALT}))"
    rf"(?P<half>\s+and\s+a\s+half)?(?P<point>\s+point(?:\s+(?:{_UNIT_ALT}))+)?\b",
    re.IGNORECASE,
)
CHINESE_VALUES = {char: number for number, char in enumerate(CHINESE_DIGITS)} | {"〇": 0, "两": 2, "兩": 2}
CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
CHINESE_SECTIONS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CHINESE = re.compile("[" + "".join(CHINESE_VALUES) + "".join(CHINESE_POWERS) + "".join(CHINESE_SECTIONS) + "]+")


@dataclass(frozen=True)
class Token:
    """A stated number: `text[start:end]`, its magnitude, and how the loader's grammar writes it."""

    start: int
    end: int
    stated: str
    value: Fraction
    plain: str
    kind: str  # "digits", "words" or "chinese"
    negative: bool = False  # a written minus, inside the span
    low: Fraction | None = None  # a range: its ends; `value` is the midpoint
    high: Fraction | None = None
    whole: bool = True  # written without a decimal point

    @property
    def is_range(self) -> bool:
        return self.low is not None


def scan(text: str) -> list[Token]:
    """Every number in `text`, in order, ranges not yet joined."""
    tokens = [_digits(match) for match in _DIGITS.finditer(text)]
    tokens += [_word_number(match) for match in _WORDS.finditer(text)]
    tokens += [token for match in _CHINESE.finditer(text) if (token := _chinese(match)) is not None]
    tokens.sort(key=lambda token: token.start)
    return [_with_minus(text, token) for token in tokens]


def _digits(match: re.Match[str]) -> Token:
    stated = match.group()
    normal = stated if stated.isascii() else _nfkc(stated)
    if re.fullmatch(r"\d+,\d{1,2}", normal):  # a decimal comma
        normal = normal.replace(",", ".")
    grouped_by_space = re.search(r"\d\s\d", normal) is not None
    digits = re.sub(r"[,\s]", "", normal) if grouped_by_space or "." in normal else normal.replace(",", "")
    plain = re.sub(r"\s", "", normal) if grouped_by_space else normal
    whole = "." not in normal
    return Token(match.start(), match.end(), stated, Fraction(digits), plain, "digits", whole=whole)


def _nfkc(text: str) -> str:
    import unicodedata  # only for full-width digits and separators

    return unicodedata.normalize("NFKC", text)


def _word_number(match: re.Match[str]) -> Token:
    if match.group("tens"):
        value = Fraction(TEN_WORDS[match.group("tens").lower()])
        if match.group("tu"):
            value += UNITS[match.group("tu").lower()]
    else:
        value = Fraction(UNITS[match.group("unit").lower()])
    whole = True
    if match.group("half"):
        value += Fraction(1, 2)
        whole = False
    if match.group("point"):
        decimals = "".join(str(UNITS[word.lower()]) for word in match.group("point").split()[1:])
        value += Fraction(int(decimals), 10 ** len(decimals))
        whole = False
    plain = decimal_text(value)
    return Token(match.start(), match.end(), match.group(), value, plain, "words", whole=whole)


def chinese_value(run: str) -> int | None:
    """The value of a Chinese numeral such as 一百二十八 or 三万五千, or None if it is not well formed."""
    total = section = digit = 0
    seen_digit = False
    for char in run:
        if char in CHINESE_VALUES:
            if seen_digit:
                return None  # two digits in a row (一二) are not one number
            digit, seen_digit = CHINESE_VALUES[char], True
        elif char in CHINESE_POWERS:
            section += (digit if seen_digit else 1) * CHINESE_POWERS[char]
            digit, seen_digit = 0, False
        else:
            total = (total + section + digit) * CHINESE_SECTIONS[char]
            section = digit = 0
            seen_digit = False
    return total + section + digit


def _chinese(match: re.Match[str]) -> Token | None:
    run, start = match.group(), match.start()
    # A trailing 千, 万 or 亿 after a single digit is the scale, as after Arabic digits ("三千" is 3 千).
    while len(run) > 1 and run[-1] in "千万萬亿億" and chinese_value(run[:-1]) is not None and len(run) <= 3:
        run = run[:-1]
    if run[0] in CHINESE_SECTIONS or run[0] in "千百":
        return None
    value = chinese_value(run)
    if value is None:
        return None
    return Token(start, start + len(run), run, Fraction(value), str(value), "chinese")


def _with_minus(text: str, token: Token) -> Token:
    """A minus written straight before a number ("-5%", "−3"), after a space or an opening bracket."""
    if token.kind != "digits" or token.start == 0 or text[token.start - 1] not in "-\u2212\ufe63\uff0d":
        return token
    before = text[token.start - 2] if token.start >= 2 else " "
    if not (before.isspace() or before in "([（:：,，"):
        return token
    return replace(token, start=token.start - 1, stated=text[token.start - 1 : token.end], negative=True)


_RANGE_GAP = re.compile(r"\s*(?:[-\u2013\u2014~\uff5e\u2212]|至|到)\s*|\s+to\s+|\s+and\s+", re.IGNORECASE)
_UNIT_BETWEEN = re.compile(r"\s?(?:[%\uff05]|percent|per cent)", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"(?:\bfrom|从|從|由)\s*\S{0,2}$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+\S{0,2}$", re.IGNORECASE)


def join_ranges(text: str, tokens: list[Token]) -> list[Token]:
    """Join "2-3", "6%至6.5", "6 to 6.5", "between 40 and 45" into one token whose value is the midpoint.

    "from 9.7% to 10.7%" is a change, two figures; "to" joins only when no
    unit stands between the ends ("6 to 6.5%"), and "and" only after "between".
    """
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        low = tokens[index]
        high = tokens[index + 1] if index + 1 < len(tokens) else None
        if high is not None and _is_range(text, low, high):
            stated = text[low.start : high.end]
            joined = Token(
                low.start,
                high.end,
                stated,
                (low.value + high.value) / 2,
                f"{low.plain} to {high.plain}",
                low.kind,
                low=low.value,
                high=high.value,
                whole=low.whole and high.whole,
            )
            out.append(joined)
            index += 2
            continue
        out.append(low)
        index += 1
    return out


def _is_range(text: str, low: Token, high: Token) -> bool:
    if low.kind != high.kind or low.negative or high.negative or not low.value < high.value:
        return False
    between = text[low.end : high.start]
    unit = _UNIT_BETWEEN.match(between)
    gap = between[unit.end() :] if unit else between
    found = _RANGE_GAP.fullmatch(gap)
    if found is None:
        return False
    word = found.group().strip().lower()
    before = text[max(0, low.start - 12) : low.start]
    if _CHANGE_BEFORE.search(before):
        return False
    if word == "and":
        return unit is None and _BETWEEN_BEFORE.search(before) is not None
    if word == "to":
        return unit is None
    return not (word in "-\u2212" and re.match(r"\s", between))  # "2 - 3" with spaces reads as a minus
