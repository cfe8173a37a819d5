"""Evaluation of a Dataset: values, sound and tight bounds, checks and explanations.

Values inside the engine are in base units (scale 1); they are converted to
each item's declared unit only in the `Item`s this module returns.

How bounds are made tight (see also the README's "Bounds"):

1. A formula that uses each name once, whose inputs share no figure, gets
   exact bounds from plain interval arithmetic over its inputs' bounds.
2. A formula that repeats a name, like a / (a + b), is analysed over its
   inputs' box: interval derivatives tell in which inputs it is monotone, and
   those inputs are pinned at the corner that minimises (or maximises) it.
3. A formula whose inputs share figures, like a - a / (1 + g) written through
   another metric, is expanded down to the figures it rests on and analysed
   over their box, so each figure varies once.
4. Where monotonicity cannot be shown for some input, the box is bisected
   along it a bounded number of times.

Every step keeps soundness: each bound is the bound of an interval evaluation
over a box that covers the inputs. Tightness is guaranteed where the formula
is monotone in each input and the cone is within the expansion caps.

Steps 2 to 4 spend from a budget of work, counted in operations weighted by
the bits of their exact numbers, so results never depend on the machine:
limit max_tightening_work per byte of the data file, shared equally among its
metrics and checks (each check counts thrice: its sides and their
difference), so the time a file takes grows with its size alone, and a
formula's bounds do not depend on which command asked. When a formula's share
runs out, its bounds are step 1's: sound, and marked not proven tight. Each Value says whether its bounds are proven
tight: the true range of the formula over its figures' bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from . import bounds as iv
from .arithmetic import (
    BudgetedIntervalDomain,
    Dual,
    DualDomain,
    Evaluator,
    IntervalDomain,
    OutOfWork,
    PointDomain,
    Work,
)
from .bounds import Interval
from .dimensions import display_unit, infer
from .errors import EvaluationError, FormulaError, TextOrigin, UsageError
from .formula import Call, Expr, Fixed, Neg, Num, Pow, Product, Ref, Sum, Term, difference, parse_formula, references
from .limits import stack_room
from .model import Check, Dataset, Figure, Metric
from .names import suggest
from .resting import Resting
from .results import (
    DEFAULT_STATUS,
    CheckExplanation,
    CheckResult,
    Contribution,
    ExplainNode,
    Explanation,
    Item,
    Status,
    Value,
    status_of,
)
from .units import shown_unit

# Caps on the work spent making bounds tight; beyond them bounds stay sound.
MAX_LEAVES = 32  # figures in one expanded cone
MAX_CONE_METRICS = 64  # metrics inlined into one expanded formula
MAX_EXPANSION_HEIGHT = 400  # nodes on the longest path of an expansion, which a walk recurses through
BISECTION_BUDGET = 32  # interval evaluations spent bisecting one bound
EXPLAIN_DEPTH = 25  # levels of a derivation that explain shows by default
STACK_FRAMES = 3 * MAX_EXPANSION_HEIGHT  # a walk takes up to three frames a level (walk, a comprehension, fold)
SMALLEST_FILE = 4096  # bytes counted for a smaller file (or a Dataset made in Python) in the work budget

Owner = str | TextOrigin | None  # a metric's name, or where an ad-hoc formula came from


if TYPE_CHECKING:
    from .solve.problem import Problem


class Engine:
    """Evaluates a dataset on demand, each metric once, only the cones asked for."""

    def __init__(self, dataset: Dataset, progress: Callable[[str, int, int], None] | None = None) -> None:
        self.dataset = dataset
        self.progress = progress
        limits = dataset.limits
        self.points = PointDomain(limits.max_number_bits)
        self.intervals = IntervalDomain(limits.max_number_bits)
        formulas = len(dataset.metrics) + 3 * len(dataset.checks)
        self.work_share = limits.max_tightening_work * max(dataset.size, SMALLEST_FILE) // max(formulas, 1)
        self.values: dict[str, Value] = {}
        self.problem: Problem | None = None  # the consistency problem, made when a check rests on a whole metric
        self.has_whole = any(metric.whole for metric in dataset.metrics.values())  # asked once, not per check
        # The figures each evaluated name rests on (None past MAX_LEAVES), and
        # the deepest walk its expansion would take; exact figures never vary,
        # so they are left out of leaf sets.
        self.positions: dict[str, int] | None = None  # of each metric in dependency order
        self.leaf_sets: dict[str, frozenset[str] | None] = {}
        self.heights: dict[str, int] = {}
        flagged: list[str] = []  # figures whose status is not actual, in file order
        for name, figure in dataset.figures.items():
            self.values[name] = Value(figure.base_value, figure.base_bounds, True)
            self.leaf_sets[name] = frozenset() if figure.bounds.is_point else frozenset((name,))
            self.heights[name] = 0
            if figure.status != DEFAULT_STATUS:
                flagged.append(name)
        self.resting = Resting(dataset, flagged)

    def origin(self, owner: Owner) -> TextOrigin:
        """Where errors in a formula point: a metric's formula in the file, or a given origin."""
        if isinstance(owner, TextOrigin):
            return owner
        if owner is not None and owner in self.dataset.metrics:
            return self.dataset.metrics[owner].origin
        return TextOrigin(owner or "formula")

    # -- evaluation ------------------------------------------------------------

    def require(self, names: Iterable[str]) -> None:
        """Evaluate every metric that `names` need, in dependency order."""
        dataset = self.dataset
        names = list(names)
        for name in names:
            if name not in dataset.metrics and name not in dataset.figures:
                raise UsageError(f"no figure or metric named {name!r}", hint=suggest(name, self.dataset.names))
        order = self.cone_order(names)
        with stack_room(STACK_FRAMES):
            for index, needed in enumerate(order):
                if self.progress is not None and index % 1024 == 0:
                    self.progress("evaluating", index, len(order))
                self.values[needed] = self.evaluate_metric(dataset.metrics[needed])

    def value(self, name: str) -> Value:
        if name not in self.values:
            self.require([name])
        return self.values[name]

    def cone_order(self, names: Iterable[str]) -> list[str]:
        """The metrics not yet evaluated that `names` need, in dependency order."""
        metrics = self.dataset.metrics
        wanted: set[str] = set()
        stack = [n for n in names if n in metrics]
        while stack:
            name = stack.pop()
            if name in wanted or name in self.values:
                continue
            wanted.add(name)
            stack.extend(d for d in metrics[name].refs if d in metrics)
        if self.positions is None:
            self.positions = {name: index for index, name in enumerate(self.dataset.order)}
        return sorted(wanted, key=self.positions.__getitem__)

    def evaluate_metric(self, metric: Metric) -> Value:
        refs = metric.refs
        point = Evaluator(self.points, {n: self.values[n].point for n in refs}, self.origin).run(
            metric.expr, metric.name
        )
        bounds, tight = self.bounds_of(metric.expr, refs, metric.name)
        self.leaf_sets[metric.name] = self.union_of(refs)
        self.heights[metric.name] = metric.height + max((self.heights[r] for r in refs), default=0)
        return Value(point, bounds, tight)

    def union_of(self, refs: Sequence[str]) -> frozenset[str] | None:
        union: set[str] = set()
        for ref in refs:
            leaves = self.leaf_sets[ref]
            if leaves is None:
                return None
            union |= leaves
            if len(union) > MAX_LEAVES:
                return None
        return frozenset(union)

    def shares_figures(self, refs: Sequence[str]) -> bool | None:
        """Whether two inputs rest on a common figure; None when a cone is too big to tell."""
        seen: set[str] = set()
        for ref in refs:
            leaves = self.leaf_sets[ref]
            if leaves is None:
                return None
            if seen & leaves:
                return True
            seen |= leaves
        return False

    def bounds_of(self, expr: Expr, refs: Sequence[str], owner: Owner) -> tuple[Interval, bool]:
        """Sound bounds of `expr`, tight where the strategy in the module docstring allows,
        and whether they are proven tight."""
        box = {name: self.values[name].bounds for name in refs}
        natural = Evaluator(self.intervals, box, self.origin).run(expr, owner)
        work = Work(self.work_share)
        shared = self.shares_figures(refs)
        if shared:
            try:
                expanded = self.expansion(expr, refs, work)
            except OutOfWork:
                return natural, False
            if expanded is not None:
                leaves, formulas, repeated = expanded
                leaf_box = {name: self.values[name].bounds for name in leaves}
                return self.tighter(natural, expr, leaf_box, repeated, owner, formulas, work)
        # Over the formula's own inputs: exact only if they are independent and tight.
        inputs_tight = shared is False and all(self.values[name].tight for name in refs)
        counts = occurrences(expr)
        repeated = [name for name in refs if counts[name] > 1]
        if repeated:
            bounds, tight = self.tighter(natural, expr, box, repeated, owner, {}, work)
            return bounds, tight and inputs_tight
        return natural, inputs_tight

    def expansion(
        self, expr: Expr, refs: Sequence[str], work: Work | None = None
    ) -> tuple[list[str], dict[str, Expr], list[str]] | None:
        """What `expr` rests on, within the caps: its figures, the metric formulas
        between, and the figures reached along more than one path."""
        metrics = self.dataset.metrics
        if max((self.heights[r] for r in refs), default=0) > MAX_EXPANSION_HEIGHT:
            return None
        leaves: list[str] = []
        formulas: dict[str, Expr] = {}
        stack = list(refs)
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            if name in metrics:
                formulas[name] = metrics[name].expr
                if len(formulas) > MAX_CONE_METRICS:
                    return None
                if work is not None:  # counting its names below costs about a unit per character
                    work.spend(len(metrics[name].formula))
                stack.extend(metrics[name].refs)
            else:
                leaves.append(name)
                if len(leaves) > MAX_LEAVES:
                    return None
        # Count the paths from the formula to each name, dependents first; a
        # figure reached once varies on its own and needs no derivative.
        paths = dict.fromkeys(seen, 0)
        for name, count in occurrences(expr).items():
            paths[name] += count
        if self.positions is None:
            self.positions = {name: index for index, name in enumerate(self.dataset.order)}
        for name in sorted(formulas, key=self.positions.__getitem__, reverse=True):
            for ref, count in occurrences(formulas[name]).items():
                paths[ref] = min(paths[ref] + paths[name] * count, 2)
        repeated = sorted(name for name in leaves if paths[name] > 1)
        return sorted(leaves), formulas, repeated

    def tighter(
        self,
        natural: Interval,
        expr: Expr,
        box: dict[str, Interval],
        variables: list[str],
        owner: Owner,
        formulas: dict[str, Expr],
        work: Work,
    ) -> tuple[Interval, bool]:
        """`natural` narrowed by `tighten`, or `natural` itself if tightening cannot be done,
        and whether the bounds are proven tight.

        Expanded formulas can meet a divisor whose own tightened bounds exclude
        zero but whose plain interval does not; `natural` is sound either way,
        as it is when the budget of work runs out.
        """
        try:
            bounds, tight = self.tighten(expr, box, variables, owner, formulas, work)
        except (EvaluationError, OutOfWork):
            return natural, False
        return iv.intersect(natural, bounds), tight

    def tighten(
        self,
        expr: Expr,
        box: dict[str, Interval],
        variables: list[str],
        owner: Owner,
        formulas: dict[str, Expr],
        work: Work,
    ) -> tuple[Interval, bool]:
        """Bounds from pinning `variables` where monotone at the corners, bisecting the others.

        Names of the box that are not variables occur once along every path, so
        plain interval evaluation over them is exact once the variables are pinned.
        The bounds are proven tight when every variable got pinned, in every
        part of the bisection, and every metric that entered with its own
        bounds is tight.
        """
        variables = [name for name in variables if not box[name].is_point]
        entered: set[str] = set()
        expr, formulas = self.fold(expr, set(variables), box, owner, formulas, work, entered)
        inputs_tight = all(self.values[name].tight for name in entered)
        if isinstance(expr, Fixed):
            return expr.bounds, inputs_tight
        slopes = self.slopes(expr, box, variables, owner, formulas, work) if variables else None
        proven = [inputs_tight]
        low = self.extreme(expr, box, variables, owner, formulas, [BISECTION_BUDGET], work, proven, True, slopes)
        high = self.extreme(expr, box, variables, owner, formulas, [BISECTION_BUDGET], work, proven, False, slopes)
        return Interval(low, high), proven[0]

    def fold(
        self,
        expr: Expr,
        variables: set[str],
        box: dict[str, Interval],
        owner: Owner,
        formulas: dict[str, Expr],
        work: Work,
        entered: set[str],
    ) -> tuple[Expr, dict[str, Expr]]:
        """`expr` with every part that does not depend on `variables` evaluated once, as a Fixed.

        Returns the folded formula and the folded formulas of the metrics it
        still refers to: those that depend on a variable, kept as references so
        that each is walked once however often it is used. A metric that does
        not depend on one enters with its own bounds, and its name goes into
        `entered`. Terms of a sum
        or product are regrouped, which exact interval arithmetic allows, so
        a share a / (a + b + ... + z) varies only in `a`.
        """
        leaves = {**box, **{name: self.values[name].bounds for name in formulas}}
        constant = Evaluator(BudgetedIntervalDomain(self.dataset.limits.max_number_bits, work), leaves, self.origin)
        inlined: dict[str, tuple[Expr, bool]] = {}

        def fixed(node: Expr) -> Expr:
            return Fixed(constant.run(node, owner), getattr(node, "offset", 0))

        def visit(node: Expr) -> tuple[Expr, bool]:
            work.spend(1)
            if isinstance(node, (Num, Fixed)):
                return node, False
            if isinstance(node, Ref):
                name = node.name
                if name in variables:
                    return node, True
                if name in formulas:
                    if name not in inlined:
                        inlined[name] = visit(formulas[name])
                    if inlined[name][1]:
                        return node, True
                    entered.add(name)
                    return Fixed(self.values[name].bounds, node.offset), False
                return node, False
            if isinstance(node, (Sum, Product)):
                parts = [(term, visit(term.operand)) for term in node.terms]
                varying = [Term(term.op, sub, term.offset) for term, (sub, depends) in parts if depends]
                if not varying:
                    return fixed(node), False
                steady = [term for term, (_, depends) in parts if not depends]
                if isinstance(node, Sum):
                    if steady:  # 0 + ... keeps the sign of a first term that is subtracted
                        zero = Fixed(Interval(Fraction(0), Fraction(0)))
                        varying.insert(0, Term("+", fixed(Sum((Term("+", zero, 0), *steady))), 0))
                    elif varying[0].op == "-":
                        varying.insert(0, Term("+", Fixed(Interval(Fraction(0), Fraction(0))), 0))
                    return Sum(tuple(varying)), True
                if steady:
                    one = Fixed(Interval(Fraction(1), Fraction(1)))
                    varying.insert(0, Term("*", fixed(Product((Term("*", one, 0), *steady))), 0))
                elif varying[0].op == "/":
                    varying.insert(0, Term("*", Fixed(Interval(Fraction(1), Fraction(1))), 0))
                return Product(tuple(varying)), True
            if isinstance(node, Neg):
                inner, depends = visit(node.operand)
                return (Neg(inner, node.offset), True) if depends else (fixed(node), False)
            if isinstance(node, Pow):
                inner, depends = visit(node.base)
                return (Pow(inner, node.exponent, node.offset), True) if depends else (fixed(node), False)
            args = [visit(arg) for arg in node.args]
            if any(depends for _, depends in args):
                return Call(node.function, tuple(sub for sub, _ in args), node.offset), True
            return fixed(node), False

        folded, depends = visit(expr)
        kept = {name: sub for name, (sub, varies) in inlined.items() if varies}
        return (folded, kept) if depends else (fixed(expr), {})

    def slopes(
        self,
        expr: Expr,
        box: dict[str, Interval],
        free: list[str],
        owner: Owner,
        formulas: dict[str, Expr],
        work: Work,
    ) -> tuple[Interval, ...]:
        """Enclosures of the partial derivatives of `expr` in `free` over `box`."""
        duals = DualDomain(self.dataset.limits.max_number_bits, len(free), work)
        leaves: dict[str, Dual] = {name: duals.constant_interval(bound) for name, bound in box.items()}
        for index, name in enumerate(free):
            leaves[name] = duals.variable(box[name], index)
        return Evaluator(duals, leaves, self.origin, formulas).run(expr, owner).grad

    def extreme(
        self,
        expr: Expr,
        box: dict[str, Interval],
        variables: list[str],
        owner: Owner,
        formulas: dict[str, Expr],
        budget: list[int],
        work: Work,
        proven: list[bool],
        lowest: bool,
        slopes: tuple[Interval, ...] | None = None,
    ) -> Fraction | None:
        """A sound lower (or upper) bound of `expr` over `box`; None for unbounded.

        Sets proven[0] to False unless the bound is shown to be attained: every
        variable pinned, here or in both halves of a bisection.
        """
        free = [name for name in variables if not box[name].is_point]
        pinned = dict(box)
        unsure: list[str] = []
        loose = False  # a variable left unpinned
        if free:
            if slopes is None or len(free) != len(slopes):
                slopes = self.slopes(expr, box, free, owner, formulas, work)
            for name, slope in zip(free, slopes, strict=True):
                rising = slope.lo is not None and slope.lo >= 0
                falling = slope.hi is not None and slope.hi <= 0
                end = box[name].lo if rising == lowest else box[name].hi
                if (rising or falling) and end is not None:
                    pinned[name] = Interval(end, end)
                else:
                    loose = True
                    if not (rising or falling):
                        unsure.append(name)
        domain = BudgetedIntervalDomain(self.dataset.limits.max_number_bits, work)
        corner = Evaluator(domain, pinned, self.origin, formulas).run(expr, owner)
        best = corner.lo if lowest else corner.hi
        splittable = [n for n in unsure if pinned[n].bounded]
        if not splittable or budget[0] < 2:
            if loose:
                proven[0] = False
            return best
        widest = max(splittable, key=lambda n: pinned[n].width() or 0)
        lo, hi = pinned[widest].lo, pinned[widest].hi
        assert lo is not None and hi is not None
        middle = (lo + hi) / 2
        budget[0] -= 2
        halves = []
        for part in (Interval(lo, middle), Interval(middle, hi)):
            sub_box = {**pinned, widest: part}
            halves.append(self.extreme(expr, sub_box, variables, owner, formulas, budget, work, proven, lowest))
        first, second = halves
        if first is None or second is None:
            proven[0] = False
            return best
        refined = min(first, second) if lowest else max(first, second)
        if best is None:
            return refined
        return max(best, refined) if lowest else min(best, refined)

    # -- items -----------------------------------------------------------------

    def items(self, names: Iterable[str]) -> list[Item]:
        """Figures and metrics as users see them, in their declared units."""
        names = list(names)
        self.require(names)
        return [self.item(name) for name in names]

    def item(self, name: str) -> Item:
        if name in self.dataset.figures:
            return figure_item(self.dataset.figures[name])
        metric = self.dataset.metrics[name]
        value = self.value(name)
        factor = 1 / metric.unit.scale
        return Item(
            name,
            "metric",
            value.point * factor,
            iv.scale(value.bounds, factor),
            metric.unit,
            metric.unit_text,
            metric.label,
            formula=metric.formula,
            tight=value.tight,
            rests_on=self.resting.of(metric.refs),
        )

    # -- checks and ad-hoc formulas ----------------------------------------------

    def formula_value(self, expr: Expr, owner: Owner) -> Value:
        """Value and bounds of a formula that is not a metric of the file."""
        refs = tuple(dict.fromkeys(r.name for r in references(expr)))
        self.require(refs)
        with stack_room(STACK_FRAMES):
            point = Evaluator(self.points, {n: self.values[n].point for n in refs}, self.origin).run(expr, owner)
            return Value(point, *self.bounds_of(expr, refs, owner))

    def check(self, check: Check) -> CheckResult:
        comparison = check.comparison
        left = self.formula_value(comparison.left, check.origin)
        right = self.formula_value(comparison.right, check.origin)
        _, bounds, tight = self.formula_value(
            difference(comparison.left, comparison.right, comparison.offset), check.origin
        )
        if check.tolerance is not None:
            status = agreement_of(bounds, check.tolerance, tight, left.point - right.point)
        else:
            status = status_of(comparison.op, bounds)
        if status != "fail" and self.has_whole:
            status = self.whole_status(check, status)
        return CheckResult(
            check.name,
            check.assertion,
            status,
            left,
            right,
            bounds,
            check.unit,
            tight,
            comparison.op,
            check.tolerance,
            self.resting.of(check.refs),
            check.unit_text,
        )

    def whole_status(self, check: Check, status: Status) -> Status:
        """The status over whole values when the check rests on a `whole: true` metric (solve/wholes.py)."""
        from .solve.problem import Problem
        from .solve.wholes import rests_on_whole, whole_status

        if self.problem is None:
            self.problem = Problem.of(self.dataset)
        if not rests_on_whole(self.problem, check.name):
            return status
        return whole_status(
            self.problem, check.name, check.comparison.op, status, self.dataset.limits.max_consistency_work
        )

    def checks(self) -> list[CheckResult]:
        return [self.check(check) for check in self.dataset.checks]

    def calc(self, text: str) -> Item:
        """Evaluate a formula typed by a user, in the unit its dimensions infer."""
        origin = TextOrigin("expression")
        expr = parse_formula(text, origin, self.dataset.limits, self.dataset.unit_words)
        for ref in references(expr):
            if ref.name not in self.dataset.figures and ref.name not in self.dataset.metrics:
                raise origin.error(
                    FormulaError, ref.offset, f"unknown name {ref.name!r}", suggest(ref.name, self.dataset.names)
                )
        inferred = infer(expr, self.dataset.unit_of, origin, self.dataset.limits).unit
        inputs = [
            (self.dataset.unit_of(name), self.unit_text_of(name))
            for name in dict.fromkeys(ref.name for ref in references(expr))
        ]
        unit = display_unit(inferred, [input_unit for input_unit, _ in inputs])
        shown = next((text for input_unit, text in inputs if input_unit == unit), shown_unit(unit))
        value = self.formula_value(expr, origin)
        factor = 1 / unit.scale
        return Item(
            "expression",
            "metric",
            value.point * factor,
            iv.scale(value.bounds, factor),
            unit,
            shown,
            None,
            formula=text,
            tight=value.tight,
            rests_on=self.resting.of(r.name for r in references(expr)),
        )

    def unit_text_of(self, name: str) -> str:
        figures = self.dataset.figures
        return figures[name].unit_text if name in figures else self.dataset.metrics[name].unit_text

    # -- explanations ------------------------------------------------------------

    def explain(self, name: str, depth: int = EXPLAIN_DEPTH) -> Explanation:
        """The derivation of `name` down to `depth` levels, and its uncertainty budget."""
        self.require([name])
        return Explanation(self.explain_tree(name, depth), self.budget(name))

    def explain_tree(self, name: str, depth: int) -> ExplainNode:
        """Built without recursion: a chain of thousands of metrics must not exhaust the stack."""
        root = ExplainNode(self.item(name))
        seen: set[str] = set()
        stack = [(root, 0)]
        while stack:
            node, level = stack.pop()
            current = node.item.name
            if current in seen:
                node.repeated = True
                continue
            seen.add(current)
            if current not in self.dataset.metrics:
                continue
            if level >= depth:
                node.truncated = True
                continue
            node.children = [ExplainNode(self.item(ref)) for ref in self.dataset.metrics[current].refs]
            stack.extend((child, level + 1) for child in reversed(node.children))
        return root

    def find_check(self, name: str) -> Check:
        """The check of that name; check names are free text, unique in a file."""
        for check in self.dataset.checks:
            if check.name == name:
                return check
        raise UsageError(f"no check named {name!r}", hint=suggest(name, [c.name for c in self.dataset.checks]))

    def explain_check(self, check: Check, depth: int = EXPLAIN_DEPTH) -> CheckExplanation:
        """Both sides' derivations, and the uncertainty budget of left - right in the check's unit."""
        result = self.check(check)
        comparison = check.comparison
        text = check.assertion
        end = comparison.within if comparison.within >= 0 else len(text)
        texts = (text[: comparison.offset].strip(), text[comparison.offset + len(comparison.op) : end].strip())
        left, right = (
            self.side_node(side, expr, shown, value, check, depth)
            for side, expr, shown, value in zip(
                ("left", "right"), (comparison.left, comparison.right), texts, (result.left, result.right), strict=True
            )
        )
        gap = difference(comparison.left, comparison.right, comparison.offset)
        refs = tuple(dict.fromkeys(r.name for r in references(gap)))
        budget = self.formula_budget(gap, refs, check.origin, check.unit.scale)
        return CheckExplanation(result, left, right, budget)

    def side_node(self, side: str, expr: Expr, text: str, value: Value, check: Check, depth: int) -> ExplainNode:
        """A side that is one name is that name's derivation; any other is a node of its own, named by the side."""
        if isinstance(expr, Ref):
            return self.explain_tree(expr.name, depth)
        factor = 1 / check.unit.scale
        unit = check.unit
        shown = shown_unit(unit)
        item = Item(side, "metric", value.point * factor, iv.scale(value.bounds, factor), unit, shown, None, text)
        refs = dict.fromkeys(r.name for r in references(expr))
        item = item._replace(tight=value.tight, rests_on=self.resting.of(refs))
        # Its inputs always show, one level down, so that a truncated one names itself to explain further.
        return ExplainNode(item, [self.explain_tree(ref, depth - 1) for ref in refs])

    def budget(self, name: str) -> list[Contribution]:
        """One-at-a-time widths of a figure or metric (see formula_budget)."""
        if name in self.dataset.figures:
            figure = self.dataset.figures[name]
            return self.shares([] if figure.bounds.is_point else [(name, figure.bounds.width())])
        metric = self.dataset.metrics[name]
        return self.formula_budget(metric.expr, metric.refs, metric.name, metric.unit.scale)

    def formula_budget(self, expr: Expr, refs: Sequence[str], owner: Owner, scale: Fraction) -> list[Contribution]:
        """One-at-a-time widths: each input varies over its bounds, the others stay at their values.

        The inputs are the figures of the cone when it is within the expansion
        caps (and its arithmetic stays defined when expanded), and otherwise
        the formula's own inputs. Widths are in the unit of `scale`.
        """
        expanded = self.expansion(expr, refs)
        if expanded is not None:
            leaves, formulas, repeated = expanded
            try:
                return self.shares(self.widths(expr, owner, scale, leaves, formulas, repeated))
            except EvaluationError:
                pass  # a divisor whose plain interval holds zero once expanded; see tighter()
        repeated = [n for n, count in occurrences(expr).items() if count > 1]
        return self.shares(self.widths(expr, owner, scale, list(refs), {}, repeated))

    def widths(
        self,
        expr: Expr,
        owner: Owner,
        scale: Fraction,
        inputs: list[str],
        formulas: dict[str, Expr],
        repeated: list[str],
    ) -> list[tuple[str, Fraction | None]]:
        """How wide `expr` is, in the unit of `scale`, when each input alone varies."""
        widths: list[tuple[str, Fraction | None]] = []
        for leaf in inputs:
            bounds = self.values[leaf].bounds
            if bounds.is_point:
                continue
            box = {n: Interval.point(self.values[n].point) for n in inputs}
            box[leaf] = bounds
            natural = Evaluator(self.intervals, box, self.origin, formulas).run(expr, owner)
            variables = [leaf] if leaf in repeated else []
            work = Work(self.work_share)
            width = self.tighter(natural, expr, box, variables, owner, formulas, work)[0].width()
            widths.append((leaf, None if width is None else abs(width / scale)))
        return widths

    def shares(self, widths: list[tuple[str, Fraction | None]]) -> list[Contribution]:
        """Contributions, widest first, with each width's share of their sum."""
        finite = [w for _, w in widths if w is not None]
        total = sum(finite, Fraction(0)) if len(finite) == len(widths) else None
        widths = sorted(widths, key=lambda pair: (pair[1] is not None, -(pair[1] or 0)))
        return [
            Contribution(leaf, width, None if total is None or width is None or not total else width / total)
            for leaf, width in widths
        ]


