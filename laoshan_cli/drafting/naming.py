"""Names for drafted figures: snake_case from the counted noun or the words before the number, and the year.

Names are ASCII by the one grammar of names (core/names.py), so a Chinese
text's figures are named from a short glossary of the words statistical
releases use (利润总额 is profits), or from their unit when none is found.
"""

from __future__ import annotations

import re

from laoshan_cli.core.names import is_name

from .reading import NOUN_STOP, Reading

GLOSSARY = {
    "国内生产总值": "gdp",
    "生产总值": "gdp",
    "GDP": "gdp",
    "利润总额": "profits",
    "利润": "profits",
    "利润率": "profit_margin",
    "主营业务收入": "revenue",
    "营业收入": "revenue",
    "收入": "income",
    "成本": "costs",
    "资产": "assets",
    "负债": "liabilities",
    "增加值": "value_added",
    "就业": "jobs",
    "失业率": "unemployment_rate",
    "价格": "prices",
    "消费价格": "consumer_prices",
    "进出口": "trade",
    "出口": "exports",
    "进口": "imports",
    "投资": "investment",
    "产量": "output",
    "人口": "population",
    "赤字率": "deficit_rate",
    "能耗": "energy_intensity",
    "行业": "industries",
    "工业": "industry",
    "制造业": "manufacturing",
    "采矿业": "mining",
    "消费": "consumption",
    "零售": "retail_sales",
    "贫困": "poverty",
    "国有控股": "state_controlled",
    "集体": "collective",
    "股份制": "shareholding",
    "外商": "foreign_funded",
    "私营": "private",
    "城市": "urban",
    "粮食": "grain",
    "财政": "fiscal",
    "居民": "household",
    "城镇": "urban",
    "农村": "rural",
    "食品": "food",
    "服务": "services",
}
# Traditional characters of the glossary's words, read as simplified ones.
TRADITIONAL = str.maketrans("國內產總潤額營業資負債進價費業貧農財鎮務糧", "国内产总润额营业资负债进价费业贫农财镇务粮")
SKIP_WORDS = frozenset(
    """rose fell increased increasing decreased decreasing grew growing declined declining was were reached
    accounting account accounted rising falling percent cent""".split()  # noqa: SIM905
)
WORD = re.compile(r"[A-Za-z][A-Za-z]+")


def base_name(clause_left: str, reading: Reading, level: str | None = None) -> str:
    """A snake_case stem for the figure from the words of its clause before it, its noun and its kind;
    `level` is the stem of the amount a growth or share in the same sentence belongs to."""
    if level is not None and reading.percent is not None and reading.kind in ("growth", "decline", "share"):
        return f"{level}_{reading.kind}"
    stem = ""
    if reading.phrase:
        stem = "_".join(w for w in reading.phrase if w.isascii() and w.isalpha() and w not in NOUN_STOP)
    if not stem and reading.noun is not None and reading.noun.isascii():
        stem = "_".join(reading.noun.lower().split())
    if not stem:
        stem = _english_words(clause_left) or _glossary(clause_left)
    if not stem:
        stem = _by_unit(reading)
    if reading.kind in ("growth", "decline", "share") and reading.percent is not None:
        stem += f"_{reading.kind}"
    return stem


def unique_name(stem: str, year: str | None, taken: set[str]) -> str:
    name = re.sub(r"_+", "_", f"{stem}_{year}" if year else stem).strip("_") or "figure"
    if not is_name(name):
        name = f"figure_{name}" if is_name(f"figure_{name}") else "figure"
    candidate, count = name, 1
    while candidate in taken:
        count += 1
        candidate = f"{name}_{count}"
    taken.add(candidate)
    return candidate


def _english_words(left: str) -> str:
    words = [w.lower() for w in WORD.findall(left[-80:]) if w.lower() not in NOUN_STOP and w.lower() not in SKIP_WORDS]
    return "_".join(words[-2:])


def _glossary(left: str) -> str:
    """The first and the last glossary word of the clause before the number: 国有控股企业实现利润总额 is
    state_controlled_profits, 采矿业实现利润总额 mining_profits."""
    simplified = left.translate(TRADITIONAL)
    found: list[tuple[int, int, str]] = []
    for word, english in GLOSSARY.items():
        where = simplified.find(word)
        while where >= 0:
            found.append((where, where + len(word), english))
            where = simplified.find(word, where + 1)
    kept: list[tuple[int, int, str]] = []
    for start, end, english in sorted(found, key=lambda f: (f[0], -f[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, english))  # the longest word at each place, none inside another
    if not kept:
        return ""
    words = [kept[0][2]] if len(kept) == 1 else [kept[0][2], kept[-1][2]]
    return "_".join(dict.fromkeys(words))


def _by_unit(reading: Reading) -> str:
    if reading.percent == "percent":
        return "rate"
    if reading.percent is not None:
        return "change_points"
    if reading.currency is not None:
        return "amount"
    if reading.special is not None:
        return "multiple"
    return "count" if reading.noun is not None else "figure"
