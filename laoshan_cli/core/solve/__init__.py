"""Can every claim of a data file hold at once? A decision procedure over exact rationals.

`consistency` splits the members (figures' bounds, checks, metrics'
wholeness) into groups that share no variable, decides each (search.py),
and for a group that cannot hold finds a minimal conflicting set by
deletion: each member in turn is left out, and stays out when the rest still
cannot hold. Every member kept was needed: without it the rest has a
witness, which is checked exactly again at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import NamedTuple

from ..arithmetic import OutOfWork
from ..model import Dataset
from .problem import Member, Problem
from .search import Decision, decide, group_of, verify

CHUNK_SHARE = 8  # leaving a chunk of several members out is tried with this share of the budget

__all__ = ["Member", "Problem", "Verdict", "consistency", "decide", "minimal_conflict"]


class Verdict(NamedTuple):
    status: str  # "consistent", "inconsistent" or "undecided"
    witness: dict[str, Fraction]  # base units: every figure and metric, when consistent
    conflict: tuple[Member, ...] = ()  # a minimal conflicting set, when inconsistent
    path: tuple[str, ...] = ()  # the metrics that link the conflicting members
    undecided: tuple[Member, ...] = ()  # the members of the groups it could not decide
    minimal: bool = True  # False when leaving some member out could not be decided either way


Decider = Callable[[Problem, tuple[Member, ...], int], Decision]
ENGINES = ("pure", "z3")


def consistency(
    dataset: Dataset, exclude: Iterable[str] = (), budget: int | None = None, engine: str = "pure"
) -> Verdict:
    """The verdict on a data file's claims, each group decided within `budget` (max_consistency_work).

    `engine` "z3" hands each decision to Z3 instead (z3engine.py, an optional extra).
    """
    problem = Problem.of(dataset, exclude)
    budget = dataset.limits.max_consistency_work if budget is None else budget
    decider: Decider = decide
    if engine == "z3":
        from .z3engine import decide_z3, load_z3

        load_z3()  # says how to install it before any work

        def decider(problem: Problem, members: tuple[Member, ...], budget: int) -> Decision:
            return decide_z3(problem, members, budget)[0]

    witness: dict[str, Fraction] = {}
    undecided: list[Member] = []
    for members in problem.components():
        decision = decider(problem, members, budget)
        if decision.status == "inconsistent":
            start = members
            if engine == "z3":
                start = decide_z3(problem, members, budget)[1] or members  # its unsat core
            conflict, minimal = minimal_conflict(problem, start, budget, decider)
            return Verdict("inconsistent", {}, conflict, tuple(problem.metrics_of(conflict)), (), minimal)
        if decision.status == "undecided":
            undecided.extend(members)
        else:
            assert decision.witness is not None
            witness.update(decision.witness)
    if undecided:
        return Verdict("undecided", {}, undecided=tuple(undecided))
    return Verdict("consistent", witness)


def minimal_conflict(
    problem: Problem, members: tuple[Member, ...], budget: int, decider: Decider = decide
) -> tuple[tuple[Member, ...], bool]:
    """A subset of `members` (which cannot all hold) that cannot all hold, each member needed.

    Deletion in chunks: halves first, then quarters, down to single members,
    each chunk left out for good while the rest still cannot hold (tried
    with 1/CHUNK_SHARE of the budget: a chunk not shown removable stays). The last
    pass, member by member, is plain deletion, so every member kept was
    needed. Checks come first, then wholeness, then figures, so the set keeps
    the figures a reader can look up. Returns the set and whether every
    member was shown to be needed.
    """
    kept = sorted(members, key=lambda m: ("check", "whole", "figure").index(m.kind))
    witnesses: dict[Member, dict[str, Fraction]] = {}
    undecided: set[Member] = set()
    size = max(len(kept) // 2, 1)
    while True:
        start = 0
        while start < len(kept):
            chunk, rest = kept[start : start + size], kept[:start] + kept[start + size :]
            # A chunk that cannot be shown removable stays; only single members need the whole budget.
            decision = decider(problem, tuple(rest), budget if size == 1 else budget // CHUNK_SHARE)
            if decision.status == "inconsistent":
                kept = rest
                continue
            if size == 1 and decision.witness is not None:
                witnesses[chunk[0]] = decision.witness
            elif size == 1:
                undecided.add(chunk[0])
            start += size
        if size == 1:
            break
        size = max(size // 2, 1)
    # Each witness was found for a superset of what is left without its member: check it holds there too.
    minimal = not undecided
    for member in kept:
        group = group_of(problem, tuple(m for m in kept if m != member))
        found = witnesses.get(member)
        try:
            if found is None or verify(problem, group, {n: found[n] for n in group.figures}) is None:
                minimal = False
        except OutOfWork:
            minimal = False
    order = {member: index for index, member in enumerate(members)}
    return tuple(sorted(kept, key=order.__getitem__)), minimal
