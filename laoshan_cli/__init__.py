"""laoshan: derive metrics from quoted figures, with exact arithmetic and honest bounds.

The Python API (see laoshan_cli/api.py and the README) is imported lazily, so
that `import laoshan_cli` and the command line's start-up stay cheap::

    from laoshan_cli import load
    data = load("data/indicators.yaml")
    data.get("hightech_output_2015").bounds
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Data, load, loads
    from .errors import LaoshanError
    from .limits import Limits
    from .results import CheckResult, Explanation, Item

__all__ = ["CheckResult", "Data", "Explanation", "Item", "LaoshanError", "Limits", "load", "loads"]

_WHERE = {
    "Data": "api",
    "load": "api",
    "loads": "api",
    "LaoshanError": "errors",
    "Limits": "limits",
    "CheckResult": "results",
    "Explanation": "results",
    "Item": "results",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'laoshan_cli' has no attribute {name!r}")
