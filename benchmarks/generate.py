"""Generate a big, valid laoshan data file, deterministically.

    python benchmarks/generate.py N_FIGURES N_METRICS OUT.yaml [--seed S] [--deep-chain L]

The file looks like many reports about many districts over many years: each
district-year is a block of figures (outputs in billion CNY, sector outputs
in million CNY, growth and shares in percent, patents, residents, patents per
10,000 residents, tonnes, an exchange rate in CNY/USD), with decimals of
several precisions, plain integers, thousands separators, exponents,
qualifiers, `precision:`, `low`/`high`, labels and quotes with punctuation.

Metrics, in this order of priority until N_METRICS are made:

- one deep chain of L metrics (default: a tenth of the metrics, at most
  5,000): each adds a new figure to the previous one, and every 16th scales
  the previous one by a small decimal such as 1.05, so exact numbers grow
  slowly (well under the default 8192 bits). Its last metric is always named
  DEEP_CHAIN_LAST (`deep_chain_last`); the script prints it.
- medium chains of 100 metrics over patents and tonnes (another tenth);
- per district-year: fan-in sums of 10-20 sector figures, shares of a sector
  in that sum (a / total, where total includes a: the expensive, tight path),
  growth back-calculations x / (1 + g) and the increase x - x / (1 + g),
  unit conversions (billion CNY to USD through a rate, to million CNY),
  ratios, per-capita values, min/max/abs and a power;
- then year-over-year growth and district sums across years, cycling until
  the count is reached.

Checks (one per 100 metrics) compare shares with 100%, totals with their
parts and rates with constants. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

DEEP_CHAIN_LAST = "deep_chain_last"
DEEP_CHAIN_MAX = 5000
SCALE_EVERY = 16  # every SCALE_EVERY-th chain step multiplies instead of adding
SCALE_FACTORS = ("1.05", "0.95", "1.1", "0.9", "1.02", "0.98")
MEDIUM_CHAIN = 100
YEARS = tuple(range(2008, 2020))

PUBLISHERS = ("China Daily", "Qingdao News", "Xinhua", "Shandong Statistics Bureau", "District Yearbook")
SECTOR_WORDS = (
    "electronics",
    "software",
    "biomedicine",
    "new materials",
    "marine engineering",
    "smart appliances",
    "robotics",
    "logistics",
    "tourism",
    "finance",
    "education",
    "healthcare",
    "agriculture",
    "textiles",
    "chemicals",
    "machinery",
    "energy",
    "construction",
    "retail",
    "media",
)
QUOTE_OPENERS = (
    "According to the district government,",
    "Officials said on Tuesday that",
    'In its annual report ("Innovation and Growth"),',
    "Figures released last week show that",
    "The statistics bureau's bulletin — published in March — says",
    "As the deputy director put it:",
)


@dataclass
class Figure:
    name: str
    value: str  # as written in the file
    unit: str
    bounded: bool = True  # finite bounds on both ends
    positive: bool = True  # bounds exclude zero, so it may divide
    fields: dict[str, str] = field(default_factory=dict)  # other fields, already YAML-quoted where needed


@dataclass
class Block:
    """The figures of one district-year."""

    district: int
    year: int
    figures: dict[str, Figure] = field(default_factory=dict)
    sectors: list[Figure] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"d{self.district}_{self.year}"


@dataclass
class Metric:
    name: str
    formula: str
    unit: str
    label: str | None = None


def q(text: str) -> str:
    """A YAML double-quoted scalar; JSON strings are valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def decimal(rng: random.Random, low: float, high: float, places: int) -> str:
    value = rng.uniform(low, high)
    return f"{value:.{places}f}"


def grouped(value: int) -> str:
    return f"{value:,}"


