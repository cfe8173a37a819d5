"""laoshan: derive metrics from quoted figures, with exact arithmetic and honest bounds.

The Python API is the engine the command line uses, without click or rich::

    from laoshan_cli import load, Engine
    engine = Engine(load("data/indicators.yaml"))
    item = engine.items(["hightech_output_2015"])[0]
"""

from __future__ import annotations

__version__ = "0.1.0"
