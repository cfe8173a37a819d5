"""Which stated numbers are not figures: dates, times, ordinals, durations, names, notes and list marks.

Each rule looks only at the characters around the number. A number that is
the base of a rate ("each 10,000 residents", "per 10,000") is not a figure of
its own either: `reading` makes it part of the next figure's unit.
"""

from __future__ import annotations

import re

from .scan import Token

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
_MONTH = "|".join(MONTHS)
_DATE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?|(?:19|20)\d\d[-\u2013/](?:\d\d)(?!\d)"
    r"|\d{4}年\d{1,2}月(?:\d{1,2}[日号])?"
)
_AFTER_DATE = re.compile(r"\s?(?:年|月|日|号|號|时|時|点|點|分钟|分鐘|周|週|天|季度|季|个月|個月|世纪|世紀)")
_AFTER_DURATION = re.compile(
    r"[\s-](?:months?|years?|weeks?|days?|quarters?|hours?|minutes?|decades?|centuries|century)\b", re.IGNORECASE
)
_BEFORE_MONTH = re.compile(rf"\b(?:{_MONTH})\.?['\u2019]?\s*$", re.IGNORECASE)  # "Sep'18": a month and year
_AFTER_MONTH = re.compile(rf"\s*(?:st|nd|rd|th)?\s+(?:{_MONTH})\b", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_NOTE_BEFORE = re.compile(
    r"(?:\b(?:notes?|footnotes?|table|tables|figure|fig\.|chart|section|article|no\.|page|appendix|annex|paragraph)"
    r"|附注|附註|表|图|圖|注|註)\s*$",
    re.IGNORECASE,
)
_STANDARD_BEFORE = re.compile(r"\b(?:IAS|IFRS|ISO|GB|GB/T|FRS|SSAP|ASC|EN)\s?$")
_PERIOD_LABEL = re.compile(r"\b(?:H[12]|Q[1-4]|FY|CY)\s?$")
_BIG_GROUP = re.compile("大(?:类|類|门类|門類|产业|產業|行业|行業|领域|領域|板块|板塊)")
_RATE_BEFORE = re.compile(r"(?:\b(?:per|each|every)\s+|每)$", re.IGNORECASE)
CURRENCY_LETTERS = frozenset({"rs", "rmb", "usd", "cny", "gbp", "eur", "inr", "us", "hk", "s"})
# Letters glued after digits that make a unit, not a name: £4,909m, 5bn, 56.67p, 1.8x, 10k, 27.5pc.
UNIT_SUFFIXES = frozenset({"m", "mn", "bn", "b", "k", "tn", "p", "x", "pc", "pp", "bp", "bps"})
YEARS = range(1900, 2101)
# Chinese numerals count things only before a measure word (个, 家, 大类) or a scale.
CLASSIFIERS = "个個项項家名人位类類种種条條座所批件户戶只台辆輛架艘倍成亿億万萬千大涨漲降省市县縣国國支"
CHINESE_WORDS = ("一些", "一直", "一步", "一样", "一樣", "一般", "一定", "一致", "一起", "一体", "一體", "之一")


def date_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _DATE.finditer(text)]


