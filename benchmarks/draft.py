"""Score `laoshan draft` against the hand-labelled corpus in tests/draft/, and time it (issue 11).

    python benchmarks/draft.py [--rounds N] [--show-misses SET]

For every text, `laoshan draft TEXT --format json` runs as a process and its
figures are compared with the labels:

- a **match** is a drafted figure whose span overlaps a labelled one and whose
  stated number is the same (the digits as written, separators and a written
  minus aside; or, for number words and Chinese numerals, the same value);
  each label and each drafted figure matches at most once;
- precision, recall and F1 of matches (the value alone), and of matches whose
  unit (scale, currency, percent or points, multiple, counted noun), qualifier
  and sign are all right too. A counted noun is right when it shares a word
  (English, plural aside) or a character (Chinese) with the label's;
- **silent errors**: matches whose scale or sign is wrong while `sure` is true
  ("sure" counts the drafted figures whose `sure` is true).

The tuning set and the untuned set (tests/draft/README.md names the tuning
texts) are reported separately. Then a 10 KB text (corpus texts run together)
is drafted against `laoshan --version` in the same run, interleaved, and the
medians are compared; laoshan_cli is compiled to bytecode first, as a wheel
install does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "draft"
LAOSHAN = [sys.executable, "-m", "laoshan_cli"]
SIMPLIFIED = str.maketrans("約內過將億萬", "约内过将亿万")
MULTIPLES = {"倍": "倍", "times": "times", "per mille": "per mille", "per-mille points": "per-mille points"}


def tuning_set() -> list[str]:
    """The texts the grammar may be tuned on, as tests/draft/README.md lists them."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tuning set and untuned set", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- `([^`]+)`", section, re.MULTILINE)


@dataclass
class Score:
    labels: int = 0
    drafted: int = 0
    matches: int = 0
    full: int = 0
    silent: int = 0
    sure: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.labels += other.labels
        self.drafted += other.drafted
        self.matches += other.matches
        self.full += other.full
        self.silent += other.silent
        self.sure += other.sure
        self.misses += other.misses


def prf(hits: int, drafted: int, labels: int) -> tuple[float, float, float]:
    precision = hits / drafted if drafted else 0.0
    recall = hits / labels if labels else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def digits_of(stated: str) -> str:
    text = unicodedata.normalize("NFKC", stated)
    return re.sub(r"[\s,\u2212-]", "", text)


def same_number(label: dict[str, Any], record: dict[str, Any]) -> bool:
    if digits_of(label["stated"]) == digits_of(record["stated"]):
        return True
    try:
        return Decimal(label["value"]) == abs(Decimal(repr(record["value"])))
    except ArithmeticError:
        return False


def scale_of(value: str | None) -> str | None:
    return None if value is None else value.translate(SIMPLIFIED)


def noun_right(label: str | None, ours: str | None) -> bool:
    if label is None or ours is None:
        return label is None and ours is None
    if label.isascii() and ours.isascii():
        words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", label)}
        return bool(words & {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", ours)})
    return bool(set(label.translate(SIMPLIFIED)) & set(ours.translate(SIMPLIFIED)))


def unit_right(label: dict[str, Any], record: dict[str, Any]) -> bool:
    multiple = MULTIPLES.get(label["unit"])
    if multiple is not None or label["unit"] in ("ratio", "index points"):
        return record["multiple"] == multiple and multiple is not None
    if record["multiple"] is not None:
        return False
    return (
        scale_of(label["scale"]) == scale_of(record["scale"])
        and label["currency"] == record["currency"]
        and label["percent"] == record["percent"]
        and noun_right(label["noun"], record["noun"])
    )


def qualifier_of(text: str | None) -> str | None:
    return None if text is None else text.lower().translate(SIMPLIFIED)


def score_text(slug: str, records: list[dict[str, Any]]) -> Score:
    labels = json.loads((CORPUS / f"{slug}.labels.json").read_text(encoding="utf-8"))["figures"]
    score = Score(labels=len(labels), drafted=len(records), sure=sum(bool(r["sure"]) for r in records))
    used: set[int] = set()
    for label in labels:
        start, end = label["span"]
        found = None
        for index, record in enumerate(records):
            low, high = record["span"]
            if index not in used and low < end and start < high and same_number(label, record):
                found = index
                break
        if found is None:
            score.misses.append(f"{slug} {label['span']} {label['stated']!r} ({label['unit']}): not drafted")
            continue
        used.add(found)
        record = records[found]
        score.matches += 1
        value_right = Decimal(label["value"]) == abs(Decimal(repr(record["value"])))
        scale_right = scale_of(label["scale"]) == scale_of(record["scale"]) and value_right
        sign_right = label["sign"] == record["sign"]
        right = (
            unit_right(label, record)
            and qualifier_of(label["qualifier"]) == qualifier_of(record["qualifier"])
            and sign_right
        )
        score.full += right
        if record["sure"] and not (scale_right and sign_right):
            score.silent += 1
            score.misses.append(f"{slug} {label['span']} {label['stated']!r}: SILENT scale or sign error")
        elif not right:
            ours = {k: record[k] for k in ("scale", "currency", "percent", "noun", "multiple", "qualifier", "sign")}
            theirs = {k: label[k] for k in ("scale", "currency", "percent", "noun", "qualifier", "sign")}
            score.misses.append(f"{slug} {label['span']} {label['stated']!r}: ours {ours} labels {theirs}")
    for index, record in enumerate(records):
        if index not in used:
            score.misses.append(f"{slug} {record['span']} {record['stated']!r}: drafted, not labelled")
    return score


def draft_records(slug: str) -> list[dict[str, Any]]:
    source = json.loads((CORPUS / f"{slug}.labels.json").read_text(encoding="utf-8"))["source"]
    command = [*LAOSHAN, "draft", str(CORPUS / f"{slug}.txt"), "--format", "json"]
    if source.get("date"):
        command += ["--date", source["date"]]
    done = subprocess.run(command, capture_output=True, text=True, check=True, encoding="utf-8")
    records: list[dict[str, Any]] = json.loads(done.stdout)
    return records


def ten_kb_text(folder: str) -> str:
    """Corpus texts run together up to 10 KB (10,240 bytes of UTF-8), cut at a line end."""
    parts: list[str] = []
    size = 0
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if size + len(line.encode("utf-8")) > 10240:
                break
            parts.append(line)
            size += len(line.encode("utf-8"))
    path = os.path.join(folder, "ten-kb.txt")
    Path(path).write_text("".join(parts), encoding="utf-8")
    return path


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - start


def timing(rounds: int) -> tuple[float, float, int]:
    # Bytecode, as `pip install` writes it for a wheel: under PYTHONDONTWRITEBYTECODE=1 an editable install
    # would compile every module from source on every run (benchmarks/run.py does the same).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "laoshan_cli")], check=False)
    with tempfile.TemporaryDirectory() as folder:
        path = ten_kb_text(folder)
        size = os.path.getsize(path)
        draft = [*LAOSHAN, "draft", path, "--format", "json"]
        version = [*LAOSHAN, "--version"]
        timed(draft), timed(version)  # warm the page cache
        drafts, versions = [], []
        for index in range(rounds):
            pair = [(draft, drafts), (version, versions)]
            for command, into in pair if index % 2 == 0 else reversed(pair):
                into.append(timed(command))
    return statistics.median(drafts), statistics.median(versions), size


def row(name: str, texts: int, score: Score) -> str:
    p, r, f = prf(score.matches, score.drafted, score.labels)
    fp, fr, ff = prf(score.full, score.drafted, score.labels)
    return (
        f"| {name} | {texts} | {score.labels} | {score.drafted} | {p:.3f} | {r:.3f} | **{f:.3f}** "
        f"| {fp:.3f} | {fr:.3f} | **{ff:.3f}** | {score.sure} | {score.silent} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11, help="timing rounds (default 11)")
    parser.add_argument("--show-misses", choices=["tuned", "untuned", "all"], help="list every miss of a set")
    options = parser.parse_args()
    tuned_names = set(tuning_set())
    slugs = sorted(path.name[: -len(".labels.json")] for path in CORPUS.glob("*.labels.json"))
    tuned, untuned = Score(), Score()
    for slug in slugs:
        (tuned if slug in tuned_names else untuned).add(score_text(slug, draft_records(slug)))
    print("| texts | n | labelled | drafted | P value | R value | F1 value | P all | R all | F1 all | sure | silent |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(row("tuned", len(tuned_names), tuned))
    print(row("untuned", len(slugs) - len(tuned_names), untuned))
    both = Score()
    both.add(tuned)
    both.add(untuned)
    print(row("all", len(slugs), both))
    draft_time, version_time, size = timing(options.rounds)
    print()
    print(
        f"10 KB text ({size} bytes): draft {draft_time * 1000:.0f} ms, --version {version_time * 1000:.0f} ms, "
        f"difference {(draft_time - version_time) * 1000:.0f} ms (medians of {options.rounds})"
    )
    if options.show_misses:
        chosen = {"tuned": tuned, "untuned": untuned, "all": both}[options.show_misses]
        print()
        print("\n".join(chosen.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
