"""What a stated number carries, read from the words around it: scale, currency, percent or points,
counted noun, hedge, sign and a rate's base.

    before := sign-word? hedge? currency?        "fell by", "nearly", "£", "下降约"
    after  := "多"? scale? (percent | currency | classifier? noun)? rate? hedge?
                                                 "billion yuan", "万亿元", "个百分点", "多万人", "以上"

Hedges are the policy's own words (core/bounds_policy.py) with a few verbs
that mean one of them ("exceeded" is "more than"). Scale words, currency
names and percent words are the unit grammar's (core/units.py); what is
read here are the spellings texts use around them ("per cent", "US dollars",
"£4,909m"). A reading the grammar is unsure of says why, in `doubts`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from laoshan_cli.core.bounds_policy import QUALIFIERS, normalize_qualifier
from laoshan_cli.core.declines import ANY_DECLINE, BRIDGE, SIGN_BEFORE_EN, SIGN_BEFORE_ZH
from laoshan_cli.core.units import CURRENCY_WORDS, PERCENT_WORDS, SCALE_WORDS

from .scan import Token

# Scale spellings, by the scale word of the unit grammar they stand for.
SCALES = {"lakh crore": "lakh crore", "万亿": "万亿", "萬億": "万亿", "亿": "亿", "億": "亿", "万": "万", "萬": "万"}
SCALES |= {"千": "千"}
SCALES |= {word: word.rstrip("s") for word in SCALE_WORDS if word.isascii() and len(word) > 2}
SCALES |= {"bn": "billion", "mn": "million", "tn": "trillion"}
# Abbreviated scales texts write ("Rs 856 cr", "Rs 2 lacs", "5 mln"): read, but never sure.
ABBREVIATED = {"cr": "crore", "crs": "crore", "lac": "lakh", "lacs": "lakh", "mln": "million", "bln": "billion"}
SCALES |= ABBREVIATED
GLUED_SCALES = {"m": "million", "mn": "million", "bn": "billion", "b": "billion", "k": "thousand", "tn": "trillion"}
_SCALE = re.compile(
    r"\s?(" + "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE
)
_GLUED_SCALE = re.compile(r"(mn|bn|tn|m|b|k)(?![A-Za-z])", re.IGNORECASE)
GLUED_M = "a glued m may be million or metres"
GLUED_CAPITAL = "a glued capital letter (M, BN, K) is read as a scale"
GLUED_LETTER = "a glued single letter (b, k) is read as a scale"
HYPHENATED = "a scale word joined by a hyphen to the next word (billion-dollar) may make an adjective"
PREFIXED_UNITS = "瓦克米伏帕赫焦卡兆"  # 千瓦, 千克, 千伏: 千 is the unit's prefix, not a scale
POINTS = {"percentage points": "percentage points", "percentage point": "percentage points", "pp": "percentage points"}
POINTS |= {"个百分点": "percentage points", "個百分點": "percentage points", "百分点": "percentage points"}
POINTS |= {"百分點": "percentage points", "basis points": "basis points", "basis point": "basis points"}
POINTS |= {"bps": "basis points", "bp": "basis points", "% pts": "percentage points", "% points": "percentage points"}
POINTS |= {"%pts": "percentage points", "% pt": "percentage points"}
POINTS |= {word: "percent" for word in PERCENT_WORDS if word not in POINTS} | {"per cent": "percent", "pc": "percent"}
POINTS |= {"％": "percent"}
SPECIAL = {
    "‰": "per mille",
    "个千分点": "per-mille points",
    "個千分點": "per-mille points",
    "千分点": "per-mille points",
}
SPECIAL |= {"倍": "倍", "times": "times", "-fold": "times", "x": "times"}
_POINTS = re.compile(
    r"\s?(" + "|".join(sorted(map(re.escape, POINTS | SPECIAL), key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# Currency names and signs as texts write them, by ISO code; the unit grammar's own words first.
CURRENCY_AFTER = {word: code for word, code in CURRENCY_WORDS.items() if len(word) > 1 or word == "元"}
CURRENCY_AFTER |= {"us dollars": "USD", "u.s. dollars": "USD", "美元": "USD", "英镑": "GBP", "英鎊": "GBP"}
CURRENCY_AFTER |= {"欧元": "EUR", "歐元": "EUR", "pounds sterling": "GBP", "usd": "USD", "cny": "CNY"}
CURRENCY_AFTER |= {"gbp": "GBP", "eur": "EUR", "inr": "INR", "人民币": "CNY", "人民幣": "CNY"}
_CURRENCY_AFTER = re.compile(
    r"\s?(" + "|".join(sorted(map(re.escape, CURRENCY_AFTER), key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
CURRENCY_BEFORE = {"us$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "rs.": "INR", "rs": "INR"}
CURRENCY_BEFORE |= {"inr": "INR", "rmb": "CNY", "cny": "CNY", "usd": "USD", "gbp": "GBP", "eur": "EUR"}
CURRENCY_BEFORE |= {"`": "INR"}  # a rupee sign lost in conversion, as some Indian sites print it
_CURRENCY_BEFORE = re.compile(
    r"(?:^|(?<=[^A-Za-z]))(" + "|".join(sorted(map(re.escape, CURRENCY_BEFORE), key=len, reverse=True)) + r")\s?$",
    re.IGNORECASE,
)
# Words that mean one of the policy's hedges, and traditional spellings of its Chinese ones.
HEDGE_VERBS = {"exceed": "more than", "exceeds": "more than", "exceeded": "more than", "exceeding": "more than"}
HEDGE_VERBS |= {"topping": "more than", "topped": "more than", "tops": "more than", "surpassed": "more than"}
HEDGE_VERBS |= {"surpassing": "more than", "surpass": "more than", "surpasses": "more than"}
HEDGE_VERBS |= {"約": "约", "超過": "超过", "將近": "将近", "以內": "以内"}
_ENGLISH_HEDGES = sorted((q for q in (*QUALIFIERS, *HEDGE_VERBS) if q.isascii()), key=len, reverse=True)
POSTPOSITIVE = frozenset({"以上", "以下", "左右", "以内", "以內", "多", "余", "餘"})  # hedges written after the number
_CHINESE_HEDGES = sorted(
    (q for q in (*QUALIFIERS, *HEDGE_VERBS) if not q.isascii() and q not in POSTPOSITIVE), key=len, reverse=True
)
_HEDGE_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])("
    + "|".join(map(re.escape, _ENGLISH_HEDGES))
    + r")\s+|("
    + "|".join(map(re.escape, _CHINESE_HEDGES))
    + r"))$",
    re.IGNORECASE,
)
_HEDGE_AFTER = re.compile(r"\s?(以上|以下|左右|以内|以內)")
_SIGN_AFTER = re.compile(
    r"\s+(?:lower|less|fewer|down|decrease|decline|drop|fall|smaller)(?![-\w])(\s+from\b)?", re.IGNORECASE
)
AFTER_DECLINE = "the decline is read from a word after the number"
GROWTHS = r"increas\w*|grew|grow\w*|rose|rise|rises|rising|risen|up|gain\w*|climb\w*|jump\w*|expand\w*|added"
_GROWTH_BEFORE = re.compile(
    rf"(?:\b(?:{GROWTHS})\b{BRIDGE}|(?:增长|增長|上涨|上漲|上升|提高|增加|增)(?:了)?)\s*$", re.IGNORECASE
)
_NEGATIVE_WORD = re.compile(r"\b(?:negative|deficits?|loss|losses|minus)\b|负增长|負增長|亏损|虧損|逆差|赤字", re.I)
_COMPARATIVE_BEFORE = re.compile(
    r"\b(?:lower|smaller|fewer|weaker|less)\s+by\s*$|(?P<zh>(?<![至最不])(?:低|少)了?)\s*$", re.IGNORECASE
)
_COMPARATIVE_WORD = re.compile(r"\b(?:lower|smaller|fewer|weaker)\b(?!-)", re.IGNORECASE)
_MINUS_WORD = re.compile(r"(?:负|負|\bnegative\s+)$", re.IGNORECASE)
# A loss, deficit or fall as the subject of a decline verb: a double negative whose sign texts write either way.
_FALL_NOUN = re.compile(
    r"\b(?:loss|losses|deficits?|declines?|decreases?|falls?)\b|亏损|虧損|逆差|赤字|降幅|跌幅|减幅|減幅|下降幅度", re.I
)
_SHARE_BEFORE = re.compile(r"(?:\baccount\w*\s+for|\bmaking\s+up|\bmade\s+up|占|佔|占比|佔比|比重为?)\s*$", re.I)
BIG_GROUPS = "类|類|门类|門類|产业|產業|行业|行業|领域|領域|板块|板塊"
_BIG_GROUP = re.compile(f"大(?:{BIG_GROUPS})")
_CLASSIFIER = re.compile("[个個项項家名位种種条條座所批件户戶只台辆輛架艘]")
_ZH_STOP = set("|的和及与與中在是为為比同增减減下上占达達以左分其共全均等约約近超实實了较較,，。;；、:：()（）")
NOUN_STOP = frozenset(
    """in of at to for from with by on over under than as into onto were was are is be been being have has had
    will would can could may might shall should the a an that which who whose this these those its their his her
    our your my and or but while since during before after between per each every compared against respectively
    also more less most least up down about around last next this year years month months quarter quarters
    week weeks day days time times higher lower new""".split()  # noqa: SIM905
)
IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "staff", "personnel", "police", "cattle"})
_RATE_AFTER = re.compile(r"\s+(?:per|for\s+every|for\s+each)\s+([0-9][0-9,]*)\s+([A-Za-z]+)", re.IGNORECASE)
_RATE_BEFORE = re.compile(r"\b(?:each|every|per)\s+([0-9][0-9,]*)\s+([A-Za-z]+)\b", re.IGNORECASE)

NO_UNIT = "no unit found beside the number"
BRACKETS = "a number alone in brackets may be negative, as accounts write it"
_PENCE = re.compile(r"\s?pence\b")
_NUMBER_OF = re.compile(r"\bnumber\s+of\s+((?:[A-Za-z-]+\s+){0,3}?)([A-Za-z]+s)\b", re.IGNORECASE)


@dataclass
class Reading:
    """One stated figure and what the words around it say."""

    token: Token
    start: int  # the figure's extent: from its hedge or currency to the end of its unit
    end: int
    scale: str | None = None  # a scale word of the unit grammar: "billion", "亿", "lakh crore"
    currency: str | None = None  # ISO 4217
    percent: str | None = None  # "percent", "percentage points" or "basis points"
    special: str | None = None  # "倍", "times", "per mille", "per-mille points"
    pence: bool = False
    noun: str | None = None  # the counted noun, in unit words
    per: str | None = None  # a rate's base, such as "10,000 residents"
    qualifier: str | None = None  # canonical, one of the policy's
    sign: int = 1
    kind: str | None = None  # "growth", "decline" or "share", from the verb that governs the number
    doubts: list[str] = field(default_factory=list)
    before_noun: int = 0  # where the unit ends without its counted noun
    phrase: list[str] = field(default_factory=list)  # the noun phrase's last words, for the figure's name

    @property
    def sure(self) -> bool:
        return not self.doubts

    @property
    def has_unit(self) -> bool:
        parts = (self.scale, self.currency, self.percent, self.special, self.noun)
        return self.pence or any(part is not None for part in parts)


def read(text: str, token: Token, clause: tuple[int, int]) -> Reading:
    """What `token` carries, from `text` around it; `clause` bounds how far words are read."""
    reading = Reading(token, token.start, token.end)
    _after(text, reading)
    _before(text, reading, *clause)
    if reading.currency is not None and not reading.pence:
        reading.doubts = [
            d for d in reading.doubts if d not in (GLUED_M, GLUED_CAPITAL, GLUED_LETTER)
        ]  # £4,909m, £988M: money
    if token.negative:
        reading.sign = -1
    if token.kind == "chinese" and token.value == 1:
        reading.doubts.append("一 may be an article, not a count")
    if token.kind == "chinese" and reading.scale is not None:
        reading.doubts.append("a Chinese numeral with its scale (三千) may be meant as one number")
    elif token.kind != "digits":
        reading.doubts.append("a number written in words: its extent and scale are the number-word grammar's guess")
    reading.doubts += _separator_doubts(text, reading)
    if _foreign_line(text, token.start):
        reading.doubts.append(
            "the line is in a language other than English or Chinese, whose sign and scale words are not read"
        )
    before, after = text[max(0, token.start - 2) : token.start], text[token.end : token.end + 2]
    if (before.endswith("(") and after[:1] == ")") or after.startswith(")%"):
        reading.doubts.append(BRACKETS)
    if re.search(r"(?:^|[\s(])[\u2013\u2014]\s?$", text[max(0, token.start - 3) : token.start]):
        reading.doubts.append("a dash before the number may be a minus sign")
    return reading


_COMPOUND_SCALE = re.compile("[十百千][万萬亿億]")
# Function words of Spanish, French and Portuguese that English does not share: three on a line mark it.
_FOREIGN_WORD = re.compile(
    r"\b(?:los|las|del|según|año|años|fueron|millones|mil|una|según|mientras|también|les|des|une|année|ont|été|"
    r"milliards|aux|pour|dos|anos|milhões|bilhões|foram|também|não)\b",
    re.IGNORECASE,
)


def _foreign_line(text: str, index: int) -> bool:
    return _foreign(text, text.rfind("\n", 0, index) + 1)


@functools.lru_cache(maxsize=256)
def _foreign(text: str, start: int) -> bool:
    """Whether the line from `start` is in another language; once per line (a str caches its hash)."""
    end = text.find("\n", start)
    words = {m.group().lower() for m in _FOREIGN_WORD.finditer(text, start, end if end >= 0 else len(text))}
    return len(words) >= 3


def _separator_doubts(text: str, reading: Reading) -> list[str]:
    """Separators that texts in other conventions write the other way ("390.830 millones", "17,1%")."""
    stated = reading.token.stated
    if re.fullmatch(r"\d{1,3}[.．]\d{3}", stated) and reading.scale is None:
        return ["a dot before three digits may separate thousands, as some languages write them"]
    if re.fullmatch(r"\d+,\d{1,2}", stated):
        return ["a comma before one or two digits is read as a decimal comma"]
    if _COMPOUND_SCALE.match(text, reading.token.end) and reading.token.kind == "digits":
        return ["a compound Chinese scale (千万, 百万, 十亿) is read by its first character"]
    if text[reading.token.end : reading.token.end + 1] in ("十", "百") and reading.token.kind == "digits":
        return ["a Chinese scale character after digits (3百) is not read as a scale"]
    return []


def _after(text: str, reading: Reading) -> None:
    pos = reading.token.end
    stars = re.match(r"\*+", text[pos:])
    if stars:
        pos = stars.end() + pos  # a footnote mark between a number and its scale ("5.46** million")
    odd = re.match(r"-odd\b", text[pos:])
    if odd:
        reading.qualifier, pos = "about", pos + odd.end()
    if text.startswith(("多", "余", "餘"), pos):
        if text.startswith("多", pos):
            reading.qualifier = "多"
        else:
            reading.doubts.append(f"{text[pos]} (odd, more than) is not a hedge of the bounds policy")
        pos += 1
    glued = _GLUED_SCALE.match(text, pos) if pos == reading.token.end else None
    scale = _SCALE.match(text, pos)
    if glued is not None:
        reading.scale, pos = GLUED_SCALES[glued.group(1).lower()], glued.end()
        if glued.group(1) == "m":
            reading.doubts.append(GLUED_M)
        elif not glued.group(1).islower():
            reading.doubts.append(GLUED_CAPITAL)
        elif len(glued.group(1)) == 1:
            reading.doubts.append(GLUED_LETTER)  # "5b", "10k": an item's letter or a race as often as a scale
    elif scale is not None and not (scale.group(1) == "千" and text[scale.end() : scale.end() + 1] in PREFIXED_UNITS):
        word = scale.group(1)
        reading.scale, pos = SCALES[word.lower()] if word.isascii() else SCALES[word], scale.end()
        if word.lower() in ABBREVIATED:
            reading.doubts.append(f"{word!r} is read as {reading.scale}")
        after_crore = re.match(r"\s?crores?\b", text[pos:])
        if reading.scale == "lakh" and after_crore:
            reading.scale, pos = "lakh crore", pos + after_crore.end()
        if re.match(r"-[A-Za-z]", text[pos : pos + 2]):
            reading.doubts.append(HYPHENATED)
    points = _POINTS.match(text, pos)
    currency = _CURRENCY_AFTER.match(text, pos)
    if points is not None:
        word = points.group(1).lower()
        if word in SPECIAL or points.group(1) in SPECIAL:
            reading.special = SPECIAL.get(word) or SPECIAL[points.group(1)]
            if word == "x" and points.start() != reading.token.end:
                reading.special = None
            else:
                pos = points.end()
        else:
            reading.percent, pos = POINTS.get(word) or POINTS[points.group(1)], points.end()
    elif currency is not None:
        reading.currency, pos = CURRENCY_AFTER[currency.group(1).lower()], currency.end()
    elif text.startswith("p", pos) and not text[pos + 1 : pos + 2].isalpha() and pos == reading.token.end:
        reading.pence, reading.currency, pos = True, "GBP", pos + 1
    elif (pence := _PENCE.match(text, pos)) is not None:
        reading.pence, reading.currency, pos = True, "GBP", pence.end()
    reading.before_noun = pos
    if reading.percent is None and reading.special is None and reading.currency is None:
        pos = _noun(text, reading, pos)
    if reading.noun is not None:
        rate = _RATE_AFTER.match(text, pos)
        if rate is not None:
            reading.per, pos = f"{rate.group(1)} {rate.group(2)}", rate.end()
    hedge = _HEDGE_AFTER.match(text, pos)
    if hedge is not None and reading.qualifier is None:
        reading.qualifier, pos = normalize_qualifier(HEDGE_VERBS.get(hedge.group(1), hedge.group(1))), hedge.end()
    # "2% lower", "3,000 fewer jobs", "£3m lower": a decline after the number, a guess; "30 down from 40"
    # names a level, so beside a count or an amount it only makes the reading unsure.
    after = _SIGN_AFTER.match(text, pos) or _SIGN_AFTER.match(text, reading.token.end)
    if after is not None:
        if reading.percent is not None or "from" not in (after.group(1) or "").lower():
            reading.sign = -1
        reading.doubts.append(AFTER_DECLINE)
    reading.end = pos


def _noun(text: str, reading: Reading, pos: int) -> int:
    """The counted noun after a number: the first plural word of the noun phrase, or the Chinese noun."""
    if reading.token.kind == "chinese" or _is_cjk(text[pos : pos + 1]):
        return _chinese_noun(text, reading, pos)
    of_the = re.match(r"\s+of\s+(?:the|these|those|its|their)\s+", text[pos:])
    start = pos + (of_the.end() if of_the else 0)
    words = list(re.finditer(r"[A-Za-z][A-Za-z'-]*|[,;:.()\[\]\n|]|\d\S*", text[start : start + 120]))
    seen = 0
    for match in words:
        word = match.group()
        if word in "," or word.lower() in ("and", "or"):
            continue
        if not word[0].isalpha() or word.lower() in NOUN_STOP or seen >= 6:
            break
        seen += 1
        head = word.split("-")[-1]
        if _plural(head):
            reading.noun = head
            before = [w.group() for w in words[: words.index(match)] if w.group()[0].isalpha()]
            reading.phrase = [w.replace("-", "").lower() for w in [*before[-1:], word.rsplit("-", 1)[0]]]
            reading.phrase = [*reading.phrase[:-1], head.lower()] if "-" in word else reading.phrase
            if head[0].isupper() and seen >= 2:  # "Member States": keep a capitalised name whole
                previous = words[words.index(match) - 1].group()
                if previous[0].isupper() and previous.isalpha():
                    reading.noun = f"{previous} {head}"
            return start + match.end()
    if of_the is None and words and words[0].group()[0].isalpha() and words[0].group().lower() not in NOUN_STOP:
        first = words[0].group().split("-")[-1]
        if first.isalpha() and len(first) > 2 and first.lower() not in NOUN_STOP:
            follow = words[1].group() if len(words) > 1 else "."
            if not follow[0].isalpha() or follow.lower() in NOUN_STOP:
                reading.noun = first
                reading.doubts.append("the counted noun is read as singular")
                return start + words[0].end()
    return pos


def _counted(reading: Reading) -> bool:
    """A count of things: a noun, and neither money, percent nor a multiple."""
    return reading.noun is not None and reading.currency is None and reading.percent is None and not reading.special


def _plural(word: str) -> bool:
    lowered = word.lower()
    if lowered in IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is")) and word.isalpha()


def _chinese_noun(text: str, reading: Reading, pos: int) -> int:
    start = pos
    big = _BIG_GROUP.match(text, pos)
    if big is not None:
        reading.noun = big.group()
        return big.end()
    if text[pos : pos + 1] in "涨漲降":
        return start  # 六涨一降: six rose and one fell; the things counted are named before
    classifier = _CLASSIFIER.match(text, pos)
    if classifier is not None:
        pos = classifier.end()
        if text.startswith("\n", pos) and _is_cjk(text[pos + 1 : pos + 2]):
            pos += 1  # a line wrapped inside the sentence, as copied texts often are
    end = pos
    while end < len(text) and end - pos < 6 and _is_cjk(text[end]) and text[end] not in _ZH_STOP:
        end += 1
    if end > pos:
        reading.noun = text[pos:end]
        return end
    if classifier is not None:
        reading.noun = text[start:pos]
        return pos
    return start


def _is_cjk(char: str) -> bool:
    return bool(char) and ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")


def _before(text: str, reading: Reading, clause_start: int, clause_end: int) -> None:
    start = reading.token.start
    left = text[clause_start:start]
    currency = _CURRENCY_BEFORE.search(left)
    if currency is not None:
        code = CURRENCY_BEFORE[currency.group(1).lower()]
        if reading.currency is None or reading.pence:
            reading.currency = code
            if reading.noun is not None and reading.per is None:
                reading.noun = None  # "Rs 18,000 crore towards", "a £39.6m impairment": money counts no noun
                reading.end = reading.before_noun
        elif reading.currency != code:
            reading.doubts.append("two currencies are written around the number")
        if currency.group(1) == "`":
            reading.doubts.append("a backtick read as the rupee sign")
        if reading.pence and code != "GBP":
            reading.pence = False
        left = left[: currency.start()]
        start = clause_start + currency.start()
    elif left.endswith("¥"):
        reading.doubts.append("¥ is the sign of both the yuan and the yen")
        left, start = left[:-1], start - 1
    hedge = _HEDGE_BEFORE.search(left)
    if hedge is not None and reading.qualifier is None:
        written = (hedge.group(1) or hedge.group(2)).lower()
        reading.qualifier = normalize_qualifier(HEDGE_VERBS.get(written, written))
        left = left[: hedge.start()]
        start = clause_start + hedge.start()
    reading.start = start
    english = SIGN_BEFORE_EN.search(left)
    verb = english or SIGN_BEFORE_ZH.search(left)
    if verb is not None:
        reading.sign = -1
        reading.kind = "decline"
        if english and not re.search(r"\bby\b", english.group(0), re.I) and _counted(reading):
            reading.doubts.append("a decline verb before a count may name what was cut (cut 500 jobs), not a fall")
        if english and left[english.start() - 1 : english.start()] == "-":
            reading.doubts.append("a decline word inside a compound noun (write-down) may name a charge, not a fall")
        if english and english.group(0).split()[0].lower() in ("lost", "loses", "losing") and reading.currency:
            reading.doubts.append("money lost may be a negative profit or the positive amount of a loss")
        if _FALL_NOUN.search(left, 0, verb.start()):
            reading.doubts.append(
                "a decline of a loss or of a fall (losses narrowed, 降幅收窄) may be meant either way"
            )
    elif (comparative := _COMPARATIVE_BEFORE.search(left)) is not None:
        reading.sign, reading.kind = -1, "decline"  # "lower by 3%", 比上年低0.5个百分点: the gap below a base
        if comparative.group("zh") and not re.search("[比较較]", left[: comparative.start()]):
            reading.doubts.append("低 or 少 before the number is read as a decline, with no 比 to compare with")
    elif (minus := _MINUS_WORD.search(left)) is not None:
        reading.sign = -1  # 负0.3%, "negative 16.9%": a minus written as a word
        if minus.group().strip().lower() == "negative":
            reading.doubts.append("'negative' before the number is read as its minus sign")
    elif _GROWTH_BEFORE.search(left):
        reading.kind = "growth"
    elif _SHARE_BEFORE.search(left):
        reading.kind = "share"
    elif reading.sign == 1 and (
        ANY_DECLINE.search(left)
        or ANY_DECLINE.search(text[reading.end : clause_end])
        or _COMPARATIVE_WORD.search(text, clause_start, clause_end)
    ):
        reading.doubts.append("a decline word stands in the clause but does not govern the number")
    if reading.sign == 1 and _NEGATIVE_WORD.search(text, clause_start, clause_end):
        reading.doubts.append("a word in the clause (below, deficit, loss, 亏损) may make the figure negative")
    if not reading.has_unit:
        reading.doubts.append(NO_UNIT)
    unknown = re.match(r"\s?([a-z]{2,4})\b", text[reading.end : reading.end + 6])
    if reading.currency and reading.scale is None and unknown and unknown.group(1) not in NOUN_STOP:
        reading.doubts.append(f"{unknown.group(1)!r} after the amount may be a scale the grammar does not know")
    if not reading.has_unit:
        named = _NUMBER_OF.search(left)
        if named is not None:
            reading.noun = named.group(2)
            reading.phrase = [*named.group(1).lower().replace("-", "").split()[-2:], named.group(2).lower()]
            reading.doubts.append("the counted noun is read from 'the number of' before the figure")
    if reading.noun is not None and reading.per is None:
        rate = _RATE_BEFORE.search(left)
        if rate is not None:
            reading.per = f"{rate.group(1)} {rate.group(2)}"
