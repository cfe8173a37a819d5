"""Run saved inputs through a harness once, without instrumentation, and say how each ends.

    python fuzz/replay.py loader fuzz/findings/loader/crash-* fuzz/seeds/loader/*
    python fuzz/replay.py formula fuzz/findings/formula/crash-*

For each input: the CPU time, and "ok" (a result or a LaoshanError) or the
finding's traceback. Use it to check a fix, and to tell a real hang from a
timeout that only the instrumentation's slowdown caused. Exits 1 if any input
is still a finding.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

os.environ["LAOSHAN_FUZZ_PLAIN"] = "1"
os.environ.pop("LAOSHAN_FUZZ_KEEP_GOING", None)
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("loader", "formula"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "loader":
        from fuzz_loader import one_input
    else:
        from fuzz_formula import one_input
    failed = 0
    for name in argv[1:]:
        path = Path(name)
        if path.suffix == ".txt" or not path.is_file():
            continue
        data = path.read_bytes()
        start = time.process_time()
        try:
            one_input(data)
            outcome = "ok"
        except Exception as error:  # noqa: BLE001 - a finding is reported, not raised
            failed += 1
            frames = traceback.format_exception(type(error), error, error.__traceback__)
            outcome = "FINDING " + "".join(frames[-6:]).rstrip()
        print(f"{time.process_time() - start:8.3f} s  {path}: {outcome}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
