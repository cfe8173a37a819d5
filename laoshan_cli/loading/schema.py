"""The JSON Schema of the data file, for editors (yaml-language-server) and CI validators.

laoshan reads every YAML scalar as text and checks it by its own grammar; an
editor or a JSON Schema validator sees what a YAML library makes of the same
file: numbers, booleans, nulls and strings. The schema is written for that
view, and it is a superset of what the loader accepts: it never flags a file
that laoshan loads, and it catches what it can of the rest.

It cannot express everything; the descriptions say where, and
`LIMITATIONS` lists every class of file that the schema accepts but laoshan
refuses (tests/test_schema.py holds an example of each).

Only keywords that mean the same in draft 2020-12 and draft-07 are used, and
no `$ref`, because yaml-language-server implements draft-07.
"""

from __future__ import annotations

import json
from typing import Any

from laoshan_cli.core.bounds_policy import QUALIFIERS
from laoshan_cli.core.names import NAME_PATTERN

SCHEMA_ID = "urn:laoshan:data-file"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Python's str.split() splits on exactly the characters for which str.isspace()
# is true; the loader normalizes qualifiers with it. JSON Schema's \s differs
# between regex engines, so the class is spelled out (a test checks it).
WHITESPACE = "[\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"

# The loader's number grammar (laoshan_cli/numbers.py).
INTEGER = "(0|[1-9][0-9]*|[1-9][0-9]{0,2}(,[0-9]{3})+)"
GROUPED = "[1-9][0-9]{0,2}(,[0-9]{3})+"
FRACTION = "(\\.[0-9]+)?"
EXPONENT = "[eE][+-]?[0-9]+"

# laoshan reads a number from text, quoted or not, so any string of the
# grammar is a number here: 5,509 (text to every YAML), 1.5e3 (text to YAML
# 1.1 readers) and "170,000" (quoted, as flow style needs). A number as pasted
# (full-width digits, U+2212) is read after NFKC, which a pattern cannot
# follow: any text holding a non-ASCII character passes (PASTED).
NUMBER = f"[+-]?{INTEGER}{FRACTION}({EXPONENT})?"
PASTED = "[^\\u0000-\\u007f]"
NUMBER_TEXT = f"^{NUMBER}$|{PASTED}"
# A figure's value may also be a range: "2 to 3", "2–3" (en or em dash), "2-3".
VALUE_TEXT = f"^{NUMBER}$|^{NUMBER}( to |[\\u2013\\u2014]| ?- ?){NUMBER}$|{PASTED}"
NON_NEGATIVE_TEXT = f"^(\\+?{INTEGER}{FRACTION}({EXPONENT})?|-0(\\.0+)?({EXPONENT})?)$|{PASTED}"
YEAR_TEXT = f"^\\+?([1-9][0-9]{{0,3}}|[1-9],[0-9]{{3}})$|{PASTED}"

# The period grammar (core/periods.py), with each month's length and the leap years spelled out.
PERIOD_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][48]|[13579][26]|[2468]0)00)"
PERIOD_DAY = (
    f"({PERIOD_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|{PERIOD_YEAR}-(0[13-9]|1[0-2])-(29|30)"
    f"|{PERIOD_YEAR}-(0[13578]|1[02])-31|{LEAP_YEAR}-02-29)"
)
PERIOD_POINT = f"({PERIOD_DAY}|{PERIOD_YEAR}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?)"
PERIOD_TEXT = f"^{PERIOD_POINT}(/{PERIOD_POINT})?$"
STATUS_WORDS = ("actual", "preliminary", "estimate", "target", "forecast")  # results.STATUSES; a test checks
NAME = f"^{NAME_PATTERN}$"

# In Python's re (used by the `jsonschema` package), `$` also matches before a
# final newline, so "abc\n" would match NAME there; in ECMA-262 (editors) it
# does not. This guard makes both agree. A non-string passes it.
NO_NEWLINE: dict[str, Any] = {"not": {"type": "string", "pattern": "\\n"}}

