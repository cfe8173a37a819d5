"""The pure engine of `consistent` against exact references and Z3, on a seeded corpus of 600 small problems.

tests/consistency_corpus.py makes the problems and decides each without
laoshan (brute force, Fourier-Motzkin, exact ranges). Here the engine must
agree wherever it decides, decide at least 95 % of them, give witnesses that
the reference accepts, and, for linear problems, conflicting sets that the
reference finds infeasible and minimal. The second engine, Z3 (`--engine
z3`), must agree with the pure one wherever both decide.
"""

from __future__ import annotations

from collections import Counter

import pytest
from consistency_corpus import Case, corpus, linear_feasible

from laoshan_cli.core.solve import Problem, Verdict, consistency
from laoshan_cli.core.solve.search import WORK
from laoshan_cli.loading.loader import load_bytes

CASES = corpus()


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[Case, Verdict]]:
    return [(case, consistency(load_bytes(case.text.encode(), f"{case.family}.yaml"))) for case in CASES]


def test_the_corpus_is_large_and_mixed() -> None:
    assert len(CASES) >= 500
    mix = Counter((case.family, case.consistent) for case in CASES)
    for family in ("counts", "linear", "ratio", "grim"):
        assert mix[family, True] >= 10 and mix[family, False] >= 10, mix


def test_the_engine_agrees_wherever_it_decides(verdicts: list[tuple[Case, Verdict]]) -> None:
    for case, verdict in verdicts:
        if verdict.status != "undecided":
            assert (verdict.status == "consistent") == case.consistent, case.text


def test_the_engine_decides_at_least_95_percent(verdicts: list[tuple[Case, Verdict]]) -> None:
    decided = sum(verdict.status != "undecided" for _, verdict in verdicts)
    assert decided >= 0.95 * len(verdicts), f"{decided} of {len(verdicts)}"


def test_every_witness_satisfies_the_reference(verdicts: list[tuple[Case, Verdict]]) -> None:
    for case, verdict in verdicts:
        if verdict.status == "consistent":
            assert case.holds({name: verdict.witness[name] for name in case.figures}), case.text


def test_linear_conflicting_sets_are_infeasible_and_minimal(verdicts: list[tuple[Case, Verdict]]) -> None:
    """Each member of a set maps to its rows: a figure to its two bounds, a check to its inequality.

    A set the engine could not show minimal (leaving a member out was
    undecided) says so; it must still be infeasible, and such sets are rare.
    """
    minimal = loose = 0
    for case, verdict in verdicts:
        if case.family != "linear" or verdict.status != "inconsistent":
            continue
        names = {member.name for member in verdict.conflict}
        assert not linear_feasible([row for row in case.linear if row[3] in names]), case.text
        if not verdict.minimal:
            loose += 1
            continue
        minimal += 1
        for name in names:
            assert linear_feasible([row for row in case.linear if row[3] in names - {name}]), (name, case.text)
    assert minimal >= 10 and loose <= minimal // 20, (minimal, loose)


def overall(statuses: list[str]) -> str:
    """A file's verdict from its groups' decisions."""
    if "inconsistent" in statuses:
        return "inconsistent"
    return "undecided" if "undecided" in statuses else "consistent"


@pytest.fixture(scope="module")
def z3_verdicts() -> list[str]:
    from laoshan_cli.core.solve.z3engine import decide_z3

    found = []
    for case in CASES:
        problem = Problem.of(load_bytes(case.text.encode(), f"{case.family}.yaml"))
        found.append(overall([decide_z3(problem, members, WORK)[0].status for members in problem.components()]))
    return found


def test_the_two_engines_agree_wherever_both_decide(
    verdicts: list[tuple[Case, Verdict]], z3_verdicts: list[str]
) -> None:
    both = 0
    for (case, verdict), other in zip(verdicts, z3_verdicts, strict=True):
        if "undecided" not in (verdict.status, other):
            both += 1
            assert verdict.status == other, case.text
    assert both >= 0.95 * len(CASES)


def test_z3_agrees_with_the_references_too(z3_verdicts: list[str]) -> None:
    """So that agreement above is not two engines sharing one mistake of translation."""
    for case, status in zip(CASES, z3_verdicts, strict=True):
        if status != "undecided":
            assert (status == "consistent") == case.consistent, case.text
