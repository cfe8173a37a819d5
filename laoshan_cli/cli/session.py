"""One command's view of the data: which file, which options, and results from the cache or the engine.

The cache path imports neither the YAML parser nor the evaluator, which keeps
a repeated query close to the cost of starting Python (entry.py answers the
commonest without click). On a miss, the whole file is evaluated once and
stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from laoshan_cli.core.limits import Limits
from laoshan_cli.core.version import __version__

if TYPE_CHECKING:
    from laoshan_cli.core.results import CheckResult, Item
    from laoshan_cli.output.terminal import Output


class Session:
    """Options shared by every command, and the data loaded on first use."""

    def __init__(
        self,
        data: str | None,
        overrides: list[tuple[str, str]],
        limit_pairs: list[tuple[str, str]],
        output: Output,
        use_cache: bool = True,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.data = data
        self.overrides = overrides
        self.limit_pairs = limit_pairs
        self.output = output
        self.use_cache = use_cache and not overrides
        self.progress = progress
        self._limits: Limits | None = None
        self._bytes: bytes | None = None
        self._engine: Any = None
        self._cached: Any = None
        self._cache_tried = False
        self._key: str | None = None

    def for_file(self, path: str) -> Session:
        """The same options for another data file."""
        return Session(path, self.overrides, self.limit_pairs, self.output, False, self.progress)

    def path(self) -> str:
        if self.data:
            return self.data
        from laoshan_cli.loading.shipped import shipped_data_path

        return shipped_data_path()

    def limits(self) -> Limits:
        if self._limits is None:
            self._limits = Limits().with_overrides(self.limit_pairs)
        return self._limits

    def data_bytes(self) -> bytes:
        if self._bytes is None:
            from laoshan_cli.loading.files import read_file

            self._bytes = read_file(self.path(), self.limits())
        return self._bytes

    def engine(self) -> Any:
        """The evaluator over the loaded and checked data file."""
        if self._engine is None:
            from laoshan_cli.core.engine import Engine
            from laoshan_cli.loading.loader import load_bytes

            dataset = load_bytes(
                self.data_bytes(), self.path(), overrides=self.overrides, limits=self.limits(), progress=self.progress
            )
            self._engine = Engine(dataset, progress=self.progress)
        return self._engine

    # -- the cache ------------------------------------------------------------------

    def key(self) -> str:
        """The cache key: hashing a big file takes milliseconds, so it is done once."""
        if self._key is None:
            from .cache import cache_key

            self._key = cache_key(self.data_bytes(), __version__, self.limits())
        return self._key

    def cached(self) -> Any:
        """The verified cache entry for this file, filling it on a miss; None when off or unavailable."""
        if not self.use_cache:
            return None
        if not self._cache_tried:
            self._cache_tried = True
            from .cache import open_cached

            key = self.key()
            self._cached = open_cached(key)
            if self._cached is None:
                self.fill_cache(key)
        return self._cached

    def fill_cache(self, key: str) -> None:
        """Evaluate everything once and store it. An error here is left for the request to meet."""
        from laoshan_cli.core.errors import LaoshanError

        from .cache import store

        engine = self.engine()
        dataset = engine.dataset
        try:
            items = engine.items([*dataset.figures, *dataset.metrics])
            checks = engine.checks()
        except LaoshanError:
            return
        store(key, items, checks)

    def from_cache(self, read: Callable[[Any], Any]) -> Any:
        """`read(entry)`, or None when the cache is off or the entry is damaged."""
        entry = self.cached()
        if entry is None:
            return None
        from .cache import CacheMiss

        try:
            return read(entry)
        except CacheMiss:
            self.use_cache = False
            return None

    # -- results ---------------------------------------------------------------------

    def items(self, names: Sequence[str]) -> list[Item]:
        found: list[Item] | None = self.from_cache(lambda entry: entry.items(names))
        if found is not None:
            return found
        result: list[Item] = self.engine().items(names)
        return result

    def plain_values(self, names: Sequence[str]) -> list[str] | None:
        """The values of `names` as plain output prints them, straight from the cache; None on a miss.

        This is the path of shell loops (`laoshan get NAME --format plain`):
        it needs neither fractions nor the renderer.
        """
        quick = self.sidecar_plain_values(names)
        if quick is not None:
            return quick
        found: list[str] | None = self.from_cache(lambda entry: entry.plain(names))
        if found is not None:  # the entry answers but its sidecar did not: damaged or missing, so rewrite it
            from .cache import write_plain

            pairs: list[tuple[str, str]] | None = self.from_cache(lambda entry: entry.plain_pairs())
            if pairs is not None:
                write_plain(self.key(), pairs)
        return found

    def sidecar_plain_values(self, names: Sequence[str]) -> list[str] | None:
        """The same from the cache's plain-text sidecar alone: never evaluates, never imports SQLite."""
        if not self.use_cache:
            return None
        from .cache import read_plain

        return read_plain(self.key(), names)

    def all_of_kind(self, kind: str) -> list[Item]:
        found: list[Item] | None = self.from_cache(lambda entry: entry.items_of_kind(kind))
        if found is not None:
            return found
        engine = self.engine()
        names = engine.dataset.figures if kind == "figure" else engine.dataset.metrics
        result: list[Item] = engine.items(names)
        return result

    def checks(self) -> list[CheckResult]:
        found: list[CheckResult] | None = self.from_cache(lambda entry: entry.checks())
        if found is not None:
            return found
        result: list[CheckResult] = self.engine().checks()
        return result
