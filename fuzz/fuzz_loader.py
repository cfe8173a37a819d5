"""Fuzz the data-file path: bytes -> load_bytes -> Engine -> items, checks, explain -> every output format.

    python fuzz/fuzz_loader.py fuzz/corpus-loader fuzz/seeds/loader -dict=fuzz/laoshan.dict \
        -timeout=5 -rss_limit_mb=2048

Set LAOSHAN_FUZZ_PURE_YAML=1 to read YAML with PyYAML's pure-Python parser, the
one laoshan falls back to where libyaml is missing. See fuzz/README.md.
"""

from __future__ import annotations

import contextlib
import os
import sys

import atheris

# replay.py sets LAOSHAN_FUZZ_PLAIN=1 to time inputs without the instrumentation's 10-20x slowdown.
PLAIN = os.environ.get("LAOSHAN_FUZZ_PLAIN") == "1"
with contextlib.nullcontext() if PLAIN else atheris.instrument_imports(include=["laoshan_cli"]):
    from common import evaluate, guarded, render_all

    from laoshan_cli.core.engine import Engine
    from laoshan_cli.core.errors import LaoshanError
    from laoshan_cli.loading.loader import load_bytes

if os.environ.get("LAOSHAN_FUZZ_PURE_YAML") == "1":
    import yaml

    if hasattr(yaml, "CSafeLoader"):
        del yaml.CSafeLoader


def one_input(data: bytes) -> None:
    try:
        dataset = load_bytes(data, "fuzz.yaml")
    except LaoshanError:
        return
    items, results, explanations = evaluate(Engine(dataset), dataset)
    render_all(items, results, explanations)


def main() -> None:
    atheris.Setup(sys.argv, guarded(one_input))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
