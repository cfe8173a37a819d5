"""A data file to a checked Dataset: fields, numbers, units, formulas and the graph.

Everything that can be known without computing a value is checked here, so a
file that loads has valid numbers, known names, no cycles and matching units.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TypeVar

from laoshan_cli.core.bounds_policy import QUALIFIERS, normalize_qualifier
from laoshan_cli.core.declines import starts_with_decline
from laoshan_cli.core.dimensions import check_result_unit, check_tolerance, display_unit, infer, infer_comparison
from laoshan_cli.core.errors import (
    DataError,
    FormulaError,
    LaoshanError,
    Location,
    TextOrigin,
    UsageError,
    describe_char,
    shown,
)
from laoshan_cli.core.file_units import Definition, define_words
from laoshan_cli.core.formula import AGREES, Comparison, Expr, height, parse_assertion, parse_formula, references
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.model import Check, Dataset, Figure, Metric
from laoshan_cli.core.names import is_name, suggest
from laoshan_cli.core.numbers import (
    ENGLISH_WORDS,
    TENS,
    StatedNumber,
    decimal_text,
    normalize_number_text,
    parse_number,
    parse_value,
)
from laoshan_cli.core.periods import Period, parse_period, year_period
from laoshan_cli.core.results import DEFAULT_STATUS, STATUSES, Source
from laoshan_cli.core.units import CHINESE_SCALES, CURRENCY_SIGNS, DIMENSIONLESS, SCALE_WORDS, Unit, parse_unit

from .files import read_file
from .yamltree import Mapping, Node, Scalar, Sequence, decode, parse

TOP_FIELDS = ("source", "units", "quotes", "figures", "metrics", "checks")
FIGURE_FIELDS: tuple[str, ...] = ("value", "unit", "label", "year", "quote", "quote_ref", "source", "qualifier")
FIGURE_FIELDS += ("precision", "low", "high", "exact", "period", "basis", "status")
METRIC_FIELDS = ("formula", "unit", "label", "whole")
CHECK_FIELDS = ("name", "assert")
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

T = TypeVar("T")
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2048


def load(
    path: str | os.PathLike[str],
    *,
    overrides: Iterable[tuple[str, str]] = (),
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Dataset:
    """Load and check a data file; `overrides` are (name, value) what-if pairs."""
    limits = limits or Limits()
    name = os.fspath(path)
    return load_bytes(read_file(name, limits), name, overrides=overrides, limits=limits, progress=progress)


def load_bytes(
    data: bytes,
    path: str,
    *,
    overrides: Iterable[tuple[str, str]] = (),
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Dataset:
    """Load and check data already read; `path` is used in messages only.

    `progress(stage, done, total)` is called now and then on big files.
    """
    limits = limits or Limits()
    root = parse(decode(data, path, limits), path, limits, progress)
    dataset = _Reader(path, limits, progress).dataset(root)._replace(size=len(data))
    overrides = list(overrides)
    return apply_overrides(dataset, overrides) if overrides else dataset


def apply_overrides(dataset: Dataset, overrides: Iterable[tuple[str, str]]) -> Dataset:
    """What-if: restate figures as if their values were written in the file."""
    figures = dict(dataset.figures)
    restated: dict[str, str] = {}
    for name, text in overrides:
        if name in restated:  # keeping either value would be a guess (the CLI says so before loading)
            raise UsageError(
                f"--set {name} is given twice ({shown(restated[name])} and {shown(text)})", hint="give each figure once"
            )
        restated[name] = text
        if name in dataset.metrics:
            raise UsageError(
                f"--set {name}: {name} is a metric", hint="only figures can be set; metrics follow from them"
            )
        if name not in figures:
            raise UsageError(f"--set {name}: no figure named {name!r}", hint=suggest(name, figures))
        origin = TextOrigin(f"--set {name}")
        stated = parse_number(text.strip(), origin, dataset.limits, error=UsageError)
        figure = figures[name].restated(stated)
        bounds = figure.bounds
        if not bounds.contains(figure.value) or (
            bounds.lo is not None and bounds.hi is not None and bounds.lo > bounds.hi
        ):
            raise UsageError(
                f"--set {name}={shown(text.strip())}: the value lies outside the figure's low/high bounds",
                hint="low and high in the file still apply; edit them or choose a value within",
            )
        figures[name] = figure
    return dataset._replace(figures=figures)


def split_number(items: list[tuple[Scalar, Node]], at: int) -> tuple[str, str, Node] | None:
    """`{value: 170,000}` reads as value: 170 and a field '000': the field, the number and where it
    starts, when the unknown key at `at` is such a piece."""
    if at == 0 or not is_group(items[at]):
        return None
    start = at - 1
    while start > 0 and is_group(items[start]):
        start -= 1
    field, first = items[start]
    if not isinstance(first, Scalar) or not first.plain:
        return None
    leading = first.value.lstrip("+-")
    if not (leading.isdigit() and len(leading) <= 3):  # the digits before a number's first comma
        return None
    end = at
    while end + 1 < len(items) and is_group(items[end + 1]):
        end += 1
    groups = [key.value for key, _ in items[start + 1 : end + 1]]
    return field.value, ",".join([first.value, *groups]), first


def is_group(item: tuple[Scalar, Node]) -> bool:
    """A key of three digits (and maybe decimals) with no value: a piece of a number a comma split."""
    key, value = item
    digits, _, decimals = key.value.partition(".")
    empty = isinstance(value, Scalar) and value.plain and value.value in NULLS
    return key.plain and empty and len(digits) == 3 and digits.isdigit() and (not decimals or decimals.isdigit())


def value_hint(text: str) -> str | None:
    """The fix for a value that holds words its unit or its sign should carry ("1.79 trillion", "$5.6", "fell 3")."""
    words = text.lower().replace(",", " ").split()
    scale = next((word for word in words if word in SCALE_WORDS and word not in CHINESE_SCALES), None)
    if scale is not None:
        return f"put {scale} in the unit, such as unit: {scale} CNY, and the number alone in value"
    if any(char in text for char in "".join(CHINESE_SCALES)):
        return "put the scale in the unit, such as unit: 亿元, and the number alone in value"
    if any(char in CURRENCY_SIGNS for char in text):
        return "put the currency in the unit, such as unit: billion USD, and the number alone in value"
    if starts_with_decline(text):
        return "write the decline as a negative value, such as value: -3"
    if text.strip().lower() in ENGLISH_WORDS or text.strip().lower() in TENS.values():
        return f"write the number in digits: value: {_word_value(text.strip().lower())}"
    glued = GLUED_UNIT.fullmatch(text.strip())
    if glued:
        number, word = glued.groups()
        if word.lower() == "x":
            return f"a multiple such as {text.strip()} is dimensionless: value: {number}, with no unit"
        return f"put {word!r} in the unit, such as unit: {word}, and {number} in value"
    ends = RANGE_WITH_UNITS.fullmatch(text.strip())
    if ends and ends.group(2) in ("", ends.group(4)):  # 6.7% to 6.9%, 6.7 to 6.9 percent, 2-3%
        low, _, high, unit = ends.groups()
        return f"write the range's numbers alone, value: {low} to {high}, and {unit} in the unit"
    return None


GLUED_UNIT = re.compile(r"([+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Za-z]+)")  # 39.5p, 1.8x, 124.0m
RANGE_WITH_UNITS = re.compile(r"([0-9][0-9,.]*)\s*(\S*?)\s*(?:to|-|\u2013|\u2014)\s*([0-9][0-9,.]*)\s*(\S+)")


def _word_value(word: str) -> int:
    if word in ENGLISH_WORDS:
        return ENGLISH_WORDS.index(word)
    return next(number for number, name in TENS.items() if name == word)


def _check_inside(figure: Figure, where: Location | None) -> None:
    bounds = figure.bounds
    if bounds.lo is not None and bounds.hi is not None and bounds.lo > bounds.hi:
        raise DataError(
            f"figure {figure.name!r}: its bounds are empty: "
            f"{decimal_text(bounds.lo)} is above {decimal_text(bounds.hi)}",
            where,
            "low and high replace the ends that the value and its hedges give; check both",
        )
    if not bounds.contains(figure.value):
        raise DataError(
            f"figure {figure.name!r}: value {figure.stated.text} lies outside its bounds",
            where,
            "check low, high and the qualifier",
        )


class _Reader:
    """Turns the YAML tree into model records, with a location for every error."""

    def __init__(self, path: str, limits: Limits, progress: Progress | None = None) -> None:
        self.path = path
        self.limits = limits
        self.progress = progress
        self.units: dict[str, Unit] = {}
        self.quotes: dict[str, str] = {}  # the file's `quotes:`, by id, for `quote_ref`
        self.words: dict[str, Unit] = {}  # the file's `units:`, by canonical word

    def at(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def fail(self, node: Node, message: str, hint: str | None = None) -> DataError:
        return DataError(message, self.at(node), hint)

    def origin(self, node: Scalar, subject: str) -> TextOrigin:
        return TextOrigin(subject, Location(self.path, node.line, node.text_column), node.columns_match)

    # -- shapes -------------------------------------------------------------

    def fields(self, node: Node, what: str, allowed: tuple[str, ...]) -> dict[str, tuple[Scalar, Node]]:
        """The fields of a mapping, refusing unknown ones with a suggestion."""
        if not isinstance(node, Mapping):
            raise self.fail(node, f"{what} must be a mapping of fields", f"fields are: {', '.join(allowed)}")
        found: dict[str, tuple[Scalar, Node]] = {}
        for at, (key, value) in enumerate(node.items):
            if key.value not in allowed:
                split = split_number(node.items, at)
                if split is not None:
                    field, number, where = split
                    raise self.fail(
                        where,
                        f"the comma split the number {number} in {what}: in flow style ({{...}}) YAML reads "
                        f"a comma as the end of a field, so {key.value!r} became a field of its own",
                        f'quote it: `{field}: "{number}"`',
                    )
                raise self.fail(
                    key,
                    f"unknown field {key.value!r} in {what}",
                    suggest(key.value, allowed) or f"fields are: {', '.join(allowed)}",
                )
            found[key.value] = (key, value)
        return found

    def text(self, node: Node, what: str) -> str | None:
        """A text field; null or empty is None."""
        if not isinstance(node, Scalar):
            raise self.fail(node, f"{what} must be text, not a {'list' if isinstance(node, Sequence) else 'mapping'}")
        if node.plain and node.value in NULLS:
            return None
        return node.value

    def number_scalar(self, node: Node, what: str) -> Scalar:
        """The scalar of a number field. Quoted text counts too ({value: "170,000"} in flow style needs it)."""
        if not isinstance(node, Scalar):
            raise self.fail(node, f"{what} must be a number")
        if (node.plain and node.value in NULLS) or not node.value.strip():
            raise self.fail(node, f"{what} is empty", "write a number such as 38.9")
        return node

    def number(self, node: Node, what: str) -> StatedNumber:
        scalar = self.number_scalar(node, what)
        return parse_number(normalize_number_text(scalar.value.strip()), self.origin(scalar, what), self.limits)

    def value(self, node: Node, what: str) -> StatedNumber:
        """A figure's value: a number or a range, as texts write them (numbers.parse_value)."""
        scalar = self.number_scalar(node, what)
        try:
            return parse_value(scalar.value, self.origin(scalar, what), self.limits)
        except LaoshanError as error:
            error.hint = value_hint(normalize_number_text(scalar.value)) or error.hint
            raise

    def boolean(self, node: Node, what: str) -> bool:
        if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
            return node.value == "true"
        shown = node.value if isinstance(node, Scalar) else "a collection"
        raise self.fail(
            node, f"{what} must be true or false, not {shown!r}", "YAML words like yes/no/on/off are not accepted"
        )

    def year(self, node: Node, what: str) -> int | None:
        if isinstance(node, Scalar) and node.plain and node.value in NULLS:
            return None
        stated = self.number(node, what)
        if stated.last_digit is not None or stated.value.denominator != 1 or not 0 < stated.value < 10000:
            raise self.fail(node, f"{what} must be a year such as 2016")
        return int(stated.value)

    def period(self, fields: dict[str, tuple[Scalar, Node]], what: str) -> Period | None:
        """`period`, or `year` as its shorthand for a whole year; not both (either could be the mistake)."""
        if "period" in fields and "year" in fields:
            raise self.fail(
                fields["year"][0], f"{what} has both year and period", "keep period; year: 2016 is period: 2016"
            )
        if "year" in fields:
            year = self.year(fields["year"][1], f"{what} year")
            return None if year is None else year_period(year)
        if "period" not in fields:
            return None
        node = fields["period"][1]
        text = self.text(node, f"{what} period")
        if text is None:
            return None
        assert isinstance(node, Scalar)
        return parse_period(text, self.origin(node, f"{what} period"))

    def basis(self, node: Node, what: str) -> str | None:
        """Free text on one line, such as `comparable` or `constant prices`; runs of spaces count as one."""
        text = self.text(node, what)
        if text is None:
            return None
        if any(char in text for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            raise self.fail(node, f"{what} must be one line", "a basis is a few words, such as constant prices")
        return " ".join(text.split()) or None

    def status(self, node: Node, what: str) -> str:
        text = self.text(node, what)
        if text is None:
            return DEFAULT_STATUS
        if text in STATUSES:
            return text
        raise self.fail(
            node,
            f"{what} {shown(text)} is not a status",
            suggest(text, STATUSES) or f"a status is one of: {', '.join(STATUSES)}",
        )

    def source(self, node: Node, what: str) -> Source | None:
        if isinstance(node, Scalar) and node.plain and node.value in NULLS:
            return None
        if not isinstance(node, Mapping):
            raise self.fail(node, f"{what} must be a mapping such as {{title: ..., publisher: ...}}")
        result: Source = {}
        for key, value in node.items:
            text = self.text(value, f"{what} field {key.value!r}")
            if text is not None:
                result[key.value] = text
        return result

    def quote_texts(self, node: Node) -> dict[str, str]:
        """The file's `quotes:`: a sentence that holds several figures, written once under an id."""
        quotes = {}
        for key, value in self.entries(node, "quotes"):
            name = self.name(key, "quote id")
            text = self.text(value, f"quote {name!r}")
            if text is None:
                raise self.fail(value, f"quote {name!r} is empty", "write the sentence, verbatim")
            quotes[name] = text
        return quotes

    def unit_words(self, node: Node) -> dict[str, Unit]:
        """The file's `units:`: words of its own, each standing for a unit (core/file_units.py)."""
        definitions = []
        for key, value in self.entries(node, "units"):
            text = self.text(value, f"unit word {shown(key.value)}")
            if text is None or not isinstance(value, Scalar):
                raise self.fail(
                    value, f"unit word {shown(key.value)} has no unit", 'write the unit, such as 万元: "10,000 CNY"'
                )
            text_origin = self.origin(value, f"definition of {shown(key.value)}")
            definitions.append(Definition(key.value, text, self.origin(key, "units"), text_origin))
        return define_words(definitions, self.limits)

    def quote(self, fields: dict[str, tuple[Scalar, Node]], what: str) -> str | None:
        """A figure's quote: its own `quote`, or the file's quote that `quote_ref` names."""
        if "quote_ref" not in fields:
            return self.text(fields["quote"][1], f"{what} quote") if "quote" in fields else None
        key, node = fields["quote_ref"]
        if "quote" in fields:
            raise self.fail(key, f"{what} has both quote and quote_ref", "keep one")
        ref = self.text(node, f"{what} quote_ref")
        if ref is None or ref not in self.quotes:
            raise self.fail(
                node,
                f"{what} quote_ref {shown(ref or '')} names no quote in 'quotes:'",
                suggest(ref or "", self.quotes) or "add it under quotes: at the top of the file",
            )
        return self.quotes[ref]

    def name(self, node: Scalar, what: str) -> str:
        name = node.value
        if is_name(name):
            return name
        hint = "a name starts with a letter or _, then letters, digits or _"
        odd = next((c for c in name if not c.isascii()), None)
        if odd is not None:
            import unicodedata

            normal = unicodedata.normalize("NFKC", name)
            hint = f"{describe_char(odd)} is not ASCII"
            if normal.isascii() and normal != name:
                hint += f"; did you mean {normal!r}?"
        raise self.fail(node, f"{what} {shown(name)} is not a valid name", hint)

    def entries(self, node: Node, what: str) -> list[tuple[Scalar, Node]]:
        if isinstance(node, Scalar) and node.plain and node.value in NULLS:
            return []
        if not isinstance(node, Mapping):
            raise self.fail(node, f"{what} must be a mapping of names to entries")
        return node.items

    # -- records ------------------------------------------------------------

    def dataset(self, root: Mapping) -> Dataset:
        top = self.fields(root, "the data file", TOP_FIELDS)
        if "figures" not in top:
            raise DataError("the data file has no 'figures:' section", Location(self.path, root.line, root.column))
        source = self.source(top["source"][1], "source") if "source" in top else None
        self.quotes = self.quote_texts(top["quotes"][1]) if "quotes" in top else {}
        self.words = self.unit_words(top["units"][1]) if "units" in top else {}
        figure_nodes = self.entries(top["figures"][1], "figures")
        if not figure_nodes:
            raise self.fail(top["figures"][0], "'figures:' must hold at least one figure")
        metric_nodes = self.entries(top["metrics"][1], "metrics") if "metrics" in top else []
        seen: dict[str, Scalar] = {}
        figures: dict[str, Figure] = {}
        total = len(figure_nodes) + len(metric_nodes)
        for index, (key, node) in enumerate(figure_nodes):
            if self.progress is not None and index % PROGRESS_EVERY == 0:
                self.progress("checking figures", index, total)
            name = self.unique(key, "figure", seen)
            figures[name] = self.figure(name, key, node, source)
        raw_metrics: list[tuple[str, Scalar, dict[str, tuple[Scalar, Node]]]] = []
        for key, node in metric_nodes:
            name = self.unique(key, "metric", seen)
            raw_metrics.append((name, key, self.fields(node, f"metric {name!r}", METRIC_FIELDS)))
        known = set(seen)
        metrics = {}
        for index, (name, key, fields) in enumerate(raw_metrics):
            if self.progress is not None and index % PROGRESS_EVERY == 0:
                self.progress("checking formulas", len(figure_nodes) + index, total)
            metrics[name] = self.metric(name, key, fields, known)
        order = topological_order(metrics, self.path)
        dataset_units = {**{n: f.unit for n, f in figures.items()}, **{n: m.unit for n, m in metrics.items()}}
        unit_of = dataset_units.__getitem__
        for metric in metrics.values():
            static = infer(metric.expr, unit_of, metric.origin, self.limits)
            check_result_unit(static, metric.unit, metric.unit_text, metric.origin)
        texts = {**{n: f.unit_text for n, f in figures.items()}, **{n: m.unit_text for n, m in metrics.items()}}
        checks = self.checks(top["checks"][1], known, unit_of, texts) if "checks" in top else ()
        return Dataset(self.path, figures, metrics, checks, order, source, self.limits, unit_words=self.words)

    def unique(self, key: Scalar, kind: str, seen: dict[str, Scalar]) -> str:
        name = self.name(key, f"{kind} name")
        if name in seen:
            raise self.fail(
                key,
                f"{kind} name {name!r} is already used on line {seen[name].line}",
                "names are unique across figures and metrics",
            )
        seen[name] = key
        return name

    def figure(self, name: str, key: Scalar, node: Node, file_source: Source | None) -> Figure:
        what = f"figure {name!r}"
        fields = self.fields(node, what, FIGURE_FIELDS)
        if "value" not in fields:
            raise self.fail(key, f"{what} has no value", "add 'value: 38.9'")

        def get(field: str, read: Callable[[Node, str], T]) -> T | None:
            return read(fields[field][1], f"{what} {field}") if field in fields else None

        stated = self.value(fields["value"][1], f"{what} value")
        unit, unit_text = self.unit(fields, what)
        qualifier = None
        qualifier_text = get("qualifier", self.text)
        if qualifier_text is not None:
            qualifier = normalize_qualifier(qualifier_text)
            if qualifier is None:
                raise self.fail(
                    fields["qualifier"][1],
                    f"unknown qualifier {shown(qualifier_text)}",
                    "known qualifiers: " + ", ".join(QUALIFIERS),
                )
        precision_number = get("precision", self.number)
        precision = None if precision_number is None else precision_number.value
        if precision is not None and precision < 0:
            raise self.fail(
                fields["precision"][1],
                f"{what} precision must not be negative",
                "precision is a half-width: 0.5 means ±0.5",
            )
        exact = bool(get("exact", self.boolean))
        low = get("low", self.number)
        high = get("high", self.number)
        conflicts = [
            f
            for f, on in (
                ("value", stated.range),
                ("qualifier", qualifier),
                ("precision", precision),
                ("exact", exact or None),
            )
            if on is not None
        ]
        if len(conflicts) > 1 and conflicts[0] == "value":
            raise self.fail(
                fields[conflicts[1]][0],
                f"{what} states a range, which gives its own bounds, and also {conflicts[1]}",
                f"remove {conflicts[1]}; low and high can still refine the range",
            )
        if len(conflicts) > 1:
            raise self.fail(
                fields[conflicts[1]][0],
                f"{what} has both {conflicts[0]} and {conflicts[1]}",
                "keep one; low and high can refine either",
            )
        figure = Figure.make(
            name=name,
            stated=stated,
            unit=unit,
            unit_text=unit_text,
            label=get("label", self.text),
            period=self.period(fields, what),
            basis=get("basis", self.basis),
            status=get("status", self.status) or DEFAULT_STATUS,
            quote=self.quote(fields, what),
            source=get("source", self.source) or file_source,
            qualifier=qualifier,
            precision=precision,
            exact=exact,
            low=None if low is None else low.value,
            high=None if high is None else high.value,
            location=self.at(key),
        )
        _check_inside(figure, self.at(fields["value"][1]))
        return figure

    def unit(self, fields: dict[str, tuple[Scalar, Node]], what: str) -> tuple[Unit, str]:
        """The parsed unit and its text with spaces normalized; none is dimensionless."""
        if "unit" not in fields:
            return DIMENSIONLESS, ""
        node = fields["unit"][1]
        text = " ".join((self.text(node, f"{what} unit") or "").split())
        assert isinstance(node, Scalar)
        known = self.units.get(text)  # big files repeat a few units many times
        if known is not None:
            return known, text
        # Columns stop matching once runs of spaces are squeezed, so errors then give the column in the text.
        origin = TextOrigin(
            f"{what} unit", Location(self.path, node.line, node.text_column), node.columns_match and text == node.value
        )
        unit = parse_unit(text, origin, self.limits, self.words)
        self.units[text] = unit
        return unit, text

    def metric(self, name: str, key: Scalar, fields: dict[str, tuple[Scalar, Node]], known: set[str]) -> Metric:
        what = f"metric {name!r}"
        if "formula" not in fields:
            raise self.fail(key, f"{what} has no formula", "add 'formula: a / b'")
        formula_node = fields["formula"][1]
        formula = self.text(formula_node, f"{what} formula")
        if formula is None or not isinstance(formula_node, Scalar):
            raise self.fail(formula_node, f"{what} formula is empty")
        origin = self.origin(formula_node, f"{what} formula")
        expr = parse_formula(formula, origin, self.limits, self.words)
        refs = self.known_refs(expr, known, origin, name)
        unit, unit_text = self.unit(fields, what)
        label = self.text(fields["label"][1], f"{what} label") if "label" in fields else None
        whole = "whole" in fields and self.boolean(fields["whole"][1], f"{what} whole")
        location = self.at(key)
        return Metric(name, formula, expr, unit, unit_text, refs, label, location, height(expr), origin, whole)

    def known_refs(
        self, expr: Expr | Comparison, known: set[str], origin: TextOrigin, own: str | None
    ) -> tuple[str, ...]:
        found = references(expr.left) + references(expr.right) if isinstance(expr, Comparison) else references(expr)
        for ref in found:
            if ref.name == own:
                raise origin.error(
                    FormulaError, ref.offset, f"metric {own!r} uses itself", "a metric cannot depend on its own value"
                )
            if ref.name not in known:
                raise origin.error(FormulaError, ref.offset, f"unknown name {ref.name!r}", suggest(ref.name, known))
        return tuple(dict.fromkeys(ref.name for ref in found))

    def checks(
        self, node: Node, known: set[str], unit_of: Callable[[str], Unit], texts: dict[str, str]
    ) -> tuple[Check, ...]:
        if isinstance(node, Scalar) and node.plain and node.value in NULLS:
            return ()
        if not isinstance(node, Sequence):
            raise self.fail(node, "checks must be a list", "write '- name: ...' and 'assert: ...' for each check")
        checks: list[Check] = []
        names: dict[str, int] = {}
        for item in node.items:
            fields = self.fields(item, "a check", CHECK_FIELDS)
            for required in CHECK_FIELDS:
                if required not in fields:
                    raise self.fail(item, f"a check has no {required!r}", "each check has a name and an assert")
            name = self.text(fields["name"][1], "check name")
            if name is None:
                raise self.fail(fields["name"][1], "check name is empty")
            if name in names:
                raise self.fail(fields["name"][1], f"check name {name!r} is already used on line {names[name]}")
            names[name] = item.line
            assert_node = fields["assert"][1]
            text = self.text(assert_node, f"check {name!r} assert")
            if text is None or not isinstance(assert_node, Scalar):
                raise self.fail(assert_node, f"check {name!r} assert is empty")
            origin = self.origin(assert_node, f"check {name!r} assert")
            comparison = parse_assertion(text, origin, self.limits, self.words)
            refs = self.known_refs(comparison, known, origin, None)
            sides = infer_comparison(comparison, unit_of, origin, self.limits)
            check_tolerance(comparison, sides, unit_of, origin, self.limits)
            tolerance = tolerance_value(comparison, origin, self.limits)
            unit = display_unit(sides.unit, [unit_of(ref) for ref in refs])  # the sides as calc shows them
            # Shown in an input's own words when one has the check's unit: 'residents', not the singular.
            unit_text = next((texts[ref] for ref in refs if unit_of(ref) == unit), "")
            checks.append(Check(name, text, comparison, refs, unit, self.at(item), origin, tolerance, unit_text))
        return tuple(checks)


def tolerance_value(comparison: Comparison, origin: TextOrigin, limits: Limits) -> Fraction | None:
    """The exact tolerance of `a ~= b within T` in base units (0 without `within`); None for other checks."""
    if comparison.op != AGREES:
        return None
    if comparison.tolerance is None:
        return Fraction(0)
    from laoshan_cli.core.arithmetic import Evaluator, PointDomain

    value = Evaluator(PointDomain(limits.max_number_bits), {}, lambda _: origin).run(comparison.tolerance, origin)
    if value < 0:
        raise origin.error(
            FormulaError,
            comparison.tolerance.offset,
            "the tolerance is negative",
            "a tolerance is how far apart the sides may be: write it without a minus sign",
        )
    return value


def topological_order(metrics: dict[str, Metric], path: str) -> tuple[str, ...]:
    """Metrics ordered so each follows the metrics it uses; a cycle is an error.

    Iterative, so a chain of 100,000 metrics does not reach the recursion limit.
    """
    order: list[str] = []
    state: dict[str, int] = {}  # 1 while on the path, 2 when done
    for start in metrics:
        if state.get(start):
            continue
        path_stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while path_stack:
            name, index = path_stack[-1]
            deps = [d for d in metrics[name].refs if d in metrics]
            if index < len(deps):
                path_stack[-1] = (name, index + 1)
                dep = deps[index]
                mark = state.get(dep)
                if mark == 1:
                    chain = [n for n, _ in path_stack]
                    cycle = [*chain[chain.index(dep) :], dep]
                    metric = metrics[dep]
                    raise FormulaError(
                        f"metrics form a cycle: {' -> '.join(cycle)}",
                        metric.location,
                        "a metric cannot depend on itself, even through others",
                    )
                if mark is None:
                    state[dep] = 1
                    path_stack.append((dep, 0))
            else:
                path_stack.pop()
                state[name] = 2
                order.append(name)
    return tuple(order)


__all__ = ["LaoshanError", "apply_overrides", "load", "load_bytes", "read_file", "topological_order"]
