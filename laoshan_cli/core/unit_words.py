"""One word, one dimension: the canonical form of a unit word, and the scripts unit words may use.

A dimension is named by its singular, so `1 person` and `3 people`, `company`
and `companies`, are the same dimension. Only lower-case ASCII words are
folded, by the regular English plurals and a short list of irregular ones;
a word with a capital letter (GBP, kWh, TWh) is a code or a symbol and is left
alone, and so is a word in another script, except 人 (person). Folding must
never merge two different things: a word whose last letters do not say which
singular it has (`news`, `series`, `gas`, `bus`, `mass`, `status`, `basis`)
is kept as written, and words of one or two letters (`ms`, `ps`) are never
folded. A wrong guess leaves two words apart, which a dimension check then
reports; it never makes them one.
"""

from __future__ import annotations

import unicodedata

# plural -> singular, where the regular rules below would guess wrong. A short list, documented in the README.
IRREGULAR = {
    "people": "person",
    "人": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "geese": "goose",
    "mice": "mouse",
    "oxen": "ox",
    "lives": "life",
    "indices": "index",
    "crises": "crisis",
    "analyses": "analysis",
    "buses": "bus",
    "gases": "gas",
    "bonuses": "bonus",
    "statuses": "status",
    "censuses": "census",
    "viruses": "virus",
    "campuses": "campus",
    "lenses": "lens",
    "calories": "calorie",
    "movies": "movie",
    "cookies": "cookie",
}
# Words that end in s but are singular, or the same in both numbers.
INVARIANT = frozenset({"news", "series", "species", "means", "gas", "lens", "yes", "headquarters", "aircraft"})
ES_ENDINGS = ("sses", "xes", "ches", "shes")  # boxes, churches, dishes, classes: the plural adds -es


def canonical_word(word: str) -> str:
    """The singular that names the dimension of `word`: 'companies' -> 'company', 'people' -> 'person'.

    Canonical forms are fixed points: canonical_word(canonical_word(w)) == canonical_word(w).
    """
    folded = IRREGULAR.get(word)
    if folded is not None:
        return folded
    if len(word) < 3 or not word.endswith("s") or not (word.isascii() and word.isalpha() and word.islower()):
        return word
    if word in INVARIANT or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(ES_ENDINGS):
        return word[:-2]
    return word[:-1]


# -- scripts ------------------------------------------------------------------------

# Letters that NFKC leaves alone but that look like ASCII ones: a word made only of them could be read as ASCII.
CONFUSABLES = str.maketrans(
    "аеорсуххіјѕԁԛԝАВЕЗНІЈКМОРСТХУαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧı",
    "aeopcyxxijsdqwABE3HIJKMOPCTXYabeikvoptuxABEZHIKMNOPTYXi",
)
# Han, kana and hangul write one language together (万トン), so they count as one script.
CJK_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "IDEOGRAPHIC"})


def script_of(char: str) -> str | None:
    """The script of a letter, from its Unicode name ('CYRILLIC', 'LATIN', 'CJK'); None for marks and digits."""
    if char.isascii():
        return "LATIN" if char.isalpha() else None
    if unicodedata.category(char)[0] != "L":
        return None
    first = unicodedata.name(char, "").split(" ")[0]
    return "CJK" if first in CJK_SCRIPTS else first or None


def is_cjk(char: str) -> bool:
    """A character of the CJK scripts: such a run is a word of its own, even glued to others (亿kWh)."""
    if char.isascii():
        return False
    code = ord(char)  # the common blocks first: han, kana, hangul syllables
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3040 <= code <= 0x30FF or 0xAC00 <= code <= 0xD7AF:
        return True
    return script_of(char) == "CJK"


def is_word_char(char: str) -> bool:
    """A character that may stand inside a unit word: a letter or mark of any script, an ASCII digit, or _."""
    if char.isascii():
        return char.isalnum() or char == "_"
    return unicodedata.category(char)[0] in "LM" and not is_cjk(char)


def ascii_look_alike(word: str) -> str | None:
    """The ASCII word that `word` would be read as, when every letter of it looks like an ASCII one; else None.

    Marks are dropped first, since a variation selector or a combining mark
    can be invisible.
    """
    if word.isascii():
        return None
    normal = unicodedata.normalize("NFKC", word).translate(CONFUSABLES)
    skeleton = "".join(char for char in normal if unicodedata.category(char)[0] != "M")
    return skeleton if skeleton and skeleton.isascii() else None


def mixed_script(word: str) -> tuple[str, str] | None:
    """(a character, its script) when `word` mixes scripts: the first letter outside ASCII, when there are
    ASCII letters too, else the first whose script is not the first letter's."""
    scripts = [(char, script) for char in word if (script := script_of(char)) is not None]
    if len({script for _, script in scripts}) < 2:
        return None
    if any(char.isascii() for char, _ in scripts):
        return next((char, script) for char, script in scripts if not char.isascii())
    return next((char, script) for char, script in scripts if script != scripts[0][1])
