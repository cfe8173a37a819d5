"""Deciding one group of members: propagation, then points and bisection, within a budget of work.

A box (a domain for every variable) is narrowed by HC4-revise of each
relation until nothing shrinks by an eighth (hc4.significant). Then one
variable is split: a whole-valued one with at most ENUMERATE values takes
each in turn; any other is first fixed at a simple point of its domain
(rationals.pick), and then its domain is cut in two at that point. Fixing a
figure lets propagation solve the relations of the forms texts use (a = b·c,
a = b/c, sums) for the others exactly. Once every figure is a point, the
metrics and checks are evaluated exactly (the PointDomain the engine uses):
that is the only way a witness is accepted. A box is refuted only when
propagation empties it or its exact point fails, so "inconsistent" is a
proof, and running out of work is "undecided", never a guess.

The work is counted in formula nodes visited, not time, so the answer does
not depend on the machine: the limit max_consistency_work per decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from ..arithmetic import Evaluator, OutOfWork, PointDomain, TooLarge, Work
from ..bounds import Interval
from ..errors import LaoshanError, TextOrigin
from ..formula import Ref
from ..limits import Limits, stack_room
from .hc4 import ENTIRE, NOTHING, Box, Empty, Reviser, meet, whole_part
from .problem import EQUAL, Member, Problem, Relation, Vector, vector_expr
from .rationals import pick

WORK = Limits().max_consistency_work  # formula nodes visited in deciding one group, by default
ENUMERATE = 64  # a whole-valued variable with at most this many values is split into all of them
MAX_BITS = Limits().max_number_bits  # bits of an exact number while verifying a witness
FRAMES = 4 * 200 + 100  # HC4-revise recurses about three frames a level of a formula, 200 levels at most


class Decision(NamedTuple):
    status: str  # "consistent", "inconsistent" or "undecided"
    witness: dict[str, Fraction] | None  # every variable of the group, in base units, when consistent


class Group(NamedTuple):
    """The relations and domains of a set of active members."""

    domains: dict[str, Interval]
    steps: dict[str, Fraction]
    relations: list[Relation]  # the definitions, then the checks
    definitions: int  # how many of the relations are definitions
    checks: int  # how many checks follow them; linear forms of checks come last, for propagation only
    figures: list[str]  # in the order they are fixed: bounded ones first
    active: frozenset[Member]


def group_of(problem: Problem, members: tuple[Member, ...]) -> Group:
    active = frozenset(members)
    figures = [m.name for m in members if m.kind == "figure"]
    relations = [problem.checks[m.name] for m in members if m.kind == "check"]
    names = {name for relation in relations for name in relation.names} | set(figures)
    names |= {m.name for m in members if m.kind == "whole"}
    # Definitions of every metric that touches the group (so the witness gives each a value).
    growing = True
    while growing:
        before = len(names)
        for definition in problem.definitions.values():
            if any(n in names for n in definition.names):
                names.update(definition.names)
        growing = len(names) > before
    definitions = [d for name, d in problem.definitions.items() if name in names]
    figure_names = [name for name in problem.figures if name in names]
    domains = {name: ENTIRE for name in names}
    steps: dict[str, Fraction] = {}
    for name in figure_names:
        if Member("figure", name) in active:
            domains[name] = problem.figures[name]
            if name in problem.steps:
                steps[name] = problem.steps[name]
    for name in problem.wholes:
        if name in names and Member("whole", name) in active:
            steps[name] = problem.steps[name]
    for name, step in steps.items():  # whole ends from the start, so that splitting counts whole values
        try:
            domains[name] = whole_part(domains[name], step)
        except Empty:
            domains[name] = NOTHING

    def openness(name: str) -> int:
        domain = domains[name]
        return (domain.lo is None) + (domain.hi is None)

    order = sorted(figure_names, key=openness)
    sums = linear_sums(problem, members, domains)
    return Group(domains, steps, [*definitions, *relations, *sums], len(definitions), len(relations), order, active)


def linear_sums(problem: Problem, members: tuple[Member, ...], domains: dict[str, Interval]) -> list[Relation]:
    """One variable for each linear combination of figures that checks bound, with the meet of their bounds.

    Propagation over sum(v * x) = t sees each figure once, and checks that
    bound the same sum meet in t's domain. These relations only narrow; a
    witness is still verified over the checks as written. A meet that is
    empty makes t's domain NOTHING, and the group is refuted at once.
    """
    totals: dict[Vector, str] = {}
    relations = []
    for member in members:
        if member.kind != "check" or member.name not in problem.linear:
            continue
        vector, bounds = problem.linear[member.name]
        if vector not in totals:
            totals[vector] = total = f"~{len(totals)}"  # not a name a data file can use
            domains[total] = Interval(None, None)
            names = (*(n for n, _ in vector), total)
            relations.append(Relation(total, vector_expr(vector, total), EQUAL, False, names))
        total = totals[vector]
        try:
            domains[total] = meet(domains[total], bounds)
        except Empty:
            domains[total] = NOTHING
    return relations


def decide(problem: Problem, members: tuple[Member, ...], budget: int = WORK) -> Decision:
    group = group_of(problem, members)
    watchers: dict[str, list[int]] = {}
    for index, relation in enumerate(group.relations):
        for name in relation.names:
            watchers.setdefault(name, []).append(index)
    if any(domain is NOTHING for domain in group.domains.values()):
        return Decision("inconsistent", None)  # a count with no whole value, or two linear checks apart
    with stack_room(FRAMES):
        return search(problem, group, watchers, budget)


def search(problem: Problem, group: Group, watchers: dict[str, list[int]], budget: int) -> Decision:
    work = Work(budget)
    stack: list[tuple[Box, list[int]]] = [(Box(dict(group.domains), group.steps), list(range(len(group.relations))))]
    try:
        while stack:
            box, queue = stack.pop()
            try:
                propagate(box, group.relations, queue, watchers, work)
            except Empty:
                continue
            if all(box.domains[name].is_point for name in group.figures):
                witness = verify(problem, group, {name: box.domains[name].lo for name in group.figures})  # type: ignore[misc]
                if witness is not None:
                    return Decision("consistent", witness)
                continue
            stack.extend(reversed([(child, watchers.get(name, [])) for name, child in split(box, group, problem)]))
    except (OutOfWork, RecursionError):  # stack_room keeps clear of the second; a guard
        return Decision("undecided", None)
    return Decision("inconsistent", None)


def propagate(
    box: Box, relations: list[Relation], queue: list[int], watchers: dict[str, list[int]], work: Work
) -> None:
    """Revise relations until none shrinks a domain significantly; raises Empty when one cannot hold."""
    pending = dict.fromkeys(queue)

    def changed(name: str) -> None:
        for index in watchers.get(name, ()):
            pending[index] = None

    reviser = Reviser(box, work, changed)
    while pending:
        index = next(iter(pending))
        del pending[index]
        relation = relations[index]
        value = reviser.revise(relation.expr, relation.target)
        if relation.strict and value.lo == 0 and value.hi == 0:
            raise Empty


def split(box: Box, group: Group, problem: Problem) -> list[tuple[str, Box]]:
    """The boxes to try next, in order: the cut variable's name with each child box."""
    counted = [
        (count, name)
        for name, step in group.steps.items()
        if (count := values_in(box.domains[name], step)) is not None and count > 1
    ]
    if counted and min(counted)[0] <= ENUMERATE:
        _, name = min(counted)
        domain, step = box.domains[name], group.steps[name]
        assert domain.lo is not None
        first = pick(domain, step)
        lowest = domain.lo
        values = [first] + [lowest + k * step for k in range(min(counted)[0]) if lowest + k * step != first]
        return [(name, fixed(box, name, Interval(v, v))) for v in values]
    name = next(n for n in group.figures if not box.domains[n].is_point)
    domain = box.domains[name]
    whole = group.steps.get(name)
    scale = problem.scales.get(name, Fraction(1))
    if whole is not None:
        point = pick(domain, whole)
        low = Interval(domain.lo, point - whole)
        high = Interval(point + whole, domain.hi)
    else:
        point = pick(Interval(*(None if end is None else end / scale for end in (domain.lo, domain.hi)))) * scale
        low, high = Interval(domain.lo, point), Interval(point, domain.hi)
    children = [(name, fixed(box, name, Interval(point, point)))]
    for part in (low, high):
        if part.lo is None or part.hi is None or part.lo <= part.hi:
            children.append((name, fixed(box, name, part)))
    return children


