"""Quotes checked against the text they were copied from (`source: {text: FILE}`).

`validate` asks two things of every figure whose source names a local copy
of its text: that its quote occurs in that text, and that its stated number
occurs in its quote. Before comparing, both sides are normalised: NFKC (so
full-width punctuation and digits read as ASCII), curly quotes as straight
ones, and every run of whitespace as one space. A missing quote is an error
that names the figure and the closest passage; a number not found in its
quote is a warning, since a text may write it in a way not recognised here.

The text's path is relative to the data file and must stay inside the data
file's folder: a data file from someone else must not make laoshan read, and
quote back into a CI log, a file elsewhere on the machine.
"""

from __future__ import annotations

import os
import re
import unicodedata

from laoshan_cli.core.declines import decline_before
from laoshan_cli.core.errors import DataError, Location
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.model import Dataset, Figure
from laoshan_cli.core.numbers import (
    ENGLISH_WORDS,
    TENS,
    StatedNumber,
    chinese_numeral,
    decimal_text,
    normalize_number_text,
)

from .files import read_file

QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'"})
QUOTE_MARKS.update(str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'}))
PASSAGE_CONTEXT = 20  # characters either side of the closest match, shown in the error


def normalize_passage(text: str) -> str:
    """Text as compared: NFKC, straight quotes, one space for any run of whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS).split())


def text_path(dataset: Dataset, figure: Figure) -> str | None:
    """The local copy of the figure's text named by its source, checked to lie inside the data file's folder."""
    source = figure.source or dataset.source or {}
    name = source.get("text")
    if not name:
        return None
    where = figure.location or Location(dataset.path)
    folder = os.path.dirname(os.path.abspath(dataset.path))
    parts = name.replace("\\", "/").split("/")
    if os.path.isabs(name) or ".." in parts:
        raise DataError(
            f"figure {figure.name!r}: source text {name!r} is outside the data file's folder",
            where,
            "give a path relative to the data file, inside its folder",
        )
    path = os.path.join(folder, name)
    real_folder = os.path.realpath(folder)
    if os.path.commonpath([real_folder, os.path.realpath(path)]) != real_folder:
        raise DataError(
            f"figure {figure.name!r}: source text {name!r} leads outside the data file's folder",
            where,
            "a link in the path points elsewhere; copy the text next to the data file",
        )
    return path


def read_text(path: str, limits: Limits) -> str:
    data = read_file(path, limits)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"the source text is not UTF-8 (byte {error.start})", Location(path), "save it as UTF-8"
        ) from None


def closest_passage(text: str, quote: str) -> str:
    """The passage of `text` most like `quote`, for the error message."""
    import difflib

    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(quote))
    start = max(0, match.a - match.b - PASSAGE_CONTEXT)
    end = min(len(text), match.a - match.b + len(quote) + PASSAGE_CONTEXT)
    return text[start:end].strip()


def number_forms(stated: StatedNumber) -> list[str]:
    """The ways a text may write a stated number (each end of a range): its digits without separators,
    and for a whole number its English words (to twenty, tens, hundred, thousand) and Chinese numerals."""
    forms = [normalize_number_text(stated.text).replace(",", "").lstrip("+-")]
    for end in stated.range or (stated.value,):
        forms.append(decimal_text(abs(end)))
        if end.denominator == 1:
            forms += _words(abs(end.numerator))
    return forms


def _words(number: int) -> list[str]:
    words = []
    if number < len(ENGLISH_WORDS):
        words.append(ENGLISH_WORDS[number])
    elif number in TENS:
        words.append(TENS[number])
    elif number in (100, 1000):
        words += ["hundred" if number == 100 else "thousand"]
    words.append(chinese_numeral(number))
    if number == 2:
        words.append("两")
    return words


def _digits_only(text: str) -> str:
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def check_quotes(dataset: Dataset, limits: Limits) -> list[str]:
    """Raise a DataError for the first quote missing from its text; return warnings for stated numbers
    that their quotes do not show."""
    texts: dict[str, str] = {}
    warnings = []
    for figure in dataset.figures.values():
        path = text_path(dataset, figure)
        if path is None or figure.quote is None:
            continue
        if path not in texts:
            texts[path] = normalize_passage(read_text(path, limits))
        text, quote = texts[path], normalize_passage(figure.quote)
        if quote not in text:
            raise DataError(
                f"figure {figure.name!r}: its quote is not in {os.path.basename(path)}",
                figure.location,
                f"the closest passage is {closest_passage(text, quote)!r}",
            )
        shown = _digits_only(quote)
        stated = figure.stated if figure.file_stated is None else figure.file_stated  # a quote backs the file's value
        forms = [form for form in number_forms(stated) if form and form in shown]
        if not forms:
            message = f"figure {figure.name!r}: its stated number {stated.text} is not in its quote"
            warnings.append(str(DataError(message, figure.location)))
        elif stated.value > 0 and stated.range is None:
            word = _decline_before_number(shown, forms)
            if word is not None:
                message = f"figure {figure.name!r}: its quote says {word!r} before {stated.text}, a positive value"
                hint = f"if the text states a decline, write value: -{stated.text.lstrip('+')}"
                warnings.append(str(DataError(message, figure.location, hint)))
    return warnings


def _decline_before_number(quote: str, forms: list[str]) -> str | None:
    """The decline word right before an occurrence of the number ("fell by 3", "下降9.8"), if any.

    Only where the number stands alone, not inside a longer one: "down 13" is no decline of 3.
    """
    for form in forms:
        for match in re.finditer(re.escape(form), quote):
            start, end = match.span()
            if (start and quote[start - 1].isdigit()) or (end < len(quote) and quote[end].isdigit()):
                continue
            if start >= 2 and quote[start - 1] == "." and quote[start - 2].isdigit():
                continue
            word = decline_before(quote[:start])
            if word is not None:
                return word
    return None