def occurrences(expr: Expr) -> dict[str, int]:
    """How many times each name appears in a formula."""
    counts: dict[str, int] = {}
    for ref in references(expr):
        counts[ref.name] = counts.get(ref.name, 0) + 1
    return counts


def figure_item(figure: Figure) -> Item:
    return Item(
        figure.name,
        "figure",
        figure.value,
        figure.bounds,
        figure.unit,
        figure.unit_text,
        figure.label,
        quote=figure.quote,
        qualifier=figure.qualifier,
        source=figure.source,
        period=None if figure.period is None else figure.period.text,
        basis=figure.basis,
        status=figure.status,
        stated=figure.stated.text,
        file_stated=None if figure.file_stated is None else figure.file_stated.text,
    )


def agreement_of(difference: Interval, tolerance: Fraction, tight: bool, witness: Fraction) -> Status:
    """Whether `left ~= right within tolerance` can hold for some values within the bounds.

    `difference` is a sound enclosure of left - right over the closed box of
    figures. It fails when the enclosure lies wholly beyond the tolerance. It
    passes when the enclosure is proven to be the true range: that range is
    connected (a continuous formula over a connected box), so it meets
    [-tolerance, tolerance] wherever its ends do; and it passes when the
    difference at the stated values, a point of the box, is within the
    tolerance. Otherwise it is uncertain: the enclosure may be wider than the truth.
    """
    lo, hi = difference.lo, difference.hi
    if (lo is not None and lo > tolerance) or (hi is not None and hi < -tolerance):
        return "fail"
    if tight or abs(witness) <= tolerance:
        return "pass"
    return "uncertain"


__all__ = ["Engine", "agreement_of", "status_of"]