def is_figure(text: str, token: Token, dates: list[tuple[int, int]]) -> bool:
    """Whether `token` states a quantity (see the module docstring for what does not)."""
    start, end = token.start, token.end
    if any(low < end and start < high for low, high in dates):
        return False
    before, after = text[max(0, start - 24) : start], text[end : end + 16]
    if token.kind == "chinese":
        return _chinese_figure(text, token, before, after)
    if _AFTER_DATE.match(after) or _AFTER_DURATION.match(after) or _ORDINAL_AFTER.match(after):
        return False
    if _BEFORE_MONTH.search(before) or _AFTER_MONTH.match(after):
        return False
    if before.endswith("第") or _NOTE_BEFORE.search(before) or _RATE_BEFORE.search(before):
        return False
    if _STANDARD_BEFORE.search(before) or (_PERIOD_LABEL.search(before) and token.stated[:2] in ("19", "20")):
        return False  # "IAS 19", "ISO 9001": a standard's number; "H1 2016", "H1 20161" (a footnote glued on)
    if token.kind == "digits" and not _digits_stand_alone(text, token, before, after):
        return False
    if token.kind == "words":
        if after[:1] == "-" and after[1:2].isalpha() and not after.lower().startswith("-odd"):
            return False  # "nine-trillion-yuan club", "three-year plan": part of a name or a compound
        if token.stated.lower() == "one" and not re.match(
            r"\s*(?:per\s?cent|percent|%|million|billion|trillion|thousand|hundred)", after, re.IGNORECASE
        ):
            return False  # "one of the", "one foreign expert": an article more often than a count
        if token.stated.lower() == "zero" and not re.match(r"\s*(?:per\s?cent|percent|%)", after, re.IGNORECASE):
            return False
    return not _is_year(token, after)


def _digits_stand_alone(text: str, token: Token, before: str, after: str) -> bool:
    """Not glued to letters (EU27, profit1, G20, 5G, COVID-19), not a list mark, not a footnote [1]."""
    prev = before[-1:] if not token.negative else text[token.start - 1 : token.start]
    if prev.isascii() and prev.isalpha():
        letters = re.search(r"[A-Za-z]+$", before)
        if letters is None or letters.group().lower() not in CURRENCY_LETTERS:
            return False
    if prev in "-/" and len(before) >= 2 and (before[-2].isalnum()):
        return False
    glued = re.match(r"[A-Za-z]+", after)
    if glued is not None and glued.group().lower() not in UNIT_SUFFIXES:
        return False
    if before[-1:] == "[" and after[:1] == "]":
        return False
    if re.search(r"§\s?$", before):
        return False  # "§4 股东持股情况": a section sign and its number
    head = before.rsplit("\n", 1)[-1]
    line_start = head.strip() in ("", "(", "（") and ("\n" in before or token.start == len(before))
    bracketed = head.strip() != "" and after[:1] in ")）"
    if line_start and token.whole and (re.match(r"[.、)）]\s", after + " ") or after[:1] == "、" or bracketed):
        return False  # "1. ", "1、报告期", "(1)报告期": a list mark
    return not (line_start and _SECTION_NUMBER.fullmatch(token.stated) and _HEADING_AFTER.match(after))


# "1.1 本公司…", "3.2 主要财务指标": a dotted section number opening a line, before a heading, not a unit.
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,2}")
_HEADING_AFTER = re.compile(r"\s(?![亿億万萬千元%])[\u4e00-\u9fff]")


def _is_year(token: Token, after: str) -> bool:
    """A four-digit whole number from 1900 to 2100 is a year, unless a unit follows it ("2016 patents" is rare)."""
    if token.kind != "digits" or not token.whole or "," in token.stated or token.negative:
        return False
    if token.is_range:
        return token.low in YEARS and token.high in YEARS and len(token.stated) >= 9
    if len(token.stated) != 4 or token.value not in YEARS:
        return False
    return not re.match(r"\s?(?:%|percent|per cent|million|billion|亿|億|万|萬|元|个|個|人)", after, re.IGNORECASE)


def _chinese_figure(text: str, token: Token, before: str, after: str) -> bool:
    if before.endswith(("第", "初", "周", "週", "星期", "礼拜")) or not after:
        return False
    if any(text.startswith(word, token.start) or text.endswith(word, 0, token.end) for word in CHINESE_WORDS):
        return False
    if after[0] not in CLASSIFIERS or after.startswith(("大攻", "次产", "次產", "万一", "千万", "大会", "大會")):
        return False
    return not (after[0] in "大" and not _BIG_GROUP.match(after))  # 七大类, 五大产业 count; 三大攻坚战 names
