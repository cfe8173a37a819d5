"""The Python API: the engine the command line uses, for notebooks and programs.

    from laoshan_cli import load

    data = load("data/indicators.yaml")
    item = data.get("hightech_output_2015")
    item.value, item.bounds.lo, item.bounds.hi     # exact Fractions
    data.convert(item, "million CNY").value
    [r.status for r in data.check()]
    data.consistent().status                        # "consistent", with a witness

Nothing here imports click or rich, prints or exits; every failure is a
`LaoshanError` with a message and, where it applies, a location.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .core.engine import Engine
from .core.limits import Limits
from .core.model import Dataset
from .core.results import CheckExplanation, CheckResult, Explanation, Item, convert
from .loading.loader import load as load_dataset
from .loading.loader import load_bytes

if TYPE_CHECKING:
    from .core.solve import Verdict


class Data:
    """A loaded, checked data file and what can be asked of it."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.engine = Engine(dataset)

    @property
    def figures(self) -> list[str]:
        """Names of the figures, in file order."""
        return list(self.dataset.figures)

    @property
    def metrics(self) -> list[str]:
        """Names of the metrics, in file order."""
        return list(self.dataset.metrics)

    def get(self, name: str) -> Item:
        """One figure or metric, with its exact value and bounds in its declared unit."""
        return self.engine.items([name])[0]

    def evaluate(self, names: Iterable[str] | None = None) -> list[Item]:
        """The named figures and metrics, or all of them, figures first."""
        wanted = list(names) if names is not None else [*self.figures, *self.metrics]
        return self.engine.items(wanted)

    def explain(self, name: str) -> Explanation:
        """The derivation tree of a value and its uncertainty budget."""
        return self.engine.explain(name)

    def explain_check(self, name: str) -> CheckExplanation:
        """A check's result, both sides' derivation trees, and the uncertainty budget of left - right."""
        return self.engine.explain_check(self.engine.find_check(name))

    def check(self) -> list[CheckResult]:
        """Every check of the file: pass, fail or uncertain."""
        return self.engine.checks()

    def calc(self, formula: str) -> Item:
        """An ad-hoc formula over the figures and metrics, in the unit its dimensions give."""
        return self.engine.calc(formula)

    def consistent(self, exclude: Iterable[str] = (), engine: str = "pure") -> Verdict:
        """Whether every figure, metric and check can hold at once: a verified witness (exact values in base
        units), a minimal conflicting set, or undecided (see the README's `laoshan consistent`)."""
        from .core.solve import consistency

        return consistency(self.dataset, exclude, engine=engine)

    def convert(self, item: Item, unit: str) -> Item:
        """An item shown in another unit of the same dimensions, such as '100 million CNY'."""
        return convert(item, unit, self.dataset.limits, self.dataset.unit_words)


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    overrides: Iterable[tuple[str, str]] = (),
    limits: Limits | None = None,
) -> Data:
    """Load a data file (the shipped one when `path` is None).

    `overrides` are what-if (name, value) pairs, as `--set name=value`.
    """
    if path is None:
        from .loading.shipped import shipped_data_path

        path = shipped_data_path()
    return Data(load_dataset(path, overrides=overrides, limits=limits))


def loads(text: str | bytes, name: str = "<string>", *, limits: Limits | None = None) -> Data:
    """Load data from text; `name` is used in error messages."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Data(load_bytes(data, name, limits=limits))
