"""What a metric or a check rests on: the figures of its cone whose status is not `actual`.

A check that passes on a target or a forecast holds for what was planned, not
for what happened, so every output says which such figures it rests on. Most
files have none, and then nothing here is computed.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Dataset
from .results import DEFAULT_STATUS, RestsOn


class Resting:
    """The figures not `actual` under each name, worked out for the whole file on first use."""

    def __init__(self, dataset: Dataset, flagged: list[str] | None = None) -> None:
        self.dataset = dataset
        if flagged is None:
            flagged = [name for name, figure in dataset.figures.items() if figure.status != DEFAULT_STATUS]
        self.flagged = flagged  # in file order
        self.sets: dict[str, frozenset[str]] | None = None

    def of(self, refs: Iterable[str]) -> RestsOn:
        """(name, status) of the figures not `actual` that these names rest on, through metrics, in file order."""
        if not self.flagged:
            return ()
        if self.sets is None:
            self.sets = self._sets()
        found: set[str] = set()
        for ref in refs:
            found |= self.sets.get(ref, frozenset())
        figures = self.dataset.figures
        return tuple((name, figures[name].status) for name in self.flagged if name in found)

    def _sets(self) -> dict[str, frozenset[str]]:
        """For each name resting on a flagged figure, those figures; names resting on none are left out."""
        dataset = self.dataset
        sets = {name: frozenset((name,)) for name in self.flagged}
        empty: frozenset[str] = frozenset()
        for name in dataset.order:  # each metric after the metrics it uses
            union = empty.union(*(sets.get(ref, empty) for ref in dataset.metrics[name].refs))
            if union:
                sets[name] = union
        return sets


__all__ = ["Resting"]
