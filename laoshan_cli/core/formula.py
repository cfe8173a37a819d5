"""A tokenizer and recursive-descent parser for formulas; nothing here calls eval.

    comparison := sum ("<" | "<=" | ">" | ">=") sum         (checks only)
                | sum "~=" sum ("within" sum)?              (agreement; the tolerance names nothing)
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := atom ("**" unary)?                         (whole exponent)
    atom       := number ("%" | "[" unit "]")? | name | call | "(" sum ")"
    call       := ("abs" | "min" | "max") "(" sum ("," sum)* ")"

Precedence follows Python, so -x**2 is -(x**2). Length, nesting depth and
node count are limited, and every limit is checked before the parser
recurses, so no input reaches Python's recursion limit.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction
from typing import Any, NamedTuple

from .errors import FormulaError, TextOrigin, describe_char
from .limits import Limits, limit_hint, stack_room
from .names import NAME_CHARS, NAME_PATTERN, NAME_START
from .numbers import parse_number
from .unit_words import CONFUSABLES
from .units import PERCENT, Unit, Words, parse_unit

FUNCTIONS = ("abs", "min", "max")
COMPARISONS = ("<", "<=", ">", ">=", "~=")
AGREES = "~="  # can the sides be equal (within a tolerance) for some values in the bounds?
WITHIN = "within"  # the keyword before an agreement's tolerance
DIGITS = frozenset("0123456789")
LOOK_ALIKES = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00d7": "*",
    "\u22c5": "*",
    "\u00b7": "*",
    "\u00f7": "/",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2248": "~=",
}


class Num(NamedTuple):
    """A literal. `value` is in base units: 5% is 1/20, 0.5 [billion CNY] is 5e8."""

    value: Fraction
    unit: Unit | None  # None for a bare number
    text: str
    offset: int


class Ref(NamedTuple):
    name: str
    offset: int


class Neg(NamedTuple):
    operand: Expr
    offset: int


class Term(NamedTuple):
    """One operand of a Sum or Product, with the operator before it."""

    op: str  # "+" or "-" in a Sum, "*" or "/" in a Product; the first is "+" or "*"
    operand: Expr
    offset: int  # of the operator, or of the operand for the first term


class Sum(NamedTuple):
    """a + b - c, kept flat so long sums do not make deep trees."""

    terms: tuple[Term, ...]

    @property
    def offset(self) -> int:
        return self.terms[0].offset


class Product(NamedTuple):
    """a * b / c, kept flat like Sum."""

    terms: tuple[Term, ...]

    @property
    def offset(self) -> int:
        return self.terms[0].offset


class Pow(NamedTuple):
    base: Expr
    exponent: int
    offset: int


class Call(NamedTuple):
    function: str  # one of FUNCTIONS
    args: tuple[Expr, ...]
    offset: int


class Comparison(NamedTuple):
    op: str  # one of COMPARISONS
    left: Expr
    right: Expr
    offset: int
    tolerance: Expr | None = None  # of `~= ... within T`: a constant, in the sides' unit
    within: int = -1  # offset of the word `within`, or -1


class Fixed(NamedTuple):
    """A part of a formula whose bounds the engine has already worked out.

    Never made by the parser: the engine folds the parts of a formula that do
    not depend on the inputs it is varying into one Fixed, so that evaluating
    the formula again and again costs only the varying part.
    """

    bounds: Any  # an Interval (bounds.py imports nothing from here, but keep the modules apart)
    offset: int = 0


Expr = Num | Ref | Neg | Sum | Product | Pow | Call | Fixed


class Token(NamedTuple):
    kind: str  # "num", "name", "op", "unit", "end"
    text: str
    offset: int


def tokenize(text: str, origin: TextOrigin, limits: Limits) -> list[Token]:
    """Split a formula into tokens, rejecting anything outside the grammar."""
    if len(text) > limits.max_formula_length:
        raise origin.error(
            FormulaError,
            0,
            f"formula is {len(text)} characters long",
            limit_hint("max_formula_length", limits),
        )
    # A minus sign as pasted from a text (U+2212) is a minus; one character for one, so columns stay right.
    text = text.replace("\u2212", "-")
    fast = _fast_tokens(text, limits)
    if fast is not None:
        return fast
    tokens: list[Token] = []
    pos = 0
    length = len(text)
    name_end = _name_pattern().match
    while pos < length:
        char = text[pos]
        if char in " \t\r\n":
            pos += 1
            continue
        start = pos
        if char in DIGITS or (char == "." and pos + 1 < length and text[pos + 1] in DIGITS):
            pos = _scan_number(text, pos)
            tokens.append(Token("num", text[start:pos], start))
        elif char in NAME_START:
            pos = name_end(text, pos).end()
            if pos < length and not text[pos].isascii() and _is_wordlike(text[pos]):
                raise _look_alike(text, pos, origin)
            tokens.append(Token("name", text[start:pos], start))
        elif char == "[":
            end = text.find("]", pos + 1)
            if end < 0:
                raise origin.error(FormulaError, pos, "'[' is never closed", "write a unit as 6 [CNY/USD]")
            tokens.append(Token("unit", text[pos + 1 : end], pos + 1))
            pos = end + 1
        elif text.startswith(("**", "<=", ">=", "~="), pos):
            tokens.append(Token("op", text[pos : pos + 2], start))
            pos += 2
        elif char in "+-*/(),%<>":
            tokens.append(Token("op", char, start))
            pos += 1
        else:
            raise _bad_character(text, pos, origin)
        if len(tokens) > limits.max_formula_nodes * 2:
            raise origin.error(
                FormulaError,
                start,
                "formula has too many parts",
                limit_hint("max_formula_nodes", limits),
            )
    tokens.append(Token("end", "", length))
    return tokens


_NAME_PATTERN: Any = None
_TOKEN_PATTERN: Any = None


def _fast_tokens(text: str, limits: Limits) -> list[Token] | None:
    """The tokens of an ordinary formula by one regular expression, or None.

    None means "look closer": the character-by-character tokenizer below then
    gives the same tokens or the precise error. Most formulas of a big file
    take this path, which is about four times faster.
    """
    global _TOKEN_PATTERN
    if _TOKEN_PATTERN is None:
        import re

        _TOKEN_PATTERN = re.compile(
            r"[ \t\r\n]*(?:(?P<num>(?:[0-9]|\.[0-9])[0-9._]*(?:[eE][+-]?[0-9]+)?)"
            r"|(?P<name>" + NAME_PATTERN + r")|\[(?P<unit>[^\]]*)\]|(?P<op>\*\*|<=|>=|~=|[-+*/(),%<>]))"
        )
    match = _TOKEN_PATTERN.match
    tokens: list[Token] = []
    pos = 0
    length = len(text)
    while pos < length:
        found = match(text, pos)
        if found is None:
            if text[pos:].strip(" \t\r\n"):
                return None
            break
        kind = found.lastgroup
        assert kind is not None
        tokens.append(Token(kind, found.group(kind), found.start(kind)))
        pos = found.end()
        if kind == "name" and pos < length and not text[pos].isascii():
            return None
    if len(tokens) > limits.max_formula_nodes * 2:
        return None
    tokens.append(Token("end", "", length))
    return tokens


def _name_pattern() -> Any:
    """The pattern of a name, compiled on first use rather than at import."""
    global _NAME_PATTERN
    if _NAME_PATTERN is None:
        import re

        _NAME_PATTERN = re.compile(NAME_PATTERN)
    return _NAME_PATTERN


def _scan_number(text: str, pos: int) -> int:
    """Find where a number token ends; parse_number then checks it strictly."""
    length = len(text)
    while pos < length and (text[pos] in DIGITS or text[pos] in "._"):
        pos += 1
    if pos < length and text[pos] in "eE":
        after = pos + 1
        if after < length and text[after] in "+-":
            after += 1
        if after < length and text[after] in DIGITS:
            pos = after
            while pos < length and text[pos] in DIGITS:
                pos += 1
    return pos


def _is_wordlike(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" or char == "_"


def _look_alike(text: str, pos: int, origin: TextOrigin) -> FormulaError:
    """An error for a name with a character that only looks like ASCII."""
    start = pos
    while start > 0 and (text[start - 1] in NAME_CHARS or _is_wordlike(text[start - 1])):
        start -= 1
    end = pos
    while end < len(text) and (text[end] in NAME_CHARS or _is_wordlike(text[end])):
        end += 1
    word = text[start:end]
    offender = next(c for c in word if not c.isascii())
    normal = unicodedata.normalize("NFKC", word).translate(CONFUSABLES)
    hint = f"{describe_char(offender)} is not an ASCII letter"
    if normal.isascii() and normal != word:
        hint += f"; did you mean {normal!r}?"
    error = origin.error(FormulaError, pos, f"name {word!r} has a character outside ASCII", hint)
    assert isinstance(error, FormulaError)
    return error


def _bad_character(text: str, pos: int, origin: TextOrigin) -> FormulaError:
    char = text[pos]
    if char in LOOK_ALIKES:
        hint = f"use {LOOK_ALIKES[char]!r} instead of U+{ord(char):04X}"
    elif not char.isascii() and _is_wordlike(char):
        return _look_alike(text, pos, origin)
    elif not char.isascii() and unicodedata.normalize("NFKC", char).isascii():
        hint = f"use {unicodedata.normalize('NFKC', char)!r} instead of U+{ord(char):04X}"
    elif char == "^":
        hint = "use ** for powers"
    elif char == "=" or char == "~":
        hint = "a check compares with <, <=, >, >= or ~=; write a ~= b to ask whether a and b can be equal"
    elif char == "!":
        hint = "a check compares with <, <=, >, >= or ~="
    elif char == "]":
        hint = "a unit in brackets follows a number: 6 [CNY/USD]"
    else:
        hint = "a formula has numbers, names, + - * / **, parentheses, abs, min and max"
    shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
    error = origin.error(FormulaError, pos, f"unexpected character {shown}", hint)
    assert isinstance(error, FormulaError)
    return error


class Parser:
    """Recursive descent over the token list, with depth and node limits."""

    def __init__(self, text: str, origin: TextOrigin, limits: Limits, words: Words | None = None) -> None:
        self.text = text
        self.origin = origin
        self.limits = limits
        self.words = words  # the data file's own unit words, for bracket units
        self.tokens = tokenize(text, origin, limits)
        self.index = 0
        self.depth = 0
        self.nodes = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, offset: int, message: str, hint: str | None = None) -> FormulaError:
        error = self.origin.error(FormulaError, offset, message, hint)
        assert isinstance(error, FormulaError)
        return error

    def count_node(self, offset: int) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_formula_nodes:
            raise self.fail(offset, "formula has too many parts", limit_hint("max_formula_nodes", self.limits))

    def enter(self, offset: int) -> None:
        """One level deeper: a '(', a call's '(' or a sign. The formula itself is level 0."""
        self.depth += 1
        if self.depth > self.limits.max_formula_depth:
            raise self.fail(offset, "formula is nested too deeply", limit_hint("max_formula_depth", self.limits))

    def expect_end(self) -> None:
        token = self.current
        if token.kind != "end":
            if token.kind == "op" and token.text == ")":
                raise self.fail(token.offset, "')' has no matching '('")
            if token.kind == "op" and token.text in COMPARISONS:
                raise self.fail(token.offset, f"comparison {token.text!r} is allowed only in a check")
            raise self.fail(
                token.offset, f"unexpected {describe(token)}", self.separator_hint() or "is an operator missing?"
            )

    def separator_hint(self) -> str | None:
        """A comma between digits is a thousands separator pasted from the text: say how to write it."""
        token, before = self.current, self.tokens[self.index - 1] if self.index else None
        after = self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else None
        if token.text == "," and before is not None and after is not None and before.kind == after.kind == "num":
            return f"a formula takes no thousands separators: write {before.text}{after.text}"
        return None

    def parse_comparison(self) -> Comparison:
        left = self.parse_sum()
        token = self.current
        if token.kind != "op" or token.text not in COMPARISONS:
            if token.kind == "end":
                raise self.fail(token.offset, "a check needs a comparison", "write, for example, a < b")
            hint = self.separator_hint() or "a check is one comparison: a < b"
            raise self.fail(token.offset, f"unexpected {describe(token)}", hint)
        self.advance()
        right = self.parse_sum()
        nxt = self.current
        if nxt.kind == "op" and nxt.text in COMPARISONS:
            raise self.fail(nxt.offset, "a check has one comparison", "write a < b < c as two checks")
        if nxt.kind == "name" and nxt.text == WITHIN:
            return self.parse_tolerance(token, left, right)
        self.expect_end()
        return Comparison(token.text, left, right, token.offset)

    def parse_tolerance(self, op: Token, left: Expr, right: Expr) -> Comparison:
        """`within T` after `a ~= b`: T is a constant, so that the verdict rests on the figures alone."""
        keyword = self.advance()
        if op.text != AGREES:
            raise self.fail(keyword.offset, f"'within' goes with ~=, not {op.text}", "write a ~= b within T")
        if self.current.kind == "end":
            raise self.fail(
                keyword.offset, "'within' needs a tolerance", "write, for example, within 0.5 [billion CNY]"
            )
        tolerance = self.parse_sum()
        for ref in references(tolerance):
            raise self.fail(
                ref.offset,
                f"a tolerance is a constant, but {ref.name!r} is a name",
                "write a number in the sides' unit, such as within 0.5 [billion CNY]",
            )
        self.expect_end()
        return Comparison(op.text, left, right, op.offset, tolerance, keyword.offset)

    def parse_sum(self) -> Expr:
        start = self.current.offset
        terms = [Term("+", self.parse_product(), start)]
        while self.current.kind == "op" and self.current.text in "+-":
            token = self.advance()
            self.count_node(token.offset)
            terms.append(Term(token.text, self.parse_product(), token.offset))
        return terms[0].operand if len(terms) == 1 else Sum(tuple(terms))

    def parse_product(self) -> Expr:
        start = self.current.offset
        terms = [Term("*", self.parse_unary(), start)]
        while self.current.kind == "op" and self.current.text in ("*", "/"):
            token = self.advance()
            self.count_node(token.offset)
            terms.append(Term(token.text, self.parse_unary(), token.offset))
        return terms[0].operand if len(terms) == 1 else Product(tuple(terms))

    def parse_unary(self) -> Expr:
        token = self.current
        if token.kind == "op" and token.text in "+-":
            self.advance()
            self.enter(token.offset)
            self.count_node(token.offset)
            operand = self.parse_unary()
            self.depth -= 1
            return operand if token.text == "+" else Neg(operand, token.offset)
        return self.parse_power()

    def parse_power(self) -> Expr:
        base = self.parse_atom()
        token = self.current
        if token.kind == "op" and token.text == "**":
            self.advance()
            self.count_node(token.offset)
            exponent = self.parse_exponent()
            return Pow(base, exponent, token.offset)
        return base

    def parse_exponent(self) -> int:
        token = self.current
        sign = 1
        start = token.offset
        while token.kind == "op" and token.text in "+-":
            if token.text == "-":
                sign = -sign
            self.advance()
            token = self.current
        if token.kind != "num":
            raise self.fail(start, "an exponent must be a whole number written in the formula", "write x ** 2")
        self.advance()
        if self.current.kind == "op" and self.current.text == "**":
            raise self.fail(self.current.offset, "chained powers are not allowed", "write (a ** b) ** c with numbers")
        if not token.text.isdigit():
            raise self.fail(
                token.offset,
                f"exponent {token.text} is not a whole number",
                "only whole exponents keep arithmetic exact",
            )
        if len(token.text) > 6 or int(token.text) > self.limits.max_power:
            raise self.fail(token.offset, f"exponent {token.text} is too large", limit_hint("max_power", self.limits))
        return sign * int(token.text)

    def parse_atom(self) -> Expr:
        token = self.current
        self.count_node(token.offset)
        if token.kind == "num":
            return self.parse_number()
        if token.kind == "name":
            self.advance()
            if self.current.kind == "op" and self.current.text == "(":
                return self.parse_call(token)
            if self.current.kind == "unit":
                raise self.fail(
                    self.current.offset - 1,
                    "a unit in brackets must follow a number",
                    f"{token.text} already has its unit",
                )
            return Ref(token.text, token.offset)
        if token.kind == "op" and token.text == "(":
            self.advance()
            self.enter(token.offset)
            inner = self.parse_sum()
            if not (self.current.kind == "op" and self.current.text == ")"):
                raise self.fail(self.current.offset, f"expected ')' to close the '(' at column {token.offset + 1}")
            self.advance()
            self.depth -= 1
            return inner
        if token.kind == "end":
            raise self.fail(token.offset, "formula ends too soon", "a number, a name or '(' should follow")
        if token.kind == "unit":
            raise self.fail(token.offset - 1, "a unit in brackets must follow a number", "write 6 [CNY/USD]")
        raise self.fail(token.offset, f"unexpected {describe(token)}", "expected a number, a name or '('")

    def parse_number(self) -> Num:
        token = self.advance()
        stated = parse_number(
            token.text, self.origin.shifted(token.offset), self.limits, allow_grouping=False, error=FormulaError
        )
        nxt = self.current
        if nxt.kind == "op" and nxt.text == "%":
            self.advance()
            return Num(stated.value * PERCENT.scale, PERCENT, token.text + "%", token.offset)
        if nxt.kind == "unit":
            self.advance()
            unit = parse_unit(nxt.text, self.origin.shifted(nxt.offset), self.limits, self.words)
            return Num(stated.value * unit.scale, unit, f"{token.text} [{nxt.text.strip()}]", token.offset)
        return Num(stated.value, None, token.text, token.offset)

    def parse_call(self, name: Token) -> Call:
        if name.text not in FUNCTIONS:
            raise self.fail(name.offset, f"unknown function {name.text!r}", "the functions are abs, min and max")
        self.advance()  # the "("
        self.enter(name.offset)
        args = [self.parse_sum()]
        while self.current.kind == "op" and self.current.text == ",":
            self.advance()
            args.append(self.parse_sum())
        if not (self.current.kind == "op" and self.current.text == ")"):
            raise self.fail(self.current.offset, f"expected ',' or ')' in {name.text}(...)")
        self.advance()
        self.depth -= 1
        if name.text == "abs" and len(args) != 1:
            raise self.fail(name.offset, "abs takes one argument")
        if name.text != "abs" and len(args) < 2:
            raise self.fail(name.offset, f"{name.text} takes two or more arguments")
        return Call(name.text, tuple(args), name.offset)


def describe(token: Token) -> str:
    if token.kind == "end":
        return "end of formula"
    if token.kind == "unit":
        return f"unit [{token.text}]"
    return f"{token.text!r}"


FRAMES_PER_LEVEL = 6  # Python frames the parser takes per level of nesting: atom, sum, product, unary, power


def difference(left: Expr, right: Expr, offset: int = 0) -> Sum:
    """left - right, as a check's two sides are compared (`offset` is where errors in the right side point)."""
    return Sum((Term("+", left, 0), Term("-", right, offset)))


def parse_formula(text: str, origin: TextOrigin, limits: Limits, words: Words | None = None) -> Expr:
    """Parse a metric's formula; `words` are the data file's own unit words."""
    parser = Parser(text, origin, limits, words)
    if parser.current.kind == "end":
        raise parser.fail(0, "formula is empty")
    with stack_room(limits.max_formula_depth * FRAMES_PER_LEVEL):
        try:
            node = parser.parse_sum()
        except RecursionError:  # stack_room keeps well clear of this; a second guard
            raise parser.fail(0, "formula is nested too deeply", limit_hint("max_formula_depth", limits)) from None
    parser.expect_end()
    return node


def parse_assertion(text: str, origin: TextOrigin, limits: Limits, words: Words | None = None) -> Comparison:
    """Parse a check's assert: one comparison between two formulas."""
    parser = Parser(text, origin, limits, words)
    if parser.current.kind == "end":
        raise parser.fail(0, "assert is empty")
    with stack_room(limits.max_formula_depth * FRAMES_PER_LEVEL):
        try:
            return parser.parse_comparison()
        except RecursionError:
            raise parser.fail(0, "assert is nested too deeply", limit_hint("max_formula_depth", limits)) from None


def height(node: Expr) -> int:
    """The longest path from the root to a leaf: how deep a walk recurses."""
    deepest = 0
    stack: list[tuple[Expr, int]] = [(node, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        for child in children(item):
            stack.append((child, level + 1))
    return deepest


def children(node: Expr) -> list[Expr]:
    if isinstance(node, Neg):
        return [node.operand]
    if isinstance(node, (Sum, Product)):
        return [term.operand for term in node.terms]
    if isinstance(node, Pow):
        return [node.base]
    if isinstance(node, Call):
        return list(node.args)
    return []


def references(node: Expr) -> list[Ref]:
    """Every name in a formula, in order of appearance, repeats included."""
    found: list[Ref] = []
    stack: list[Expr] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            found.append(item)
        else:
            stack.extend(reversed(children(item)))
    return found


def render(node: Expr) -> str:
    """Write a formula back as text, with the parentheses it needs."""
    return _render(node, 0)


def _render(node: Expr, context: int) -> str:
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Neg):
        text = "-" + _render(node.operand, 3)
        return f"({text})" if context > 2 else text
    if isinstance(node, (Sum, Product)):
        level = 1 if isinstance(node, Sum) else 2
        parts = [_render(node.terms[0].operand, level)]
        for term in node.terms[1:]:
            parts.append(f"{term.op} {_render(term.operand, level + 1)}")
        text = " ".join(parts)
        return f"({text})" if level < context else text
    if isinstance(node, Pow):
        base = _render(node.base, 4)
        if isinstance(node.base, (Pow, Neg)):  # -a ** 2 and a ** 2 ** 3 mean something else
            base = f"({base})"
        text = f"{base} ** {node.exponent}"
        return f"({text})" if context > 4 else text
    if isinstance(node, Fixed):
        return f"[{node.bounds}]"
    return f"{node.function}({', '.join(_render(a, 0) for a in node.args)})"
