"""Fuzz formulas, units and numbers against a small fixed dataset.

Each input, read as text, is tried as:

- a formula for `laoshan calc` (Engine.calc), then shown in every output format;
- a unit for `--unit` (converting a figure and the calc result), and alone (parse_unit);
- a number (parse_number, with and without thousands separators);
- a metric's formula and a check's assert inside a YAML data file, quoted and plain.

    python fuzz/fuzz_formula.py fuzz/corpus-formula fuzz/seeds/formula -dict=fuzz/laoshan.dict \
        -timeout=5 -rss_limit_mb=2048
"""

from __future__ import annotations

import contextlib
import json
import os
import sys

import atheris

# replay.py sets LAOSHAN_FUZZ_PLAIN=1 to time inputs without the instrumentation's 10-20x slowdown.
PLAIN = os.environ.get("LAOSHAN_FUZZ_PLAIN") == "1"
with contextlib.nullcontext() if PLAIN else atheris.instrument_imports(include=["laoshan_cli"]):
    from common import InvariantError, attempt, check_item, check_result, guarded, render_all

    from laoshan_cli.core.engine import Engine
    from laoshan_cli.core.errors import DataError, FormulaError, LaoshanError, TextOrigin, UnitError
    from laoshan_cli.core.limits import Limits
    from laoshan_cli.core.numbers import parse_number
    from laoshan_cli.core.units import Unit, format_unit, parse_unit
    from laoshan_cli.loading.loader import load_bytes

    try:
        from laoshan_cli.core.results import convert
    except ImportError:  # before results.py split from engine.py
        from laoshan_cli.core.engine import convert  # type: ignore[attr-defined,no-redef]

# Figures with every kind of bounds: rounding, qualifiers (one- and two-sided,
# unbounded above and below), precision, exact, low/high straddling zero, an
# exact zero to divide by, and very small and very large values.
BASE = """\
source: {title: Fuzz Gazette, publisher: Fuzz}
figures:
  output:
    value: 38.9
    unit: billion CNY
    year: 2016
    quote: "output of 38.9 billion yuan"
  output_usd: {value: 5.6, unit: billion USD}
  growth: {value: 2.6, unit: percent}
  share: {value: 82.2, unit: percent}
  patents:
    value: 1,500
    qualifier: more than
    unit: patents
  debt: {value: 20, qualifier: less than, unit: million CNY}
  makerspaces: {value: 4, unit: makerspaces}
  projects: {value: 100, qualifier: nearly, unit: projects}
  added: {value: 40, qualifier: around, unit: projects}
  change: {value: -3.2, unit: percent}
  density:
    value: 128
    precision: 0.5
    unit: patents per 10,000 residents
  zero: {value: 0, unit: CNY}
  swing: {value: 0.5, low: -1, high: 2, unit: CNY}
  rate: {value: 7, exact: true, unit: CNY/USD}
  tiny: {value: 1.5e-30, unit: m^2}
  huge: {value: 9.99e99, unit: trillion m^-2}
  bare: {value: 3}
metrics:
  before: {formula: output / (1 + growth), unit: billion CNY}
  increase: {formula: output - before, unit: billion CNY}
  implied_rate: {formula: output / output_usd, unit: CNY/USD}
  per_space: {formula: projects / makerspaces, unit: projects per makerspaces}
  earlier: {formula: projects - added, unit: projects}
  growth_jan: {formula: added / earlier, unit: percent}
  spread: {formula: "max(output, debt) - min(output, debt, zero)", unit: billion CNY}
  area: {formula: tiny * huge, unit: trillion}
checks:
  - {name: share in range, assert: share <= 100%}
  - {name: rate sane, assert: "implied_rate >= 6 [CNY/USD]"}
"""
# Text whose parse the input may break, split out so the input lands inside it.
METRIC_QUOTED = '  fz: {{formula: "{text}", unit: "{unit}"}}\n'
METRIC_PLAIN = "  fz:\n    formula: {text}\n    unit: {unit}\n"
CHECK_QUOTED = '  - {{name: fz, assert: "{text}"}}\n'
CHECK_PLAIN = "  - name: fz\n    assert: {text}\n"

LIMITS = Limits()
HEAD, CHECKS = BASE.split("checks:\n")
DATASET = load_bytes(BASE.encode(), "fuzz-base.yaml")
FIGURE = "output"


