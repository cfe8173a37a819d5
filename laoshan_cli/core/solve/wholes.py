"""A check's status over whole values, where it rests on a metric declared `whole: true`.

Interval bounds alone treat a count as any real number in its bounds: 70
percent of exactly 95 projects is 66.025 to 66.975 projects, though no whole
number lies there. For a check whose cone holds a whole metric, `check`
asks the decision procedure instead, over the check's figures, the whole
metrics it rests on and the check:

- a comparison (<, <=, >, >=) passes when its negation cannot hold, and
  fails when it cannot hold itself, or when no whole values exist at all;
- an agreement (~=) passes when it can hold and fails when it cannot.

An undecided answer leaves the status as interval bounds gave it.
"""

from __future__ import annotations

from ..results import Status
from .problem import AT_LEAST, AT_MOST, Member, Problem, Relation
from .search import decide


def rests_on_whole(problem: Problem, name: str) -> bool:
    wholes = set(problem.wholes)
    return bool(wholes) and any(m in wholes for m in problem.metrics_of([Member("check", name)]))


def members_of(problem: Problem, name: str) -> tuple[Member, ...]:
    """The check, its figures and the whole metrics it rests on."""
    metrics = problem.metrics_of([Member("check", name)])
    names = set(problem.checks[name].names)
    for metric in metrics:
        names.update(problem.definitions[metric].names)
    figures = [Member("figure", n) for n in problem.figures if n in names]
    wholes = [Member("whole", n) for n in problem.wholes if n in metrics]
    return (*figures, *wholes, Member("check", name))


def negations(relation: Relation) -> list[Relation]:
    """Relations one of which holds exactly where `relation` does not."""
    strict = not relation.strict
    if relation.target == AT_MOST:
        return [relation._replace(target=AT_LEAST, strict=strict)]
    if relation.target == AT_LEAST:
        return [relation._replace(target=AT_MOST, strict=strict)]
    return [relation._replace(target=AT_MOST, strict=True), relation._replace(target=AT_LEAST, strict=True)]


def whole_status(problem: Problem, name: str, op: str, status: Status, budget: int) -> Status:
    members = members_of(problem, name)
    held = decide(problem, members, budget).status
    if op == "~=" or held == "inconsistent":
        return {"consistent": "pass", "inconsistent": "fail"}.get(held, status)  # type: ignore[return-value]
    if decide(problem, members[:-1], budget).status == "inconsistent":
        return "fail"  # no whole values within the bounds at all
    linear = {k: v for k, v in problem.linear.items() if k != name}
    for negated in negations(problem.checks[name]):
        other = problem._replace(checks={**problem.checks, name: negated}, linear=linear)
        if decide(other, members, budget).status != "inconsistent":
            return status
    return "pass"
