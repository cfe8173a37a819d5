"""Where the data file shipped with laoshan lives, installed or editable."""

from __future__ import annotations

import os

from laoshan_cli.core.errors import DataError

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A wheel carries a copy inside the package (see pyproject.toml); an editable
# install and a checkout read the top-level file that users edit.
CANDIDATES = (
    os.path.join(PACKAGE, "_data", "indicators.yaml"),
    os.path.join(os.path.dirname(PACKAGE), "data", "indicators.yaml"),
)


def shipped_data_path() -> str:
    for candidate in CANDIDATES:
        if os.path.isfile(candidate):
            return candidate
    raise DataError("the shipped data file is missing", hint="reinstall laoshan, or give a file with --data FILE")