def values_in(domain: Interval, step: Fraction) -> int | None:
    if domain.lo is None or domain.hi is None:
        return None
    return int((domain.hi - domain.lo) / step) + 1


def fixed(box: Box, name: str, domain: Interval) -> Box:
    child = box.copy()
    child.domains[name] = domain
    return child


class ExactDomain(PointDomain):
    """Exact arithmetic for checking a witness: a number past the bit limit means "cannot tell", never "no".

    It raises OutOfWork, which the evaluator lets through (it turns only
    division by zero and TooLarge into errors), so the search ends undecided.
    """

    def checked(self, value: Fraction) -> Fraction:
        try:
            return super().checked(value)
        except TooLarge:
            raise OutOfWork from None

    def power(self, a: Fraction, exponent: int) -> Fraction:
        try:
            return super().power(a, exponent)
        except TooLarge:
            raise OutOfWork from None


def verify(problem: Problem, group: Group, values: Mapping[str, Fraction]) -> dict[str, Fraction] | None:
    """Every variable's exact value at these figures, if every active member holds there exactly; else None.

    Raises OutOfWork when a number grows past the bit limit on the way.
    """
    for name, value in values.items():
        if Member("figure", name) in group.active and not problem.figures[name].contains(value):
            return None
    return evaluate(problem, group, values)


def evaluate(problem: Problem, group: Group, values: Mapping[str, Fraction]) -> dict[str, Fraction] | None:
    expand = {name: problem.formulas[name] for name in group.domains if name in problem.formulas}
    evaluator = Evaluator(ExactDomain(MAX_BITS), values, lambda owner: TextOrigin(str(owner)), expand)
    witness = dict(values)
    try:
        for name in expand:
            witness[name] = evaluator.run(Ref(name, 0), name)
        for name, step in group.steps.items():
            if (witness[name] / step).denominator != 1:
                return None
        for relation in group.relations[group.definitions : group.definitions + group.checks]:
            gap = evaluator.run(relation.expr, relation.name)
            if not relation.target.contains(gap) or (relation.strict and gap == 0):
                return None
    except (LaoshanError, ArithmeticError):
        return None
    return witness
