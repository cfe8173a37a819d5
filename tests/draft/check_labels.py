"""Check every hand-labelled text under tests/draft/ (standard library only).

For each SLUG.labels.json beside a SLUG.txt it verifies:
  - the text decodes as UTF-8 and has LF line endings only;
  - source and figure keys are present, with values of the allowed kinds;
  - text[start:end] == stated for every span (offsets in code points);
  - spans are in range, non-empty and do not overlap;
  - value, range low/high parse as decimals; sign is 1 or -1;
  - scale, percent and language are among the allowed words;
  - period, where given, looks like ISO 8601 (year, month, day, quarter,
    half, or an interval of two joined by '/').
Then prints a table: file, language, figures.  Exit status 1 on any error.

Usage: python3 tests/draft/check_labels.py [DIR]
"""

import itertools
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

SOURCE_KEYS = {"title", "url", "publisher", "date", "language", "retrieved_with"}
FIGURE_KEYS = {
    "span",
    "stated",
    "value",
    "scale",
    "unit",
    "currency",
    "noun",
    "percent",
    "qualifier",
    "sign",
    "range",
    "period",
}
OPTIONAL_FIGURE_KEYS = {"note"}
SCALES = {
    None,
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "亿",
    "万",
    "万亿",
    "千",
    "lakh",
    "crore",
    "lakh crore",
}
PERCENTS = {None, "percent", "percentage points", "basis points"}
CURRENCIES = {None, "CNY", "USD", "GBP", "EUR", "INR"}
QUALIFIERS = {
    None,
    "nearly",
    "almost",
    "more than",
    "over",
    "at least",
    "less than",
    "under",
    "at most",
    "up to",
    "around",
    "about",
    "approximately",
    "roughly",
    "some",
    "close to",
    "well over",
    "upwards of",
    "in excess of",
    "just over",
    "fewer than",
    "below",
    "just under",
    "近",
    "将近",
    "约",
    "約",
    "左右",
    "超过",
    "逾",
    "多",
    "以上",
    "不足",
    "不到",
    "以下",
    "突破",
    "以内",
    "以內",
}
_P = r"\d{4}(-(\d{2}(-\d{2})?|Q[1-4]|H[12]))?"
PERIOD = re.compile(rf"^{_P}(/{_P})?$")


def is_decimal(s):
    if not isinstance(s, str):
        return False
    try:
        Decimal(s)
    except InvalidOperation:
        return False
    return True


def check_file(labels_path):
    errors = []
    slug = labels_path.name[: -len(".labels.json")]
    txt_path = labels_path.with_name(slug + ".txt")
    if not txt_path.exists():
        return slug, None, 0, [f"missing text {txt_path.name}"]
    raw = txt_path.read_bytes()
    if b"\r" in raw:
        errors.append("text has CR characters (want LF line endings)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return slug, None, 0, [f"text is not UTF-8: {exc}"]
    try:
        data = json.loads(labels_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return slug, None, 0, [f"labels are not JSON: {exc}"]

    source = data.get("source")
    lang = None
    if not isinstance(source, dict):
        errors.append("no source object")
    else:
        missing = SOURCE_KEYS - source.keys()
        if missing:
            errors.append(f"source lacks {sorted(missing)}")
        lang = source.get("language")
        if lang not in ("en", "zh"):
            errors.append(f"source language {lang!r} is not en or zh")
        date = source.get("date")
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
            errors.append(f"source date {date!r} is not YYYY-MM-DD or null")
        if not source.get("url") or not source.get("title"):
            errors.append("source needs a url and a title")

    figures = data.get("figures")
    if not isinstance(figures, list) or not figures:
        errors.append("no figures")
        figures = []
    spans = []
    for i, fig in enumerate(figures):
        where = f"figure {i}"
        if not isinstance(fig, dict):
            errors.append(f"{where}: not an object")
            continue
        missing = FIGURE_KEYS - fig.keys()
        extra = fig.keys() - FIGURE_KEYS - OPTIONAL_FIGURE_KEYS
        if missing:
            errors.append(f"{where}: lacks {sorted(missing)}")
            continue
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")
        span = fig["span"]
        if not isinstance(span, list) or len(span) != 2 or not all(isinstance(x, int) for x in span):
            errors.append(f"{where}: span {span!r} is not [start, end]")
            continue
        start, end = span
        where = f"figure {i} {fig['stated']!r} at {start}"
        if not 0 <= start < end <= len(text):
            errors.append(f"{where}: span out of range")
            continue
        if text[start:end] != fig["stated"]:
            errors.append(f"{where}: text has {text[start:end]!r}")
        spans.append((start, end, i))
        if not is_decimal(fig["value"]):
            errors.append(f"{where}: value {fig['value']!r} is not a decimal")
        if fig["sign"] not in (1, -1):
            errors.append(f"{where}: sign {fig['sign']!r}")
        if fig["scale"] not in SCALES:
            errors.append(f"{where}: scale {fig['scale']!r}")
        if fig["percent"] not in PERCENTS:
            errors.append(f"{where}: percent {fig['percent']!r}")
        if fig["currency"] not in CURRENCIES:
            errors.append(f"{where}: currency {fig['currency']!r}")
        if fig["qualifier"] not in QUALIFIERS:
            errors.append(f"{where}: qualifier {fig['qualifier']!r}")
        if not isinstance(fig["unit"], str) or not fig["unit"]:
            errors.append(f"{where}: unit {fig['unit']!r}")
        rng = fig["range"]
        if rng is not None:
            if (
                not isinstance(rng, dict)
                or set(rng) != {"low", "high"}
                or not is_decimal(rng["low"])
                or not is_decimal(rng["high"])
            ):
                errors.append(f"{where}: range {rng!r}")
            elif Decimal(rng["low"]) > Decimal(rng["high"]):
                errors.append(f"{where}: range low above high")
        per = fig["period"]
        if per is not None and not PERIOD.match(str(per)):
            errors.append(f"{where}: period {per!r} is not ISO 8601")
    spans.sort()
    for (_s0, e0, i0), (s1, _e1, i1) in itertools.pairwise(spans):
        if s1 < e0:
            errors.append(f"figures {i0} and {i1} overlap at {s1}")
    return slug, lang, len(figures), errors


def main(argv):
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    rows, bad = [], 0
    for path in sorted(root.glob("*.labels.json")):
        slug, lang, n, errors = check_file(path)
        rows.append((slug, lang or "?", n, len(errors)))
        for e in errors:
            print(f"{path.name}: {e}")
        bad += len(errors)
    width = max([len(r[0]) for r in rows] + [4])
    print(f"{'file':<{width}}  lang  figures  errors")
    for slug, lang, n, nerr in rows:
        print(f"{slug:<{width}}  {lang:<4}  {n:>7}  {nerr:>6}")
    langs = {}
    for _, lang, n, _ in rows:
        t, f = langs.get(lang, (0, 0))
        langs[lang] = (t + 1, f + n)
    total = sum(r[2] for r in rows)
    print(f"{'total':<{width}}        {total:>7}  {bad:>6}")
    for lang, (t, f) in sorted(langs.items()):
        print(f"  {lang}: {t} texts, {f} figures")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