class Generator:
    def __init__(self, n_figures: int, n_metrics: int, seed: int, deep_chain: int | None) -> None:
        if n_figures < 30:
            raise SystemExit("generate.py: need at least 30 figures")
        self.rng = random.Random(seed)
        self.n_figures = n_figures
        self.n_metrics = n_metrics
        self.deep_chain = min(DEEP_CHAIN_MAX, max(2, n_metrics // 10)) if deep_chain is None else deep_chain
        if self.deep_chain > n_metrics:
            raise SystemExit("generate.py: the deep chain is longer than N_METRICS")
        self.blocks: list[Block] = []
        self.figure_count = 0
        self.metrics: list[Metric] = []
        self.checks: list[tuple[str, str]] = []

    # -- figures -------------------------------------------------------------

    def make_blocks(self) -> None:
        district = 0
        while self.figure_count < self.n_figures:
            for year in YEARS:
                if self.figure_count >= self.n_figures:
                    break
                block = self.block(district, year)
                if block.figures:
                    self.blocks.append(block)
            district += 1

    def add(self, block: Block, key: str, figure: Figure) -> Figure | None:
        if self.figure_count >= self.n_figures:
            return None
        self.figure_count += 1
        block.figures[key] = figure
        return figure

    def quote(self, sentence: str) -> str:
        rng = self.rng
        opener = rng.choice(QUOTE_OPENERS)
        tail = rng.choice(
            (
                "",
                ", up from the year before.",
                "; the rest came from services, trade and tourism.",
                " (see table 3, p. 12).",
                ', a record — and "a solid base for next year," the mayor said.',
            )
        )
        return f"{opener} {sentence}{tail}"

    def describe(self, figure: Figure, block: Block, label: str, sentence: str) -> Figure:
        """Labels on most figures, quotes on some, a year and a source on a few."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.2:
            figure.fields["label"] = q(f"{label}, district {block.district}, {block.year}")
        if roll < 0.04:
            figure.fields["quote"] = q(self.quote(sentence))
        if rng.random() < 0.06:
            figure.fields["year"] = str(block.year)
        if rng.random() < 0.03:
            publisher = rng.choice(PUBLISHERS)
            figure.fields["source"] = f"{{title: {q(f'Yearbook {block.year}: district {block.district}')}, "
            figure.fields["source"] += f"publisher: {q(publisher)}}}"
        return figure

    def hedge(self, figure: Figure, *, allow_open: bool, allow_below: bool) -> None:
        """A qualifier, precision, exactness or explicit bounds, or none."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            figure.fields["qualifier"] = rng.choice(("nearly", "almost", "Nearly"))
        elif roll < 0.16:
            figure.fields["qualifier"] = rng.choice(("around", "about", "approximately", "roughly"))
        elif roll < 0.19 and allow_open:
            figure.fields["qualifier"] = rng.choice(("more than", "over", "at least"))
            figure.bounded = False
        elif roll < 0.21 and allow_below:
            figure.fields["qualifier"] = rng.choice(("less than", "under", "at most", "up to"))
            figure.bounded = False
            figure.positive = False

    def block(self, district: int, year: int) -> Block:
        rng = self.rng
        block = Block(district, year)
        p = block.prefix

        output = Figure(f"{p}_output", decimal(rng, 5, 400, rng.choice((1, 1, 2, 3))), "billion CNY")
        self.hedge(output, allow_open=False, allow_below=False)
        if "qualifier" not in output.fields and rng.random() < 0.05:
            output.fields["precision"] = "0.05"
        sentence = f"high-tech output reached {output.value} billion yuan"
        if self.add(block, "output", self.describe(output, block, "High-tech output value", sentence)) is None:
            return block

        usd = Figure(f"{p}_usd", decimal(rng, 1, 60, rng.choice((1, 2))), "billion USD")
        self.hedge(usd, allow_open=False, allow_below=False)
        self.add(block, "usd", self.describe(usd, block, "High-tech output value in US dollars", f"(${usd.value} bn)"))

        rate = Figure(f"{p}_rate", decimal(rng, 6.1, 7.3, rng.choice((2, 3, 4))), "CNY/USD")
        if rng.random() < 0.1:
            rate.fields["low"] = str(round(float(rate.value) - 0.05, 2))
        self.add(block, "rate", self.describe(rate, block, "Exchange rate", f"the yuan traded at {rate.value}"))

        growth_value = decimal(rng, -6, 18, 1)
        if growth_value in ("-0.0", "0.0"):
            growth_value = "1.5"
        growth = Figure(f"{p}_growth", growth_value, rng.choice(("percent", "percent", '"%"')))
        self.add(block, "growth", self.describe(growth, block, "Growth over the year before", f"up {growth_value}%"))

        share = Figure(f"{p}_share", decimal(rng, 20, 95, 1), "percent")
        self.add(block, "share", self.describe(share, block, "High-tech share of industrial output", "a share"))

        granted = Figure(f"{p}_granted", grouped(rng.randint(100, 9000)), "patents")
        self.hedge(granted, allow_open=True, allow_below=True)
        self.add(block, "granted", self.describe(granted, block, "Invention patents granted", "patents granted"))

        valid = Figure(f"{p}_valid", grouped(rng.randint(2000, 60000)), "patents")
        if rng.random() < 0.3:
            valid.fields["exact"] = "true"
        self.add(block, "valid", self.describe(valid, block, "Valid invention patents", "valid patents held"))

        density = Figure(f"{p}_density", str(rng.randint(20, 300)), "patents per 10,000 residents")
        density.fields["precision"] = "0.5"
        self.add(block, "density", self.describe(density, block, "Invention patents per 10,000 residents", "each"))

        residents = Figure(f"{p}_residents", grouped(rng.randint(80, 2500) * 1000), "residents")
        residents.fields["qualifier"] = rng.choice(("around", "about", "nearly"))
        self.add(block, "residents", self.describe(residents, block, "Residents", "home to some residents"))

        companies = Figure(f"{p}_companies", str(rng.randint(30, 900)), "companies")
        self.hedge(companies, allow_open=False, allow_below=False)
        self.add(block, "companies", self.describe(companies, block, "High-tech companies", "companies"))

        if rng.random() < 0.5:
            co2_value = f"{rng.uniform(1.0, 9.9):.{rng.choice((1, 2))}f}e{rng.choice((3, 4, 5))}"
        else:
            co2_value = grouped(rng.randint(1000, 900000))
        co2 = Figure(f"{p}_co2", co2_value, "tonnes")
        self.hedge(co2, allow_open=True, allow_below=True)
        self.add(block, "co2", self.describe(co2, block, "Carbon dioxide emitted", f"{co2_value} tonnes of CO2"))

        for index in range(rng.randint(10, 20)):
            word = SECTOR_WORDS[index]
            sector = Figure(f"{p}_s{index:02d}", decimal(rng, 50, 9000, rng.choice((0, 1, 1, 2))), "million CNY")
            self.hedge(sector, allow_open=True, allow_below=False)
            if "qualifier" not in sector.fields and rng.random() < 0.05:
                sector.fields["precision"] = "5"
            if self.add(block, f"s{index:02d}", self.describe(sector, block, f"Output of {word}", word)) is None:
                break
            block.sectors.append(sector)
        return block

    # -- metrics -------------------------------------------------------------

    def metric(self, name: str, formula: str, unit: str, label: str | None = None) -> bool:
        """Add a metric unless the count is reached; True when added."""
        if len(self.metrics) >= self.n_metrics:
            return False
        self.metrics.append(Metric(name, formula, unit, label))
        return True

    def cny_figures(self) -> list[Figure]:
        """Bounded, positive figures in CNY, for the deep chain."""
        found = []
        for block in self.blocks:
            for key, figure in block.figures.items():
                if (key == "output" or key[1:].isdigit()) and figure.bounded and figure.positive:
                    found.append(figure)
        return found

    def deep(self) -> None:
        pool = self.cny_figures()
        if not pool:
            raise SystemExit("generate.py: no CNY figures for the deep chain")
        length = self.deep_chain
        previous = pool[0].name
        for step in range(1, length + 1):
            name = DEEP_CHAIN_LAST if step == length else f"deep_chain_{step:05d}"
            if step % SCALE_EVERY == 0:
                formula = f"{previous} * {self.rng.choice(SCALE_FACTORS)}"
            else:
                formula = f"{previous} + {pool[step % len(pool)].name}"
            label = "The last step of the deep chain" if step == length else None
            self.metric(name, formula, "billion CNY", label)
            previous = name

    def medium_chains(self, budget: int) -> None:
        patents = [b.figures["valid"] for b in self.blocks if "valid" in b.figures]
        tonnes = [b.figures["co2"] for b in self.blocks if "co2" in b.figures]
        chain = 0
        made = 0
        while made < budget and patents and tonnes:
            pool, unit = (patents, "patents") if chain % 2 == 0 else (tonnes, "thousand tonnes")
            previous = pool[(chain * 7) % len(pool)].name
            for step in range(1, MEDIUM_CHAIN + 1):
                if made >= budget:
                    return
                name = f"chain{chain:03d}_{step:03d}"
                if unit == "thousand tonnes" and step % 25 == 0:
                    formula = f"{previous} * 0.9"
                else:
                    formula = f"{previous} + {pool[(chain * 31 + step) % len(pool)].name}"
                self.metric(name, formula, unit)
                previous = name
                made += 1
            chain += 1

    def block_metrics(self, block: Block) -> Iterator[Metric]:
        """The metrics of one district-year, most useful first."""
        f = {key: figure.name for key, figure in block.figures.items()}
        p = block.prefix
        sectors = [s.name for s in block.sectors]
        if len(sectors) >= 10:
            yield Metric(f"{p}_total", " + ".join(sectors), "billion CNY", "Sum of sector outputs")
            for sector in block.sectors[:6:2]:
                yield Metric(f"{sector.name}_share", f"{sector.name} / {p}_total", "percent")
        if "growth" in f and "output" in f:
            yield Metric(f"{p}_prev", f"{f['output']} / (1 + {f['growth']})", "billion CNY")
            yield Metric(f"{p}_increase", f"{f['output']} - {p}_prev", "million CNY")
        if "rate" in f:
            yield Metric(f"{p}_in_usd", f"{f['output']} / {f['rate']}", "billion USD", "Converted at the rate")
        if "usd" in f:
            yield Metric(f"{p}_implied_rate", f"{f['output']} / {f['usd']}", "CNY/USD")
        if "share" in f:
            yield Metric(f"{p}_industrial", f"{f['output']} / {f['share']}", "billion CNY")
            yield Metric(f"{p}_other", f"{p}_industrial - {f['output']}", "100 million CNY")
        if "density" in f and "valid" in f:
            yield Metric(f"{p}_population", f"{f['valid']} / {f['density']}", "residents")
        if "residents" in f:
            yield Metric(f"{p}_per_capita", f"{f['output']} / {f['residents']}", "thousand CNY per residents")
        if "companies" in f:
            yield Metric(f"{p}_per_company", f"{f['output']} / {f['companies']}", "million CNY/companies")
        if "co2" in f:
            yield Metric(f"{p}_co2_intensity", f"{f['co2']} / {f['output']}", "tonnes per million CNY")
        if "granted" in f and "valid" in f:
            yield Metric(f"{p}_granted_share", f"{f['granted']} / {f['valid']}", "percent")
        yield Metric(f"{p}_million", f"{f['output']}", "million CNY")
        if "growth" in f and "output" in f:
            yield Metric(f"{p}_projection", f"{f['output']} * (1 + {f['growth']}) ** 2", "billion CNY")
            yield Metric(f"{p}_abs_growth", f"abs({f['growth']})", "percent")
        if len(sectors) >= 10:
            yield Metric(
                f"{p}_top_two", f"max({sectors[0]}, {sectors[1]}) + min({sectors[2]}, {sectors[3]})", "million CNY"
            )
            for sector in block.sectors[1:6:2]:
                yield Metric(f"{sector.name}_share", f"{sector.name} / {p}_total", "percent")

    def cross_metrics(self) -> Iterator[Metric]:
        """Year-over-year growth, then district sums across years; endless, with rounds."""
        by_district: dict[int, list[Block]] = {}
        for block in self.blocks:
            if "output" in block.figures:
                by_district.setdefault(block.district, []).append(block)
        round_ = 0
        while True:
            for district, blocks in by_district.items():
                for before, after in itertools.pairwise(blocks):
                    a, b = after.figures["output"].name, before.figures["output"].name
                    yield Metric(f"{after.prefix}_yoy_r{round_}", f"{a} / {b} - 1", "percent")
                if len(blocks) >= 2:
                    outputs = " + ".join(b.figures["output"].name for b in blocks)
                    yield Metric(f"d{district}_all_years_r{round_}", outputs, "billion CNY")
            round_ += 1

    def make_metrics(self) -> None:
        self.deep()
        self.medium_chains(min(self.n_metrics // 10, self.n_metrics - len(self.metrics)))
        iterators = [self.block_metrics(block) for block in self.blocks]
        while iterators and len(self.metrics) < self.n_metrics:
            alive = []
            for iterator in iterators:
                metric = next(iterator, None)
                if metric is None:
                    continue
                alive.append(iterator)
                if not self.metric(metric.name, metric.formula, metric.unit, metric.label):
                    break
            iterators = alive
        cross = self.cross_metrics()
        while len(self.metrics) < self.n_metrics:
            metric = next(cross)
            self.metric(metric.name, metric.formula, metric.unit, metric.label)

    def make_checks(self) -> None:
        names = {m.name for m in self.metrics}
        wanted = max(1, len(self.metrics) // 100)
        for block in self.blocks:
            if len(self.checks) >= wanted:
                break
            p = block.prefix
            candidates = [
                (f"{p} share of its first sector is at most 100%", f"{p}_s00_share <= 100%", f"{p}_s00_share"),
                (f"{p} sector total exceeds its first sector", f"{p}_total > {p}_s00", f"{p}_total"),
                (
                    f"{p} implied rate is at least 1 CNY per USD",
                    f"{p}_implied_rate >= 1 [CNY/USD]",
                    f"{p}_implied_rate",
                ),
                (f"{p} population is positive", f"{p}_population > 0 [residents]", f"{p}_population"),
            ]
            for name, assertion, needs in candidates:
                if needs in names and len(self.checks) < wanted:
                    self.checks.append((name, assertion))
        if DEEP_CHAIN_LAST in names and len(self.checks) < wanted + 1:
            self.checks.append(("the deep chain ends above zero", f"{DEEP_CHAIN_LAST} > 0 [billion CNY]"))

    # -- output --------------------------------------------------------------

    def write(self, out: list[str]) -> None:
        out.append("# Generated by benchmarks/generate.py: many districts and years, for benchmarks.\n")
        out.append('source: {title: "Benchmark Yearbook: districts, 2008-2019", publisher: laoshan benchmarks}\n')
        out.append("figures:\n")
        for block in self.blocks:
            for figure in block.figures.values():
                out.append(f"  {figure.name}:\n    value: {figure.value}\n    unit: {figure.unit}\n")
                for key, text in figure.fields.items():
                    out.append(f"    {key}: {text}\n")
        out.append("metrics:\n")
        for metric in self.metrics:
            out.append(f"  {metric.name}:\n    formula: {metric.formula}\n    unit: {metric.unit}\n")
            if metric.label:
                out.append(f"    label: {q(metric.label)}\n")
        if self.checks:
            out.append("checks:\n")
            for name, assertion in self.checks:
                out.append(f"  - name: {q(name)}\n    assert: {assertion}\n")


def generate(n_figures: int, n_metrics: int, path: str, *, seed: int = 1, deep_chain: int | None = None) -> str:
    """Write the data file and return the name of the deep chain's last metric."""
    generator = Generator(n_figures, n_metrics, seed, deep_chain)
    generator.make_blocks()
    generator.make_metrics()
    generator.make_checks()
    assert generator.figure_count == n_figures, (generator.figure_count, n_figures)
    assert len(generator.metrics) == n_metrics, (len(generator.metrics), n_metrics)
    parts: list[str] = []
    generator.write(parts)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(parts))
    return DEEP_CHAIN_LAST if n_metrics else ""


# -- worst cases of tightening ---------------------------------------------------------

WORST_FIGURES = 32  # as many as one expanded cone may hold
WORST_CHAIN = 63  # metrics per chain: each cone stays within the expansion cap of 64
WORST_STEPS = {
    # how each chain step uses the previous metric p and a figure f (g: another figure)
    "chain": "abs({p} - {f})",
    "minmax": "max({p} - {f}, min({f} - {p}, {g}))",
    "product": "{p} * {f} / ({g} + 1) - {p}",
    "division": "{f} / (abs({p}) + 1) - {g} / ({f} + 1)",
    "power": "min(({p} - {f}) ** 2, {g} * 10)",
    "shared": "{f} * {g} - {f} / ({g} + 1) + abs({f} - {g}) - {p} * 0",
    "nested": "abs(" * 30 + "{p} - {f}" + ") - {g}" * 30,
    "long": " + ".join(f"abs({{p}} - f{i})" for i in range(WORST_FIGURES)),
}
WORST_KINDS = (*WORST_STEPS, "checks", "mixed")


def worst_case(kind: str, size: int = 64 * 1024) -> str:
    """A valid data file of at most `size` bytes built to make tightening work hard.

    32 figures of wide bounds, then chains of metrics where each step uses the
    previous one and a figure again, so every cone shares figures (the
    expensive path), restarting every WORST_CHAIN metrics to stay within the
    expansion caps. "checks" adds checks on such chains; "mixed" cycles the
    step kinds. Same arguments, same bytes.
    """
    if kind not in WORST_KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(WORST_KINDS)}")
    lines = ["figures:"]
    for i in range(WORST_FIGURES):
        lines.append(f"  f{i}: {{value: {i % 7 + 2}.5, low: {i % 3}, high: {i % 7 + 5}}}")
    head = "\n".join(lines) + "\nmetrics:\n"
    body: list[str] = []
    checks: list[str] = []
    used = len(head) + len("checks:\n")
    steps = list(WORST_STEPS.values())
    for index in itertools.count():
        chain, step = divmod(index, WORST_CHAIN)
        name, previous = f"c{chain}_{step}", f"c{chain}_{step - 1}"
        f, g = f"f{index % WORST_FIGURES}", f"f{(index * 7 + 3) % WORST_FIGURES}"
        if step == 0:
            formula = f"{f} - {g}"
        else:
            pattern = steps[index % len(steps)] if kind == "mixed" else WORST_STEPS.get(kind, WORST_STEPS["chain"])
            formula = pattern.format(p=previous, f=f, g=g)
        line = f"  {name}: {{formula: '{formula}'}}\n"
        check = f"  - {{name: k{index}, assert: '{name} - {previous} <= {f}'}}\n" if kind == "checks" and step else ""
        if used + len(line) + len(check) > size:
            break
        body.append(line)
        checks.append(check)
        used += len(line) + len(check)
    text = head + "".join(body)
    if any(checks):
        text += "checks:\n" + "".join(checks)
    assert len(text.encode()) <= size
    return text


def consistency_case(blocks: int = 10, *, conflict: bool = False, seed: int = 1) -> str:
    """A file for `laoshan consistent`: `blocks` blocks of 5 figures, 5 metrics and 5 checks, all linked.

    Each block is the shipped article's pattern: yuan and dollar figures with
    a reference rate they must agree with, and 70 percent of nearly 100
    projects as a whole number (whole: true). A check links each block's
    implied rate to the one before, so the claims form one group. With
    `conflict`, the middle block's reference rate is far from its implied one.
    """
    rng = random.Random(seed)
    figures, metrics, checks = [], [], []
    for k in range(blocks):
        usd = rng.randint(30, 90) / 10
        rate = rng.randint(660, 700) / 100
        cny = round(usd * rate, 1)
        implied = cny / usd
        reference = 6.2 if conflict and k == blocks // 2 else round(implied, 2)
        figures += [
            f"  d{k}_cny: {{value: {cny:.1f}, unit: billion CNY}}\n",
            f"  d{k}_usd: {{value: {usd:.1f}, unit: billion USD}}\n",
            f"  d{k}_rate: {{value: {reference:.2f}, unit: CNY/USD}}\n",
            f"  d{k}_projects: {{value: 100, qualifier: nearly, unit: projects}}\n",
            f"  d{k}_share: {{value: {rng.choice((60, 65, 70, 75))}, unit: percent}}\n",
        ]
        metrics += [
            f"  d{k}_implied: {{formula: d{k}_cny / d{k}_usd, unit: CNY/USD}}\n",
            f"  d{k}_usd_at_rate: {{formula: d{k}_cny / d{k}_rate, unit: billion USD}}\n",
            f"  d{k}_share_projects: {{formula: d{k}_projects * d{k}_share, unit: projects, whole: true}}\n",
            f"  d{k}_other_projects: {{formula: d{k}_projects - d{k}_share_projects, unit: projects}}\n",
            f"  d{k}_cny_per_project: {{formula: d{k}_cny / d{k}_projects, unit: billion CNY per projects}}\n",
        ]
        link = f"d{k}_implied - d{k - 1}_implied <= 0.5 [CNY/USD]" if k else "d0_implied <= 7.5 [CNY/USD]"
        checks += [
            f'  - {{name: d{k} rates agree, assert: "abs(d{k}_implied - d{k}_rate) <= 0.01 [CNY/USD]"}}\n',
            f'  - {{name: d{k} dollars agree, assert: "abs(d{k}_usd_at_rate - d{k}_usd) <= 0.1 [billion USD]"}}\n',
            f'  - {{name: d{k} share at most all, assert: "d{k}_share <= 100%"}}\n',
            f'  - {{name: d{k} other projects, assert: "d{k}_other_projects >= 20 [projects]"}}\n',
            f'  - {{name: d{k} linked, assert: "{link}"}}\n',
        ]
    return "figures:\n" + "".join(figures) + "metrics:\n" + "".join(metrics) + "checks:\n" + "".join(checks)


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["worst"]:
        worst = argparse.ArgumentParser(prog="generate.py worst", description="Write a worst case of tightening.")
        worst.add_argument("kind", choices=WORST_KINDS)
        worst.add_argument("out", metavar="OUT.yaml")
        worst.add_argument("--bytes", type=int, default=64 * 1024, help="the most the file may hold (default 65536)")
        options = worst.parse_args(argv[1:])
        with open(options.out, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(worst_case(options.kind, options.bytes))
        return 0
    if argv[:1] == ["consistent"]:
        consistent = argparse.ArgumentParser(prog="generate.py consistent", description="Write a file for consistent.")
        consistent.add_argument("out", metavar="OUT.yaml")
        consistent.add_argument("--blocks", type=int, default=10, help="blocks of 5 figures, metrics and checks")
        consistent.add_argument("--conflict", action="store_true", help="make one block's rates disagree")
        options = consistent.parse_args(argv[1:])
        with open(options.out, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(consistency_case(options.blocks, conflict=options.conflict))
        return 0
    parser = argparse.ArgumentParser(description="Generate a big, valid laoshan data file, deterministically.")
    parser.add_argument("n_figures", type=int, metavar="N_FIGURES")
    parser.add_argument("n_metrics", type=int, metavar="N_METRICS")
    parser.add_argument("out", metavar="OUT.yaml")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same file")
    parser.add_argument(
        "--deep-chain",
        type=int,
        default=None,
        help=f"length of the deep chain (default N_METRICS/10, at most {DEEP_CHAIN_MAX})",
    )
    args = parser.parse_args(argv)
    if args.n_metrics < 2:
        parser.error("N_METRICS must be at least 2")
    last = generate(args.n_figures, args.n_metrics, args.out, seed=args.seed, deep_chain=args.deep_chain)
    print(last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
