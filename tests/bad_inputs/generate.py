"""Write the bad-input cases that are too big, or too binary, to commit.

    python tests/bad_inputs/generate.py OUTDIR

tests/test_bad_inputs.py calls `write_all` into a temporary directory; the
cases themselves are described in cases.json next to this file. Every case
here is deterministic, so a failure can be reproduced by running this script
and the command the test prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

FIGURE = b"figures:\n  a:\n    value: 1\n"


def billion_laughs() -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode() + FIGURE


def merge_bomb() -> bytes:
    """lN: &lN {<<: [*lN-1, *lN-1], kN: N}: 2**40 keys once merged."""
    lines = ["l0: &l0 {k0: 0}"]
    lines += [f"l{n}: &l{n} {{<<: [*l{n - 1}, *l{n - 1}], k{n}: {n}}}" for n in range(1, 41)]
    return ("\n".join(lines) + "\n").encode() + FIGURE


def flow_nesting(depth: int) -> Callable[[], bytes]:
    return lambda: b"figures: " + b"[" * depth + b"\n"


def long_string() -> bytes:
    return FIGURE + b"    label: " + b"x" * 100_001 + b"\n"


def digits_5000() -> bytes:
    return b"figures:\n  a:\n    value: " + b"9" * 5000 + b"\n"


def over_max_bytes() -> bytes:
    """A valid file of about 2 KB, read with --limit max_file_bytes=1000."""
    return FIGURE + b"    label: " + b"x" * 2000 + b"\n"


def non_utf8() -> bytes:
    return b"figures:\n  a:\n    label: caf\xe9\n    value: 1\n"


def utf16() -> bytes:
    return FIGURE.decode().encode("utf-16")


def surrogate_utf8() -> bytes:
    return b"figures:\n  a:\n    label: \xed\xa0\x80\n    value: 1\n"


def nul() -> bytes:
    return b"figures:\n  a:\n    value: 1\x00\n"


def control_character() -> bytes:
    return b"figures:\n  a:\n    value: 1\x07\n"


def bom_ok() -> bytes:
    return b"\xef\xbb\xbf" + FIGURE


def bom_error_column() -> bytes:
    return b"\xef\xbb\xbffigures:\n  a:\n    value: x1\n"


def bom_only() -> bytes:
    return b"\xef\xbb\xbf"


def cr_line_endings() -> bytes:
    """Old Mac line ends: YAML counts CR as a line break, so must the message."""
    return b"figures:\r  a:\r    label: caf\xe9\r    value: 1\r"


def long_qualifier() -> bytes:
    return FIGURE + b"    qualifier: " + b"q" * 50_000 + b"\n"


def minus_chain() -> bytes:
    return b"-" * 100_000 + b"1"


def plus_chain_argv() -> bytes:
    """As long as one command-line argument can be (128 KiB on Linux) allows."""
    return b"a+" * 60_000 + b"a"


def parens(depth: int) -> bytes:
    return b"(" * depth + b"a" + b")" * depth


def formula_file(formula: bytes) -> Callable[[], bytes]:
    return lambda: FIGURE + b"metrics:\n  m:\n    formula: " + formula + b"\n"


FILES: dict[str, Callable[[], bytes]] = {
    "yaml_billion_laughs.yaml": billion_laughs,
    "yaml_merge_bomb.yaml": merge_bomb,
    "yaml_flow_nesting_30000.yaml": flow_nesting(30_000),
    "yaml_flow_nesting_1000000.yaml": flow_nesting(1_000_000),
    "yaml_long_string.yaml": long_string,
    "value_5000_digits.yaml": digits_5000,
    "file_over_max_bytes.yaml": over_max_bytes,
    "bytes_non_utf8.yaml": non_utf8,
    "bytes_utf16.yaml": utf16,
    "bytes_surrogate_utf8.yaml": surrogate_utf8,
    "bytes_nul.yaml": nul,
    "bytes_control_character.yaml": control_character,
    "bytes_bom_ok.yaml": bom_ok,
    "bytes_bom_error_column.yaml": bom_error_column,
    "bytes_bom_only.yaml": bom_only,
    "bytes_cr_line_endings.yaml": cr_line_endings,
    "value_long_qualifier.yaml": long_qualifier,
    "calc_minus_chain.txt": minus_chain,
    "calc_minus_chain_as_option.txt": minus_chain,
    "calc_minus_chain_raised_limits.txt": minus_chain,
    "calc_plus_chain.txt": plus_chain_argv,
    "calc_plus_chain_raised_limits.txt": plus_chain_argv,
    "calc_parens_60000.txt": lambda: parens(60_000),
    "formula_plus_chain.yaml": formula_file(b"a+" * 100_000 + b"a"),
    "formula_plus_chain_raised_limits.yaml": formula_file(b"a+" * 100_000 + b"a"),
    "formula_parens_1000000.yaml": formula_file(parens(1_000_000)),
}

# Just over the default max_file_bytes (64 MiB), written sparse: no disk cost.
SPARSE = {"file_over_default_max_bytes.yaml": 64 * 1024 * 1024 + 1}


def write_all(directory: Path) -> list[Path]:
    """Write every generated case into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FILES.items():
        path = directory / name
        path.write_bytes(make())
        written.append(path)
    for name, size in SPARSE.items():
        path = directory / name
        with open(path, "wb") as handle:
            handle.write(FIGURE)
            handle.truncate(size)
        written.append(path)
    return written


def names() -> set[str]:
    return set(FILES) | set(SPARSE)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUTDIR")
    for written_path in write_all(Path(sys.argv[1])):
        print(written_path)
