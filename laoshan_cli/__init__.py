"""laoshan: derive metrics from quoted figures, with exact arithmetic and honest bounds.

The Python API (see laoshan_cli/api.py and the README) is imported lazily, so
that `import laoshan_cli` and the command line's start-up stay cheap::

    from laoshan_cli import load
    data = load("data/indicators.yaml")
    data.get("hightech_output_2015").bounds
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core.version import __version__ as __version__

if TYPE_CHECKING:
    from .api import Data, load, loads
    from .core.errors import LaoshanError
    from .core.limits import Limits
    from .core.results import CheckResult, Explanation, Item

__all__ = ["CheckResult", "Data", "Explanation", "Item", "LaoshanError", "Limits", "load", "loads"]

_WHERE = {
    "Data": "api",
    "load": "api",
    "loads": "api",
    "LaoshanError": "core.errors",
    "Limits": "core.limits",
    "CheckResult": "core.results",
    "Explanation": "core.results",
    "Item": "core.results",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'laoshan_cli' has no attribute {name!r}")