LIMITATIONS: dict[str, str] = {
    "pasted-number": "text holding a non-ASCII character where a number goes, such as value: '約5' (laoshan "
    "reads numbers after NFKC, with U+2212 as a minus sign, which no pattern can follow, so the schema lets "
    "such text pass)",
    "number-spelling": "a number that YAML reads but laoshan's grammar refuses: 012, 0x1F, 0o17, .5, 5., "
    ".inf, .nan, and in YAML 1.1 readers 1_000 and 1:30; and a year written 2016.0 or 2e3",
    "boolean-spelling": "true or false spelled True, TRUE, False or FALSE (and yes, no, on, off in YAML 1.1 readers)",
    "limits": "numbers over laoshan's limits, such as more than 40 digits or 1e400 (see the README's Limits)",
    "grammar": "the grammar of units, formulas and asserts; unknown names in formulas; units that do not "
    "match; cycles among metrics; a quote_ref that names no quote of the file; a unit word of the file's own "
    "that looks like ASCII, mixes scripts, is defined through itself, or changes a built-in word",
    "duplicate-names": "names used twice: across figures and metrics, for checks, or as duplicate keys in one "
    "mapping (YAML libraries keep the last)",
    "bounds": "a value outside its bounds, or low above high",
    "yaml-features": "YAML features laoshan refuses: anchors, aliases, merge keys, tags, several documents",
    "period": "a period that the pattern cannot check: an interval whose start comes after its end "
    "(2018-07/2018-01), and a year that YAML reads as a number but is not four digits (18, +2018, 0x7E2)",
    "non-string-keys": "in validators whose YAML reader turns keys into numbers, booleans or null (PyYAML), "
    "a figure named 12 or ~, and two keys that such a reader takes for one, such as null and ~, of which it "
    "keeps the last (editors see keys as text and flag 12 and ~)",
}


def _case_insensitive(word: str) -> str:
    """`more than` as a regex that ignores case and allows any run of whitespace between words."""
    parts = [
        "".join(f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else c for c in w) for w in word.split(" ")
    ]
    return f"{WHITESPACE}+".join(parts)


def _number(description: str, examples: list[Any], pattern: str = NUMBER_TEXT) -> dict[str, Any]:
    return {
        "description": description,
        "anyOf": [
            {"type": "number"},
            {"type": "string", "pattern": pattern, **NO_NEWLINE},
        ],
        "examples": examples,
    }


NUMBER_NOTE = (
    " laoshan reads the number as exact text by one strict grammar (an optional sign, digits grouped by "
    "three with commas or not grouped, an optional decimal part, an optional exponent; no leading zeros, "
    "no 0x, no _, no .5), quoted or not, after NFKC (full-width digits) and with U+2212 as a minus sign. "
    "A number with commas, such as 5,509, is text to YAML, so the schema accepts strings of that form."
)

TEXT_TYPES = ["string", "number", "boolean"]
TEXT_NOTE = " laoshan keeps every scalar as the text written, so 2016 or true here are the text '2016' or 'true'."


def _text(description: str, *, nullable: bool = True, examples: list[Any] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "description": description + TEXT_NOTE + (" Empty or null means none." if nullable else ""),
        "type": [*TEXT_TYPES, "null"] if nullable else TEXT_TYPES,
    }
    if examples:
        schema["examples"] = examples
    return schema


def _source() -> dict[str, Any]:
    return {
        "description": "Where the figures come from: a mapping of fields such as title, publisher, url and date. "
        "Each field is text; a null field is left out.",
        "type": ["object", "null"],
        "additionalProperties": _text("A field of the source."),
        "examples": [
            {"title": "District to Build on Reputation for Housing Innovative Business", "publisher": "China Daily"}
        ],
    }


