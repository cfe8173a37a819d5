"""`laoshan draft`: figures read from a text's own words, the data file it writes, and the seed article.

Expected values are written by hand from the sentences, or computed by the
engine from the hand-made data/indicators.yaml, never from the drafter.
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli import load
from laoshan_cli.core.errors import TextOrigin
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.units import parse_unit
from laoshan_cli.drafting import draft_text
from laoshan_cli.drafting.draft import DraftedFigure
from laoshan_cli.loading.quotes import check_quotes
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "data" / "article.txt"
CORPUS = ROOT / "tests" / "draft"


def one(text: str) -> DraftedFigure:
    figures = draft_text(text).figures
    assert len(figures) == 1, [f.stated for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("text", "stated", "value", "unit", "qualifier"),
    [
        ("利润总额39038.1亿元。", "39038.1", F("39038.1"), "亿 CNY", None),
        ("收入1.79万亿元。", "1.79", F("1.79"), "万亿 CNY", None),
        ("股份制企业实现利润总额27801亿元。", "27801", F(27801), "亿 CNY", None),
        ("有色金属冶炼和压延加工业下降9.8%。", "9.8", F("-9.8"), "percent", None),
        ("Index fell 3 percent.", "3", F(-3), "percent", None),
        ("Revenue was down £634 million.", "634", F(-634), "million GBP", None),
        ("净减少162万吨。", "162", F(-162), "万 吨", None),
        ("增速放缓0.1个百分点。", "0.1", F("-0.1"), "percentage points", None),
        ("output of 38.9 billion yuan.", "38.9", F("38.9"), "billion CNY", None),
        ("which attracted six senior experts.", "six", F(6), "experts", None),
        ("其他七大类价格上涨。", "七", F(7), "大类", None),
        ("There are nearly 100 key labs.", "100", F(100), "labs", "nearly"),
        ("granted more than 1,500 invention patents.", "1,500", F(1500), "patents", "more than"),
        ("近1亿农村贫困人口实现脱贫。", "1", F(1), "亿 农村贫困人口", "近"),
        ("就业1100萬人以上。", "1100", F(1100), "万 人", "以上"),
        ("登记失业率4.5%以內。", "4.5", F("4.5"), "percent", "以内"),
        ("工业增加值突破40万亿元。", "40", F(40), "万亿 CNY", "突破"),
        ("a dividend of 20.6p per share.", "20.6", F("20.6"), "pence", None),
        ("to £4,909m this year.", "4,909", F(4909), "million GBP", None),
        ("Rs 1.39 lakh crore for agriculture.", "1.39", F("1.39"), "lakh crore INR", None),
        ("rose 0.3 percentage points.", "0.3", F("0.3"), "percentage points", None),
        ("石油和天然气开采业增长4.5倍。", "4.5", F("4.5"), "", None),
        ("implement 18-odd central schemes.", "18", F(18), "schemes", "about"),
    ],
)
def test_a_figure_carries_its_unit_hedge_and_sign(
    text: str, stated: str, value: F, unit: str, qualifier: str | None
) -> None:
    figure = one(text)
    assert (figure.stated, figure.value, figure.unit, figure.reading.qualifier) == (stated, value, unit, qualifier)
    assert text[slice(*figure.span)] == stated


@pytest.mark.parametrize(
    ("text", "stated", "low", "high"),
    [
        ("prices rose 2-3% in the year.", "2-3", F(2), F(3)),
        ("between 40 and 45 percent of voters.", "40 and 45", F(40), F(45)),
        ("GDP年增6%至6.5%。", "6%至6.5", F(6), F("6.5")),
        ("GDP成长率6到6.5%左右。", "6到6.5", F(6) * F(9, 10), F("6.5") * F(11, 10)),  # 左右: ±10% at each end
    ],
)
def test_a_range_is_one_figure_with_its_ends(text: str, stated: str, low: F, high: F) -> None:
    figure = one(text)
    assert (figure.stated, figure.low, figure.high) == (stated, low, high)


def test_a_change_from_one_level_to_another_is_two_figures() -> None:
    figures = draft_text("The rate rose from 9.7% to 10.7% in the euro area.").figures
    assert [(f.stated, f.value) for f in figures] == [("9.7", F("9.7")), ("10.7", F("10.7"))]


@pytest.mark.parametrize(
    "text",
    [
        "in 2016 the district grew.",
        "released on Jan 27 and on 31 December.",
        "2018年是重要的一年。",
        "the 13th-largest economy",
        "第十三届全国人民代表大会第二次会议",
        "at 11:51 in the morning",
        "the G20 and the EU27 met; see note 7 and [1].",
        "COVID-19 and IFRS16 rules",
        "over the last 12 months",
        "a budget for 2019-20",
        "1-7月份,全国",
    ],
)
def test_dates_ordinals_times_names_and_durations_are_not_figures(text: str) -> None:
    assert [f.stated for f in draft_text(text).figures] == []


def test_percent_and_percentage_points_stay_apart() -> None:
    figures = draft_text("CPI rose 2.8%, adding about 0.83 percentage points.").figures
    assert [(f.stated, f.unit, f.reading.qualifier) for f in figures] == [
        ("2.8", "percent", None),
        ("0.83", "percentage points", "about"),
    ]


def test_numbers_listed_together_share_their_unit_and_their_decline() -> None:
    figures = draft_text("鲜菜、蛋价格分别下降4.3%和2.0%,合计影响4.6和3.1个百分点。").figures
    assert [(f.value, f.unit) for f in figures] == [
        (F("-4.3"), "percent"),
        (F("-2.0"), "percent"),
        (F("4.6"), "percentage points"),
        (F("3.1"), "percentage points"),
    ]
    assert not figures[2].sure  # a shared unit is a guess worth a look


def test_what_a_sentence_leaves_unsaid_is_carried_and_marked() -> None:
    figures = draft_text("The allocation was raised by Rs 100 crore to 1,500 crore.").figures
    assert [(f.value, f.unit, f.sure) for f in figures] == [(F(100), "crore INR", True), (F(1500), "crore INR", False)]
    figures = draft_text(
        "Eurostat estimates that 24.5 million people, of whom 17.1 million were in the euro area."
    ).figures
    assert [f.unit for f in figures] == ["million people", "million people"]


def test_parts_and_their_total_give_an_agreement_check(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "t.txt"
    path.write_text("7月份,其他七大類價格同比六漲一降。\n", encoding="utf-8")
    out = tmp_path / "t.yaml"
    assert invoke(["draft", str(path), "-o", str(out)]).exit_code == 0
    draft = draft_text(path.read_text(encoding="utf-8"))
    assert [(f.value, f.unit) for f in draft.figures] == [(F(7), "大類"), (F(6), "大類"), (F(1), "大類")]
    names = [f.name for f in draft.figures]
    assert [c.assertion for c in draft.checks] == [f"{names[1]} + {names[2]} ~= {names[0]}"]
    result = invoke(["--data", str(out), "check"])
    assert result.exit_code == 0 and "1 pass" in result.stdout  # 6 + 1 can equal 7


@pytest.mark.parametrize(
    "text",
    [
        "Operating margin (7)% on the year.",
        "Change – 5% on the year.",
        "其他三千人参加。",
        "一个重要的任务。",
        "Six senior experts joined.",  # a number word
        "其他七大类价格上涨。",  # a Chinese numeral
        "Los beneficios fueron 390.830 millones.",  # a dot that may separate thousands
        "Los beneficios crecieron 17,1%.",  # a decimal comma
        "投资3千万元。",  # a compound scale read by its first character
    ],
)
def test_a_reading_that_may_hide_a_sign_or_a_scale_is_not_sure(text: str) -> None:
    figures = draft_text(text).figures
    assert figures and not any(f.sure for f in figures)


def test_a_decline_shared_by_a_list_is_not_sure_but_one_that_governs_the_number_is() -> None:
    first, second = draft_text("价格分别减少4.3%和2.0%。").figures
    assert (first.reading.sign, second.reading.sign) == (-1, -1)
    assert first.sure and not second.sure


def test_plain_digits_with_their_unit_stay_sure() -> None:
    assert all(
        f.sure
        for f in draft_text("Profits fell 9.8 percent. 利润总额39038.1亿元。Sales were 24.550 million pounds.").figures
    )


def test_a_number_without_a_unit_is_not_sure() -> None:
    assert not one("The score was 17 at the end.").sure


def test_the_quote_is_the_shortest_clause_that_holds_the_figure_verbatim() -> None:
    text = "Laoshan's sector generated 38.9 billion yuan ($5.6 billion) last year, increasing 2.6 percent from 2015."
    quotes = [f.quote for f in draft_text(text).figures]
    first = "Laoshan's sector generated 38.9 billion yuan ($5.6 billion) last year"
    assert quotes == [first, first, "increasing 2.6 percent from 2015"]
    aside = one("利润同比增长17.1%(按可比口径计算,详见附注二)。")
    assert aside.quote == "利润同比增长17.1%"  # an aside without a figure is left out of the quote


def test_chinese_figures_are_named_from_the_glossary_and_their_growth_after_their_level() -> None:
    names = [f.name for f in draft_text("2018年,国有控股企业实现利润总额11913.2亿元,同比增长30.5%。").figures]
    assert names == ["state_controlled_profits_2018", "state_controlled_profits_growth_2018"]


def test_a_relative_year_needs_the_date() -> None:
    text = "Output was 38.9 billion yuan last year."
    from datetime import date

    assert draft_text(text, dated=date(2017, 2, 8)).figures[0].period == "2016"
    undated = draft_text(text).figures[0]
    assert undated.period is None and any("--date" in note for note in undated.notes)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("In 2016, output was 38.9 billion yuan.", "2016"),
        ("2018年1-7月份,利润总额39038.1亿元。", "2018-01/2018-07"),
        ("Profits rose 5% in January-July 2018.", "2018-01/2018-07"),
        ("Output rose 5% in the first nine months of 2017.", "2017-01/2017-09"),
        ("In the first quarter of 2019, output rose 3%.", "2019-Q1"),
        ("Revenue in Q3 2017 was £12m.", "2017-Q3"),
        ("2017年前三季度,国内生产总值增长6.9%。", "2017-Q1/2017-Q3"),
        ("In H1 2020 revenue was £1,000m.", "2020-H1"),
        ("2020年上半年,利润增长3%。", "2020-H1"),
        ("Prices rose 2.9% in January 2012.", "2012-01"),
        ("At 31 December 2016, debt was £4m.", "2016-12-31"),
        ("2016年7月末,余额为3万亿元。", "2016-07-31"),
        ("2016年2月29日,余额为3万亿元。", "2016-02-29"),
        ("Sales rose 4% from 2015.", None),  # the base of a change, not the figure's period
    ],
)
def test_the_period_is_the_most_specific_one_the_sentence_states(text: str, period: str | None) -> None:
    assert one(text).period == period


def test_a_paragraph_that_opens_with_months_takes_the_year_from_the_head_of_the_text() -> None:
    text = "2018年工业利润\n1-7月份,利润总额39038.1亿元。\n前三季度,利润增长10%。\n比上年增长6.1%。"
    assert [f.period for f in draft_text(text).figures] == ["2018-01/2018-07", "2018-Q1/2018-Q3", None]


def test_last_year_and_qu_nian_are_resolved_against_the_date_but_not_as_a_base() -> None:
    from datetime import date

    day = date(2017, 2, 8)
    assert draft_text("去年,利润增长9.8%。", dated=day).figures[0].period == "2016"
    assert draft_text("Sales fell 2% last year.", dated=day).figures[0].period == "2016"
    assert draft_text("今年利润比上年增长6.1%。", dated=day).figures[0].period == "2017"


def test_the_data_file_writes_period_for_every_kind_of_period(tmp_path: Path, invoke: Invoke) -> None:
    source = tmp_path / "t.txt"
    source.write_text("2018年1-7月份,利润总额39038.1亿元。At 31 December 2016, debt was £4m. In 2015 sales were £3m.\n")
    out = tmp_path / "t.yaml"
    assert invoke(["draft", str(source), "-o", str(out)]).exit_code == 0
    written = out.read_text(encoding="utf-8")
    assert 'period: "2018-01/2018-07"' in written and 'period: "2016-12-31"' in written
    assert 'period: "2015"' in written and "year:" not in written
    assert invoke(["--data", str(out), "validate"]).exit_code == 0
    data = load(out)
    assert sorted(str(data.get(name).period) for name in data.figures) == [
        "2015",
        "2016-12-31",
        "2018-01/2018-07",
    ]  # period texts, as the loader reads them


def seed_draft(tmp_path: Path, invoke: Invoke) -> Path:
    shutil.copy(ARTICLE, tmp_path / "article.txt")
    out = tmp_path / "drafted.yaml"
    result = invoke(["draft", str(tmp_path / "article.txt"), "--date", "2017-02-08", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_the_seed_article_round_trips_to_the_shipped_figures(tmp_path: Path, invoke: Invoke) -> None:
    """Item 6: all 15 figures of data/indicators.yaml, same values, units up to wording, qualifiers, bounds."""
    drafted = load(seed_draft(tmp_path, invoke))
    shipped = load(ROOT / "data" / "indicators.yaml")
    limits = Limits()
    found = {name: drafted.get(name) for name in drafted.figures}
    unmatched = dict(found)
    for name in shipped.figures:
        want = shipped.get(name)
        match = next(
            (
                key
                for key, got in unmatched.items()
                if got.value == want.value
                and got.qualifier == want.qualifier
                and got.bounds == want.bounds
                and parse_unit(got.unit_text, _origin(), limits) == parse_unit(want.unit_text, _origin(), limits)
            ),
            None,
        )
        assert match is not None, f"{name} ({want.stated} {want.unit_text}) not drafted alike"
        del unmatched[match]
    assert len(found) == 15


def test_the_seed_article_draft_derives_the_shipped_metrics(tmp_path: Path, invoke: Invoke) -> None:
    """Item 4 on the seed: previous level, increase, whole, rest, base and exchange rate, as the hand-made file."""
    drafted = load(seed_draft(tmp_path, invoke))
    shipped = load(ROOT / "data" / "indicators.yaml")
    ours = [drafted.get(name) for name in drafted.metrics]
    for name in (
        "hightech_output_2015",
        "hightech_output_increase_2016",
        "total_industrial_output_2016",
        "non_hightech_output_2016",
        "implied_population",
        "implied_cny_per_usd",
    ):
        want = shipped.get(name)
        assert any(got.value == want.value and got.bounds == want.bounds for got in ours), name


def test_the_seed_draft_validates_with_its_quotes_and_marks_its_metrics(tmp_path: Path, invoke: Invoke) -> None:
    out = seed_draft(tmp_path, invoke)
    result = invoke(["--data", str(out), "validate"])
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    text = out.read_text(encoding="utf-8")
    assert 'text: "article.txt"' in text
    assert "# Drafted from the figures above" in text


@pytest.mark.parametrize("slug", sorted(p.name[: -len(".txt")] for p in CORPUS.glob("*.txt")))
def test_every_corpus_draft_validates_unchanged(tmp_path: Path, slug: str) -> None:
    shutil.copy(CORPUS / f"{slug}.txt", tmp_path / "text.txt")
    from laoshan_cli.drafting import draft_text as drafter
    from laoshan_cli.loading.loader import load as load_file
    from laoshan_cli.output.draft import draft_yaml

    result = drafter((tmp_path / "text.txt").read_text(encoding="utf-8"))
    path = tmp_path / "text.yaml"
    path.write_text(draft_yaml(result, {"text": "text.txt"}), encoding="utf-8")
    dataset = load_file(path)
    check_quotes(dataset, Limits())  # raises on a quote not in the text
    assert len(dataset.figures) == len(result.figures)


def test_json_gives_the_contract_fields_with_spans_in_code_points(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "t.txt"
    text = "国内生产总值增长6.9%,达到59.3万亿元。"
    path.write_text(text, encoding="utf-8")
    result = invoke(["draft", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [text[slice(*r["span"])] for r in records] == ["6.9", "59.3"]
    first = records[0]
    assert set(first) >= {"name", "stated", "value", "unit", "qualifier", "low", "high", "period", "quote", "span"}
    assert (first["value"], first["unit"], first["low"], first["high"], first["sure"]) == (
        6.9,
        "percent",
        pytest.approx(6.85),
        pytest.approx(6.95),
        True,
    )
    assert records[0]["low"] <= 6.85 <= records[0]["high"]


def test_json_goes_to_an_output_file_too(tmp_path: Path, invoke: Invoke) -> None:
    out = tmp_path / "figures.json"
    result = invoke(["draft", str(ARTICLE), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0 and "15 figures" in result.stdout
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 15
    pence = one("A dividend of 31.7 pence.")
    assert (pence.unit, pence.reading.currency) == ("pence", "GBP")


def test_standard_input_has_no_text_file_and_says_so(invoke: Invoke) -> None:
    result = invoke(["draft", "-"], input="Sales rose 4.2 percent.\n")
    assert result.exit_code == 0
    assert not any(line.startswith("  text:") for line in result.stdout.splitlines())
    assert "quotes will not be checked" in result.stderr


def test_an_output_file_elsewhere_leaves_the_text_out(tmp_path: Path, invoke: Invoke) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    source = tmp_path / "a" / "t.txt"
    source.write_text("Sales rose 4.2 percent.\n", encoding="utf-8")
    result = invoke(["draft", str(source), "-o", str(tmp_path / "b" / "t.yaml")])
    assert result.exit_code == 0 and "quotes will not be checked" in result.stderr
    assert invoke(["--data", str(tmp_path / "b" / "t.yaml"), "validate"]).exit_code == 0


def test_html_is_reduced_to_its_text_without_scripts(tmp_path: Path, invoke: Invoke) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script>var x = 99;</script><style>p{width:50px}</style></head>"
        "<body><p>Exports fell 3.5 percent &amp; imports rose 2 percent.</p></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "page.yaml"
    result = invoke(["draft", str(page), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "page.txt").read_text(encoding="utf-8") == "Exports fell 3.5 percent & imports rose 2 percent.\n"
    assert invoke(["--data", str(out), "validate"]).exit_code == 0
    values = [f["value"] for f in json.loads(invoke(["draft", str(page), "--format", "json"]).stdout)]
    assert values == [-3.5, 2]


def test_a_text_with_no_figures_is_an_error(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Nothing to count here.\n", encoding="utf-8")
    result = invoke(["draft", str(path)])
    assert result.exit_code == 2 and "no figures" in result.stderr


def test_a_missing_text_is_an_error_that_says_so(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke(["draft", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 2 and "no such text file" in result.stderr and "- for standard input" in result.stderr


def test_a_bad_date_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke(["draft", str(ARTICLE), "--date", "8 Feb 2017"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_control_characters_from_the_text_stay_escaped(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Sales\u202e rose 4.2 percent \x1b[2J.\n", encoding="utf-8")
    result = invoke(["draft", str(path)])
    assert "\u202e" not in result.stdout and "\x1b" not in result.stdout
    assert "\\u202e" in result.stdout


def _origin() -> TextOrigin:
    return TextOrigin("test")


PIECES = [
    "1,500",
    "38.9",
    "2-3",
    "6%至6.5",
    "167 000",
    "-5",
    "2016",
    "2019-20",
    "11:51",
    "17,1",
    "０.５",
    "1e3",
    " billion",
    " million",
    "m",
    "p",
    "亿元",
    "万人",
    "万亿",
    "%",
    " percent",
    " per cent",
    "个百分点",
    " basis points",
    "倍",
    " yuan",
    "元",
    "$",
    "£",
    "Rs ",
    "`",
    "¥",
    " fell ",
    " down ",
    "下降",
    "减少",
    " rose ",
    "增长",
    "nearly ",
    "more than ",
    "约",
    "近",
    "以上",
    "左右",
    "多",
    "-odd",
    " to ",
    " and ",
    " between ",
    " from ",
    "(",
    ")",
    ",",
    "，",
    "。",
    ".",
    ";",
    "\n",
    " ",
    "six",
    "eleven and a half",
    "one point six",
    "七",
    "三千",
    "一",
    "个",
    "大类",
    "第",
    "年",
    "月",
    " months",
    " each ",
    " per ",
    " residents",
    " patents",
    " of the ",
    "\u202e",
    "\x1b",
    '"',
    "'",
    "\\",
    "#",
    ": ",
    "- ",
    "*",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_text_drafts_to_a_file_that_validates_with_its_quotes(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str]
) -> None:
    """Whatever the text, the draft loads, its quotes are found in the text, and every span is the stated number."""
    from laoshan_cli.loading.loader import load as load_file
    from laoshan_cli.output.draft import draft_yaml

    text = "".join(pieces)
    result = draft_text(text)
    for figure in result.figures:
        assert text[slice(*figure.span)] == figure.stated
    if not result.figures:
        return
    folder = tmp_path_factory.mktemp("any")
    (folder / "t.txt").write_text(text, encoding="utf-8")
    path = folder / "t.yaml"
    path.write_text(draft_yaml(result, {"text": "t.txt"}), encoding="utf-8")
    dataset = load_file(path)
    check_quotes(dataset, Limits())
    assert len(dataset.figures) == len(result.figures)


TABLE = (
    "Year ended 2012 £m | | Note | Half year to 30 June 2013 £m |\n"
    "---|\n"
    "587.8 | Revenue | 2 | 316.5 |\n"
    "(490.3) | Cost of sales | | (264.1) |\n"
    "Pence | | | Pence |\n"
    "35.9 | Basic earnings | 5 | 18.9 |\n"
)


def test_a_table_heading_gives_its_column_the_unit_and_marks_it_unsure() -> None:
    figures = draft_text(TABLE).figures
    assert [f.stated for f in figures] == ["587.8", "316.5", "490.3", "264.1", "35.9", "18.9"]  # no note numbers
    assert [f.unit for f in figures] == ["million GBP"] * 4 + ["pence"] * 2
    assert [f.reading.sign for f in figures] == [1, 1, -1, -1, 1, 1]  # brackets under money: the minus of accounts
    assert not any(f.sure for f in figures)
    assert all(f.reading.noun is None for f in figures)  # a row label in the next cell is not a counted noun


def test_a_table_of_one_cell_a_line_takes_the_headings_before_its_first_row() -> None:
    text = "|\n产值 |\n本月 |\n增长% |\n合计 |\n4448189 |\n19.31 |\n装备 |\n2340183 |\n16.50 |\n"
    figures = draft_text(text).figures
    assert [(f.stated, f.reading.percent) for f in figures] == [
        ("4448189", None),
        ("19.31", "percent"),
        ("2340183", None),
        ("16.50", "percent"),
    ]
    assert not any(f.sure for f in figures)


def test_the_table_reader_leaves_a_heading_without_a_unit_alone() -> None:
    from laoshan_cli.drafting.table import heading_of

    assert heading_of("H1 2020 £m").scale == "million" and heading_of("H1 2020 £m").currency == "GBP"
    assert heading_of("绝 对 数 (亿元)").scale == "亿" and heading_of("% change").percent == "percent"
    assert not heading_of("累计增长").has_unit and heading_of("Note").note


@pytest.mark.parametrize(
    ("text", "stated", "unit", "qualifier"),
    [
        ("规模以上五大产业企业完成产值。", "五", "大产业", None),  # 以上 before a number is not its hedge
        ("Margin up 6% pts to 66%.", "6", "percentage points", None),
        ("Profit was £988M.", "988", "million GBP", None),
    ],
)
def test_more_readings(text: str, stated: str, unit: str, qualifier: str | None) -> None:
    figure = draft_text(text).figures[0]
    assert (figure.stated, figure.unit, figure.reading.qualifier) == (stated, unit, qualifier)


@pytest.mark.parametrize("text", ["Restated for IAS 19 (Revised).", "Revenue £153.9m (H1 20161: £138.2m)."])
def test_a_standard_number_and_a_year_after_a_half_are_not_figures(text: str) -> None:
    assert "19" not in [f.stated for f in draft_text(text).figures]
    assert "20161" not in [f.stated for f in draft_text(text).figures]


def test_money_with_a_glued_m_is_sure_and_a_length_is_not() -> None:
    assert one("Debt was £4m.").sure
    assert not one("Sales were 5BN.").sure
    assert not one("The company made a loss of 5 percent.").sure


# Classes of silent scale and sign errors (a wrong scale or sign read as sure), each closed by a rule.


@pytest.mark.parametrize(
    ("text", "stated", "value"),
    [
        ("Costs were £3m lower than a year before.", "3", F(-3)),  # a decline after an amount
        ("The plant employs 2,000 fewer staff.", "2,000", F(-2000)),  # after a count, before its noun
        ("Other Income dipped 75 per cent; it was 30 down from 40 units.", "30", F(30)),  # "down from": a level
    ],
)
def test_a_decline_word_after_the_number_is_read_but_never_sure(text: str, stated: str, value: F) -> None:
    figure = next(f for f in draft_text(text).figures if f.stated == stated)
    assert figure.value == value and not figure.sure


def test_a_decline_verb_before_a_count_is_unsure_but_a_fall_by_a_count_is_sure() -> None:
    cut, shut = draft_text("The firm cut 500 jobs and shut down 3 plants.").figures
    assert (cut.value, shut.value) == (F(-500), F(-3)) and not cut.sure and not shut.sure
    assert one("Unemployment decreased by 56 000 persons.").sure


def test_an_adverb_between_a_decline_and_by_keeps_the_sign() -> None:
    rate, level = draft_text("Net revenue declined substantially by 69.18 per cent at Rs 7.90 crore.").figures
    assert (rate.value, rate.unit, rate.sure) == (F("-69.18"), "percent", True)
    assert (level.value, level.unit, level.sure) == (F("7.90"), "crore INR", False)  # the level after a decline


@pytest.mark.parametrize(
    "text",
    [
        "It signed 3 billion-dollar deals.",  # the scale belongs to the compound, not to the number
        "Item 5b was approved.",  # a glued letter without a currency
        "There were 10k runners.",
        "Loss before tax of £4.6m.",  # a loss word may make the amount negative
        "贸易逆差992亿美元。",
    ],
)
def test_a_scale_or_sign_that_may_belong_elsewhere_is_not_sure(text: str) -> None:
    figures = draft_text(text).figures
    assert figures and not any(f.sure for f in figures)


def test_qian_before_a_unit_character_is_its_prefix_not_a_scale() -> None:
    figure = draft_text("建成500千伏变电站。").figures[0]
    assert figure.reading.scale is None and figure.value == 500


@pytest.mark.parametrize(
    "text",
    [
        "§4 股东持股情况\n4.1 前列股东\n",
        "1.1 本公司董事会保证\n",
        "(1)报告期总体经营情况\n1、报告期内经营情况\n",
        "versus (Sep'18 figures)",
    ],
)
def test_section_numbers_and_month_years_are_not_figures(text: str) -> None:
    assert [f.stated for f in draft_text(text).figures] == []


def test_a_dotted_number_opening_a_line_before_its_unit_is_a_figure() -> None:
    assert [(f.stated, f.unit) for f in draft_text("1.5 亿元\n").figures] == [("1.5", "亿 CNY")]


@pytest.mark.parametrize("text", ["Losses narrowed 20% in the half.", "出口降幅收窄2.1个百分点。"])
def test_a_decline_of_a_loss_or_a_fall_is_read_but_not_sure(text: str) -> None:
    figure = one(text)
    assert figure.value < 0 and not figure.sure


def test_an_abbreviated_scale_is_read_but_not_sure() -> None:
    crore, lakh = draft_text("Sales of Rs 856 cr and Rs 2 lacs.").figures
    assert (crore.unit, lakh.unit) == ("crore INR", "lakh INR") and not crore.sure and not lakh.sure
    assert not one("Sales were Rs 5 mil.").sure  # a word after money that may be a scale unknown to the grammar


def test_money_lost_is_negative_but_not_sure() -> None:
    figure = one("It lost $5m in the year.")
    assert figure.value == -5 and not figure.sure


@pytest.mark.parametrize(
    ("text", "value", "sure"),
    [
        ("Exports were lower by 3% in May.", F(-3), True),  # a comparative with "by": the gap below a base
        ("增速比上年低0.5个百分点。", F("-0.5"), True),  # 比 … 低: lower than the base
        ("增速低0.5个百分点。", F("-0.5"), False),  # 低 with nothing to compare with
        ("净利润为负3000万元。", F(-3000), True),  # 负: a minus written as a word
        ("The margin was negative 16.9% in the half.", F("-16.9"), False),
    ],
)
def test_a_comparative_or_a_minus_word_before_the_number_gives_its_sign(text: str, value: F, sure: bool) -> None:
    figure = one(text)
    assert (figure.value, figure.sure) == (value, sure)


def test_a_comparative_in_the_clause_makes_a_positive_number_unsure() -> None:
    assert one("Output was 2,000 tonnes and steady in May.").sure
    assert not one("Output was 2,000 tonnes and weaker in May.").sure


def test_a_chinese_scale_character_after_digits_is_not_read_and_not_sure() -> None:
    figure = one("招聘3百人。")
    assert figure.reading.scale is None and not figure.sure


def test_a_decline_word_inside_a_compound_noun_is_not_sure() -> None:
    assert not one("It took a write-down of £5m.").sure
    assert one("Profits were down £5m.").sure


def test_a_line_in_another_language_is_never_sure() -> None:
    spanish = "Los beneficios de las empresas disminuyeron 8% en los primeros meses del año."
    assert not one(spanish).sure  # "disminuyeron" is a decline the grammar cannot read
    assert one("The profits of the firms fell 8% in the first months of the year.").sure
