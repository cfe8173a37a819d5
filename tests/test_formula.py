"""The formula parser of laoshan_cli/formula.py: trees, precedence, errors and limits.

Precedence is checked against Python itself: the same text, evaluated by
Python over Fractions, must equal the parsed tree evaluated by the small
tree walker in this file (not laoshan's evaluator).
"""

from __future__ import annotations

import builtins
import re
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.core.errors import FormulaError, LaoshanError, Location, TextOrigin, UnitError
from laoshan_cli.core.formula import (
    Call,
    Comparison,
    Expr,
    Neg,
    Num,
    Pow,
    Product,
    Ref,
    Sum,
    height,
    parse_assertion,
    parse_formula,
    references,
    render,
)
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.units import PERCENT, Unit

ORIGIN = TextOrigin("metric 'm' formula")
LIMITS = Limits()


def parse(text: str, limits: Limits = LIMITS) -> Expr:
    return parse_formula(text, ORIGIN, limits)


def walk(node: Expr, env: dict[str, F]) -> F:
    """An independent evaluator of laoshan's formula trees, over exact Fractions."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return env[node.name]
    if isinstance(node, Neg):
        return -walk(node.operand, env)
    if isinstance(node, Sum):
        total = walk(node.terms[0].operand, env)
        for term in node.terms[1:]:
            total = total + walk(term.operand, env) if term.op == "+" else total - walk(term.operand, env)
        return total
    if isinstance(node, Product):
        total = walk(node.terms[0].operand, env)
        for term in node.terms[1:]:
            total = total * walk(term.operand, env) if term.op == "*" else total / walk(term.operand, env)
        return total
    if isinstance(node, Pow):
        return walk(node.base, env) ** node.exponent
    assert isinstance(node, Call)
    args = [walk(arg, env) for arg in node.args]
    return {"abs": lambda: abs(args[0]), "min": lambda: min(args), "max": lambda: max(args)}[node.function]()


ENV = {"a": F(7, 3), "b": F(-5, 2), "c": F(3), "d": F(1, 7)}


LITERAL = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def python(text: str) -> F:
    """The value Python gives the same text, over Fractions (a test-only reference).

    Every literal becomes an exact Fraction, so Python's float arithmetic never enters.
    """
    exact_text = LITERAL.sub(lambda m: f"F({m.group()!r})", text)
    value = eval(exact_text, {"__builtins__": {"abs": abs, "min": min, "max": max}, "F": F}, dict(ENV))
    assert isinstance(value, F)
    return value


# -- trees --------------------------------------------------------------------------------------------------------


def test_sums_and_products_are_flat() -> None:
    node = parse("a + b - c + d")
    assert isinstance(node, Sum)
    assert [t.op for t in node.terms] == ["+", "+", "-", "+"]
    assert [t.operand for t in node.terms] == [Ref("a", 0), Ref("b", 4), Ref("c", 8), Ref("d", 12)]
    assert [t.offset for t in node.terms] == [0, 2, 6, 10]  # the operator, or the first operand
    node = parse("a * b / c * d")
    assert isinstance(node, Product)
    assert [t.op for t in node.terms] == ["*", "*", "/", "*"]
    assert all(isinstance(t.operand, Ref) for t in node.terms)


def test_a_long_sum_is_shallow() -> None:
    node = parse(" + ".join(["a"] * 400))
    assert isinstance(node, Sum) and len(node.terms) == 400
    assert height(node) == 2


def test_single_atoms_are_not_wrapped() -> None:
    assert parse("a") == Ref("a", 0)
    assert parse("(a)") == Ref("a", 1)
    assert parse("+a") == Ref("a", 1)
    num = parse("2.50")
    assert isinstance(num, Num) and num.value == F(5, 2) and num.unit is None and num.text == "2.50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-a**2", Neg(Pow(Ref("a", 1), 2, 2), 0)),
        ("a**-2", Pow(Ref("a", 0), -2, 1)),
        ("a ** --3", Pow(Ref("a", 0), 3, 2)),
        ("a ** +2", Pow(Ref("a", 0), 2, 2)),
        ("abs(a)", Call("abs", (Ref("a", 4),), 0)),
        ("min(a, b, c)", Call("min", (Ref("a", 4), Ref("b", 7), Ref("c", 10)), 0)),
    ],
)
def test_tree_shapes(text: str, expected: Expr) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("-c**2", F(-9)),
        ("(-c)**2", F(9)),
        ("-2**2", F(-4)),
        ("2**-1", F(1, 2)),
        ("2**-2 * 4", F(1)),
        ("c - c - c", F(-3)),
        ("c / c / c", F(1, 3)),
        ("c / c * c", F(3)),
        ("1 + c * 2", F(7)),
        ("(1 + c) * 2", F(8)),
        ("2 * c ** 2", F(18)),
        ("-c * 2", F(-6)),
        ("--c", F(3)),
        ("c - -c", F(6)),
        ("c ** 0", F(1)),
        ("abs(-c) + max(a, c) - min(b, d)", F(3) + F(3) + F(5, 2)),
        ("1.5e1 - 15", F(0)),
        ("0.1 + 0.2", F(3, 10)),
    ],
)
def test_precedence_and_values(text: str, value: F) -> None:
    assert walk(parse(text), ENV) == value
    assert python(text) == value  # the reference agrees: precedence is Python's


def test_percent_and_bracketed_units_are_in_base_units() -> None:
    node = parse("5%")
    assert isinstance(node, Num) and node.value == F(1, 20) and node.unit == PERCENT and node.text == "5%"
    node = parse("0.5 [billion CNY]")
    assert isinstance(node, Num) and node.value == 5 * 10**8
    assert node.unit == Unit(F(10**9), (("CNY", 1),))
    node = parse("6 [CNY/USD]")
    assert isinstance(node, Num) and node.value == 6 and node.unit == Unit(F(1), (("CNY", 1), ("USD", -1)))


def test_references_in_order_with_repeats() -> None:
    node = parse("a / (a + b) - max(c, a)")
    assert [r.name for r in references(node)] == ["a", "a", "b", "c", "a"]
    assert [r.offset for r in references(node)] == [0, 5, 9, 18, 21]


def test_functions_and_names_can_share_spelling() -> None:
    # 'min' not followed by '(' is a name like any other.
    node = parse("min + 1")
    assert isinstance(node, Sum) and node.terms[0].operand == Ref("min", 0)
    assert [r.name for r in references(parse("abs * max(min, abs)"))] == ["abs", "min", "abs"]


# -- comparisons --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_assertion_is_one_comparison(op: str) -> None:
    node = parse_assertion(f"a + 1 {op} b * 2", ORIGIN, LIMITS)
    assert isinstance(node, Comparison) and node.op == op
    assert node.offset == 6
    assert walk(node.left, ENV) == ENV["a"] + 1 and walk(node.right, ENV) == ENV["b"] * 2


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("a < b < c", "a check has one comparison", "two checks"),
        ("a", "a check needs a comparison", "a < b"),
        ("", "assert is empty", None),
        ("a = b", "unexpected character '='", "write a ~= b to ask whether a and b can be equal"),
        ("a == b", "unexpected character '='", "write a ~= b to ask whether a and b can be equal"),
        ("a != b", "unexpected character '!'", "<, <=, >, >= or ~="),
        ("a \u2264 b", "unexpected character '\u2264'", "'<='"),
        ("a < ", "formula ends too soon", None),
        ("a b < c", "unexpected 'b'", "one comparison"),
    ],
)
def test_assertion_errors(text: str, message: str, hint: str | None) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_assertion(text, ORIGIN, LIMITS)
    assert message in caught.value.message
    if hint is not None:
        assert caught.value.hint is not None and hint in caught.value.hint


# -- errors -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "message", "hint"),
    [
        ("", 1, "formula is empty", None),
        ("   ", 1, "formula is empty", None),
        ("a +", 4, "formula ends too soon", "a number, a name or '('"),
        ("a + * b", 5, "unexpected '*'", "a number, a name or '('"),
        ("(a + b", 7, "expected ')' to close the '(' at column 1", None),
        ("a + b)", 6, "')' has no matching '('", None),
        ("a b", 3, "unexpected 'b'", "is an operator missing?"),
        ("2a", 2, "unexpected 'a'", "is an operator missing?"),
        ("a < b", 3, "comparison '<' is allowed only in a check", None),
        ("a ^ 2", 3, "unexpected character '^'", "use ** for powers"),
        ("a \u00d7 b", 3, "unexpected character", "use '*' instead of U+00D7"),
        ("a \u00f7 b", 3, "unexpected character", "use '/' instead of U+00F7"),
        ("a\u00a0+ b", 2, "unexpected character", "use ' ' instead of U+00A0"),
        ("a ; b", 3, "unexpected character ';'", None),
        ("a.b", 2, "unexpected character '.'", None),
        ("'a'", 1, "unexpected character", None),
        ("a ]", 3, "unexpected character ']'", "follows a number"),
        ("a\x07", 2, "unexpected character U+0007", None),
        ("foo(a)", 1, "unknown function 'foo'", "abs, min and max"),
        ("eval(a)", 1, "unknown function 'eval'", "abs, min and max"),
        ("abs(a, b)", 1, "abs takes one argument", None),
        ("min(a)", 1, "min takes two or more arguments", None),
        ("max(a)", 1, "max takes two or more arguments", None),
        ("min(a b)", 7, "expected ',' or ')' in min(...)", None),
        ("abs()", 5, "unexpected ')'", None),
        ("a [CNY]", 3, "a unit in brackets must follow a number", "a already has its unit"),
        ("[CNY]", 1, "a unit in brackets must follow a number", "6 [CNY/USD]"),
        ("6 [CNY", 3, "'[' is never closed", "6 [CNY/USD]"),
        ("a ** b", 6, "an exponent must be a whole number written in the formula", "x ** 2"),
        ("a ** (2)", 6, "an exponent must be a whole number written in the formula", "x ** 2"),
        ("a ** 2.0", 6, "exponent 2.0 is not a whole number", None),
        ("a ** 1e2", 6, "exponent 1e2 is not a whole number", None),
        ("a ** 65", 6, "exponent 65 is too large", "max_power is 64"),
        ("a ** 1000000000", 6, "exponent 1000000000 is too large", "max_power is 64"),
        ("a ** 2 ** 3", 8, "chained powers are not allowed", None),
        ("012", 1, "leading zero", None),
        ("1_000", 2, "unexpected '_'", "1_000"),
        (".5", 1, "unexpected '.'", "0.5"),
        ("1,000 + a", 2, "unexpected ','", None),
        ("1e999", 3, "too large", "max_number_exponent"),
    ],
)
def test_errors_name_the_column(text: str, column: int, message: str, hint: str | None) -> None:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    error = caught.value
    assert error.message.startswith(f"metric 'm' formula, column {column}: "), error.message
    assert message in error.message
    if hint is not None:
        assert error.hint is not None and hint in error.hint


def test_number_hints_in_a_formula_suggest_only_what_a_formula_accepts() -> None:
    with pytest.raises(FormulaError) as caught:
        parse("1_000 + a")
    hint = caught.value.hint or ""
    assert "1000" in hint
    # Formulas refuse thousands separators, so a hint must not suggest one.
    assert "1,000" not in hint, hint


def test_a_bad_unit_in_brackets_points_into_the_formula() -> None:
    with pytest.raises(UnitError) as caught:
        parse("6 [CNY/USD/EUR]")
    assert caught.value.message.startswith("metric 'm' formula, column 11: ")


def test_columns_map_onto_the_file_when_they_match() -> None:
    origin = TextOrigin("metric 'm' formula", Location("t.yaml", 7, 14), columns_match=True)
    with pytest.raises(FormulaError) as caught:
        parse_formula("a + b)", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 7, 19)
    with pytest.raises(UnitError) as caught_unit:
        parse_formula("a + 6 [CNY^0]", origin, LIMITS)
    assert caught_unit.value.location == Location("t.yaml", 7, 14 + 11)


# -- look-alike characters ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "suggestion"),
    [
        ("\uff48ightech_output_2016 + 1", 1, "hightech_output_2016"),  # fullwidth h
        ("1 + \uff48ightech_output_2016", 5, "hightech_output_2016"),
        ("hightech_\uff4futput_2016", 10, "hightech_output_2016"),  # fullwidth o inside
        ("hightech_output_\uff12\uff10\uff11\uff16", 17, "hightech_output_2016"),  # fullwidth digits
        ("\ufb01gure * 2", 1, "figure"),  # the fi ligature
    ],
)
def test_look_alike_names_are_errors_with_a_suggestion(text: str, column: int, suggestion: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse(text)
    error = caught.value
    assert f"column {column}:" in error.message
    assert "outside ASCII" in error.message
    assert error.hint is not None and f"did you mean {suggestion!r}?" in error.hint
    assert "U+" in error.hint


@pytest.mark.parametrize(
    "text",
    [
        "h\u0456ghtech",  # Cyrillic i
        "\u0430 + b",  # Cyrillic a
        "caf\u00e9",
        "x\u00b2",
        "a\u0301",  # combining acute accent
        "\u0663 + 1",  # Arabic-Indic three
    ],
)
def test_other_non_ascii_names_are_errors_never_matches(text: str) -> None:
    with pytest.raises(FormulaError):
        parse(text)


# -- limits ---------------------------------------------------------------------------------------------------------


def test_length_limit() -> None:
    text = "a" * 4096
    assert parse(text) == Ref(text, 0)
    with pytest.raises(FormulaError) as caught:
        parse("a" * 4097)
    assert "4097 characters long" in caught.value.message
    assert caught.value.hint == "limit max_formula_length is 4,096; raise it with --limit max_formula_length=N"
    with pytest.raises(FormulaError):
        parse("a+a", Limits(max_formula_length=2))


def test_depth_limit_is_checked_before_recursion() -> None:
    assert walk(parse("(" * 30 + "c" + ")" * 30), ENV) == 3
    for text in ("(" * 100 + "c" + ")" * 100, "(" * 100_000, "-" * 100_000 + "c", "abs(" * 5000 + "c" + ")" * 5000):
        with pytest.raises(FormulaError) as caught:
            parse(text, Limits(max_formula_length=10**6, max_formula_nodes=10**6))
        assert "formula is nested too deeply" in caught.value.message
        assert caught.value.hint == "limit max_formula_depth is 64; raise it with --limit max_formula_depth=N"
        with pytest.raises(FormulaError):  # with the default limits too, and never a RecursionError
            parse(text)


def test_depth_limit_is_configurable() -> None:
    text = "(" * 10 + "c" + ")" * 10
    assert walk(parse(text, Limits(max_formula_depth=20)), ENV) == 3
    with pytest.raises(FormulaError, match="nested too deeply"):
        parse(text, Limits(max_formula_depth=5))


def test_node_limit() -> None:
    assert walk(parse(" + ".join(["c"] * 500)), ENV) == 1500  # 500 names and 499 operators
    with pytest.raises(FormulaError) as caught:
        parse(" + ".join(["c"] * 600))
    assert "too many parts" in caught.value.message
    assert caught.value.hint == "limit max_formula_nodes is 1,000; raise it with --limit max_formula_nodes=N"
    with pytest.raises(FormulaError, match="too many parts"):
        parse("c * c * c", Limits(max_formula_nodes=4))


def test_power_limit_is_configurable() -> None:
    assert walk(parse("c ** 3", Limits(max_power=3)), ENV) == 27
    with pytest.raises(FormulaError, match="exponent 4 is too large"):
        parse("c ** 4", Limits(max_power=3))
    with pytest.raises(FormulaError, match="exponent 4 is too large"):
        parse("c ** -4", Limits(max_power=3))


def test_parsing_never_calls_eval_exec_or_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("laoshan must not evaluate text as Python")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, refuse)
    node = parse("-c ** 2 + abs(b) * min(a, d) / 5% - 0.5 [billion CNY] / 1 [CNY]")
    assert walk(node, ENV) == -9 + F(5, 2) * F(1, 7) * 20 - 5 * 10**8
    with pytest.raises(FormulaError):
        parse("__import__('os').system('true')")


# -- properties -----------------------------------------------------------------------------------------------------

NAMES = st.sampled_from(sorted(ENV))
SPACE = st.sampled_from(["", " ", "  "])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """Formula text in the common subset of laoshan's and Python's grammars, with random spacing."""
    s = draw(SPACE)
    if depth >= 4 or draw(st.integers(0, 3)) == 0:
        atom = draw(st.one_of(NAMES, st.integers(1, 99).map(str), st.sampled_from(["0.5", "2.25", "1e1", "3.5e-1"])))
        return atom
    kind = draw(st.sampled_from(["bin", "bin", "bin", "neg", "pow", "paren", "call"]))
    if kind == "bin":
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        return f"{draw(expressions(depth + 1))}{s}{op}{s}{draw(expressions(depth + 1))}"
    if kind == "neg":
        return f"{draw(st.sampled_from(['-', '+']))}{draw(expressions(depth + 1))}"
    if kind == "pow":
        base = draw(st.one_of(NAMES, expressions(depth + 1).map(lambda e: f"({e})")))
        exponent = draw(st.sampled_from(["0", "1", "2", "3", "-1", "-2"]))
        return f"{base}{s}**{s}{exponent}"
    if kind == "paren":
        return f"({s}{draw(expressions(depth + 1))}{s})"
    function = draw(st.sampled_from(["abs", "min", "max"]))
    count = 1 if function == "abs" else draw(st.integers(2, 3))
    return f"{function}({', '.join(draw(expressions(depth + 1)) for _ in range(count))})"


def same_value(text: str, node: Expr) -> None:
    try:
        expected = python(text)
    except ZeroDivisionError:
        with pytest.raises(ZeroDivisionError):
            walk(node, ENV)
        return
    assert walk(node, ENV) == expected


@settings(max_examples=400, deadline=None)
@given(expressions())
def test_parse_agrees_with_python_precedence(text: str) -> None:
    same_value(text, parse(text))


@pytest.mark.parametrize("text", ["(a ** 2) ** 3", "-(c ** 2)", "(-c) ** 2", "a - (b - c)", "a / (b * c)", "-(-a)"])
def test_render_keeps_the_parentheses_it_needs(text: str) -> None:
    node = parse(text)
    assert walk(parse(render(node)), ENV) == walk(node, ENV)


@settings(max_examples=300, deadline=None)
@given(expressions())
def test_render_gives_back_an_equivalent_formula(text: str) -> None:
    node = parse(text)
    again = parse(render(node))
    same_value(text, again)
    assert [r.name for r in references(again)] == [r.name for r in references(node)]
    assert render(again) == render(node)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_or_raises_a_laoshan_error(text: str) -> None:
    try:
        node = parse(text)
    except LaoshanError:
        return
    # What parses only has names from the ASCII name grammar.
    for ref in references(node):
        assert ref.name.isascii() and (ref.name[0].isalpha() or ref.name[0] == "_")
        assert all(c.isalnum() or c == "_" for c in ref.name)