def _unit(what: str) -> dict[str, Any]:
    return _text(
        f"The unit of the {what}: a product of factors, optionally divided once with / or per, such as "
        "'billion CNY', 'CNY/USD' or 'patents per 10,000 residents'. A factor is a number, a scale word "
        "(hundred, thousand, million, billion, trillion; 万, 亿), percent or %, a currency (an ISO 4217 code, "
        "yuan, 元, $, £), a word of the file's own (units:), or a word that is a dimension of its own, named "
        "by its singular (people and 人 are person); word^2 raises it to a whole power. No unit, or 1, means "
        "dimensionless. The schema does not check this grammar; laoshan does.",
        examples=["billion CNY", "percent", "CNY/USD", "patents per 10,000 residents"],
    )


# A word of the file's own: no whitespace and none of the unit grammar's signs, not starting with a number.
UNIT_WORD = f"^[^0-9.,/*^%$\u00a3\u20ac\u20b9\u00a5\u2030]((?!{WHITESPACE})[^/*^%])*$"


def _unit_words() -> dict[str, Any]:
    return {
        "description": "Unit words of the file's own: each word stands for a unit wherever this file writes "
        "one (figures', metrics' and checks' units, bracket units in formulas, and --unit), such as "
        "{万元: '10,000 CNY', head: cattle}. A word and its plural are one word. A definition may use the "
        "file's other words, but not itself, directly or through others. A built-in word (billion, CNY, 元, "
        "万元) cannot change its meaning. Empty or null means none.",
        "type": ["object", "null"],
        "propertyNames": {"type": "string", "pattern": UNIT_WORD, **NO_NEWLINE},
        "additionalProperties": _text("The unit the word stands for, such as '10,000 CNY'.", nullable=False),
        "examples": [{"万元": "10,000 CNY", "head": "cattle"}],
    }


def _qualifier() -> dict[str, Any]:
    words = "|".join(_case_insensitive(q) for q in QUALIFIERS)
    return {
        "description": "The hedge in the source's wording, which sets the bounds: more than, over, at least N "
        "give [N, unbounded); less than, under, at most, up to N give (unbounded, N]; nearly, almost N give "
        "from N less 10% up to N; around, about, approximately, roughly N give N ± 10%. laoshan ignores case "
        "and runs of whitespace ('More  than' is 'more than'); the schema accepts the same, and suggests the "
        "canonical lower-case forms. A qualifier, precision and exact: true exclude one another.",
        "anyOf": [
            {"enum": list(QUALIFIERS)},
            {"type": "string", "pattern": f"^{WHITESPACE}*({words}){WHITESPACE}*$"},
            {"type": "null"},
        ],
    }


