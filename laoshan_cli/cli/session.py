"""One command's view of the data: which file, which options, and results from the cache or the engine.

The cache path imports neither the YAML parser nor the evaluator, which keeps
a repeated query close to the cost of starting Python (entry.py answers the
commonest without click). On a miss, or a damaged entry, the whole file is
evaluated once and its entry (re)written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from laoshan_cli.core.limits import Limits
from laoshan_cli.core.version import __version__

from .cache import CacheFolder, CacheMiss, cache_key, read_entry

if TYPE_CHECKING:
    from laoshan_cli.core.engine import Engine
    from laoshan_cli.core.results import CheckResult, Item
    from laoshan_cli.core.units import Unit
    from laoshan_cli.output.terminal import Output

    from .cache import Entry

T = TypeVar("T")


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
        folder: CacheFolder | None = None,
    ) -> None:
        self.data = data
        self.overrides = overrides
        self.limit_pairs = limit_pairs
        self.output = output
        self.use_cache = use_cache
        self.progress = progress
        self.folder = folder or CacheFolder()
        self._limits: Limits | None = None
        self._bytes: bytes | None = None
        self._engine: Engine | None = None
        self._entry: Entry | None = None
        self._entry_tried = False
        self._key: str | None = None

    def for_file(self, path: str) -> Session:
        """The same options, and the same cache folder, for another data file."""
        return Session(path, self.overrides, self.limit_pairs, self.output, self.use_cache, self.progress, self.folder)

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

    def engine(self) -> Engine:
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
            self._key = cache_key(self.data_bytes(), __version__, self.limits(), self.overrides)
        return self._key

    def entry(self) -> Entry | None:
        """The verified cache entry; on a miss, evaluate and store one, and answer from the engine (None)."""
        if not self.use_cache:
            return None
        if not self._entry_tried:
            self._entry_tried = True
            folder = self.folder.path(create=True)
            if folder is None:
                self.use_cache = False
                return None
            self._entry = read_entry(folder, self.key())
            if self._entry is None:
                self.rebuild()
        return self._entry

    def rebuild(self) -> None:
        """Evaluate everything once and store it over what is there. An error here is left for the request to meet."""
        from laoshan_cli.core.errors import LaoshanError

        from .cache import store

        self._entry = None
        folder = self.folder.path(create=True)
        if folder is None:
            return
        engine = self.engine()
        dataset = engine.dataset
        try:
            items = engine.items([*dataset.figures, *dataset.metrics])
            checks = engine.checks()
        except LaoshanError:
            return
        store(folder, self.key(), items, checks, dataset.unit_words)

    def from_cache(self, read: Callable[[Entry], T]) -> T | None:
        """`read(entry)`, or None when the cache is off or missed; a damaged entry is rebuilt."""
        entry = self.entry()
        if entry is None:
            return None
        try:
            return read(entry)
        except CacheMiss:
            self.rebuild()
            return None

    # -- results ---------------------------------------------------------------------

    def plain_values(self, names: Sequence[str]) -> list[str] | None:
        """The values of `names` as `--format plain` prints them, from a warm cache alone; None on any miss.

        This is the path of shell loops (entry.py): it never evaluates,
        never writes and never warns (the full path that follows a miss
        does), and needs neither fractions nor the renderer.
        """
        if not self.use_cache:
            return None
        folder = self.folder.path(create=False)
        if folder is None:
            return None
        entry = read_entry(folder, self.key())
        if entry is None:
            return None
        try:
            return entry.plain(names)
        except CacheMiss:
            return None

    def items(self, names: Sequence[str]) -> list[Item]:
        found = self.from_cache(lambda entry: entry.items(names))
        if found is not None:
            return found
        return self.engine().items(names)

    def all_of_kind(self, kind: str) -> list[Item]:
        found = self.from_cache(lambda entry: entry.items_of_kind(kind))
        if found is not None:
            return found
        engine = self.engine()
        names = engine.dataset.figures if kind == "figure" else engine.dataset.metrics
        return engine.items(names)

    def unit_words(self) -> Mapping[str, Unit]:
        """The data file's own unit words (`units:`), for --unit."""
        found = self.from_cache(lambda entry: entry.words())
        if found is not None:
            return found
        return self.engine().dataset.unit_words

    def checks(self) -> list[CheckResult]:
        found = self.from_cache(lambda entry: entry.checks())
        if found is not None:
            return found
        return self.engine().checks()
