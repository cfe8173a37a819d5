"""Turn the hand-written label specs (specs/SLUG.spec) into SLUG.labels.json.

This is bookkeeping, not extraction: every figure, its unit, qualifier, sign,
range and period is written by hand in the spec; this script only locates the
hand-marked number ([[...]] inside a hand-copied context) in the text to get
code-point offsets, and spells the unit string out into the JSON fields.

Spec syntax, one figure per line, in text order:

    context with the [[number]] marked ;; unit ;; key=value ...

keys: q=qualifier  s=-  (a stated decline: sign -1)  p=period (p=- for none)
      r=low,high  v=value  n=note (the rest of the line)
Header lines:  @source {json}   @period ISO-or-   (default period from here on)
Lines starting with # are comments.
"""

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRAFT = HERE.parent
SCALES = {"hundred", "thousand", "million", "billion", "trillion", "亿", "万", "万亿", "千", "lakh", "crore"}
CURRENCIES = {"CNY", "USD", "GBP", "EUR", "INR"}
NOT_NOUNS = {"倍", "times", "per mille", "per-mille points", "ratio", "index points"}
PERCENTS = {"percent", "percentage points", "basis points"}
WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "half": "0.5",
}
ZH = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "百": 100,
    "千": 1000,
}


def zh_value(s):
    total, cur = 0, 0
    for ch in s:
        d = ZH[ch]
        if d >= 10:
            total += (cur or 1) * d
            cur = 0
        else:
            cur = d
    return total + cur


def to_value(stated):
    s = stated.strip().lstrip("-−").replace(",", "").replace(" ", "").replace("\u00a0", "")
    s = s.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "")
    low = s.lower()
    if low in WORDS:
        return str(WORDS[low])
    if all(ch in ZH for ch in s):
        return str(zh_value(s))
    Decimal(s)
    return s


def unit_fields(unit):
    if unit in PERCENTS:
        return None, None, None, unit
    if unit in NOT_NOUNS:
        return None, None, None, None
    if unit == "pence":
        return None, "GBP", None, None
    toks = unit.split(" ")
    if toks[:2] == ["lakh", "crore"]:
        scale, rest = "lakh crore", toks[2:]
    else:
        scale = toks[0] if toks and toks[0] in SCALES else None
        rest = toks[1:] if scale else toks
    currency = None
    noun_toks = []
    for t in rest:
        if t in CURRENCIES:
            currency = t
        else:
            noun_toks.append(t)
    noun = " ".join(noun_toks) or None
    return scale, currency, noun, None


def build(spec_path):
    slug = spec_path.stem
    text = (DRAFT / f"{slug}.txt").read_text(encoding="utf-8")
    source, figures = None, []
    period = None
    last_end = 0
    for lineno, raw in enumerate(spec_path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@source "):
            source = json.loads(line[len("@source ") :])
            continue
        if line.startswith("@period "):
            p = line[len("@period ") :].strip()
            period = None if p == "-" else p
            continue
        parts = line.split(" ;; ")
        ctx = parts[0].replace("\\n", "\n")
        unit = parts[1].strip() if len(parts) > 1 else ""
        keys = parts[2] if len(parts) > 2 else ""
        a = ctx.index("[[")
        b = ctx.index("]]")
        stated = ctx[a + 2 : b]
        plain = ctx[:a] + stated + ctx[b + 2 :]
        pos = -1
        start = 0
        while True:
            pos = text.find(plain, start)
            if pos < 0:
                sys.exit(f"{spec_path.name}:{lineno}: context not found after offset {last_end}: {plain!r}")
            if pos + a >= last_end:
                break
            start = pos + 1
        s0 = pos + a
        s1 = s0 + len(stated)
        assert text[s0:s1] == stated
        last_end = s1
        fig = {"span": [s0, s1], "stated": stated}
        opts = {}
        if keys:
            note = None
            m = re.search(r"(?:^| )n=", keys)
            if m:
                note = keys[m.end() :].strip()
                keys = keys[: m.start()]
            for kv in keys.split():
                k, v = kv.split("=", 1)
                opts[k] = v.replace("_", " ") if k == "q" else v
            if note:
                opts["n"] = note
        value = opts.get("v") or ("" if "r" in opts else to_value(stated))
        rng = None
        if "r" in opts:
            lo, hi = opts["r"].split(",")
            rng = {"low": lo, "high": hi}
            if "v" not in opts:
                value = str((Decimal(lo) + Decimal(hi)) / 2)
        scale, currency, noun, percent = unit_fields(unit)
        sign = -1 if opts.get("s") == "-" or stated.startswith(("-", "−")) else 1
        per = opts.get("p", period)
        if per == "-":
            per = None
        fig.update(
            {
                "value": value,
                "scale": scale,
                "unit": unit,
                "currency": currency,
                "noun": noun,
                "percent": percent,
                "qualifier": opts.get("q"),
                "sign": sign,
                "range": rng,
                "period": per,
            }
        )
        if "n" in opts:
            fig["note"] = opts["n"]
        figures.append(fig)
    out = {"source": source, "figures": figures}
    (DRAFT / f"{slug}.labels.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{slug}: {len(figures)} figures")


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(HERE.glob("*.spec"))
    for p in paths:
        build(p)