def _figure() -> dict[str, Any]:
    has_qualifier = {"required": ["qualifier"], "properties": {"qualifier": {"not": {"type": "null"}}}}
    has_precision = {"required": ["precision"]}
    is_exact = {"required": ["exact"], "properties": {"exact": {"const": True}}}
    return {
        "description": "A figure as the source states it. Its bounds are, in order: the qualifier's; else "
        "value ± precision; else the value alone when exact is true; else half a unit in the last stated digit "
        "(38.9 means [38.85, 38.95]; a whole number means ± 0.5, unless its unit is a plain count such as "
        "patents, when it is exact). low and high then "
        "replace either end. The value must lie within its bounds: the schema cannot check this, laoshan does. "
        "A qualifier, precision and exact: true exclude one another (checked here). The figure's name must "
        "not be used by a metric too: the schema cannot check this either.",
        "type": "object",
        "required": ["value"],
        "additionalProperties": False,
        "properties": {
            "value": _number(
                "The value as stated, in the figure's unit, or a range such as 2 to 3 (also 2–3 or 2-3), whose "
                "ends are its bounds and whose midpoint is its value." + NUMBER_NOTE,
                [38.9, 100, "5,509", "2 to 3"],
                VALUE_TEXT,
            ),
            "unit": _unit("figure"),
            "label": _text("What the figure counts, for people.", examples=["High-tech sector output value, 2016"]),
            "year": {
                "description": "Shorthand for a period of one whole year: a whole number from 1 to 9999, written "
                "without a decimal point or exponent (laoshan refuses 2016.0, which the schema cannot tell from "
                "2016). Not beside period. Null means none.",
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 9999},
                    {"type": "string", "pattern": YEAR_TEXT, **NO_NEWLINE},
                    {"type": "null"},
                ],
                "examples": [2016],
            },
            "period": {
                "description": "The time the figure is about, in ISO 8601: a year 2018, a month 2018-07, a day "
                "2018-07-31, a quarter 2018-Q2, a half 2018-H1, or an interval of two of them joined by /, "
                "such as 2018-01/2018-07 (January to July). Each part is checked (month 01-12, the month's "
                "days, 29 February only in leap years); the interval's start must not come after its end "
                "(not checked by the schema). Not beside year. A YAML 1.1 reader takes an unquoted day for "
                "a date, which is no JSON type: quote it, period: '2018-07-31'. Null means none.",
                "anyOf": [
                    {"type": "integer", "minimum": 1, "maximum": 9999},
                    {"type": "string", "pattern": PERIOD_TEXT, **NO_NEWLINE},
                    {"type": "null"},
                ],
                "examples": [2016, "2018-07", "2018-Q2", "2018-01/2018-07"],
            },
            "basis": {
                **_text(
                    "The basis the figure is stated on, as free text on one line, such as real, nominal, "
                    "comparable, constant prices or constant currency.",
                    examples=["comparable", "constant prices"],
                ),
                "not": {"type": "string", "pattern": "[\\n\\r\\u000b\\u000c\\u001c-\\u001e\\u0085\\u2028\\u2029]"},
            },
            "status": {
                "description": "What the figure is: actual (the default), preliminary, estimate, target or "
                "forecast. A metric or check that rests on a figure that is not actual says so in every "
                "output. Null means actual.",
                "enum": [*STATUS_WORDS, None],
            },
            "quote": _text("The sentence the figure was copied from, verbatim."),
            "quote_ref": {
                "description": "The id of a sentence under the file's quotes:, for a sentence that holds several "
                "figures. Not beside quote.",
                "type": "string",
                "pattern": NAME,
                **NO_NEWLINE,
            },
            "source": _source(),
            "qualifier": _qualifier(),
            "precision": {
                "description": "Half-width of the bounds: 128 with precision 0.5 means [127.5, 128.5]. Not "
                "negative." + NUMBER_NOTE,
                "anyOf": [
                    {"type": "number", "minimum": 0},
                    {"type": "string", "pattern": NON_NEGATIVE_TEXT, **NO_NEWLINE},
                ],
                "examples": [0.5],
            },
            "low": _number(
                "Replaces the lower end of the bounds. It must not lie above the value (not checked by the "
                "schema)." + NUMBER_NOTE,
                [90],
            ),
            "high": _number(
                "Replaces the upper end of the bounds. It must not lie below the value (not checked by the "
                "schema)." + NUMBER_NOTE,
                [110],
            ),
            "exact": {
                "description": "true: the value is exact, whatever its digits. Only the words true and false "
                "(laoshan refuses True, yes, on, which some YAML readers take for booleans).",
                "type": "boolean",
            },
        },
        "not": {
            "description": "A qualifier (not null), precision and exact: true exclude one another, and "
            "quote and quote_ref do, and year and period do.",
            "anyOf": [
                {"required": ["quote", "quote_ref"]},
                {"required": ["year", "period"]},
                {"allOf": [has_qualifier, has_precision]},
                {"allOf": [has_qualifier, is_exact]},
                {"allOf": [has_precision, is_exact]},
            ],
        },
    }


def _metric() -> dict[str, Any]:
    return {
        "description": "A number derived from figures and other metrics by a formula, in exact arithmetic.",
        "type": "object",
        "required": ["formula"],
        "additionalProperties": False,
        "properties": {
            "formula": {
                "description": "Numbers, names of figures and metrics, + - * /, unary minus, ** with a whole "
                "exponent, parentheses, abs, min and max; a number may carry a unit in brackets: 6 [CNY/USD]. "
                "The schema checks only that it is not empty and holds no comparison (those go in checks); "
                "laoshan checks the grammar, that every name exists, that there is no cycle, and that the "
                "formula gives the metric's unit.",
                "anyOf": [
                    {"type": "string", "minLength": 1, "not": {"pattern": "[<>=]"}},
                    {"type": ["number", "boolean"]},
                ],
                "examples": ["hightech_output_2016 / (1 + hightech_growth_2016)"],
            },
            "unit": _unit("metric"),
            "label": _text("What the metric means, for people."),
            "whole": {
                "description": "true: the metric counts things (the projects a share of them makes), so "
                "laoshan consistent gives it only whole values of its unit. Only the words true and false.",
                "type": "boolean",
            },
        },
    }


