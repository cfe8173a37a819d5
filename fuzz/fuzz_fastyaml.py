"""Differential fuzzing of the YAML fast path against the event parser.

`fastyaml.parse_simple(text, path, limits)` promises the very tree that
`yamltree.parse` builds (node classes, values, styles, lines, columns, order),
or None when unsure. For each input that decodes, this harness runs both and
reports, as an `InvariantError`:

- a tree from the fast path that differs from the event parser's tree;
- a tree from the fast path for text the event parser refuses.

Any exception from the fast path is a finding too: it is meant to answer None.

    python fuzz/fuzz_fastyaml.py fuzz/corpus-fastyaml fuzz/seeds/loader -dict=fuzz/laoshan.dict \
        -timeout=5 -rss_limit_mb=2048
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import atheris

PLAIN = os.environ.get("LAOSHAN_FUZZ_PLAIN") == "1"
with contextlib.nullcontext() if PLAIN else atheris.instrument_imports(include=["laoshan_cli"]):
    from common import InvariantError, guarded

    from laoshan_cli.errors import LaoshanError
    from laoshan_cli.fastyaml import parse_simple
    from laoshan_cli.limits import Limits
    from laoshan_cli.yamltree import Mapping, Scalar, Sequence, decode, parse

LIMITS = Limits()
PATH = "fuzz.yaml"


def describe(node: Any, where: str = "") -> list[str]:
    """The tree as lines of text, one per node, so two trees compare and their first difference shows."""
    if isinstance(node, Scalar):
        flags = f"plain={node.plain} columns_match={node.columns_match}"
        return [f"{where} scalar {node.value!r} {flags} at {node.line}:{node.column}"]
    if isinstance(node, Mapping):
        lines = [f"{where} mapping at {node.line}:{node.column}"]
        for key, value in node.items:
            lines += describe(key, f"{where}/key")
            lines += describe(value, f"{where}/{key.value}")
        return lines
    if isinstance(node, Sequence):
        lines = [f"{where} sequence at {node.line}:{node.column}"]
        for index, item in enumerate(node.items):
            lines += describe(item, f"{where}[{index}]")
        return lines
    return [f"{where} unknown node {node!r}"]


def one_input(data: bytes) -> None:
    try:
        text = decode(data, PATH, LIMITS)
    except LaoshanError:
        return
    fast = parse_simple(text, PATH, LIMITS)
    if fast is None:
        return
    try:
        slow = parse(text, PATH, LIMITS)
    except LaoshanError as error:
        raise InvariantError(f"the fast path gives a tree where the event parser says: {error.message}") from None
    ours, theirs = describe(fast), describe(slow)
    if ours != theirs:
        first = next(
            (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), min(len(ours), len(theirs))
        )
        fast_line = ours[first] if first < len(ours) else "(nothing)"
        slow_line = theirs[first] if first < len(theirs) else "(nothing)"
        raise InvariantError(f"trees differ: fast path {fast_line}; event parser {slow_line}")


def main() -> None:
    atheris.Setup(sys.argv, guarded(one_input))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
