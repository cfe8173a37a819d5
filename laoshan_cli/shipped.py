"""Where the data file shipped with laoshan lives, installed or editable."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError

HERE = Path(__file__).resolve().parent
# A wheel carries a copy inside the package (see pyproject.toml); an editable
# install and a checkout read the top-level file that users edit.
CANDIDATES = (HERE / "_data" / "indicators.yaml", HERE.parent / "data" / "indicators.yaml")


def shipped_data_path() -> Path:
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    raise DataError("the shipped data file is missing", hint="reinstall laoshan, or give a file with --data FILE")