def yaml_quoted(text: str) -> str:
    """The inside of a YAML double-quoted scalar that reads back as `text` (escapes where needed)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F or (0xA0 <= code < 0xD800 and char not in "\u2028\u2029") or 0xE000 <= code < 0xFEFF:
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def unit_roundtrip(unit_text: str) -> None:
    """A unit, once parsed, is shown in a form that parses back to it (so users can paste it into --unit)."""
    unit = parse_unit(unit_text, TextOrigin("fuzz"), LIMITS)
    check_shown_unit(unit, format_unit(unit), unit_text)


def check_shown_unit(unit: Unit, shown: str, unit_text: str) -> None:
    # format_unit's documented exception: a scale with more significant digits
    # than a number may have cannot be written back exactly.
    for part in (unit.scale.numerator, unit.scale.denominator):
        if len(str(part).rstrip("0")) > LIMITS.max_number_digits:
            return
    try:
        again = parse_unit(shown, TextOrigin("shown"), LIMITS)
    except LaoshanError as error:
        message = error.message.removeprefix("shown, column ")
        detail = f"{unit_text!r} is shown as {shown!r}"
        raise InvariantError(f"a shown unit does not read back: {message}; {detail}") from None
    if again != unit:
        raise InvariantError(f"a shown unit reads back as another: {unit_text!r} is shown as {shown!r}, read {again!r}")


def in_yaml(text: str, unit_text: str, plain: bool) -> None:
    """The text as a metric formula, or as a check's assert if it compares, in a data file; then evaluated.

    One file per input keeps the harness fast: quoted or plain by `plain`
    (plain only for one-line text), metric or check by whether it compares.
    """
    compares = any(op in text for op in "<>\u2264\u2265")
    plain = plain and "\n" not in text and "\r" not in text
    if compares:
        entry = CHECK_PLAIN.format(text=text) if plain else CHECK_QUOTED.format(text=yaml_quoted(text))
        source = HEAD + "checks:\n" + CHECKS + entry
    else:
        if plain:
            entry = METRIC_PLAIN.format(text=text, unit=json.dumps(unit_text))
        else:
            entry = METRIC_QUOTED.format(text=yaml_quoted(text), unit=yaml_quoted(unit_text))
        source = HEAD + entry + "checks:\n" + CHECKS
    try:
        dataset = load_bytes(source.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    except LaoshanError:
        return
    engine = Engine(dataset)
    if "fz" in dataset.metrics:
        for item in attempt(lambda: engine.items(["fz"])) or ():
            check_item(item)
        explanation = attempt(lambda: engine.explain("fz"))
        if explanation is not None:
            render_all([], [], [explanation])
    elif dataset.checks and dataset.checks[-1].name == "fz":
        result = attempt(lambda: engine.check(dataset.checks[-1]))
        if result is not None:
            check_result(result)
            render_all([], [result], [])


def one_input(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")  # as a command-line argument arrives
    engine = Engine(DATASET)

    item = attempt(lambda: engine.calc(text))
    if item is not None:
        check_item(item)
        render_all([item], [], [])
        if item.unit_text:
            check_shown_unit(item.unit, item.unit_text, text)

    # As a unit: alone, for --unit on a figure and on the calc result, and back from its shown form.
    unit = attempt(lambda: parse_unit(text, TextOrigin("unit"), LIMITS))
    if unit is not None:
        attempt(lambda: unit_roundtrip(text))
        figure = engine.items([FIGURE])[0]
        for target in (figure, item):
            if target is not None:
                converted = attempt(lambda t=target: convert(t, text, LIMITS))
                if converted is not None:
                    check_item(converted)
                    render_all([converted], [], [])

    # As a number, the way a data file and a formula read one.
    for grouping, error in ((True, DataError), (False, FormulaError), (True, UnitError)):
        stated = attempt(
            lambda g=grouping, e=error: parse_number(text, TextOrigin("number"), LIMITS, allow_grouping=g, error=e)
        )
        if stated is not None and stated.last_digit is not None:
            stated.rounding_half_width  # noqa: B018 - computing it is the test

    in_yaml(text, "" if item is None else item.unit_text, plain=len(data) % 2 == 1)


def main() -> None:
    atheris.Setup(sys.argv, guarded(one_input))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
