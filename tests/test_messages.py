"""Messages for the mistakes of issue 10's "Why" (item 7), end to end: one line, file:line:col, a hint, exit 2.

The corpus in tests/bad_inputs holds one case of each; these cover the
variants of how a text is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

PERCENT = "(% cannot begin a plain YAML value: quote it: `unit: '%'`)"


def error_of(invoke: Invoke, path: Path, *args: str) -> str:
    result = invoke(["validate", str(path), *args])
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.replace(str(path), "FILE")


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "figures:\n  a:\n    value: 5\n    unit: %\n",
            "FILE:4:11: invalid YAML: found character that cannot start any token " + PERCENT,
        ),
        (
            "figures:\n  a: {value: 5, unit: %}\n",
            "FILE:2:23: invalid YAML: found character that cannot start any token " + PERCENT,
        ),
        ("figures:\n  a:\n    value: 5\n    unit: % of GDP  # note\n", "quote it: `unit: '% of GDP'`"),
        (
            "figures:\n  a:\n    value: 5\n    unit: patents\n    label: @it's\n",
            '(@ cannot begin a plain YAML value: quote it: `label: "@it\'s"`)',
        ),
    ],
)
def test_a_reserved_character_at_the_start_of_a_value_says_to_quote_it(
    invoke: Invoke, write_data: Callable[[str], Path], yaml: str, expected: str
) -> None:
    assert expected in error_of(invoke, write_data(yaml))


@pytest.mark.parametrize(
    ("value", "number", "piece"),
    [("170,000", "170,000", "000"), ("1,700,000.5", "1,700,000.5", "700"), ("-2,500", "-2,500", "500")],
)
def test_a_comma_that_split_a_number_in_flow_style_says_so(
    invoke: Invoke, write_data: Callable[[str], Path], value: str, number: str, piece: str
) -> None:
    path = write_data(f"figures:\n  a: {{value: {value}, unit: residents}}\n")
    assert error_of(invoke, path) == (
        f"error: FILE:2:14: the comma split the number {number} in figure 'a': in flow style ({{...}}) YAML reads "
        f"a comma as the end of a field, so '{piece}' became a field of its own (quote it: `value: \"{number}\"`)\n"
    )
    quoted = write_data(f'figures:\n  a: {{value: "{value}", unit: residents}}\n')
    assert invoke(["validate", str(quoted)]).exit_code == 0


def test_a_field_of_digits_that_follows_no_number_is_an_unknown_field(
    invoke: Invoke, write_data: Callable[[str], Path]
) -> None:
    message = error_of(invoke, write_data("figures:\n  a: {unit: residents, 000: 1}\n"))
    assert "unknown field '000'" in message and "comma" not in message


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("three", "write the number in digits: value: 3"),
        ("forty", "write the number in digits: value: 40"),
        ("6.7 percent to 6.9 percent", "value: 6.7 to 6.9, and percent in the unit"),
        ("6.7 to 6.9 percent", "value: 6.7 to 6.9, and percent in the unit"),
        ("'6.7% to 6.9%'", "value: 6.7 to 6.9, and % in the unit"),
        ("'2-3%'", "value: 2 to 3, and % in the unit"),
        ("39.5p", "put 'p' in the unit, such as unit: p, and 39.5 in value"),
        ("1.8x", "a multiple such as 1.8x is dimensionless: value: 1.8, with no unit"),
        ("'17,1'", "for a decimal comma write 17.1"),
    ],
)
def test_a_value_written_as_a_text_writes_it_gets_the_fix(
    invoke: Invoke, tmp_path: Path, value: str, hint: str
) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(f"figures:\n  a:\n    value: {value}\n    unit: percent\n", encoding="utf-8")
    message = error_of(invoke, path)
    assert message.startswith("error: FILE:3:") and f"{hint})" in message


def test_a_thousands_separator_in_a_formula_gets_the_fix(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(
        "figures:\n  x: {value: 3, unit: crore INR}\nchecks:\n  - name: c\n    assert: 20,000 [crore INR] < x\n",
        encoding="utf-8",
    )
    assert "(a formula takes no thousands separators: write 20000)" in error_of(invoke, path)
