"""The words that state a decline, in English and Chinese: one list for every reader of signs.

The drafter reads a decline before a number as a negative figure ("fell 3
percent", "下降9.8%"); the loader tells a value that begins with one to be
written as a negative number; `validate` warns when a figure's quote puts one
right before a positive stated number.
"""

from __future__ import annotations

import re

DECLINES_EN = r"fell|fall|falls|falling|down|declined?|declines|declining|decreased?|decreases|decreasing|dropped"
DECLINES_EN += r"|drops?|dropping|slid|slipped|shrank|shrunk|shrinks?|contracted|contracts?|lost|loses|losing"
DECLINES_EN += r"|reduced|reduces|reduction|cut|cuts|narrowed|narrows|slowed|slows|eased|eases|minus|lowered|slump\w*"
DECLINES_EN += r"|contraction|plunged?|plunges|tumbled?|tumbles|sank|sinks|dipped|dips"
DECLINES_ZH = r"下降|下跌|减少|減少|回落|放缓|放緩|减缓|減緩|降低|下滑|收窄|缩小|縮小|萎缩|萎縮|回调|回調|跌|降"
# Words between "fell" and its number, an adverb among them ("declined substantially by 69.18 per cent").
BRIDGE = r"(?:\s+(?:by|of|some|a|an|just|only|a\s+further|further|[a-z]{3,}ly(?=\s+by\b)))*"

SIGN_BEFORE_EN = re.compile(rf"\b(?:{DECLINES_EN})\b{BRIDGE}\s*$", re.IGNORECASE)
SIGN_BEFORE_ZH = re.compile(rf"(?:{DECLINES_ZH})(?:了)?\s*$")
ANY_DECLINE = re.compile(rf"\b(?:{DECLINES_EN})\b|{DECLINES_ZH}", re.IGNORECASE)
_STARTS_WITH = re.compile(rf"^\s*(?:(?:{DECLINES_EN})\b|{DECLINES_ZH})", re.IGNORECASE)


def decline_before(text: str) -> str | None:
    """The decline word that `text` ends with ("output fell by " gives 'fell'), or None."""
    match = SIGN_BEFORE_EN.search(text) or SIGN_BEFORE_ZH.search(text)
    if match is None:
        return None
    return re.split(r"\s+|了", match.group(0).strip())[0]


def starts_with_decline(text: str) -> bool:
    """Whether a value's text begins with a decline word ("fell 3", "下降9.8")."""
    return _STARTS_WITH.match(text) is not None


__all__ = [
    "ANY_DECLINE",
    "BRIDGE",
    "DECLINES_EN",
    "DECLINES_ZH",
    "SIGN_BEFORE_EN",
    "SIGN_BEFORE_ZH",
    "decline_before",
    "starts_with_decline",
]
