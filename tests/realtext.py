"""Helpers for the tests over tests/cases/: the file's raw text, and the rounding policy written out
independently of laoshan (the README's rule 4 of "Bounds"), to compare with what laoshan reads."""

from __future__ import annotations

import unicodedata
from fractions import Fraction as F
from pathlib import Path

import yaml

from laoshan_cli.api import Data, load

CASES = Path(__file__).resolve().parent / "cases"


def case(slug: str) -> Data:
    return load(str(CASES / f"{slug}.yaml"))


def bounds(data: Data, name: str) -> tuple[F | None, F | None]:
    item = data.get(name)
    return item.bounds.lo, item.bounds.hi


def raw_figures(slug: str) -> dict[str, dict[str, str]]:
    """The figures of a case as the file writes them: every scalar a string, as typed."""
    tree = yaml.load((CASES / f"{slug}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return dict(tree["figures"])


def stated_rounding(stated: str, *, count: bool) -> tuple[F, F, F]:
    """(value, low, high) of a stated number with no qualifier: half a unit of its last digit; a whole
    number ± 0.5 unless it counts things, when it is exact."""
    text = unicodedata.normalize("NFKC", stated).replace("\u2212", "-").replace(",", "")
    value = F(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    half = F(1, 10**decimals) / 2 if decimals or not count else F(0)
    return value, value - half, value + half


def statuses(data: Data) -> dict[str, str]:
    """The verdicts of the checks that compare (<, <=, >, >=); test_cases_agreement.py has the ~= ones."""
    return {result.name: result.status for result in data.check() if "~=" not in result.assertion}
