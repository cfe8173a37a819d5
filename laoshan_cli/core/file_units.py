"""A file's own unit words: `units: {万元: "10,000 CNY", head: cattle}`.

Each word stands for its unit wherever that file writes a unit: figures',
metrics' and checks' units, bracket units in formulas, and `--unit`. A word
is keyed by its canonical form, so `head` also covers `heads`. The rules:

- a key is one unit word (letters of one script), checked as every unit word is;
- a definition is a unit in the same grammar and may use the file's other words,
  but not itself, directly or through others;
- a word that already means something in every file (`billion`, `CNY`, `元`,
  `万元`) cannot change its meaning: defining it as the unit it already is, is
  allowed and changes nothing; defining it as another is an error. A word that
  is only a dimension of its own (`head`, `household`, `people`) is free.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from .currencies import ISO_4217
from .errors import TextOrigin, UnitError, shown
from .limits import Limits
from .unit_words import canonical_word, is_cjk, is_word_char, script_of
from .units import Unit, checked_word, format_unit, parse_unit


class Definition(NamedTuple):
    word: str  # as the file wrote it
    text: str  # the unit it stands for
    word_origin: TextOrigin
    text_origin: TextOrigin


def define_words(definitions: Sequence[Definition], limits: Limits) -> dict[str, Unit]:
    """The file's words, by canonical form, each resolved to a unit; a UnitError for a bad one."""
    by_name: dict[str, Definition] = {}
    for definition in definitions:
        name = _key(definition, limits)
        if name is None:
            continue
        if name in by_name:
            earlier = by_name[name].word
            same = "is defined twice" if earlier == definition.word else f"is the same word as {earlier!r}"
            raise definition.word_origin.error(
                UnitError, 0, f"unit word {shown(definition.word)} {same}", "a word and its plural are one word"
            )
        by_name[name] = definition
    resolver = _Resolver(by_name, limits)
    return {name: resolver[name] for name in by_name}


def _key(definition: Definition, limits: Limits) -> str | None:
    """The canonical form of a definition's word; None when it only restates a built-in meaning."""
    word, origin = definition.word, definition.word_origin
    one_word = bool(word) and (
        all(is_cjk(char) for char in word)
        or ((word[0].isalpha() or word[0] == "_") and script_of(word[0]) is not None and all(map(is_word_char, word)))
    )
    if not one_word:
        raise origin.error(
            UnitError,
            0,
            f"unit word {shown(word)} is not one word",
            "a word of the file's own is letters of one script, such as head or 万元",
        )
    if is_cjk(word[0]):
        word = unicodedata.normalize("NFKC", word)
    elif not word.isascii():
        word = checked_word(word, 0, origin)
    if word in ISO_4217:
        raise origin.error(
            UnitError, 0, f"{word} is an ISO 4217 currency code and cannot be redefined", "choose another word"
        )
    name = canonical_word(word)
    builtin = parse_unit(word, origin, limits)
    if builtin == Unit(Fraction(1), ((name, 1),)):
        return name  # a dimension of its own: free to define
    meant = parse_unit(definition.text, definition.text_origin, limits)
    if meant != builtin:
        raise origin.error(
            UnitError,
            0,
            f"unit word {shown(word)} already means {format_unit(builtin)}",
            f"a file cannot change a built-in word; choose another word for {format_unit(meant)}",
        )
    return None


class _Resolver(Mapping[str, Unit]):
    """The words as parse_unit looks them up, resolved on first use, so a loop is found where it closes."""

    def __init__(self, definitions: dict[str, Definition], limits: Limits) -> None:
        self.definitions = definitions
        self.limits = limits
        self.done: dict[str, Unit] = {}
        self.path: list[str] = []

    def __getitem__(self, name: str) -> Unit:
        if name in self.done:
            return self.done[name]
        definition = self.definitions[name]  # KeyError: not a word of the file
        if name in self.path:
            loop = [self.definitions[n].word for n in self.path[self.path.index(name) :]] + [definition.word]
            origin = self.definitions[self.path[-1]].text_origin
            if len(loop) == 2:
                message = f"{shown(definition.word)} is defined by itself"
            else:
                message = f"unit words are defined in a loop: {' -> '.join(loop)}"
            raise origin.error(UnitError, 0, message, "define each word by units that do not lead back to it")
        self.path.append(name)
        try:
            unit = parse_unit(definition.text, definition.text_origin, self.limits, self)
        finally:
            self.path.pop()
        self.done[name] = unit
        return unit

    def __contains__(self, name: object) -> bool:
        return name in self.definitions  # without resolving it: parse_unit asks before it reads a word whole

    def __iter__(self) -> Iterator[str]:
        return iter(self.definitions)

    def __len__(self) -> int:
        return len(self.definitions)
