"""Quotes checked against their text (issue 10, item 4), and one quote for several figures (item 3)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.loading.quotes import chinese_numeral, normalize_passage, number_forms

TEXT = (
    "Laoshan\u2019s high-tech sector generated output value of 38.9 billion yuan ($5.6 billion) last year,\n"
    "  increasing 2.6 percent from 2015. It has attracted six senior experts and 三千 visitors, "
    "and 5,509 patents.\n"
)


def write(folder: Path, body: str, text: str = TEXT, name: str = "article.txt") -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    path = folder / "data.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


GOOD = """\
source: {title: t, text: article.txt}
quotes:
  output: "Laoshan's high-tech sector generated output value of 38.9 billion yuan ($5.6 billion) last year"
figures:
  cny: {value: 38.9, unit: billion CNY, quote_ref: output}
  usd: {value: 5.6, unit: billion USD, quote_ref: output}
  growth: {value: 2.6, unit: percent, quote: "last year, increasing 2.6 percent"}
  experts: {value: 6, unit: experts, quote: "six senior experts"}
  visitors: {value: 3000, unit: visitors, exact: true, quote: "三千 visitors"}
  patents: {value: 5509, unit: patents, quote: "5,509 patents"}
"""


def test_every_quote_is_found_despite_curly_quotes_and_line_breaks(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    result = invoke(["validate", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{path}: ok (6 figures, 0 metrics, 0 checks)\n"


def test_a_figure_takes_the_text_of_its_quote_ref(tmp_path: Path) -> None:
    from laoshan_cli.api import load

    data = load(str(write(tmp_path, GOOD)))
    expected = "Laoshan's high-tech sector generated output value of 38.9 billion yuan ($5.6 billion) last year"
    assert data.get("cny").quote == data.get("usd").quote == expected


def test_a_missing_quote_is_an_error_naming_the_figure_and_the_closest_passage(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("increasing 2.6 percent", "rising 2.6 percent"))
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:")
    assert "figure 'growth': its quote is not in article.txt" in result.stderr
    assert "closest passage is" in result.stderr and "2.6 percent from 2015" in result.stderr


def test_a_number_its_quote_does_not_show_is_a_warning(invoke: Invoke, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("value: 2.6, unit: percent", "value: 2.7, unit: percent"))
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0
    assert (
        result.stderr.count("\n") == 1 and "figure 'growth': its stated number 2.7 is not in its quote" in result.stderr
    )
    assert invoke(["validate", "--strict", str(path)]).exit_code == 1


@pytest.mark.parametrize("name", ["/etc/hostname", "../article.txt", "sub/../../article.txt"])
def test_a_text_outside_the_data_files_folder_is_refused(invoke: Invoke, tmp_path: Path, name: str) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    path = write(inner, GOOD.replace("text: article.txt", f"text: {name}"))
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2 and "outside the data file's folder" in result.stderr


def test_a_link_that_leads_outside_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "secret.txt").write_text(TEXT, encoding="utf-8")
    path = write(inner, GOOD.replace("text: article.txt", "text: link.txt"))
    os.symlink(tmp_path / "secret.txt", inner / "link.txt")
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2 and "leads outside the data file's folder" in result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("figures:\n  a: {value: 1, quote_ref: nothing}\n", "names no quote"),
        ("quotes: {q: text}\nfigures:\n  a: {value: 1, quote_ref: Q}\n", "did you mean 'q'"),
        ("quotes: {q: text}\nfigures:\n  a: {value: 1, quote: x, quote_ref: q}\n", "both quote and quote_ref"),
        ("quotes: {q: ~}\nfigures:\n  a: {value: 1}\n", "quote 'q' is empty"),
    ],
)
def test_quote_refs_are_checked(invoke: Invoke, tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(body, encoding="utf-8")
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (6, "六"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (128, "一百二十八"),
        (3000, "三千"),
        (3005, "三千零五"),
        (40000, "四万"),
        (41000, "四万一千"),
        (40050, "四万零五十"),
    ],
)
def test_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


def test_number_forms_and_normalisation() -> None:
    from laoshan_cli.core.errors import TextOrigin
    from laoshan_cli.core.limits import Limits
    from laoshan_cli.core.numbers import parse_value

    def forms(text: str) -> set[str]:
        return set(number_forms(parse_value(text, TextOrigin("value"), Limits())))

    assert forms("5,509") >= {"5509"}
    assert forms("6") >= {"6", "six", "六"}
    assert forms("2 to 3") >= {"2", "3", "two", "three"}
    assert forms("−38.9") >= {"38.9"}
    assert normalize_passage("“a”\u3000 b，c") == '"a" b,c'


DECLINES = (
    "Exports fell by 3.5 percent. Profits 下降9.8%. Imports were down 13 percent, "
    "and the growth rate slowed by 0.1 percentage points. Sales rose 4 percent.\n"
)


@pytest.mark.parametrize(
    ("figure", "word"),
    [
        ("{value: 3.5, unit: percent, quote: 'Exports fell by 3.5 percent'}", "fell"),
        ("{value: 9.8, unit: percent, quote: 'Profits 下降9.8%'}", "下降"),
        ("{value: 0.1, unit: pp, quote: 'slowed by 0.1 percentage points'}", "slowed"),
    ],
)
def test_a_decline_before_a_positive_number_is_a_warning(
    invoke: Invoke, tmp_path: Path, figure: str, word: str
) -> None:
    path = write(tmp_path, f"source: {{title: t, text: article.txt}}\nfigures:\n  x: {figure}\n", DECLINES)
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1
    assert f"its quote says '{word}' before" in result.stderr and "write value: -" in result.stderr
    assert invoke(["validate", "--strict", str(path)]).exit_code == 1


@pytest.mark.parametrize(
    "figure",
    [
        "{value: -3.5, unit: percent, quote: 'Exports fell by 3.5 percent'}",  # the sign is already written
        "{value: 3, unit: percent, quote: 'down 13 percent'}",  # 3 is not a number of its own there
        "{value: 4, unit: percent, quote: 'Sales rose 4 percent'}",
    ],
)
def test_no_decline_warning_where_the_sign_is_right_or_the_number_is_another(
    invoke: Invoke, tmp_path: Path, figure: str
) -> None:
    path = write(tmp_path, f"source: {{title: t, text: article.txt}}\nfigures:\n  x: {figure}\n", DECLINES)
    result = invoke(["validate", str(path)])
    assert "before" not in result.stderr
