"""Where the time goes: a cProfile of scenario (c) and `python -X importtime` of scenario (a).

    python benchmarks/hotspots.py profile [--data FILE] [--top N] [--command ...]
    python benchmarks/hotspots.py importtime [--runs N] [--top N]

`profile` runs `laoshan --data FILE [--no-cache] metrics --format json` under
cProfile (default FILE: the big file run.py generates) and prints the top
functions by cumulative and by self time, first those in laoshan_cli, then
all. `importtime` runs `laoshan get hightech_output_2015 --format plain`
under `-X importtime` several times and prints the imports with the largest
median cumulative and self times. Both use the venv's Python, like run.py.
"""

from __future__ import annotations

import argparse
import os
import pstats
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"


def venv_python(given: str | None) -> str:
    if given:
        return given
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LAOSHAN_DATA", None)
    env["LAOSHAN_CACHE_DIR"] = str(OUT / "cache")
    return env


def has_cache(python: str) -> bool:
    laoshan = str(Path(python).parent / "laoshan")
    result = subprocess.run([laoshan, "--help"], capture_output=True, text=True, env=child_env(), check=False)
    return "--no-cache" in result.stdout


def default_data() -> Path:
    candidates = sorted(OUT.glob("big-50000x50000.yaml")) or sorted(OUT.glob("big-*.yaml"))
    if not candidates:
        raise SystemExit("hotspots.py: no big file in benchmarks/out/; run benchmarks/run.py first or give --data")
    return candidates[0]


def short(filename: str, line: int, name: str) -> str:
    marker = f"laoshan_cli{os.sep}"
    if marker in filename:
        filename = "laoshan_cli/" + filename.split(marker, 1)[1]
    elif filename.startswith("~") or filename.startswith("<"):
        return f"{filename}:{name}" if filename != "~" else name
    else:
        filename = Path(filename).name
    return f"{filename}:{line}({name})"


def table(stats: pstats.Stats, key: int, top: int, mine: bool) -> list[str]:
    """Rows of (calls, self, cumulative, function), sorted by column `key` (1 self, 2 cumulative)."""
    raw = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, name), (_, calls, self_time, cumulative, _) in raw.items():
        if mine and "laoshan_cli" not in filename:
            continue
        rows.append((calls, self_time, cumulative, short(filename, line, name)))
    rows.sort(key=lambda row: row[key], reverse=True)
    total = max((row[2] for row in rows), default=0.0) if not mine else None
    lines = [f"{'calls':>10} {'self s':>8} {'cum s':>8}  function"]
    for calls, self_time, cumulative, where in rows[:top]:
        lines.append(f"{calls:>10} {self_time:>8.2f} {cumulative:>8.2f}  {where}")
    if total:
        lines.append(f"(total {total:.2f} s)")
    return lines


def profile(args: argparse.Namespace) -> int:
    python = venv_python(args.python)
    data = Path(args.data) if args.data else default_data()
    out = OUT / "profile.prof"
    OUT.mkdir(parents=True, exist_ok=True)
    command = ["--data", str(data)] + (["--no-cache"] if has_cache(python) else []) + ["metrics", "--format", "json"]
    argv = [python, "-m", "cProfile", "-o", str(out), "-m", "laoshan_cli", *command]
    print(f"$ laoshan {' '.join(command)}  (under cProfile)", flush=True)
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run(argv, stdout=devnull, env=child_env(), check=False)
    if result.returncode != 0:
        print(f"hotspots.py: the profiled command exited {result.returncode}", file=sys.stderr)
        return 1
    stats = pstats.Stats(str(out))
    for title, key, mine in (
        ("laoshan_cli, by cumulative time", 2, True),
        ("laoshan_cli, by self time", 1, True),
        ("everything, by self time", 1, False),
    ):
        print(f"\n## {title}\n")
        print("\n".join(table(stats, key, args.top, mine)))
    print(f"\nprofile saved to {out.relative_to(REPO)} (open with python -m pstats or snakeviz)")
    return 0


def importtime(args: argparse.Namespace) -> int:
    python = venv_python(args.python)
    laoshan = str(Path(python).parent / "laoshan")
    argv = [python, "-X", "importtime", laoshan, "get", "hightech_output_2015", "--format", "plain"]
    print(f"$ python -X importtime laoshan get hightech_output_2015 --format plain  (x{args.runs}, medians)")
    selfs: dict[str, list[int]] = {}
    cumulatives: dict[str, list[int]] = {}
    depth: dict[str, int] = {}
    parent: dict[str, str] = {}
    for _ in range(args.runs):
        result = subprocess.run(argv, capture_output=True, text=True, env=child_env(), check=False)
        pending: dict[int, list[str]] = {}  # importtime prints children first, one level deeper than their parent
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "[us]" in line:
                continue
            self_text, cumulative_text, name = line[len("import time:") :].split("|")
            module = name.strip()
            level = (len(name) - len(name.lstrip()) - 1) // 2
            selfs.setdefault(module, []).append(int(self_text))
            cumulatives.setdefault(module, []).append(int(cumulative_text))
            depth[module] = level
            for child in pending.pop(level + 1, []):
                parent[child] = module
            pending.setdefault(level, []).append(module)
    if not selfs:
        print("hotspots.py: no -X importtime output", file=sys.stderr)
        return 1
    self_ms = {m: statistics.median(v) / 1000 for m, v in selfs.items()}
    cumulative_ms = {m: statistics.median(v) / 1000 for m, v in cumulatives.items()}
    total = sum(self_ms.values())
    print(f"\nall imports: {total:.1f} ms (sum of median self times, {len(self_ms)} modules)")
    top_level = sorted((m for m in cumulative_ms if depth[m] == 0), key=cumulative_ms.__getitem__, reverse=True)
    print("\n## top-level imports, by cumulative time\n")
    for module in top_level[: args.top]:
        print(f"{cumulative_ms[module]:>8.1f} ms  {module}")
    print("\n## every import, by cumulative time (indented by depth; who imported it)\n")
    for module in sorted(cumulative_ms, key=cumulative_ms.__getitem__, reverse=True)[: args.top]:
        by = f"  (by {parent[module]})" if module in parent else ""
        print(f"{cumulative_ms[module]:>8.1f} ms  {'  ' * depth[module]}{module}{by}")
    print("\n## every import, by self time\n")
    for module in sorted(self_ms, key=self_ms.__getitem__, reverse=True)[: args.top]:
        by = f"  (by {parent[module]})" if module in parent else ""
        print(f"{self_ms[module]:>8.1f} ms  {module}{by}")
    return 0


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--python", metavar="PATH", help="the Python of the venv laoshan is installed in")
    common.add_argument("--top", type=int, default=20, help="rows per table (default 20)")
    parser = argparse.ArgumentParser(description="Profile scenario (c) and the imports of scenario (a).")
    commands = parser.add_subparsers(dest="what", required=True)
    prof = commands.add_parser("profile", parents=[common], help="cProfile of metrics --format json on the big file")
    prof.add_argument("--data", metavar="FILE", help="data file (default: benchmarks/out/big-*.yaml)")
    imports = commands.add_parser("importtime", parents=[common], help="python -X importtime of laoshan get")
    imports.add_argument("--runs", type=int, default=7, help="runs to take medians over (default 7)")
    args = parser.parse_args(argv)
    return profile(args) if args.what == "profile" else importtime(args)


if __name__ == "__main__":
    sys.exit(main())