def _check() -> dict[str, Any]:
    return {
        "description": "An assertion about the figures and metrics. It passes when it holds for every value "
        "within the bounds, fails when it holds for none, and is uncertain otherwise. An agreement, a ~= b, "
        "passes (consistent) when the sides can be equal for some values within the bounds and fails "
        "(inconsistent) when they cannot.",
        "type": "object",
        "required": ["name", "assert"],
        "additionalProperties": False,
        "properties": {
            "name": _text(
                "The check's name, shown in reports and JUnit XML. Names must be unique among checks: the "
                "schema cannot check this, laoshan does.",
                nullable=False,
            ),
            "assert": {
                "description": "One comparison (<, <=, >, >= or ~=) between two formulas, such as "
                "'hightech_share_2016 <= 100%'; an agreement may allow a difference in the sides' unit: "
                "'a ~= b within 0.5 [billion CNY]'. The schema checks only that a comparison sign is there; "
                "laoshan checks the formulas, the tolerance and their units.",
                "type": "string",
                "pattern": "[<>]|~=",
                "examples": ["implied_cny_per_usd >= 6 [CNY/USD]", "gdp_zh ~= gdp_en within 0.5 [billion CNY]"],
            },
        },
    }


def _names(what: str) -> dict[str, Any]:
    return {
        "description": f"A {what} name: a letter or _, then letters, digits or _ (ASCII only)."
        + (
            " Names are unique across figures and metrics: the schema cannot check this across the two "
            "mappings, laoshan does."
            if what in ("figure", "metric")
            else ""
        ),
        "pattern": NAME,
        **NO_NEWLINE,
    }


def data_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12, using only draft-07-compatible keywords) of a laoshan data file."""
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "laoshan data file",
        "description": "Source figures with their units, hedges and quotes, metrics derived from them by "
        "formula, and checks. This schema accepts every file laoshan accepts, and catches mistakes in "
        "structure, field names, types, number spellings and qualifiers. It cannot check: "
        + "; ".join(LIMITATIONS.values())
        + ". Run 'laoshan validate FILE' for the full check.",
        "type": "object",
        "required": ["figures"],
        "additionalProperties": False,
        "properties": {
            "source": _source(),
            "units": _unit_words(),
            "quotes": {
                "description": "Sentences that hold several figures, each written once under an id that "
                "figures name with quote_ref. Empty or null means none.",
                "type": ["object", "null"],
                "propertyNames": _names("quote"),
                "additionalProperties": _text("The sentence, verbatim.", nullable=False),
            },
            "figures": {
                "description": "The source figures by name; at least one.",
                "type": "object",
                "minProperties": 1,
                "propertyNames": _names("figure"),
                "additionalProperties": _figure(),
            },
            "metrics": {
                "description": "Derived metrics by name. Empty or null means none.",
                "type": ["object", "null"],
                "propertyNames": _names("metric"),
                "additionalProperties": _metric(),
            },
            "checks": {
                "description": "Assertions that laoshan check runs. Empty or null means none.",
                "type": ["array", "null"],
                "items": _check(),
            },
        },
    }


def schema_json() -> str:
    """The schema as `laoshan schema` prints it: sorted keys, indent 2, ASCII only, a final newline.

    ASCII keeps the text intact on any terminal encoding, since output that
    an encoding cannot carry would otherwise be replaced.
    """
    return json.dumps(data_schema(), sort_keys=True, indent=2, ensure_ascii=True) + "\n"
